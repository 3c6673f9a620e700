// Phones: at 360 px the run bar stays in reach while the cards scroll by (sticky, two short
// rows), its Settings link takes the user (and keyboard focus) to the settings, and nothing
// scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('at 360 px the run bar stays in reach and opens the settings', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1',
    { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await waitLab(page, () => window.labState?.frames >= 1);
  const bar = await page.locator('.runbar').boundingBox();
  assert.ok(bar.height <= 140, `the run bar is compact (${bar.height} px)`);
  await page.locator('.card').last().scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(() => window.scrollY)) > 2000, 'scrolled far down');
  const play = await page.locator('#play').boundingBox();
  assert.ok(play.y >= 0 && play.y + play.height <= 740, `Play in view after scrolling (${play.y})`);
  await shot(page, 'phone-runbar.png');
  await page.tap('#to-settings');
  await page.waitForFunction(() => document.activeElement?.id === 'settings-heading');
  const first = await page.locator('.field[data-key=dataset] select').boundingBox();
  assert.ok(first.y >= 0 && first.y < 740, `the settings are in view (${first.y})`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
