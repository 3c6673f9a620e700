// Colours of the lab, chosen to stay distinguishable with the common colour-vision deficiencies:
// the Okabe–Ito set for lines and classes, a blue–white–orange diverging map for P(class 1) and a
// purple–white–green map for a unit's activation. Not the drawing code (boundary.js, charts.js).

/** Okabe & Ito (2008), reordered so the first two are the binary classes (blue, orange). */
export const OKABE_ITO = Object.freeze(['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#B8A200']);
/**
 * Sets the CSS variables --c0 … --c7 (the class colours style.css uses) on `style` from
 * OKABE_ITO, so the colours are written only here. Through the CSSOM, which the CSP's
 * style-src 'self' allows (it refuses inline style attributes and <style> elements only).
 */
export function setClassColorVariables(style = document.documentElement.style) {
  OKABE_ITO.forEach((c, k) => style.setProperty(`--c${k}`, c));
}
/** Class k's colour (k < 8). */
export const classColor = (k) => OKABE_ITO[k % OKABE_ITO.length];
/** Line colours by position (the lessons' charts): Okabe–Ito hues darkened to >= 3:1 on white. */
export const LINE_COLORS = Object.freeze(['#000000', '#AD7600', '#2A86C4', '#008060', '#7A6A00', '#5A3E99', '#C35000', '#A3549B']);
export const lineColor = (i) => LINE_COLORS[i % LINE_COLORS.length];
/** Dash pattern that also tells networks apart when colours repeat (more than 8 networks). */
export const lineDash = (i) => (i < LINE_COLORS.length ? [] : [2, 3]);

/**
 * One look per activation, the same in every run and setting (ticking another activation changes
 * no one else's): a colour with >= 3:1 contrast on white, a dash pattern (the stuck-units chart
 * and the card swatch) and a marker (both charts), so lines are told apart without colour too.
 * The thirteen colours were searched for (among colours with >= 3.2:1 contrast, black fixed for
 * ReLU) to stay apart under normal vision and simulated protanopia, deuteranopia and tritanopia
 * (Machado et al. 2009, full severity): every pair is at least 19 CIELAB units apart in all four
 * (tests/wasm/palette.test.mjs checks it).
 */
export const ACTIVATION_STYLE = Object.freeze({
  relu: { color: '#000000', dash: [], marker: 'circle' },
  leaky_relu: { color: '#552200', dash: [10, 4], marker: 'triangle' },
  prelu: { color: '#003388', dash: [3, 3], marker: 'rect' },
  elu: { color: '#009922', dash: [10, 3, 2, 3], marker: 'rectRot' },
  abs: { color: '#886688', dash: [2, 5], marker: 'crossRot' },
  maxout: { color: '#EE00FF', dash: [16, 4, 4, 4], marker: 'star' },
  tanh: { color: '#CC7777', dash: [6, 6], marker: 'rectRounded' },
  sigmoid: { color: '#880044', dash: [1, 3], marker: 'cross' },
  linear: { color: '#8888CC', dash: [14, 3, 2, 3, 2, 3], marker: 'line' },
  selu: { color: '#330044', dash: [4, 2, 1, 2], marker: 'triangle' },
  softplus: { color: '#0066CC', dash: [20, 5], marker: 'crossRot' },
  gelu: { color: '#5500FF', dash: [2, 2, 8, 2], marker: 'rect' },
  silu: { color: '#FF1111', dash: [12, 2, 12, 6], marker: 'circle' },
});
const FALLBACK = Object.freeze({ color: '#333333', dash: [5, 2, 1, 2], marker: 'dash' });
/** The look of activation `id` (an unknown id gets a grey dash-dot). */
export const styleOf = (id) => ACTIVATION_STYLE[id] ?? FALLBACK;

/** Draws the activation's line sample (colour, dash, marker) on a small canvas: the card's key. */
export function drawSwatch(canvas, id) {
  const { color, dash, marker } = styleOf(id);
  const ratio = globalThis.devicePixelRatio || 1;
  const w = 30, h = 12;
  canvas.width = w * ratio;
  canvas.height = h * ratio;
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(0, h / 2);
  ctx.lineTo(w, h / 2);
  ctx.stroke();
  ctx.setLineDash([]);
  const r = 3.5, x = w / 2, y = h / 2;
  ctx.beginPath();
  if (marker === 'triangle') { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.closePath(); ctx.fill(); }
  else if (marker === 'rect' || marker === 'rectRounded') ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
  else if (marker === 'rectRot') { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); ctx.fill(); }
  else if (marker === 'circle') { ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); }
  else {
    ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
    if (marker === 'cross' || marker === 'star') { ctx.moveTo(x, y - r); ctx.lineTo(x, y + r); ctx.moveTo(x - r, y); ctx.lineTo(x + r, y); }
    ctx.stroke();
  }
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const CLASS_RGB = OKABE_ITO.map(hex);
const WHITE = [255, 255, 255];
/** How far the shading goes towards the full class colour (lighter so points stay visible). */
const SHADE = 0.72;

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** 256-entry RGB lookup of the binary diverging map: p = 0 blue, 0.5 white, 1 orange. */
export const BINARY_LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    const c = p < 0.5 ? mix(WHITE, CLASS_RGB[0], (0.5 - p) * 2 * SHADE) : mix(WHITE, CLASS_RGB[1], (p - 0.5) * 2 * SHADE);
    lut.set(c.map(Math.round), i * 3);
  }
  return lut;
})();

/** A regression target's dot colour, v in [-1, 1]: blue below 0, orange above, paler near 0 (but
 *  never white: dots are outlined and must stay visible on the white middle of BINARY_LUT). */
export function targetColor(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const c = mix(WHITE, CLASS_RGB[t < 0 ? 0 : 1], 0.35 + 0.65 * Math.abs(t));
  return `rgb(${c.map(Math.round).join(',')})`;
}

/** Per class, a 256-entry RGB lookup from white (confidence 0) to the shaded class colour (1). */
export const CLASS_LUTS = CLASS_RGB.map((rgb) => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(mix(WHITE, rgb, (i / 255) * SHADE).map(Math.round), i * 3);
  return lut;
});

const NEG = hex('#8E5BA8');   // purple: h < 0
const POS = hex('#1B7F5F');   // green: h > 0
/** 256-entry RGB lookup of a unit's activation scaled to [-1, 1]: purple, white at 0, green. */
export const UNIT_LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const v = (i / 255) * 2 - 1;
    lut.set((v < 0 ? mix(WHITE, NEG, -v) : mix(WHITE, POS, v)).map(Math.round), i * 3);
  }
  return lut;
})();
