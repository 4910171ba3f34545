//! Branch-free `exp`, `ln`, sine and cosine, the xoshiro256++ generator and
//! Box-Muller normals, written once over [`Real`] so that the kernel runs
//! them four lanes at a time; the scalar versions (`exp`, `ln`,
//! `box_muller`) run the same code on one value, so the scalar reference
//! path reproduces the kernel's normals bit for bit.
//!
//! Accuracy (tested against the standard library): `exp` and `ln` within
//! 2 ulp on the ranges the model uses. The normals only need to be good
//! random numbers, so their `ln`, sine and cosine use shorter series: they
//! are Box-Muller transforms of 52-bit uniforms within `1e-13`.

use super::{Bits, Real};

/// `c[0] + x (c[1] + x (c[2] + ...))` by fused multiply-adds, written out so
/// that no loop is left inside a lane loop.
macro_rules! horner {
    ($x:expr, $v:ty, $c:expr, [$first:expr, $($rest:expr),+]) => {
        $x.mul_add(horner!($x, $v, $c, [$($rest),+]), <$v>::splat($c[$first]))
    };
    ($x:expr, $v:ty, $c:expr, [$last:expr]) => {
        <$v>::splat($c[$last])
    };
}

/// `c[0] + c[1] x + ... + c[11] x^11` by Estrin's scheme: pairs `c[i] + c[i+1] x`
/// combined with `x^2`, `x^4`, `x^8`, so that the chain of dependent
/// operations is 5 fused multiply-adds long instead of Horner's 11 (the
/// model's step waits on its `exp` and `ln`).
#[inline(always)]
fn estrin12<V: Real>(x: V, c: &[f64; 12]) -> V {
    let k = |i: usize| V::splat(c[i]);
    let x2 = x * x;
    let x4 = x2 * x2;
    let x8 = x4 * x4;
    let pair = |i: usize| x.mul_add(k(i + 1), k(i));
    let low = x2.mul_add(pair(2), pair(0));
    let middle = x2.mul_add(pair(6), pair(4));
    let high = x2.mul_add(pair(10), pair(8));
    x8.mul_add(high, x4.mul_add(middle, low))
}

/// `c[0] + c[1] x + ... + c[9] x^9`: the two leading terms by Horner (they
/// carry the value, so they keep its rounding small), the tail `c[2..10]` by
/// Estrin's scheme (see [`estrin12`]).
#[inline(always)]
fn series10<V: Real>(x: V, c: &[f64; 12]) -> V {
    let k = |i: usize| V::splat(c[i]);
    let x2 = x * x;
    let x4 = x2 * x2;
    let pair = |i: usize| x.mul_add(k(i + 1), k(i));
    let tail = x4.mul_add(x2.mul_add(pair(8), pair(6)), x2.mul_add(pair(4), pair(2)));
    x.mul_add(x.mul_add(tail, k(1)), k(0))
}

/// `1.5 * 2^52`: adding it rounds a double of magnitude below `2^51` to an
/// integer, which then sits in the low bits of the sum's representation.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// `ln 2` split so that `k * LN2_HI` is exact for `|k| < 2^20` (fdlibm's split).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// `1/n!` for `n = 2..=13`, the Taylor coefficients of `exp` on `|r| <= ln2 / 2`
/// (the first omitted term is below `4e-18`).
const EXP_TAYLOR: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// `exp(x)` in every lane. Results below `exp(-708)` are returned as 0
/// (the subnormal range is not kept; the model's exponents are a few units
/// at most); above `ln(f64::MAX)` the result is infinity, as is the
/// standard library's; NaN stays NaN.
#[inline(always)]
pub fn exp_v<V: Real>(x: V) -> V {
    // The model's exponents are well inside the range: then no clamp and no
    // special case is needed (the same bits as the general form below).
    let inside = x.ge(V::splat(-708.0)) & x.le(V::splat(709.79));
    if !V::any(!inside) {
        return exp_in_range(x);
    }
    let value = exp_in_range(x.clamp(-708.0, 709.79));
    let value = V::select(x.gt(V::splat(709.79)), V::splat(f64::INFINITY), value);
    let value = V::select(x.lt(V::splat(-708.0)), V::splat(0.0), value);
    // NaN compares false everywhere and comes out of the clamp as a number: restore it.
    V::select(x.eq(x), value, x)
}

/// `exp(x)` for `x` in `[-708, 709.79]`.
#[inline(always)]
fn exp_in_range<V: Real>(x: V) -> V {
    // x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2, k in [-1021, 1024].
    let shifted = x * V::splat(std::f64::consts::LOG2_E) + V::splat(SHIFT);
    let k_float = shifted - V::splat(SHIFT);
    let k = shifted.to_bits().wrapping_sub(V::Bits::splat(SHIFT.to_bits()));
    let r = (x - k_float * V::splat(LN2_HI)) - k_float * V::splat(LN2_LO);
    let tail = exp_tail(r);
    let one = V::splat(1.0);
    let poly = one + r * (one + r * tail);
    // 2^k as 2^(k-1) * 2, so that k = 1024 (just below overflow) has a scale too.
    let half_scale = V::from_bits(k.wrapping_add(V::Bits::splat(1022)).shl::<52>());
    poly * half_scale * V::splat(2.0)
}

/// The polynomial of [`exp_v`] on `|r| <= ln2 / 2`: `e^r = 1 + r (1 + r tail(r))`.
#[inline(always)]
fn exp_tail<V: Real>(r: V) -> V {
    estrin12(r, &EXP_TAYLOR)
}

/// `(e^x - 1) / x` in every lane, 1 at `x = 0`, without the cancellation of
/// `exp(x) - 1` near 0: on `|x| <= ln2 / 2` it is `1 + x tail(x)` from
/// [`exp_v`]'s own series (so `1 + x exprel(x)` is `exp(x)` there to
/// rounding), elsewhere `(exp(x) - 1) / x`.
#[inline(always)]
pub fn exprel_v<V: Real>(x: V) -> V {
    let one = V::splat(1.0);
    let magnitude = V::from_bits(x.to_bits() & V::Bits::splat(0x7fff_ffff_ffff_ffff));
    let small = magnitude.le(V::splat(0.5 * std::f64::consts::LN_2));
    let near = one + x * exp_tail(x);
    // Every lane is near 0 in practice (a rate times a step): skip the far form then.
    if !V::any(!small) {
        return near;
    }
    let far = (exp_v(x) - one) / x;
    V::select(small, near, far)
}

/// `2 / (2k + 1)` for `k = 0..=11`: `ln m = 2 atanh(s) = sum 2 s^(2k+1) / (2k+1)`
/// with `s = (m - 1) / (m + 1)`, `|s| <= 0.172`. [`ln_v`] takes ten terms
/// (the first omitted, `2 s^21 / 21`, is below `3e-17` relative: a fifth of
/// an ulp), the normals' `ln` eight.
const LN_SERIES: [f64; 12] = [
    2.0,
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
    2.0 / 15.0,
    2.0 / 17.0,
    2.0 / 19.0,
    2.0 / 21.0,
    2.0 / 23.0,
];

/// `ln(x)` in every lane: `-inf` at 0, NaN below 0 and for NaN, `inf` at `inf`.
#[inline(always)]
pub fn ln_v<V: Real>(x: V) -> V {
    // The model's arguments are positive normal numbers: then no special case
    // is needed (the same bits as the general form below).
    let normal = x.ge(V::splat(f64::MIN_POSITIVE)) & x.lt(V::splat(f64::INFINITY));
    if !V::any(!normal) {
        return ln_normal(x, V::Bits::splat(0));
    }
    // Subnormals are scaled by 2^54 first.
    let subnormal = x.lt(V::splat(f64::MIN_POSITIVE));
    let scaled = V::select(subnormal, x * V::splat(18_014_398_509_481_984.0), x);
    let value = ln_normal(scaled, V::Bits::from_mask(subnormal) & V::Bits::splat(54));
    let zero = V::splat(0.0);
    let value = V::select(x.eq(zero), V::splat(f64::NEG_INFINITY), value);
    let value = V::select(x.lt(zero) | !x.eq(x), V::splat(f64::NAN), value);
    V::select(x.eq(V::splat(f64::INFINITY)), x, value)
}

/// `ln(x 2^-scaled_by)` for a positive normal `x`.
#[inline(always)]
fn ln_normal<V: Real>(x: V, scaled_by: V::Bits) -> V {
    let bits = x.to_bits();
    let biased = bits.shr::<52>() & V::Bits::splat(0x7ff);
    let mantissa = V::from_bits((bits & V::Bits::splat(0x000f_ffff_ffff_ffff)) | V::Bits::splat(0x3ff0_0000_0000_0000));
    // m in [sqrt(1/2), sqrt(2)).
    let high = mantissa.gt(V::splat(std::f64::consts::SQRT_2));
    let m = V::select(high, mantissa * V::splat(0.5), mantissa);
    let exponent = biased
        .wrapping_sub(V::Bits::splat(1023))
        .wrapping_add(V::Bits::from_mask(high) & V::Bits::splat(1))
        .wrapping_sub(scaled_by);
    let e = V::from_bits(V::Bits::splat(SHIFT.to_bits()).wrapping_add(exponent)) - V::splat(SHIFT);
    let f = m - V::splat(1.0);
    let s = f / (V::splat(2.0) + f);
    let z = s * s;
    let series = series10(z, &LN_SERIES);
    e * V::splat(LN2_HI) + (s * series + e * V::splat(LN2_LO))
}

/// `(-1)^n x^(2n+1) / (2n+1)!` coefficients of `sin` and `(-1)^n x^(2n) / (2n)!`
/// of `cos` on `|x| <= pi/4`, through `x^13` and `x^14` (omitted terms
/// below `3e-14`: the normals need no more).
const SIN_TAYLOR: [f64; 6] =
    [-1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362_880.0, -1.0 / 39_916_800.0, 1.0 / 6_227_020_800.0];
const COS_TAYLOR: [f64; 7] = [
    -1.0 / 2.0,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
];

/// `(sin x, cos x)` for `|x| <= pi/4`.
#[inline(always)]
fn sin_cos_small<V: Real>(x: V) -> (V, V) {
    let z = x * x;
    let sin_tail = horner!(z, V, SIN_TAYLOR, [0, 1, 2, 3, 4, 5]);
    let cos_tail = horner!(z, V, COS_TAYLOR, [0, 1, 2, 3, 4, 5, 6]);
    (x + x * z * sin_tail, V::splat(1.0) + z * cos_tail)
}

/// `(sin 2 pi u, cos 2 pi u)` for `u` in `[0, 1)`: `u` is split into a
/// quarter turn `n / 4` and a remainder of at most an eighth of a turn.
#[inline(always)]
pub fn sin_cos_turns<V: Real>(u: V) -> (V, V) {
    let shifted = V::splat(4.0) * u + V::splat(SHIFT);
    let quarter = shifted.to_bits().wrapping_sub(V::Bits::splat(SHIFT.to_bits()));
    let remainder = u - (shifted - V::splat(SHIFT)) * V::splat(0.25);
    let (s, c) = sin_cos_small(remainder * V::splat(std::f64::consts::TAU));
    // Rotate by `quarter` quarter turns: swap on odd quarters, then signs.
    let one = V::Bits::splat(1);
    let odd = V::from_bits(quarter & one).eq(V::from_bits(one));
    let sin = V::select(odd, c, s);
    let cos = V::select(odd, s, c);
    let sin_sign = (quarter.shr::<1>() & one).shl::<63>();
    let cos_sign = (quarter.xor(quarter.shr::<1>()) & one).shl::<63>();
    (V::from_bits(sin.to_bits().xor(sin_sign)), V::from_bits(cos.to_bits().xor(cos_sign)))
}

/// A uniform in `[1, 2)` from the top 52 bits of `bits`.
#[inline(always)]
fn one_to_two<V: Real>(bits: V::Bits) -> V {
    V::from_bits(V::Bits::splat(0x3ff0_0000_0000_0000) | bits.shr::<12>())
}

/// `ln u` for `u` in `[2^-52, 1]` (Box-Muller's `u1`): [`ln_v`] without its
/// special cases, and its series cut after `s^15` (the first omitted term is
/// below `1e-14` relative).
#[inline(always)]
fn ln_unit_v<V: Real>(u: V) -> V {
    let bits = u.to_bits();
    let mantissa = V::from_bits((bits & V::Bits::splat(0x000f_ffff_ffff_ffff)) | V::Bits::splat(0x3ff0_0000_0000_0000));
    let high = mantissa.gt(V::splat(std::f64::consts::SQRT_2));
    let m = V::select(high, mantissa * V::splat(0.5), mantissa);
    // u is positive and normal: its exponent field is its biased exponent.
    let exponent =
        bits.shr::<52>().wrapping_sub(V::Bits::splat(1023)).wrapping_add(V::Bits::from_mask(high) & V::Bits::splat(1));
    let e = V::from_bits(V::Bits::splat(SHIFT.to_bits()).wrapping_add(exponent)) - V::splat(SHIFT);
    let f = m - V::splat(1.0);
    let s = f / (V::splat(2.0) + f);
    let series = horner!(s * s, V, LN_SERIES, [0, 1, 2, 3, 4, 5, 6, 7]);
    e * V::splat(LN2_HI) + (s * series + e * V::splat(LN2_LO))
}

/// Two independent standard normals per lane from two 64-bit random words,
/// by the Box-Muller transform of `u1` in `(0, 1]` and `u2` in `[0, 1)`:
/// `sqrt(-2 ln u1) (cos 2 pi u2, sin 2 pi u2)`.
#[inline(always)]
pub fn box_muller_v<V: Real>(a: V::Bits, b: V::Bits) -> (V, V) {
    let u1 = V::splat(2.0) - one_to_two::<V>(a);
    let u2 = one_to_two::<V>(b) - V::splat(1.0);
    let radius = (V::splat(-2.0) * ln_unit_v(u1)).sqrt();
    let (sin, cos) = sin_cos_turns(u2);
    (radius * cos, radius * sin)
}

/// [`box_muller_v`] on one pair of words.
pub fn box_muller(a: u64, b: u64) -> (f64, f64) {
    box_muller_v::<f64>(a, b)
}

/// One step of xoshiro256++ in every lane (Blackman and Vigna's reference
/// algorithm), returning its output.
#[inline(always)]
pub fn xoshiro_next_v<B: Bits>(s0: &mut B, s1: &mut B, s2: &mut B, s3: &mut B) -> B {
    let sum = s0.wrapping_add(*s3);
    let result = (sum.shl::<23>() | sum.shr::<41>()).wrapping_add(*s0);
    let t = s1.shl::<17>();
    *s2 = s2.xor(*s0);
    *s3 = s3.xor(*s1);
    *s1 = s1.xor(*s2);
    *s0 = s0.xor(*s3);
    *s2 = s2.xor(t);
    *s3 = s3.shl::<45>() | s3.shr::<19>();
    result
}

/// One step of xoshiro256++ on the state `(s0, s1, s2, s3)`, returning its
/// output (Blackman and Vigna's reference algorithm).
#[inline(always)]
pub fn xoshiro_next(s0: &mut u64, s1: &mut u64, s2: &mut u64, s3: &mut u64) -> u64 {
    let result = s0.wrapping_add(*s3).rotate_left(23).wrapping_add(*s0);
    let t = *s1 << 17;
    *s2 ^= *s0;
    *s3 ^= *s1;
    *s1 ^= *s2;
    *s0 ^= *s3;
    *s2 ^= t;
    *s3 = s3.rotate_left(45);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::{Portable, PortableBits};

    fn exp(x: f64) -> f64 {
        exp_v(x)
    }

    fn ln(x: f64) -> f64 {
        ln_v(x)
    }

    fn ulps(a: f64, b: f64) -> f64 {
        if a == b {
            return 0.0;
        }
        (a - b).abs() / (b.abs() * f64::EPSILON)
    }

    fn grid(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        (0..=n).map(move |i| lo + (hi - lo) * (i as f64 / n as f64) + 1e-7 * (i % 7) as f64)
    }

    #[test]
    fn exp_is_within_two_ulp_of_the_standard_library() {
        let mut worst: f64 = 0.0;
        let edges = grid(-708.0, -700.0, 1000).chain(grid(700.0, 709.78, 10_000));
        for x in
            grid(-700.0, 700.0, 200_000).chain(grid(-1.0, 1.0, 100_000)).chain(grid(-1e-6, 1e-6, 1000)).chain(edges)
        {
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert_eq!(exp(709.79), f64::INFINITY);
        assert!(worst <= 2.0, "worst {worst} ulp");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn ln_is_within_two_ulp_of_the_standard_library() {
        let mut worst: f64 = 0.0;
        for x in grid(1e-6, 10.0, 200_000).chain(grid(0.5, 2.0, 100_000)).chain(grid(1e10, 1e300, 10_000)) {
            worst = worst.max(ulps(ln(x), x.ln()));
        }
        for x in [f64::MIN_POSITIVE / 3.0, 5e-324, 1e-300, 1.0 - 1e-15, 1.0 + 1e-15] {
            worst = worst.max(ulps(ln(x), x.ln()));
        }
        assert!(worst <= 2.0, "worst {worst} ulp");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn exprel_is_accurate_near_zero_and_continuous_at_its_switch() {
        assert_eq!(exprel_v(0.0), 1.0);
        let mut worst: f64 = 0.0;
        for x in grid(-2.0, 2.0, 100_000).chain(grid(-1e-3, 1e-3, 10_000)) {
            if x == 0.0 {
                continue;
            }
            // expm1 from the standard library is accurate to an ulp near 0.
            let expected = x.exp_m1() / x;
            worst = worst.max(ulps(exprel_v(x), expected));
        }
        assert!(worst <= 4.0, "worst {worst} ulp");
        let edge = 0.5 * std::f64::consts::LN_2;
        let (below, above) = (exprel_v(edge), exprel_v(f64::from_bits(edge.to_bits() + 1)));
        assert!(ulps(below, above) <= 4.0, "{below} vs {above}");
    }

    #[test]
    fn one_value_and_every_lane_agree_bit_for_bit() {
        for x in grid(-30.0, 30.0, 5_000).chain([0.0, -0.0, 1e-300, f64::MIN_POSITIVE / 3.0, 709.0, -707.0]) {
            let lanes = Portable::splat(x);
            assert_eq!(exp_v(lanes).0[0].to_bits(), exp_v(x).to_bits(), "exp {x}");
            assert_eq!(exprel_v(lanes).0[0].to_bits(), exprel_v(x).to_bits(), "exprel {x}");
            if x > 0.0 {
                assert_eq!(ln_v(lanes).0[0].to_bits(), ln_v(x).to_bits(), "ln {x}");
            }
        }
    }

    #[test]
    fn sin_cos_of_turns_match_the_standard_library() {
        let mut worst: f64 = 0.0;
        for u in grid(0.0, 0.999_999, 100_000) {
            let (s, c) = sin_cos_turns(u);
            let angle = u * std::f64::consts::TAU;
            worst = worst.max((s - angle.sin()).abs()).max((c - angle.cos()).abs());
        }
        assert!(worst < 5e-14, "worst absolute error {worst}");
    }

    #[test]
    fn the_normals_ln_is_within_1e_13_on_the_unit_interval() {
        let ln_unit = |u: f64| ln_unit_v(u);
        let mut worst: f64 = 0.0;
        let edges = (0..=52).flat_map(|k| {
            let p = 2f64.powi(-k);
            [p, p * (1.0 + f64::EPSILON), p * std::f64::consts::SQRT_2]
        });
        for u in grid(1e-9, 1.0, 200_000).chain(grid(1e-15, 1e-9, 10_000)).chain(edges).filter(|u| *u <= 1.0) {
            worst = worst.max((ln_unit(u) - u.ln()).abs() / u.ln().abs().max(f64::MIN_POSITIVE));
        }
        assert_eq!(ln_unit(1.0), 0.0);
        assert!(worst < 1e-13, "worst relative error {worst}");
    }

    #[test]
    fn box_muller_normals_have_the_right_moments() {
        let (mut a, mut b, mut c, mut d) = (1u64, 2u64, 3u64, 4u64);
        let n = 400_000;
        let (mut sum, mut squares, mut fourth, mut beyond_2sd) = (0.0, 0.0, 0.0, 0usize);
        for _ in 0..n / 2 {
            let x = xoshiro_next(&mut a, &mut b, &mut c, &mut d);
            let y = xoshiro_next(&mut a, &mut b, &mut c, &mut d);
            let (z0, z1) = box_muller(x, y);
            for z in [z0, z1] {
                sum += z;
                squares += z * z;
                fourth += z.powi(4);
                beyond_2sd += usize::from(z.abs() > 1.959_963_984_540_054);
            }
        }
        let nf = n as f64;
        assert!((sum / nf).abs() < 0.01, "mean {}", sum / nf);
        assert!((squares / nf - 1.0).abs() < 0.01, "variance {}", squares / nf);
        assert!((fourth / nf - 3.0).abs() < 0.05, "fourth moment {}", fourth / nf);
        assert!((beyond_2sd as f64 / nf - 0.05).abs() < 0.002, "tails {}", beyond_2sd as f64 / nf);
    }

    #[test]
    fn the_lane_generator_matches_the_scalar_one() {
        let mut lanes = [[1u64, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15], [4, 8, 12, 16]].map(PortableBits);
        let mut scalar = [[1u64, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
        for _ in 0..100 {
            let [s0, s1, s2, s3] = &mut lanes;
            let out = xoshiro_next_v(s0, s1, s2, s3);
            for (lane, [a, b, c, d]) in scalar.iter_mut().enumerate() {
                assert_eq!(out.0[lane], xoshiro_next(a, b, c, d));
            }
        }
    }

    #[test]
    fn xoshiro_matches_the_reference_crate() {
        use rand::{Rng, SeedableRng};
        let mut reference = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(42);
        // The crate seeds the state with four SplitMix64 outputs.
        let state: [u64; 4] = {
            let mut s = [0u64; 4];
            let mut sm = 42u64;
            for slot in &mut s {
                sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
                *slot = crate::mc::engine::splitmix64(sm.wrapping_sub(0x9E37_79B9_7F4A_7C15));
            }
            s
        };
        let [mut a, mut b, mut c, mut d] = state;
        for _ in 0..1000 {
            let ours = xoshiro_next(&mut a, &mut b, &mut c, &mut d);
            assert_eq!(ours, reference.next_u64());
        }
    }
}
