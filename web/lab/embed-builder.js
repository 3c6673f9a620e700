// The embed builder of the share area: a teacher picks what an embedded lab shows (which
// controls, the charts, the explanatory text), sees a live preview of exactly that embed, and
// copies its snippet. Not the snippet format (share.js) nor the URL options (urlstate.js).
import { copyText, embedCodeFor, linkFor } from '../shared/share.js';

/**
 * Wires the builder's elements. `embedQuery(options)` gives the current experiment's embed query
 * with the page options {controls, charts, text} (null = the embed's default).
 */
export function wireEmbedBuilder(root, embedQuery) {
  const $ = (id) => root.querySelector(`#${id}`);
  const controls = $('builder-controls');
  const charts = $('builder-charts');
  const text = $('builder-text');
  const code = $('builder-code');
  const frame = $('builder-frame');
  const options = () => ({ controls: controls.value || null, charts: charts.checked ? true : null,
    text: text.checked ? true : null });
  const snippet = () => embedCodeFor(embedQuery(options()));
  const link = () => linkFor(embedQuery(options()));
  const refresh = () => {
    code.value = snippet();
    // A shown preview follows the options; it is loaded only on request (it runs a second lab).
    const shown = frame.querySelector('iframe');
    if (shown) shown.src = link();
  };
  for (const input of [controls, charts, text]) input.addEventListener('change', refresh);
  root.addEventListener('toggle', () => { if (root.open) refresh(); });
  $('builder-preview').addEventListener('click', () => {
    refresh();
    frame.replaceChildren();
    const iframe = document.createElement('iframe');
    iframe.title = 'ReLU Lab';
    iframe.src = link();
    frame.append(iframe);
  });
  $('builder-copy').addEventListener('click', () => copyText(snippet(), code, $('builder-status')));
  return { refresh };
}
