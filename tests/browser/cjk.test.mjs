// Chinese text renders with real glyphs (the setup installs a CJK font, fonts-wqy-microhei): each
// of the notes' terms draws as distinct glyphs, not as the identical "missing glyph" boxes a
// browser draws without a CJK font. Screenshots of the lab in both languages go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Each character drawn alone with the page's own font; returns a hash of its pixels per character. */
const glyphs = (chars) => {
  const font = getComputedStyle(document.querySelector('h1')).fontFamily;
  return chars.map((ch) => {
    const c = document.createElement('canvas');
    c.width = c.height = 40;
    const g = c.getContext('2d');
    g.font = `32px ${font}`;
    g.fillStyle = '#000';
    g.fillText(ch, 4, 32);
    const px = g.getImageData(0, 0, 40, 40).data;
    let ink = 0, hash = 0;
    for (let i = 3; i < px.length; i += 4) {
      if (px[i] > 0) ink++;
      hash = (hash * 31 + px[i]) >>> 0;
    }
    return { ch, ink, hash };
  });
};

test('Chinese text renders with real glyphs, and the lab shows in both languages', async () => {
  for (const lang of ['zh', 'en']) {
    const { page, context, problems } = await open(env, `index.html?lang=${lang}&paused=1`);
    await waitLab(page, () => window.labState?.frames >= 1);
    await shot(page, `lab-${lang}.png`);
    if (lang === 'zh') {
      assert.match(await page.locator('h1').innerText(), /ReLU Lab/);
      const terms = [...'激活函数梯度消失稀疏死亡'];
      const drawn = await page.evaluate(glyphs, terms);
      for (const d of drawn) assert.ok(d.ink > 20, `${d.ch} is drawn (${d.ink} pixels)`);
      const distinct = new Set(drawn.map((d) => d.hash));
      assert.equal(distinct.size, new Set(terms).size, 'every character has its own glyph (no missing-glyph boxes)');
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});
