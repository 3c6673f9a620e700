// Sharing: the link that reproduces the current experiment, the iframe snippet that embeds it,
// and copying either to the clipboard (falling back to a selected text box the user can copy).
// Not the URL format itself (urlstate.js).
import { t } from './i18n.js';

/**
 * Longest query string a link carries as `?query`; longer states (hundreds of clicked points) go
 * into the fragment (`#query`), which is never sent to the server, so neither the lab's server
 * (HTTP 431 beyond ~16 KB) nor a static host's URL limit can refuse the link. 2,000 characters
 * keeps ordinary links as they always were.
 */
export const MAX_QUERY = 2000;

/** `?query` or, for a long state, `#query` (what the page writes and what links carry). */
export const urlTail = (query) => (query.length > MAX_QUERY ? `#${query}` : `?${query}`);

/** The settings part of the page's own URL: the fragment if it holds settings, else the query. */
export function currentQuery(loc = location) {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : '';
  return hash.includes('=') ? hash : loc.search.replace(/^\?/, '');
}

/** The page URL for a query string (same page; the fragment for a long one). */
export function linkFor(query) {
  return `${location.origin}${location.pathname}${urlTail(query)}`;
}

const attr = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A responsive iframe snippet: the full width of its container, the height from an aspect ratio
 * (never less than minHeight, so a 360 px phone still gets a usable frame). The width and height
 * attributes are the fallback where a host strips style attributes. `allow="clipboard-write"`
 * lets the framed page's copy buttons work.
 */
export function iframeCode(src, title, { ratio = '4 / 3', minHeight = 480, height = 600 } = {}) {
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" loading="lazy" ` +
    `allow="clipboard-write" style="display: block; box-sizing: border-box; width: 100%; max-width: 100%; height: auto; ` +
    `aspect-ratio: ${ratio}; min-height: ${minHeight}px; border: 1px solid #ccd2da; border-radius: 8px"></iframe>`;
}

/** The snippet embedding the lab in its compact embed layout (`query` already has embed=1). */
export function embedCodeFor(query) {
  return iframeCode(linkFor(query), 'ReLU Lab');
}

/**
 * A copy of `canvas` on white with one caption line under it, sized for slides (a chart's canvas
 * is transparent; a plot alone does not say which network or when).
 */
export function captioned(canvas, caption) {
  const font = Math.max(12, Math.round(canvas.width / 28));
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height + 2 * font;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  ctx.fillStyle = '#1d2330';
  ctx.font = `${font}px system-ui, "WenQuanYi Micro Hei", sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(caption, font / 2, canvas.height + font, out.width - font);
  return out;
}

/** Saves `canvas` with its caption as a PNG file named `filename` (a download; nothing leaves the page). */
export function savePng(canvas, caption, filename) {
  captioned(canvas, caption).toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }, 'image/png');
}

/** Copies text; shows it in `box` (an <input>/<textarea>) selected either way, revealing its
 *  `.share-panel`; reports in `status` through `translate` (the lab's strings unless the caller,
 *  like the lessons page, has its own). */
export async function copyText(text, box, status, translate = t) {
  box.value = text;
  box.closest('.share-panel')?.removeAttribute('hidden');
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    ok = false;
  }
  box.focus();
  box.select();
  status.textContent = translate(ok ? 'copied' : 'copyManually');
  return ok;
}
