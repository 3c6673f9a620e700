// sin and cos built only from + - * / and floor in double precision, so the same angle gives the
// same bits natively (glibc) and in wasm (musl), whose sinf/cosf differ (docs/DETERMINISM.md).
// Used by the dataset generators (circles, spirals, moons). Not a general libm: meant for the
// moderate angles the lab draws (|t| up to about 1e5), not for huge arguments.
#pragma once
#include <cmath>

namespace relulab {

/// sin(t) and cos(t) in double: range reduction to r in [-pi/4, pi/4] by a three-part pi/2
/// (Cody-Waite, fdlibm's constants), then Taylor polynomials to r^17 / r^18 (truncation error
/// below 1e-19 there). Absolute error against std::sin / std::cos is about 1e-16.
inline void portable_sin_cos(double t, double& sine, double& cosine) {
  constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  constexpr double kPio2Part1 = 1.57079632673412561417e+00;   // first 33 bits of pi/2
  constexpr double kPio2Part2 = 6.07710050630396597660e-11;   // next 33 bits
  constexpr double kPio2Part3 = 2.02226624879595063154e-21;   // pi/2 - part1 - part2
  const double k = std::floor(t * kTwoOverPi + 0.5);           // nearest quadrant
  // k * part1 and k * part2 are exact for |k| < 2^20, so r is t mod pi/2 to about 1e-20.
  const double r = ((t - k * kPio2Part1) - k * kPio2Part2) - k * kPio2Part3;
  const double r2 = r * r;
  const double s =
      r + r * r2 *
              (-1.0 / 6.0 +
               r2 * (1.0 / 120.0 +
                     r2 * (-1.0 / 5040.0 +
                           r2 * (1.0 / 362880.0 +
                                 r2 * (-1.0 / 39916800.0 +
                                       r2 * (1.0 / 6227020800.0 +
                                             r2 * (-1.0 / 1307674368000.0 +
                                                   r2 * (1.0 / 355687428096000.0))))))));
  const double c =
      1.0 + r2 * (-1.0 / 2.0 +
                  r2 * (1.0 / 24.0 +
                        r2 * (-1.0 / 720.0 +
                              r2 * (1.0 / 40320.0 +
                                    r2 * (-1.0 / 3628800.0 +
                                          r2 * (1.0 / 479001600.0 +
                                                r2 * (-1.0 / 87178291200.0 +
                                                      r2 * (1.0 / 20922789888000.0 +
                                                            r2 * (-1.0 / 6402373705728000.0)))))))));
  // Quadrant q = k mod 4 (k is a whole number; the double -> int cast is exact here).
  const long long q = static_cast<long long>(k) & 3;
  switch (q) {
    case 0: sine = s; cosine = c; break;
    case 1: sine = c; cosine = -s; break;
    case 2: sine = -s; cosine = -c; break;
    default: sine = -c; cosine = s; break;
  }
}

/// sin(t) rounded once to float (error at most about half a float ulp, < 6e-8 absolute).
inline float portable_sin(double t) {
  double s, c;
  portable_sin_cos(t, s, c);
  return static_cast<float>(s);
}

/// cos(t) rounded once to float.
inline float portable_cos(double t) {
  double s, c;
  portable_sin_cos(t, s, c);
  return static_cast<float>(c);
}

}  // namespace relulab
