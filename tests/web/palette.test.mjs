// The activations' colours (web/shared/palette.js ACTIVATION_STYLE): each has at least 3:1 contrast on
// white (WCAG 2.2 non-text contrast), every pair stays apart under normal vision and simulated
// protanopia, deuteranopia and tritanopia, and every activation also has its own dash and marker,
// so lines are told apart without colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVATION_STYLE } from '../../web/shared/palette.js';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();

// Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB.
const VISIONS = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const linear = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
const rgb = (hex) => [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16)));
/** CIELAB (D65) of linear RGB, clipped to the gamut. */
function cielab(c) {
  const [r, g, b] = c.map((v) => Math.min(1, Math.max(0, v)));
  const X = 0.4124 * r + 0.3576 * g + 0.1805 * b, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b, Z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const fx = f(X / 0.95047), fy = f(Y), fz = f(Z / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const seen = (hex, m) => { const c = rgb(hex); return cielab(m.map((row) => row[0] * c[0] + row[1] * c[1] + row[2] * c[2])); };
const contrast = (hex) => { const [r, g, b] = rgb(hex); return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05); };

test('every activation has a style: colour with 3:1 contrast, and its own dash and marker', () => {
  const ids = lab.activations.map((a) => a.id);
  assert.deepEqual(Object.keys(ACTIVATION_STYLE).sort(), [...ids].sort(), 'one style per activation of the core');
  for (const id of ids) assert.ok(contrast(ACTIVATION_STYLE[id].color) >= 3, `${id} ${ACTIVATION_STYLE[id].color}: ${contrast(ACTIVATION_STYLE[id].color).toFixed(2)}:1`);
  const looks = ids.map((id) => `${ACTIVATION_STYLE[id].dash.join(',')}|${ACTIVATION_STYLE[id].marker}`);
  assert.equal(new Set(looks).size, ids.length, 'no two activations share dash and marker');
});

test('the colours stay apart under normal vision and the three colour-vision deficiencies', () => {
  const ids = Object.keys(ACTIVATION_STYLE);
  for (const [vision, m] of Object.entries(VISIONS)) {
    const labs = ids.map((id) => seen(ACTIVATION_STYLE[id].color, m));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const d = Math.hypot(...labs[i].map((v, k) => v - labs[j][k]));
        assert.ok(d >= 15, `${vision}: ${ids[i]} and ${ids[j]} are ${d.toFixed(1)} CIELAB units apart (at least 15)`);
      }
    }
  }
});
