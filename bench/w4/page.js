// W4 bench page: starts the worker, draws every update's eight 100 x 100 boundaries with
// putImageData, acknowledges each drawn update (one update in flight), and counts them in
// window.w4 for bench/w4.mjs. Not the lab's page.
const status = document.getElementById('status');
const canvases = [];
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

// Probability of class 1 -> colour: orange (0) to blue (1), as a lookup of 256 RGBA words.
const palette = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  const t = i / 255;
  const r = Math.round(245 + (8 - 245) * t), g = Math.round(147 + (119 - 147) * t), b = Math.round(34 + (189 - 34) * t);
  palette[i] = (255 << 24) | (b << 16) | (g << 8) | r;   // little-endian RGBA
}

window.w4 = { ready: false, error: null, drawn: 0, workerMs: 0, trainMs: 0, boundaryMs: 0, drawMs: 0, info: null,
  /** {drawn, t, workerMs, trainMs, boundaryMs, drawMs}: a snapshot for rate measurements. */
  mark() {
    const { drawn, workerMs, trainMs, boundaryMs, drawMs } = this;
    return { drawn, t: performance.now(), workerMs, trainMs, boundaryMs, drawMs };
  } };

function draw(index, resolution, values) {
  let canvas = canvases[index];
  if (!canvas) {
    canvas = canvases[index] = document.createElement('canvas');
    canvas.width = canvas.height = resolution;
    document.getElementById('grid').append(canvas);
  }
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(resolution, resolution);
  const words = new Uint32Array(image.data.buffer);
  for (let i = 0; i < values.length; i++) {
    const p = values[i];
    words[i] = palette[p <= 0 ? 0 : p >= 1 ? 255 : (p * 255 + 0.5) | 0];
  }
  ctx.putImageData(image, 0, 0);
}

worker.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'ready') {
    window.w4.info = msg.info;
    window.w4.ready = true;
    status.textContent = `${msg.info.networks} networks, ${msg.info.trainCount} training points`;
  } else if (msg.type === 'update') {
    const t0 = performance.now();
    msg.boundaries.forEach((values, i) => draw(i, msg.resolution, values));
    window.w4.drawMs += performance.now() - t0;
    window.w4.workerMs += msg.workerMs;
    window.w4.trainMs += msg.trainMs;
    window.w4.boundaryMs += msg.boundaryMs;
    window.w4.drawn += 1;
    worker.postMessage({ type: 'ack' });
  } else if (msg.type === 'error') {
    window.w4.error = msg.message;
    status.textContent = `error: ${msg.message}`;
  }
};
worker.onerror = (e) => { window.w4.error = e.message || 'worker failed'; };
