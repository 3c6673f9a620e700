// Start-up check of every page (lab, gallery, lessons: each can be embedded, and each needs
// module scripts and a WebAssembly worker), a classic script (it runs where the module scripts
// may not: a sandboxed iframe without allow-same-origin has the origin "null", and module scripts
// and the module worker are refused there). Shows a visible message in English or Simplified
// Chinese saying what the embedding page must allow; main.js calls ReluLabBoot.fail() when the
// worker or the WebAssembly module fails later. Not the lab: it never starts or stops training.
(function () {
  'use strict';
  var STRINGS = {
    en: {
      title: 'ReLU Lab cannot start here.',
      sandbox: 'This page is in a sandboxed frame without allow-same-origin, so the browser refuses the lab’s module scripts and its worker. The page that embeds the lab must allow scripts and the same origin: sandbox="allow-scripts allow-same-origin" (or no sandbox attribute).',
      wasm: 'This browser has WebAssembly turned off or does not support it. The lab needs WebAssembly; the page that embeds it must not block it (Content-Security-Policy “wasm-unsafe-eval” on the lab’s own pages is enough).',
      worker: 'This browser cannot start the lab’s background worker (module workers). The page that embeds the lab must allow scripts and the same origin, and the browser must support module workers.',
      failed: 'The lab’s worker or WebAssembly module failed to load. If the lab is embedded, the page that embeds it must allow scripts and the same origin (sandbox="allow-scripts allow-same-origin") and must not block workers.',
      detail: 'Details: ',
      open: 'Open the lab in its own tab ↗',
    },
    zh: {
      title: 'ReLU Lab 无法在此处启动。',
      sandbox: '本页面位于未设置 allow-same-origin 的沙箱框架中，浏览器因此拒绝加载 ReLU Lab 的模块脚本和 worker。嵌入 ReLU Lab 的页面必须允许脚本和同源访问：sandbox="allow-scripts allow-same-origin"（或不设置 sandbox 属性）。',
      wasm: '此浏览器关闭了或不支持 WebAssembly。ReLU Lab 需要 WebAssembly；嵌入它的页面不得阻止它（ReLU Lab 自身页面的内容安全策略中允许 “wasm-unsafe-eval” 即可）。',
      worker: '此浏览器无法启动 ReLU Lab 的后台 worker（模块 worker）。嵌入 ReLU Lab 的页面必须允许脚本和同源访问，浏览器也必须支持模块 worker。',
      failed: 'ReLU Lab 的 worker 或 WebAssembly 模块加载失败。如果它嵌入在其他页面中，嵌入页面必须允许脚本和同源访问（sandbox="allow-scripts allow-same-origin"），且不得阻止 worker。',
      detail: '详细信息：',
      open: '在新标签页中打开 ReLU Lab ↗',
    },
  };

  // The languages are STRINGS' keys; language.js (which this classic script cannot import) has
  // the same list, tags and choice: tests/web/language.test.mjs checks them equal.
  var LANGS = Object.keys(STRINGS);
  var HTML_LANG = { en: 'en', zh: 'zh-CN' };

  /** The language: a valid lang= in the query or hash, else the first zh or en browser language. */
  function pickLang() {
    var m = new RegExp('[?&#]lang=(' + LANGS.join('|') + ')(&|$)').exec(location.search + '&' + location.hash.replace(/^#/, '&'));
    if (m) return m[1];
    var langs = navigator.languages || [navigator.language || ''];
    for (var i = 0; i < langs.length; i++) {
      var base = String(langs[i]).toLowerCase().split('-')[0];
      if (LANGS.indexOf(base) >= 0) return base;
    }
    return 'en';
  }

  var shown = false;
  /** Shows the start-up problem `kind` (sandbox | wasm | worker | failed) once, with an optional detail. */
  function fail(kind, detail) {
    if (shown) return;
    shown = true;
    var lang = pickLang();
    var s = STRINGS[lang];
    var show = function () {
      var box = document.getElementById('startup-problem');
      if (!box) return;
      box.lang = HTML_LANG[lang];
      box.replaceChildren();
      var h = document.createElement('p');
      h.className = 'startup-title';
      h.textContent = s.title;
      var p = document.createElement('p');
      p.textContent = s[kind] || s.failed;
      box.append(h, p);
      if (detail) {
        var d = document.createElement('p');
        d.className = 'startup-detail';
        d.textContent = s.detail + String(detail).slice(0, 300);
        box.append(d);
      }
      var a = document.createElement('a');
      a.href = location.href;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = s.open;
      box.append(a);
      box.dataset.kind = kind;
      box.hidden = false;
      document.documentElement.classList.add('startup-failed');
      window.labState = window.labState || {};
      window.labState.status = 'error';
      window.labState.startupProblem = kind;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }

  window.ReluLabBoot = { fail: fail, langs: LANGS, htmlLang: HTML_LANG };
  if (window.origin === 'null' || self.origin === 'null') fail('sandbox');
  else if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') fail('wasm');
  else if (typeof Worker !== 'function') fail('worker');
})();
