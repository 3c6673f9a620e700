// The network diagram's number handling (web/lab/diagram.js) in Node: floatText gives the shortest
// decimal that reads back as the same float32 (checked against Math.fround on random floats and
// against every shorter precision), floatBits the float's bits (checked against a Float32Array's
// own bytes), and parseValue accepts exactly the finite decimal numbers within float32 range
// (|x| <= FLT_MAX, the core's rule) and refuses the rest with the range, in English and Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floatBits, floatText, parseValue } from '../../web/lab/diagram.js';
import { setLang } from '../../web/shared/i18n.js';

// setLang marks the page's language on <html>: a stand-in for the one property it writes.
globalThis.document ??= { documentElement: {} };

/** Deterministic floats of every magnitude: random bit patterns (xorshift), finite ones only. */
function* floats(n) {
  let s = 0x9e3779b9;
  const f = new Float32Array(1), u = new Uint32Array(f.buffer);
  for (let k = 0; k < n; k++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    u[0] = s;
    if (Number.isFinite(f[0])) yield f[0];
  }
}

test('floatText reads back as the same float32, and no shorter decimal does', () => {
  let count = 0;
  for (const v of [...floats(20000), ...[0, -0, 0.1, -2.5, 1e-45, 3.4028234663852886e38].map(Math.fround)]) {
    const s = floatText(v);
    assert.equal(Object.is(Math.fround(Number(s)), v) || (v === 0 && Number(s) === 0), true, `${v} -> ${s}`);
    // Significant digits of s (no sign, exponent, point, leading or trailing zeros).
    const digits = s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    for (let p = 1; p < digits; p++) assert.notEqual(Math.fround(Number(v.toPrecision(p))), v, `${s} is not the shortest`);
    count++;
  }
  assert.ok(count > 19000);
  assert.equal(floatText(Math.fround(0.1)), '0.1');
});

test('floatBits gives the float32 bit pattern', () => {
  for (const v of floats(2000)) {
    const bytes = new Uint32Array(Float32Array.of(v).buffer)[0];
    assert.equal(floatBits(v), bytes.toString(16).padStart(8, '0'));
  }
  assert.equal(floatBits(-2.5), 'c0200000');
  assert.equal(floatBits(-0), '80000000');
});

test('parseValue: finite decimals within float32 range; everything else refused with the range', () => {
  setLang('en');
  for (const [text, value] of [['-2.5', -2.5], [' 0.75 ', 0.75], ['+1e-3', 0.001], ['.5', 0.5], ['5.', 5], ['-0', -0],
    ['3.4028234663852886e38', 3.4028234663852886e38], ['-3.4028234663852886E+38', -3.4028234663852886e38]]) {
    assert.ok(Object.is(parseValue(text).value, value), text);
  }
  for (const bad of ['abc', '', '  ', '1e39', '-1e39', '3.4028235e38', 'Infinity', 'NaN', '0x10', '0b1', '1,5', '1e', '--1', '5 6']) {
    const r = parseValue(bad);
    assert.equal(r.value, undefined, bad);
    assert.match(r.error, /^enter a number from -3\.4028234663852886e\+38 to 3\.4028234663852886e\+38 \(got .*\)\.$/, bad);
  }
  setLang('zh');
  assert.match(parseValue('abc').error, /^请输入 -3\.4028234663852886e\+38 到 3\.4028234663852886e\+38 之间的数（输入的是 abc）。$/);
  setLang('en');
});
