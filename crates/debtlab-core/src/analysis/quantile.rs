//! Analytical quantiles of the `[uncertain]` distributions, for the ends of
//! a tornado bar. One rule for every distribution: the low end is the 5th
//! percentile and the high end the 95th. For a normal or lognormal that is
//! `mean +/- 1.645 sd` (of the log for a lognormal); for uniform, triangular
//! and beta it is the same percentile of the bounded distribution (not its
//! support ends), so bars of different shapes cover the same probability.

use crate::uncertainty::Distribution;

/// The percentile used for the low end of a tornado bar (the high end is `1 - LOW`).
pub const LOW: f64 = 0.05;

/// The `p` quantile of a distribution (`0 < p < 1`).
pub fn quantile(d: &Distribution, p: f64) -> f64 {
    match *d {
        Distribution::Normal { mean, sd } => mean + sd * normal_quantile(p),
        Distribution::LogNormal { mu, sigma } => (mu + sigma * normal_quantile(p)).exp(),
        Distribution::Uniform { lo, hi } => lo + p * (hi - lo),
        Distribution::Triangular { lo, mode, hi } => {
            let width = hi - lo;
            if p * width <= mode - lo {
                lo + (p * width * (mode - lo)).sqrt()
            } else {
                hi - ((1.0 - p) * width * (hi - mode)).sqrt()
            }
        }
        Distribution::Beta { a, b, lo, hi } => lo + (hi - lo) * beta_quantile(a, b, p),
    }
}

/// The standard normal quantile, by Acklam's rational approximation
/// (relative error below 1.2e-9) and one Halley step on `erfc`.
#[allow(clippy::excessive_precision)] // coefficients as published
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // One Halley step on Phi(x) - p.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The complementary error function: the Chebyshev fit of Numerical Recipes
/// (3rd ed., `Erf::erfccheb`), about 1e-16 relative.
#[allow(clippy::excessive_precision)] // coefficients as published
fn erfc(x: f64) -> f64 {
    const COF: [f64; 28] = [
        -1.3026537197817094,
        6.419_697_923_564_902e-1,
        1.9476473204185836e-2,
        -9.561514786808631e-3,
        -9.46595344482036e-4,
        3.66839497852761e-4,
        4.2523324806907e-5,
        -2.0278578112534e-5,
        -1.624290004647e-6,
        1.303655835580e-6,
        1.5626441722e-8,
        -8.5238095915e-8,
        6.529054439e-9,
        5.059343495e-9,
        -9.91364156e-10,
        -2.27365122e-10,
        9.6467911e-11,
        2.394038e-12,
        -6.886027e-12,
        8.94487e-13,
        3.13092e-13,
        -1.12708e-13,
        3.81e-16,
        7.106e-15,
        -1.523e-15,
        -9.4e-17,
        1.21e-16,
        -2.8e-17,
    ];
    let z = x.abs();
    let t = 2.0 / (2.0 + z);
    let ty = 4.0 * t - 2.0;
    let (mut d, mut dd) = (0.0, 0.0);
    for &c in COF[1..].iter().rev() {
        let tmp = d;
        d = ty * d - dd + c;
        dd = tmp;
    }
    let value = t * (-z * z + 0.5 * (COF[0] + ty * d) - dd).exp();
    if x >= 0.0 {
        value
    } else {
        2.0 - value
    }
}

/// The `p` quantile of a standard beta(a, b), by bisection on the
/// regularized incomplete beta function (to machine precision).
pub fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if regularized_beta(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// `I_x(a, b)`, the regularized incomplete beta function (Numerical Recipes'
/// continued fraction, Lentz's method).
pub fn regularized_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// `ln Gamma(x)` for `x > 0` (Lanczos, g = 7, 9 terms; about 1e-15 relative).
#[allow(clippy::excessive_precision)] // coefficients as published
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.5203681218851,
        -1259.1392167224028,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507343278686905,
        -0.13857109526572012,
        9.984_369_578_019_572e-6,
        1.5056327351493116e-7,
    ];
    if x < 0.5 {
        // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + G + 0.5;
    let series = COEF[1..].iter().enumerate().fold(COEF[0], |acc, (i, c)| acc + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn normal_quantiles_match_tables() {
        close(normal_quantile(0.95), 1.6448536269514722, 1e-12);
        close(normal_quantile(0.05), -1.6448536269514722, 1e-12);
        close(normal_quantile(0.5), 0.0, 1e-15);
        close(normal_quantile(0.975), 1.959963984540054, 1e-12);
        close(normal_quantile(1e-6), -4.753424308822899, 1e-10);
        close(erfc(0.5), 0.4795001221869535, 1e-15);
        close(erfc(-1.0), 1.842700792949715, 1e-15);
    }

    #[test]
    fn bounded_quantiles_invert_their_distribution_functions() {
        let tri = Distribution::Triangular { lo: 1.0, mode: 2.0, hi: 3.0 };
        close(quantile(&tri, 0.5), 2.0, 1e-15);
        // F(x) = (x - 1)^2 / 2 below the mode: F(1 + sqrt(0.1)) = 0.05.
        close(quantile(&tri, 0.05), 1.0 + 0.1_f64.sqrt(), 1e-15);
        close(quantile(&tri, 0.95), 3.0 - 0.1_f64.sqrt(), 1e-15);
        let skewed = Distribution::Triangular { lo: 0.7, mode: 1.0, hi: 1.0 };
        close(quantile(&skewed, 0.95), 0.7 + (0.95 * 0.3 * 0.3_f64).sqrt(), 1e-15);
        close(quantile(&skewed, 0.05), 0.7 + (0.05 * 0.3 * 0.3_f64).sqrt(), 1e-15);
        close(quantile(&Distribution::Uniform { lo: 0.4, hi: 0.6 }, 0.05), 0.41, 1e-15);
        let ln = Distribution::LogNormal { mu: 0.0, sigma: 1.0 };
        close(quantile(&ln, 0.95), 1.6448536269514722_f64.exp(), 1e-12);
        // beta(2, 1): F(x) = x^2; beta(1, 3): F(x) = 1 - (1 - x)^3.
        close(beta_quantile(2.0, 1.0, 0.05), 0.05_f64.sqrt(), 1e-14);
        close(beta_quantile(1.0, 3.0, 0.95), 1.0 - 0.05_f64.powf(1.0 / 3.0), 1e-14);
        close(beta_quantile(2.5, 2.5, 0.5), 0.5, 1e-14);
        let beta = Distribution::Beta { a: 1.0, b: 1.0, lo: 2.0, hi: 4.0 };
        close(quantile(&beta, 0.05), 2.1, 1e-13);
        close(ln_gamma(5.0), 24.0_f64.ln(), 1e-13);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13);
    }
}
