// Sharing: the link that reproduces the current experiment, the iframe snippet that embeds it,
// and copying either to the clipboard (falling back to a selected text box the user can copy).
// Not the URL format itself (urlstate.js).
import { t } from './i18n.js';

/** The page URL for a query string (same page, no hash). */
export function linkFor(query) {
  return `${location.origin}${location.pathname}?${query}`;
}

/** An iframe snippet embedding the lab in compact mode at about 800 x 600. */
export function embedCodeFor(query) {
  const src = linkFor(`${query}&embed=1`).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${src}" width="800" height="600" title="ReLU Lab" loading="lazy" allow="clipboard-write"></iframe>`;
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
