//! The AVX2 build. Its values may only be made and used on a processor with
//! AVX2 and FMA: the kernel's AVX2 entry points are `unsafe` with that
//! contract and are called only after [`super::has_avx2_fma`].

use super::{Bits, Real};
use std::arch::x86_64::*;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

#[derive(Debug, Clone, Copy)]
pub struct Avx2(__m256d);

impl Default for Avx2 {
    /// All lanes 0.0 (the zero bit pattern; no instruction needed).
    fn default() -> Self {
        // SAFETY: every bit pattern of `__m256d` is a valid value.
        Avx2(unsafe { std::mem::zeroed() })
    }
}
#[derive(Debug, Clone, Copy)]
pub struct Avx2Bits(__m256i);
#[derive(Debug, Clone, Copy)]
pub struct Avx2Mask(__m256d);

// SAFETY (every `unsafe` block below): these types exist only inside the
// kernel's AVX2 build, which runs only on processors with AVX2; loads and
// stores check their slices' lengths first.
macro_rules! ops {
    ($ty:ident: $($trait:ident $method:ident $intrinsic:ident),*) => {
        $(impl $trait for $ty {
            type Output = $ty;
            #[inline(always)]
            fn $method(self, other: $ty) -> $ty {
                $ty(unsafe { $intrinsic(self.0, other.0) })
            }
        })*
    };
}
ops!(Avx2: Add add _mm256_add_pd, Sub sub _mm256_sub_pd, Mul mul _mm256_mul_pd, Div div _mm256_div_pd);
ops!(Avx2Mask: BitAnd bitand _mm256_and_pd, BitOr bitor _mm256_or_pd);
ops!(Avx2Bits: BitAnd bitand _mm256_and_si256, BitOr bitor _mm256_or_si256);

impl Neg for Avx2 {
    type Output = Avx2;
    /// Flips the sign bit, as `-x` does on one `f64`.
    #[inline(always)]
    fn neg(self) -> Avx2 {
        Avx2(unsafe { _mm256_xor_pd(self.0, _mm256_set1_pd(-0.0)) })
    }
}

impl Not for Avx2Mask {
    type Output = Avx2Mask;
    #[inline(always)]
    fn not(self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_xor_pd(self.0, _mm256_castsi256_pd(_mm256_set1_epi64x(-1))) })
    }
}

impl Real for Avx2 {
    type Mask = Avx2Mask;
    type Bits = Avx2Bits;
    const WIDTH: usize = 4;

    #[inline(always)]
    fn splat(x: f64) -> Self {
        Avx2(unsafe { _mm256_set1_pd(x) })
    }
    #[inline(always)]
    fn load(from: &[f64]) -> Self {
        assert!(from.len() >= 4);
        Avx2(unsafe { _mm256_loadu_pd(from.as_ptr()) })
    }
    #[inline(always)]
    fn store(self, to: &mut [f64]) {
        assert!(to.len() >= 4);
        unsafe { _mm256_storeu_pd(to.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx2(unsafe { _mm256_sqrt_pd(self.0) })
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Avx2(unsafe { _mm256_fmadd_pd(self.0, a.0, b.0) })
    }
    #[inline(always)]
    fn store_truncated(self, to: &mut [i32]) {
        let to = &mut to[..4];
        // SAFETY: `to` holds four i32 (checked by the slice above); the store is unaligned.
        unsafe { _mm_storeu_si128(to.as_mut_ptr().cast::<__m128i>(), _mm256_cvttpd_epi32(self.0)) }
    }
    #[inline(always)]
    fn any(mask: Avx2Mask) -> bool {
        unsafe { _mm256_movemask_pd(mask.0) != 0 }
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        Avx2(unsafe { _mm256_max_pd(self.0, other.0) })
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        Avx2(unsafe { _mm256_min_pd(self.0, other.0) })
    }
    #[inline(always)]
    fn lt(self, other: Self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_cmp_pd::<_CMP_LT_OQ>(self.0, other.0) })
    }
    #[inline(always)]
    fn le(self, other: Self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_cmp_pd::<_CMP_LE_OQ>(self.0, other.0) })
    }
    #[inline(always)]
    fn gt(self, other: Self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_cmp_pd::<_CMP_GT_OQ>(self.0, other.0) })
    }
    #[inline(always)]
    fn ge(self, other: Self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_cmp_pd::<_CMP_GE_OQ>(self.0, other.0) })
    }
    #[inline(always)]
    fn eq(self, other: Self) -> Avx2Mask {
        Avx2Mask(unsafe { _mm256_cmp_pd::<_CMP_EQ_OQ>(self.0, other.0) })
    }
    #[inline(always)]
    fn select(mask: Avx2Mask, a: Self, b: Self) -> Self {
        Avx2(unsafe { _mm256_blendv_pd(b.0, a.0, mask.0) })
    }
    #[inline(always)]
    fn to_bits(self) -> Avx2Bits {
        Avx2Bits(unsafe { _mm256_castpd_si256(self.0) })
    }
    #[inline(always)]
    fn from_bits(bits: Avx2Bits) -> Self {
        Avx2(unsafe { _mm256_castsi256_pd(bits.0) })
    }
}

impl Bits for Avx2Bits {
    type Mask = Avx2Mask;
    const WIDTH: usize = 4;

    #[inline(always)]
    fn splat(x: u64) -> Self {
        Avx2Bits(unsafe { _mm256_set1_epi64x(x as i64) })
    }
    #[inline(always)]
    fn load(from: &[u64]) -> Self {
        assert!(from.len() >= 4);
        Avx2Bits(unsafe { _mm256_loadu_si256(from.as_ptr().cast()) })
    }
    #[inline(always)]
    fn store(self, to: &mut [u64]) {
        assert!(to.len() >= 4);
        unsafe { _mm256_storeu_si256(to.as_mut_ptr().cast(), self.0) }
    }
    #[inline(always)]
    fn wrapping_add(self, other: Self) -> Self {
        Avx2Bits(unsafe { _mm256_add_epi64(self.0, other.0) })
    }
    #[inline(always)]
    fn wrapping_sub(self, other: Self) -> Self {
        Avx2Bits(unsafe { _mm256_sub_epi64(self.0, other.0) })
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        Avx2Bits(unsafe { _mm256_xor_si256(self.0, other.0) })
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        Avx2Bits(unsafe { _mm256_slli_epi64::<N>(self.0) })
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        Avx2Bits(unsafe { _mm256_srli_epi64::<N>(self.0) })
    }
    #[inline(always)]
    fn from_mask(mask: Avx2Mask) -> Self {
        Avx2Bits(unsafe { _mm256_castpd_si256(mask.0) })
    }
}
