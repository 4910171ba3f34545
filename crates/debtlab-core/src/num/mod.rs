//! The numbers the model computes with. Each block of the model is written
//! once, generic over [`Real`]: a deterministic run uses `f64`, and the Monte
//! Carlo kernel a vector of eight lanes ([`Pair`] of [`Avx2`] on a processor
//! with AVX2, of [`Portable`] elsewhere), so that the same equations serve
//! one path and eight.
//!
//! Every operation is an IEEE operation on each lane (the polynomials use
//! fused multiply-adds, which IEEE defines with one rounding, in every build
//! alike), and `exp`, `ln` and `exprel` are the same branch-free code
//! ([`math`]) on one value or on a vector: so a lane gives the bits of the
//! `f64` run of the same path, on any processor (tests check it). The
//! vector build [`Avx2`] needs AVX2 and FMA ([`has_avx2_fma`]).
//!
//! `min` and `max` follow the x86 instructions: `a.max(b)` is `if a > b { a }
//! else { b }` (so a NaN in `a` gives `b`); the model's values are finite
//! wherever these are used, and a path that is not is reported as an error.

#[cfg(target_arch = "x86_64")]
mod avx2;
pub mod math;
mod portable;

#[cfg(target_arch = "x86_64")]
pub use avx2::Avx2;
pub use portable::{Pair, Portable, PortableBits};

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

/// Whether this processor runs the [`Avx2`] build (AVX2 and FMA).
pub fn has_avx2_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// A number the model computes with: one `f64`, or a vector of
/// [`Real::WIDTH`] lanes. Every operation is an IEEE operation on each lane.
pub trait Real:
    Copy + Default + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> + Neg<Output = Self>
{
    type Mask: Copy + BitAnd<Output = Self::Mask> + BitOr<Output = Self::Mask> + Not<Output = Self::Mask>;
    type Bits: Bits<Mask = Self::Mask>;
    /// Lanes per value.
    const WIDTH: usize;

    fn splat(x: f64) -> Self;
    fn load(from: &[f64]) -> Self;
    fn store(self, to: &mut [f64]);
    fn sqrt(self) -> Self;
    /// `self * a + b` with one rounding (IEEE fused multiply-add), the same
    /// bits in every build; the polynomials of [`math`] use it.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Whether any lane of the mask is set.
    fn any(mask: Self::Mask) -> bool;
    fn max(self, other: Self) -> Self;
    fn min(self, other: Self) -> Self;
    fn lt(self, other: Self) -> Self::Mask;
    fn le(self, other: Self) -> Self::Mask;
    fn gt(self, other: Self) -> Self::Mask;
    fn ge(self, other: Self) -> Self::Mask;
    fn eq(self, other: Self) -> Self::Mask;
    /// `if mask { a } else { b }`, lane by lane.
    fn select(mask: Self::Mask, a: Self, b: Self) -> Self;
    fn to_bits(self) -> Self::Bits;
    fn from_bits(bits: Self::Bits) -> Self;
    /// Each lane truncated toward zero into `to[..WIDTH]`. Lanes must be
    /// numbers within the `i32` range (the builds differ outside it).
    fn store_truncated(self, to: &mut [i32]);

    #[inline(always)]
    fn clamp(self, lo: f64, hi: f64) -> Self {
        self.min(Self::splat(hi)).max(Self::splat(lo))
    }

    /// `e^x` (see [`math::exp_v`]).
    #[inline(always)]
    fn exp(self) -> Self {
        math::exp_v(self)
    }

    /// `ln x` (see [`math::ln_v`]).
    #[inline(always)]
    fn ln(self) -> Self {
        math::ln_v(self)
    }

    /// `(e^x - 1) / x`, 1 at `x = 0` (see [`math::exprel_v`]).
    #[inline(always)]
    fn exprel(self) -> Self {
        math::exprel_v(self)
    }

    /// Lanes whose value is finite (not infinite, not NaN).
    #[inline(always)]
    fn is_finite(self) -> Self::Mask {
        let magnitude = Self::from_bits(self.to_bits() & Self::Bits::splat(0x7fff_ffff_ffff_ffff));
        magnitude.lt(Self::splat(f64::INFINITY))
    }
}

/// The bits of a [`Real`], as `u64` lanes.
pub trait Bits: Copy + BitAnd<Output = Self> + BitOr<Output = Self> {
    type Mask;
    /// Lanes per value.
    const WIDTH: usize;
    fn splat(x: u64) -> Self;
    fn load(from: &[u64]) -> Self;
    fn store(self, to: &mut [u64]);
    fn wrapping_add(self, other: Self) -> Self;
    fn wrapping_sub(self, other: Self) -> Self;
    fn xor(self, other: Self) -> Self;
    fn shl<const N: i32>(self) -> Self;
    fn shr<const N: i32>(self) -> Self;
    /// All ones where the mask is set, zero elsewhere.
    fn from_mask(mask: Self::Mask) -> Self;
}

/// One value: the model's deterministic run. `max` and `min` follow the
/// vector builds (not `f64::max`), so a lane and this agree on every input.
impl Real for f64 {
    type Mask = bool;
    type Bits = u64;
    const WIDTH: usize = 1;

    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn load(from: &[f64]) -> Self {
        from[0]
    }
    #[inline(always)]
    fn store(self, to: &mut [f64]) {
        to[0] = self;
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f64::mul_add(self, a, b)
    }
    #[inline(always)]
    fn store_truncated(self, to: &mut [i32]) {
        to[0] = self as i32;
    }
    #[inline(always)]
    fn any(mask: bool) -> bool {
        mask
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        if self > other {
            self
        } else {
            other
        }
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        if self < other {
            self
        } else {
            other
        }
    }
    #[inline(always)]
    fn lt(self, other: Self) -> bool {
        self < other
    }
    #[inline(always)]
    fn le(self, other: Self) -> bool {
        self <= other
    }
    #[inline(always)]
    fn gt(self, other: Self) -> bool {
        self > other
    }
    #[inline(always)]
    fn ge(self, other: Self) -> bool {
        self >= other
    }
    #[inline(always)]
    fn eq(self, other: Self) -> bool {
        self == other
    }
    #[inline(always)]
    fn select(mask: bool, a: Self, b: Self) -> Self {
        if mask {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn to_bits(self) -> u64 {
        f64::to_bits(self)
    }
    #[inline(always)]
    fn from_bits(bits: u64) -> Self {
        f64::from_bits(bits)
    }
}

impl Bits for u64 {
    type Mask = bool;
    const WIDTH: usize = 1;

    #[inline(always)]
    fn splat(x: u64) -> Self {
        x
    }
    #[inline(always)]
    fn load(from: &[u64]) -> Self {
        from[0]
    }
    #[inline(always)]
    fn store(self, to: &mut [u64]) {
        to[0] = self;
    }
    #[inline(always)]
    fn wrapping_add(self, other: Self) -> Self {
        u64::wrapping_add(self, other)
    }
    #[inline(always)]
    fn wrapping_sub(self, other: Self) -> Self {
        u64::wrapping_sub(self, other)
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        self ^ other
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        self << N
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        self >> N
    }
    #[inline(always)]
    fn from_mask(mask: bool) -> Self {
        if mask {
            u64::MAX
        } else {
            0
        }
    }
}
