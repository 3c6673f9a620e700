// Drawing on the data plane: a network's output on the R x R grid (probability shading via
// ImageData on a small canvas, scaled up with drawImage), or its linear regions (one colour per
// region index), the training and test points over it, 1-D regression curves, and hidden units'
// activation maps. Not the data: the worker computes
// every value; this file only maps values to pixels and pixels back to data coordinates.
import { BINARY_LUT, CLASS_LUTS, UNIT_LUT, classColor, targetColor } from '../shared/palette.js';

/** Grey for values that are not finite (NaN / infinite outputs of a diverged network). */
const NAN_GREY = 170;

/** Pixels are written as 32-bit words (RGBA in memory order) where the platform is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const PACKED = new Map();
/** A 256-entry RGB table (r, g, b per entry) as opaque RGBA words, made once per table. */
function packedLut(lut) {
  let packed = PACKED.get(lut);
  if (!packed) {
    packed = new Uint32Array(256);
    for (let k = 0; k < 256; k++) packed[k] = (lut[3 * k] | (lut[3 * k + 1] << 8) | (lut[3 * k + 2] << 16) | (255 << 24)) >>> 0;
    PACKED.set(lut, packed);
  }
  return packed;
}
const packedGrey = () => (NAN_GREY | (NAN_GREY << 8) | (NAN_GREY << 16) | (255 << 24)) >>> 0;

/** Point layers by data set, then by canvas size (see PlaneView.pointLayer). */
const SHARED_POINTS = new WeakMap();

/**
 * CSS sizes of the canvases drawn on ({width, height} in CSS pixels, as clientWidth/clientHeight
 * would read them), kept up to date by a ResizeObserver: drawing a frame reads no layout (reading
 * clientWidth after the text changes of the same frame forced a layout per canvas).
 */
const CSS_SIZES = new WeakMap();
const RESIZES = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
  for (const e of entries) CSS_SIZES.set(e.target, { width: Math.round(e.contentRect.width), height: Math.round(e.contentRect.height) });
}) : null;

/** A canvas's CSS size: the observed one, or (first time, before the observer has reported) read from layout. */
function cssSize(canvas) {
  let size = CSS_SIZES.get(canvas);
  if (!size) {
    size = { width: canvas.clientWidth, height: canvas.clientHeight };
    CSS_SIZES.set(canvas, size);
    RESIZES?.observe(canvas);
  }
  return size;
}

/** Device-pixel size for a canvas shown at its CSS size (keeps lines crisp). */
function fitCanvas(canvas) {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const css = cssSize(canvas);
  const w = Math.max(1, Math.round(css.width * dpr));
  const h = Math.max(1, Math.round(css.height * dpr));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; return true; }
  return false;
}

/** Puts an R x R (or R x 1) RGB image into a reusable small canvas and returns it. */
function smallImage(cache, R, rows, fill) {
  if (!cache.canvas || cache.R !== R || cache.rows !== rows) {
    cache.canvas = document.createElement('canvas');
    cache.canvas.width = R;
    cache.canvas.height = rows;
    cache.ctx = cache.canvas.getContext('2d');
    cache.image = cache.ctx.createImageData(R, rows);
    cache.R = R;
    cache.rows = rows;
  }
  const px = cache.image.data;
  fill(px);
  cache.ctx.putImageData(cache.image, 0, 0);
  return cache.canvas;
}

/**
 * Colour of linear region k (the core numbers regions 0, 1, ... by first appearance in image
 * order): hues a golden angle apart, so regions numbered close together (often neighbours) differ
 * most, with three lightness steps; pale enough for the data points to stay readable. The same
 * index always gets the same colour.
 */
const REGION_RGB = [];
export function regionRgb(k) {
  if (REGION_RGB[k]) return REGION_RGB[k];
  const h = ((k * 137.508) % 360) / 60, s = 0.55, l = [0.74, 0.62, 0.84][k % 3];
  const c = (1 - Math.abs(2 * l - 1)) * s, x = c * (1 - Math.abs((h % 2) - 1)), m = l - c / 2;
  const [r, g, b] = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]][Math.floor(h) % 6];
  return (REGION_RGB[k] = [r, g, b].map((v) => Math.round((v + m) * 255)));
}

/** Range of regression targets with a margin, for 1-D plots. */
function targetRange(data) {
  let lo = Infinity, hi = -Infinity;
  for (const ys of [data.trainY, data.testY]) for (const y of ys) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
  if (!Number.isFinite(lo)) { lo = -1; hi = 1; }
  if (hi - lo < 1e-6) { lo -= 1; hi += 1; }
  const m = (hi - lo) * 0.12;
  return [lo - m, hi + m];
}

/** Half-width of the colour scale of 2-D regression: the largest |target| (the prediction and the
 *  dots share it, so a well-fitted plane matches its dots). */
function valueScale(data) {
  let m = 0;
  for (const ys of [data.trainY, data.testY]) for (const y of ys) if (Number.isFinite(y)) m = Math.max(m, Math.abs(y));
  return m > 1e-6 ? m : 1;
}

/** One network's plane: boundary shading plus data points; also maps clicks back to data space. */
export class PlaneView {
  /** box: the data box's half-width (points and grid lie in [-box, box]², the core's constants.box). */
  constructor(canvas, box) {
    this.canvas = canvas;
    this.box = box;
    /** How to draw: test points shown, output discretized to the 0.5 decision (VIEW_FLAGS). */
    this.drawing = { testPoints: true, discretize: false };
    this.ctx = canvas.getContext('2d');
    this.cache = {};
    this.data = null;
    this.points = null;       // cached layer with the data points at the current size
    this.yRange = [-1, 1];
  }

  setData(data) {
    this.data = data;
    this.points = null;
    if (data.dims === 1) this.yRange = targetRange(data);
    // 2-D regression: the prediction is shaded on the binary map, -scale blue .. +scale orange.
    this.field = data.dims === 2 && data.output === 'regression' ? valueScale(data) : 0;
  }

  /** Data coordinates of a pointer position (client pixels): {x, y}; y is the target for 1-D data. */
  toData(clientX, clientY) {
    const BOX = this.box;
    const r = this.canvas.getBoundingClientRect();
    const u = (clientX - r.left) / r.width, v = (clientY - r.top) / r.height;
    const x = -BOX + u * 2 * BOX;
    const y = this.data?.dims === 1 ? this.yRange[1] - v * (this.yRange[1] - this.yRange[0]) : BOX - v * 2 * BOX;
    return { x, y };
  }

  /** Canvas pixel of a data point. */
  toPixel(x, y) {
    const BOX = this.box;
    const w = this.canvas.width, h = this.canvas.height;
    const px = ((x + BOX) / (2 * BOX)) * w;
    const py = this.data?.dims === 1
      ? ((this.yRange[1] - y) / (this.yRange[1] - this.yRange[0])) * h
      : ((BOX - y) / (2 * BOX)) * h;
    return [px, py];
  }

  /** Sizes the canvas to its CSS box (observed, see cssSize: no layout read after the first). */
  fit() {
    if (fitCanvas(this.canvas)) this.points = null;
    this.cssWidth = cssSize(this.canvas).width;
    this.fitted = true;
  }

  /** Changes how the plane is drawn ({testPoints, discretize}) and redraws the last frame. */
  setView(view) {
    if (view.testPoints === this.drawing.testPoints && view.discretize === this.drawing.discretize) return;
    this.drawing = { testPoints: !!view.testPoints, discretize: !!view.discretize };
    this.points = null;
    this.redraw();
  }

  /**
   * Draws the output grid (R*R*outputs, image order) or a 1-D curve (R*outputs), then the points.
   * regions: each cell's linear-region index (same grid): the plane is coloured by region instead.
   */
  draw(values, R, outputs, { color = '#000', regions = null } = {}) {
    this.last = [values, R, outputs, { color, regions }];
    if (!this.fitted) this.fit();
    this.fitted = false;
    const { ctx, canvas } = this;
    if (!this.data) return;
    if (this.data.dims === 1) {
      this.drawCurve(values, R, color, regions);
      this.drawCursor();
      return;
    }
    // Discretized: every cell takes its side's full colour (P >= 0.5, or the most likely class at
    // full confidence), so only the decision boundary shows.
    const discrete = this.drawing.discretize;
    // Binary: P(class 1) in [0, 1]; 2-D regression: the prediction v as (v / scale + 1) / 2, so 0.5
    // (white, and the discretized edge) is v = 0.
    const field = this.field, a = field ? 0.5 / field : 1, b0 = field ? 0.5 : 0;
    const img = smallImage(this.cache, R, R, (px) => {
      // The common case (binary or 2-D regression shading): one 32-bit write per pixel.
      if (outputs === 1 && !regions && LITTLE_ENDIAN) {
        const out = new Uint32Array(px.buffer, px.byteOffset, R * R), lut = packedLut(BINARY_LUT), grey = packedGrey();
        for (let i = 0, n = R * R; i < n; i++) {
          const v = values[i];
          if (!Number.isFinite(v)) { out[i] = grey; continue; }
          const p = v * a + b0;
          out[i] = lut[discrete ? (p >= 0.5 ? 255 : 0) : Math.max(0, Math.min(255, Math.round(p * 255)))];
        }
        return;
      }
      for (let i = 0, n = R * R; i < n; i++) {
        let r, g, b;
        if (regions) {
          [r, g, b] = regionRgb(regions[i]);
        } else if (!Number.isFinite(values[i * outputs])) {
          r = g = b = NAN_GREY;   // a diverged network: no meaningful output
        } else if (outputs === 1) {
          const p = values[i] * a + b0;
          const k = (discrete ? (p >= 0.5 ? 255 : 0) : Math.max(0, Math.min(255, Math.round(p * 255)))) * 3;
          r = BINARY_LUT[k]; g = BINARY_LUT[k + 1]; b = BINARY_LUT[k + 2];
        } else {
          let best = 0;
          for (let o = 1; o < outputs; o++) if (values[i * outputs + o] > values[i * outputs + best]) best = o;
          // Confidence: 0 when all classes are equally likely, 1 when the best one is certain.
          const conf = discrete ? 1 : (values[i * outputs + best] - 1 / outputs) / (1 - 1 / outputs);
          const lut = CLASS_LUTS[best % CLASS_LUTS.length];
          const k = Math.max(0, Math.min(255, Math.round(conf * 255))) * 3;
          r = lut[k]; g = lut[k + 1]; b = lut[k + 2];
        }
        px[i * 4] = r; px[i * 4 + 1] = g; px[i * 4 + 2] = b; px[i * 4 + 3] = 255;
      }
    });
    // Regions have sharp edges: no smoothing across them.
    ctx.imageSmoothingEnabled = !regions;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    ctx.drawImage(this.pointLayer(), 0, 0);
    this.drawCursor();
  }

  /** Redraws the last frame (e.g. after the keyboard cursor moved). */
  redraw() {
    if (this.last) this.draw(...this.last);
  }

  /** The keyboard cursor (data coordinates) where Enter adds a point; null hides it. */
  setCursor(p) {
    this.cursor = p;
    this.redraw();
  }

  drawCursor() {
    if (!this.cursor) return;
    const { ctx } = this;
    const [px, py] = this.toPixel(this.cursor.x, this.cursor.y);
    const s = this.canvas.width / (this.cssWidth || this.canvas.width);
    for (const [col, w] of [['#fff', 4 * s], ['#000', 2 * s]]) {
      ctx.strokeStyle = col;
      ctx.lineWidth = w;
      ctx.beginPath();
      ctx.moveTo(px - 9 * s, py); ctx.lineTo(px + 9 * s, py);
      ctx.moveTo(px, py - 9 * s); ctx.lineTo(px, py + 9 * s);
      ctx.stroke();
    }
  }

  drawCurve(values, R, color, regions = null) {
    const BOX = this.box;
    const { ctx, canvas } = this;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // 1-D regions are intervals of x: a band of the region's colour behind the curve.
    for (let c = 0; regions && c < R; c++) {
      ctx.fillStyle = `rgb(${regionRgb(regions[c]).join(',')})`;
      ctx.fillRect(Math.floor((c / R) * canvas.width), 0, Math.ceil(canvas.width / R) + 1, canvas.height);
    }
    this.drawAxes();
    ctx.drawImage(this.pointLayer(), 0, 0);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5 * (canvas.width / this.cssWidth || 1);
    ctx.beginPath();
    for (let c = 0; c < R; c++) {
      const [px, py] = this.toPixel(-BOX + ((c + 0.5) * 2 * BOX) / R, values[c]);
      if (c === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.stroke();
  }

  drawAxes() {
    const { ctx, canvas } = this;
    ctx.strokeStyle = '#bbb';
    ctx.lineWidth = 1;
    ctx.beginPath();
    const [x0] = this.toPixel(0, 0);
    ctx.moveTo(x0, 0); ctx.lineTo(x0, canvas.height);
    if (this.yRange[0] < 0 && this.yRange[1] > 0) {
      const [, y0] = this.toPixel(0, 0);
      ctx.moveTo(0, y0); ctx.lineTo(canvas.width, y0);
    }
    ctx.stroke();
  }

  /**
   * The data points drawn once per data/size change: filled = training, ringed = test. Cards of
   * one run share the data and their size, so they share the layer too (2,000 points drawn once,
   * not once per card).
   */
  pointLayer() {
    if (this.points && this.points.width === this.canvas.width && this.points.height === this.canvas.height) return this.points;
    const key = `${this.canvas.width}x${this.canvas.height}x${this.cssWidth || this.canvas.clientWidth}x${this.drawing.testPoints}`;
    const shared = SHARED_POINTS.get(this.data) ?? new Map();
    SHARED_POINTS.set(this.data, shared);
    if (shared.has(key)) {
      this.points = shared.get(key);
      return this.points;
    }
    const layer = document.createElement('canvas');
    layer.width = this.canvas.width;
    layer.height = this.canvas.height;
    const ctx = layer.getContext('2d');
    const css = this.cssWidth || this.canvas.clientWidth || this.canvas.width;
    const scale = this.canvas.width / css;
    const rad = Math.max(1.5, Math.min(3.2, css / 70)) * scale;
    const d = this.data;
    const regression = d.dims === 1;
    const sets = [[d.trainX, d.trainY, true], ...(this.drawing.testPoints ? [[d.testX, d.testY, false]] : [])];
    for (const [xs, ys, train] of sets) {
      for (let i = 0; i < ys.length; i++) {
        const [px, py] = regression ? this.toPixel(xs[i], ys[i]) : this.toPixel(xs[2 * i], xs[2 * i + 1]);
        const col = regression ? '#555' : this.field ? targetColor(ys[i] / this.field) : classColor(ys[i] | 0);
        ctx.beginPath();
        ctx.arc(px, py, rad, 0, 2 * Math.PI);
        if (train) {
          ctx.fillStyle = col;
          ctx.fill();
          ctx.lineWidth = 0.8 * scale;
          ctx.strokeStyle = this.field ? '#333' : '#fff';   // pale target colours need a dark edge
        } else {
          ctx.fillStyle = '#fff';
          ctx.fill();
          ctx.lineWidth = 1.6 * scale;
          ctx.strokeStyle = col;
        }
        ctx.stroke();
      }
    }
    this.points = layer;
    shared.set(key, layer);
    return layer;
  }
}

/**
 * A hidden unit's activation h over the plane, scaled by max |h| (purple < 0 < green), or a 1-D
 * curve. Returns max |h| (0 means the unit outputs 0 on the whole plane).
 */
export function drawUnitMap(canvas, values, R, dims, cache = {}) {
  fitCanvas(canvas);
  return paintUnitMap(canvas.getContext('2d'), 0, 0, canvas.width, canvas.height, values, R, dims, cache);
}

/** fitCanvas: sizes a canvas to its CSS box; cssSize: that box (observed, no layout read after the first). */
export { cssSize, fitCanvas };

/** drawUnitMap into the rectangle (x, y, w, h) of a context (several units share one canvas). */
export function paintUnitMap(ctx, x, y, w, h, values, R, dims, cache = {}) {
  let maxAbs = 0;
  for (const v of values) if (Math.abs(v) > maxAbs && Number.isFinite(v)) maxAbs = Math.abs(v);
  if (dims === 1) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(x, y, w, h);
    ctx.strokeStyle = '#1B7F5F';
    ctx.lineWidth = Math.max(1, w / 40);
    ctx.beginPath();
    for (let c = 0; c < R; c++) {
      const px = x + ((c + 0.5) / R) * w;
      const py = y + h * (0.5 - (maxAbs ? values[c] / maxAbs : 0) * 0.42);
      if (c === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
    ctx.stroke();
    return maxAbs;
  }
  const img = smallImage(cache, R, R, (px) => {
    const inv = maxAbs > 0 ? 1 / maxAbs : 0;
    if (LITTLE_ENDIAN) {
      const out = new Uint32Array(px.buffer, px.byteOffset, R * R), lut = packedLut(UNIT_LUT), grey = packedGrey();
      for (let i = 0, n = R * R; i < n; i++) {
        const v = values[i];
        out[i] = Number.isFinite(v) ? lut[Math.round(((v * inv + 1) / 2) * 255)] : grey;
      }
      return;
    }
    for (let i = 0, n = R * R; i < n; i++) {
      if (!Number.isFinite(values[i])) {
        px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = NAN_GREY; px[i * 4 + 3] = 255;
        continue;
      }
      const k = Math.round(((values[i] * inv + 1) / 2) * 255) * 3;
      px[i * 4] = UNIT_LUT[k]; px[i * 4 + 1] = UNIT_LUT[k + 1]; px[i * 4 + 2] = UNIT_LUT[k + 2]; px[i * 4 + 3] = 255;
    }
  });
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(img, x, y, w, h);
  return maxAbs;
}
