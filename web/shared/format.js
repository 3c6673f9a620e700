// How the pages write numbers, written once: num for the lab's values, pct, fixed and sci for
// percentages and the lessons' measured texts. A missing or non-finite value is '—' (num writes
// ±∞ for infinities). Pure: no DOM, importable in Node and in workers.

/** A number for display: fixed digits for ordinary sizes, exponent form for tiny or huge ones. */
export function num(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(Math.max(0, digits - 2)).replace('-', '−');
  return Number(x.toFixed(digits)).toString().replace('-', '−');
}

/** x as a percentage with `digits` decimals: pct(0.1234) is '12%', pct(0.1234, 1) '12.3%'. */
export const pct = (x, digits = 0) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—');
export const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
/** Plain digits from 0.01 to 1000, else a × 10ⁿ with `digits` decimals (0 stays 0). */
export const sci = (x, digits = 1) => {
  if (!Number.isFinite(x)) return '—';
  if (x === 0 || (Math.abs(x) >= 0.01 && Math.abs(x) < 1000)) return String(Number(x.toPrecision(digits + 1)));
  return x.toExponential(digits).replace(/e([-+])(\d+)/, (m, sign, e) => `×10${sign === '-' ? '⁻' : ''}${[...e].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d]).join('')}`);
};
