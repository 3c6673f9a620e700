// The one number formatter of the core: format_number, the compact text of a number that every
// refusal message and the tables JSON use. Exact decimal arithmetic on the binary value, written
// out here rather than taken from snprintf("%.*g") + strtod: those pulled ~17 KB raw / 9 KB gzip
// of libc formatting code into the wasm module (docs/API.md, "Size"). Not a parser.
#include "format_number.hpp"

#include <cmath>
#include <cstdint>

#include "bit_cast.hpp"

namespace relulab {
namespace {

// The text is the same as the printf version's (tests/native/test_format_number.cpp compares the
// two over a large sweep): "%.*g" rounds the exact binary value half to even, strtod rounds the
// decimal to the nearest double, ties to even. Speed is secondary (messages and JSON of configs):
// a small fixed-size big integer does every step exactly.

/// Non-negative integer of up to kLimbs * 32 bits, little-endian limbs. Its largest use is 26
/// limbs (a subnormal double times 5^340).
class BigInt {
 public:
  explicit BigInt(std::uint64_t v) {
    limbs_[0] = static_cast<std::uint32_t>(v);
    limbs_[1] = static_cast<std::uint32_t>(v >> 32);
    size_ = limbs_[1] ? 2 : limbs_[0] ? 1 : 0;
  }
  bool is_zero() const { return size_ == 0; }

  void multiply(std::uint32_t m) {
    std::uint64_t carry = 0;
    for (int i = 0; i < size_; ++i) {
      carry += std::uint64_t(limbs_[i]) * m;
      limbs_[i] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    if (carry) limbs_[size_++] = static_cast<std::uint32_t>(carry);
  }
  void multiply_pow5(int n) {
    for (; n >= 13; n -= 13) multiply(1220703125u);  // 5^13, the largest power of 5 below 2^32
    std::uint32_t rest = 1;
    for (; n > 0; --n) rest *= 5;
    multiply(rest);
  }
  void shift_left(int bits) {
    if (size_ == 0 || bits == 0) return;
    const int words = bits / 32, shift = bits % 32;
    if (shift) {
      limbs_[size_] = 0;
      for (int i = size_; i > 0; --i) limbs_[i] = (limbs_[i] << shift) | (limbs_[i - 1] >> (32 - shift));
      limbs_[0] <<= shift;
      if (limbs_[size_]) ++size_;
    }
    for (int i = size_ - 1; i >= 0; --i) limbs_[i + words] = limbs_[i];
    for (int i = 0; i < words; ++i) limbs_[i] = 0;
    size_ += words;
  }
  /// *this -= b; requires *this >= b.
  void subtract(const BigInt& b) {
    std::int64_t borrow = 0;
    for (int i = 0; i < size_; ++i) {
      std::int64_t d = std::int64_t(limbs_[i]) - (i < b.size_ ? std::int64_t(b.limbs_[i]) : 0) - borrow;
      borrow = d < 0;
      limbs_[i] = static_cast<std::uint32_t>(d + (borrow << 32));
    }
    while (size_ > 0 && limbs_[size_ - 1] == 0) --size_;
  }
  friend int compare(const BigInt& a, const BigInt& b) {
    if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
    for (int i = a.size_ - 1; i >= 0; --i)
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
  }

 private:
  static constexpr int kLimbs = 40;
  std::uint32_t limbs_[kLimbs];
  int size_;
};

/// compare(d * 10^k, b * 2^e): -1, 0 or 1.
int compare_decimal_binary(std::uint64_t d, int k, std::uint64_t b, int e) {
  BigInt lhs(d), rhs(b);
  if (k >= 0) lhs.multiply_pow5(k); else rhs.multiply_pow5(-k);
  if (k > e) lhs.shift_left(k - e); else rhs.shift_left(e - k);
  return compare(lhs, rhs);
}

/// A positive finite double as significand * 2^exponent (significand < 2^53).
struct Binary {
  std::uint64_t significand;
  int exponent;
};
Binary decompose(double x) {
  const auto bits = bit_cast<std::uint64_t>(x);
  const int biased = static_cast<int>(bits >> 52);
  const std::uint64_t fraction = bits & ((std::uint64_t(1) << 52) - 1);
  if (biased == 0) return {fraction, -1074};
  return {fraction | (std::uint64_t(1) << 52), biased - 1075};
}
double next_up(double x) { return bit_cast<double>(bit_cast<std::uint64_t>(x) + 1); }
double next_down(double x) { return bit_cast<double>(bit_cast<std::uint64_t>(x) - 1); }

/// The decimals that strtod reads as a double from `low` to `high` (positive, finite), both
/// inclusive: those strictly between the outer rounding midpoints, and a midpoint itself when
/// the tie goes to the even end inside the range.
struct ReadBackRange {
  double low, high;
  bool contains(std::uint64_t digits, int exponent10) const {
    const Binary lo = decompose(low), hi = decompose(high);
    // Below low the spacing halves at a power of two (except into the subnormals).
    const bool boundary = lo.significand == (std::uint64_t(1) << 52) && lo.exponent > -1074;
    const int below = boundary
        ? compare_decimal_binary(digits, exponent10, 4 * lo.significand - 1, lo.exponent - 2)
        : compare_decimal_binary(digits, exponent10, 2 * lo.significand - 1, lo.exponent - 1);
    if (below < 0 || (below == 0 && (lo.significand & 1))) return false;
    const int above = compare_decimal_binary(digits, exponent10, 2 * hi.significand + 1, hi.exponent - 1);
    return above < 0 || (above == 0 && !(hi.significand & 1));
  }
};

/// The doubles that round to the positive float `f`: strtod's result is then cast to float.
ReadBackRange float_range(float f) {
  const double value = f;
  const double below = bit_cast<float>(bit_cast<std::uint32_t>(f) - 1);  // 0 below the least float
  const float up = bit_cast<float>(bit_cast<std::uint32_t>(f) + 1);
  const double above = std::isinf(up) ? value + (value - below) : double(up);  // 2^128 above FLT_MAX
  // Float neighbours have at most 25 significant bits, so these midpoints are exact doubles.
  const double low = (below + value) / 2, high = (value + above) / 2;
  return {static_cast<float>(low) == f ? low : next_up(low), static_cast<float>(high) == f ? high : next_down(high)};
}

/// The first 18 significant decimal digits of a positive finite double, exact, with the decimal
/// exponent of the first one and whether any digit after them is non-zero.
struct ExactDigits {
  char digit[18];
  int exponent10;
  bool more;
};
ExactDigits exact_digits(double x) {
  const Binary b = decompose(x);
  // exponent10 estimate: floor(log10(2) * floor(log2 x)), then corrected below.
  int binary_log = b.exponent;  // floor(log2(x))
  for (std::uint64_t s = b.significand; s > 1; s >>= 1) ++binary_log;
  int e10 = (binary_log * 78913) >> 18;  // arithmetic shift: rounds down when negative too
  // x / 10^e10 = num / den.
  BigInt num(b.significand), den(1);
  if (e10 >= 0) den.multiply_pow5(e10); else num.multiply_pow5(-e10);
  const int twos = b.exponent - e10;
  if (twos >= 0) num.shift_left(twos); else den.shift_left(-twos);
  while (compare(num, den) < 0) {
    --e10;
    num.multiply(10);
  }
  for (BigInt ten_den = den;; den = ten_den) {
    ten_den.multiply(10);
    if (compare(num, ten_den) < 0) break;
    ++e10;
  }
  ExactDigits out;
  out.exponent10 = e10;
  for (char& d : out.digit) {
    int q = 0;
    while (compare(num, den) >= 0) {
      num.subtract(den);
      ++q;
    }
    d = static_cast<char>(q);
    num.multiply(10);
  }
  out.more = !num.is_zero();
  return out;
}

/// snprintf("%.*g", precision, x) for a positive finite x with these exact digits: the digits
/// rounded half to even, their decimal exponent after rounding and the layout "%g" picks.
struct GForm {
  char digit[17];
  int count;        // significant digits written: trailing zeros dropped
  int exponent10;   // of the first digit
  bool plain;       // no exponent: -4 <= exponent10 < precision
  int length;       // characters written
  std::uint64_t value;  // the rounded value is value * 10^(exponent10 - precision + 1)
};
GForm g_form(const ExactDigits& exact, int precision) {
  GForm g;
  for (int i = 0; i < precision; ++i) g.digit[i] = exact.digit[i];
  g.exponent10 = exact.exponent10;
  const char next = exact.digit[precision];
  bool tail = exact.more;
  for (int i = precision + 1; i < 18; ++i) tail = tail || exact.digit[i] != 0;
  if (next > 5 || (next == 5 && (tail || (g.digit[precision - 1] & 1)))) {
    int i = precision - 1;
    while (i >= 0 && g.digit[i] == 9) g.digit[i--] = 0;
    if (i >= 0) {
      ++g.digit[i];
    } else {
      g.digit[0] = 1;  // 9.99 -> 10.0: the others are already 0
      ++g.exponent10;
    }
  }
  g.value = 0;
  for (int i = 0; i < precision; ++i) g.value = g.value * 10 + std::uint64_t(g.digit[i]);
  g.count = precision;
  while (g.count > 1 && g.digit[g.count - 1] == 0) --g.count;
  const int e = g.exponent10;
  g.plain = e >= -4 && e < precision;
  if (!g.plain) {
    g.length = g.count + (g.count > 1) + (e <= -100 || e >= 100 ? 5 : 4);  // d.ddde+XX
  } else if (e >= 0) {
    g.length = g.count > e + 1 ? g.count + 1 : e + 1;  // ddd.dd or ddd00
  } else {
    g.length = 1 - e + g.count;  // 0.000ddd
  }
  return g;
}

std::string g_text(const GForm& g) {
  std::string t;
  const int e = g.exponent10;
  auto digits = [&](int from, int to) {
    for (int i = from; i < to; ++i) t += char('0' + (i < g.count ? g.digit[i] : 0));
  };
  if (g.plain && e >= 0) {
    digits(0, e + 1);
    if (g.count > e + 1) t += '.';
    digits(e + 1, g.count);
  } else if (g.plain) {
    t.assign(std::size_t(1 - e), '0');
    t[1] = '.';
    digits(0, g.count);
  } else {
    digits(0, 1);
    if (g.count > 1) t += '.';
    digits(1, g.count);
    t += e < 0 ? "e-" : "e+";
    const int magnitude = e < 0 ? -e : e;
    if (magnitude >= 100) t += char('0' + magnitude / 100);
    t += char('0' + magnitude / 10 % 10);
    t += char('0' + magnitude % 10);
  }
  return t;
}

// Shortest "%.<p>g" text (p = 1 .. max_digits) that reads back (strtod) into `range`; on equal
// length the form without an exponent wins, so 10 prints as "10" rather than "1e+01". For a
// positive finite value; count 0 if no precision reads back.
GForm shortest_g(const ExactDigits& exact, int max_digits, const ReadBackRange& range) {
  GForm best{};
  for (int precision = 1; precision <= max_digits; ++precision) {
    const GForm g = g_form(exact, precision);
    if (!range.contains(g.value, g.exponent10 - precision + 1)) continue;
    const bool shorter = best.count == 0 || g.length < best.length;
    const bool plainer = g.length == best.length && !best.plain && g.plain;
    if (shorter || plainer) best = g;
  }
  return best;
}

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";  // glibc would print "-nan" for some NaNs
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  const std::string sign = std::signbit(value) ? "-" : "";
  if (value == 0) return sign + "0";
  const double magnitude = std::fabs(value);
  const ExactDigits exact = exact_digits(magnitude);
  GForm best = shortest_g(exact, 17, ReadBackRange{magnitude, magnitude});
  // A float parameter (e.g. a = 1.1f) reads better as the float's shortest text "1.1" than as its
  // exact double "1.1000000238418579"; keep whichever is shorter.
  if (static_cast<double>(static_cast<float>(value)) == value) {
    const GForm as_float = shortest_g(exact, 9, float_range(static_cast<float>(magnitude)));
    if (as_float.length < best.length) best = as_float;
  }
  return sign + g_text(best);
}

}  // namespace relulab
