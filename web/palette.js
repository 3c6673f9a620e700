// Colours of the lab, chosen to stay distinguishable with the common colour-vision deficiencies:
// the Okabe–Ito set for lines and classes, a blue–white–orange diverging map for P(class 1) and a
// purple–white–green map for a unit's activation. Not the drawing code (boundary.js, charts.js).

/** Okabe & Ito (2008), reordered so the first two are the binary classes (blue, orange). */
export const OKABE_ITO = Object.freeze(['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#B8A200']);
/** Class k's colour (k < 8). */
export const classColor = (k) => OKABE_ITO[k % OKABE_ITO.length];
/** Line colour of the i-th compared network in charts and on its card. */
export const LINE_COLORS = Object.freeze(['#000000', '#E69F00', '#56B4E9', '#009E73', '#B8A200', '#0072B2', '#D55E00', '#CC79A7']);
export const lineColor = (i) => LINE_COLORS[i % LINE_COLORS.length];
/** Dash pattern that also tells networks apart when colours repeat (more than 8 networks). */
export const lineDash = (i) => (i < LINE_COLORS.length ? [] : [2, 3]);

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
