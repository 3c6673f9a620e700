// The header of every page, written once: the skip link, the top bar (brand, links, the language
// menu), rendered into the page's empty <header class="topbar">. Each page's entry module calls
// renderHeader(page) first, before it fills texts (i18n.js's applyI18n for the lab and the
// gallery, lesson-page.js's renderChrome for the lessons) and looks up the header's elements by id.
// Not the texts: elements carry data-i18n keys (lab, gallery) or ids the lessons page fills.
//
// A module and not markup generated at build time: none of the pages works without scripts (the
// lab and the gallery compute in a WebAssembly worker, the lessons page renders its content from
// lessons.js) and each says so in its <noscript>, so static markup would buy no reader anything;
// and dev mode serves web/ as it is, which a build-time template would break or need repeated in
// the dev server. The CSP forbids inline scripts, hence a file that the entry modules import.
import { LANGS, LANG_NAMES } from './language.js';
import { el } from './dom.js';

const APP_NAME = 'ReLU Lab';   // the lessons' home link; not translated (the app's name in both languages)

/** A link of the top bar: an id the page's code finds it by, a target, and its text's key (lab, gallery). */
const link = (id, href, key, attrs = {}) => el('a', { id, href, 'data-i18n': key, ...attrs });

/**
 * Each page's part of the header: where its skip link goes (and the key of its text), its brand
 * (title and tagline, or the lessons' home link and crumb) and its links. `textKeys` says whether
 * its texts are data-i18n keys (i18n.js fills them) or left to the page (lesson-page.js).
 */
const PAGES = Object.freeze({
  lab: {
    skip: { href: '#cards', 'data-i18n': 'skipToCards' },
    brand: () => [el('h1', { 'data-i18n': 'appName' }), el('p', { class: 'tagline', 'data-i18n': 'tagline' })],
    links: () => [link('lessons-link', 'lessons.html', 'lessonsLink'), link('gallery-link', 'gallery.html', 'galleryLink'),
      link('open-full', 'index.html', 'openFull', { class: 'embed-only', target: '_blank', rel: 'noopener' })],
    textKeys: true,
  },
  gallery: {
    skip: { href: '#gallery', 'data-i18n': 'skipToGallery' },
    brand: () => [el('h1', { 'data-i18n': 'galleryHeading' }), el('p', { class: 'tagline', 'data-i18n': 'appName' })],
    links: () => [link('lab-link', 'index.html', 'labLink')],
    textKeys: true,
  },
  lessons: {
    skip: { id: 'skip', href: '#main' },
    brand: () => [el('a', { class: 'home', id: 'home-link', href: 'lessons.html' }, APP_NAME), el('span', { class: 'crumb', id: 'crumb' })],
    brandClass: 'trail',
    links: () => [link('index-link', 'lessons.html', null), link('lab-link', 'index.html', null)],
    textKeys: false,
  },
});

const HEADER_PAGES = Object.freeze(Object.keys(PAGES));

/** Fills the page's <header class="topbar"> and puts the skip link before it; returns the header. */
export function renderHeader(page) {
  const spec = PAGES[page];
  if (!spec) throw new Error(`renderHeader: page must be one of ${HEADER_PAGES.join(', ')} (got ${page})`);
  const header = document.querySelector('header.topbar');
  const languages = el('select', { id: 'lang-select' }, LANGS.map((l) => el('option', { value: l }, LANG_NAMES[l])));
  const langLabel = el('span', { id: 'lang-label', 'data-i18n': spec.textKeys ? 'language' : null });
  header.replaceChildren(
    el('div', { class: spec.brandClass ? `brand ${spec.brandClass}` : 'brand' }, spec.brand()),
    el('nav', { class: 'topnav', id: 'topnav' }, [...spec.links(), el('label', { class: 'lang' }, [langLabel, languages])]),
  );
  header.before(el('a', { class: 'skip', ...spec.skip }));
  return header;
}
