// The pages' one DOM helper: an element with attributes and children, built with DOM calls
// (text lands as text nodes, never through innerHTML). Not a framework: no state, no events.

/**
 * el('td', {class: 'x', 'aria-label': 'y'}, 'text' | Node | [..]): attributes (null and
 * undefined skipped) and children (Nodes as they are, anything else as text). This one signature
 * serves every caller: the lab's cards and the gallery need only a class (el(tag, {class})), the
 * lessons' views any attribute and nested children; a class-and-text form could not build those.
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of [].concat(children)) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Sets a node's text only when it differs (an unchanged write still costs a style and layout pass). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
