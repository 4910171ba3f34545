//! The portable vector build ([`Portable`], four plain `f64`, any
//! processor) and [`Pair`], two vectors side by side.

use super::{Bits, Real};
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

/// The portable build: four `f64`, lane by lane.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Portable(pub [f64; 4]);

/// The portable build's bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortableBits(pub [u64; 4]);

/// The portable build's mask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortableMask(pub [bool; 4]);

macro_rules! lanewise {
    ($a:expr, |$x:ident| $e:expr) => {{
        let a = $a;
        [
            {
                let $x = a[0];
                $e
            },
            {
                let $x = a[1];
                $e
            },
            {
                let $x = a[2];
                $e
            },
            {
                let $x = a[3];
                $e
            },
        ]
    }};
    ($a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
        let (a, b) = ($a, $b);
        [
            {
                let ($x, $y) = (a[0], b[0]);
                $e
            },
            {
                let ($x, $y) = (a[1], b[1]);
                $e
            },
            {
                let ($x, $y) = (a[2], b[2]);
                $e
            },
            {
                let ($x, $y) = (a[3], b[3]);
                $e
            },
        ]
    }};
}

macro_rules! binary_ops {
    ($ty:ident: $($trait:ident $method:ident $op:tt),*) => {
        $(impl $trait for $ty {
            type Output = $ty;
            #[inline(always)]
            fn $method(self, other: $ty) -> $ty {
                $ty(lanewise!(self.0, other.0, |a, b| a $op b))
            }
        })*
    };
}

binary_ops!(Portable: Add add +, Sub sub -, Mul mul *, Div div /);
binary_ops!(PortableBits: BitAnd bitand &, BitOr bitor |);
binary_ops!(PortableMask: BitAnd bitand &, BitOr bitor |);

impl Neg for Portable {
    type Output = Portable;
    #[inline(always)]
    fn neg(self) -> Portable {
        Portable(lanewise!(self.0, |a| -a))
    }
}

impl Not for PortableMask {
    type Output = PortableMask;
    #[inline(always)]
    fn not(self) -> PortableMask {
        PortableMask(lanewise!(self.0, |a| !a))
    }
}

impl Real for Portable {
    type Mask = PortableMask;
    type Bits = PortableBits;
    const WIDTH: usize = 4;

    #[inline(always)]
    fn splat(x: f64) -> Self {
        Portable([x; 4])
    }
    #[inline(always)]
    fn load(from: &[f64]) -> Self {
        Portable([from[0], from[1], from[2], from[3]])
    }
    #[inline(always)]
    fn store(self, to: &mut [f64]) {
        to[..4].copy_from_slice(&self.0);
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Portable(lanewise!(self.0, |a| a.sqrt()))
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Portable([0, 1, 2, 3].map(|i| self.0[i].mul_add(a.0[i], b.0[i])))
    }
    #[inline(always)]
    fn store_truncated(self, to: &mut [i32]) {
        for (to, x) in to[..4].iter_mut().zip(self.0) {
            *to = x as i32;
        }
    }
    #[inline(always)]
    fn any(mask: PortableMask) -> bool {
        mask.0.iter().any(|&m| m)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        Portable(lanewise!(self.0, other.0, |a, b| if a > b { a } else { b }))
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        Portable(lanewise!(self.0, other.0, |a, b| if a < b { a } else { b }))
    }
    #[inline(always)]
    fn lt(self, other: Self) -> PortableMask {
        PortableMask(lanewise!(self.0, other.0, |a, b| a < b))
    }
    #[inline(always)]
    fn le(self, other: Self) -> PortableMask {
        PortableMask(lanewise!(self.0, other.0, |a, b| a <= b))
    }
    #[inline(always)]
    fn gt(self, other: Self) -> PortableMask {
        PortableMask(lanewise!(self.0, other.0, |a, b| a > b))
    }
    #[inline(always)]
    fn ge(self, other: Self) -> PortableMask {
        PortableMask(lanewise!(self.0, other.0, |a, b| a >= b))
    }
    #[inline(always)]
    fn eq(self, other: Self) -> PortableMask {
        PortableMask(lanewise!(self.0, other.0, |a, b| a == b))
    }
    #[inline(always)]
    fn select(mask: PortableMask, a: Self, b: Self) -> Self {
        Portable([0, 1, 2, 3].map(|i| if mask.0[i] { a.0[i] } else { b.0[i] }))
    }
    #[inline(always)]
    fn to_bits(self) -> PortableBits {
        PortableBits(lanewise!(self.0, |a| a.to_bits()))
    }
    #[inline(always)]
    fn from_bits(bits: PortableBits) -> Self {
        Portable(lanewise!(bits.0, |a| f64::from_bits(a)))
    }
}

impl Bits for PortableBits {
    type Mask = PortableMask;
    const WIDTH: usize = 4;

    #[inline(always)]
    fn splat(x: u64) -> Self {
        PortableBits([x; 4])
    }
    #[inline(always)]
    fn load(from: &[u64]) -> Self {
        PortableBits([from[0], from[1], from[2], from[3]])
    }
    #[inline(always)]
    fn store(self, to: &mut [u64]) {
        to[..4].copy_from_slice(&self.0);
    }
    #[inline(always)]
    fn wrapping_add(self, other: Self) -> Self {
        PortableBits(lanewise!(self.0, other.0, |a, b| a.wrapping_add(b)))
    }
    #[inline(always)]
    fn wrapping_sub(self, other: Self) -> Self {
        PortableBits(lanewise!(self.0, other.0, |a, b| a.wrapping_sub(b)))
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        PortableBits(lanewise!(self.0, other.0, |a, b| a ^ b))
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        PortableBits(lanewise!(self.0, |a| a << N))
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        PortableBits(lanewise!(self.0, |a| a >> N))
    }
    #[inline(always)]
    fn from_mask(mask: PortableMask) -> Self {
        PortableBits(lanewise!(mask.0, |a| if a { u64::MAX } else { 0 }))
    }
}

/// Two values side by side: every operation is two independent ones, which
/// the processor overlaps (the model's step is one long chain of dependent
/// operations, so a single vector leaves most of the core idle).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pair<V>(pub V, pub V);

macro_rules! pair_ops {
    ($($trait:ident $method:ident),*) => {
        $(impl<V: $trait<Output = V>> $trait for Pair<V> {
            type Output = Pair<V>;
            #[inline(always)]
            fn $method(self, other: Pair<V>) -> Pair<V> {
                Pair(self.0.$method(other.0), self.1.$method(other.1))
            }
        })*
    };
}
pair_ops!(Add add, Sub sub, Mul mul, Div div, BitAnd bitand, BitOr bitor);

impl<V: Neg<Output = V>> Neg for Pair<V> {
    type Output = Pair<V>;
    #[inline(always)]
    fn neg(self) -> Pair<V> {
        Pair(-self.0, -self.1)
    }
}

impl<V: Not<Output = V>> Not for Pair<V> {
    type Output = Pair<V>;
    #[inline(always)]
    fn not(self) -> Pair<V> {
        Pair(!self.0, !self.1)
    }
}

impl<V: Real> Real for Pair<V> {
    type Mask = Pair<V::Mask>;
    type Bits = Pair<V::Bits>;
    const WIDTH: usize = 2 * V::WIDTH;

    #[inline(always)]
    fn splat(x: f64) -> Self {
        Pair(V::splat(x), V::splat(x))
    }
    #[inline(always)]
    fn load(from: &[f64]) -> Self {
        Pair(V::load(from), V::load(&from[V::WIDTH..]))
    }
    #[inline(always)]
    fn store(self, to: &mut [f64]) {
        self.0.store(to);
        self.1.store(&mut to[V::WIDTH..]);
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Pair(self.0.sqrt(), self.1.sqrt())
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Pair(self.0.mul_add(a.0, b.0), self.1.mul_add(a.1, b.1))
    }
    #[inline(always)]
    fn store_truncated(self, to: &mut [i32]) {
        self.0.store_truncated(&mut to[..V::WIDTH]);
        self.1.store_truncated(&mut to[V::WIDTH..2 * V::WIDTH]);
    }
    #[inline(always)]
    fn any(mask: Self::Mask) -> bool {
        V::any(mask.0) || V::any(mask.1)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        Pair(self.0.max(other.0), self.1.max(other.1))
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        Pair(self.0.min(other.0), self.1.min(other.1))
    }
    #[inline(always)]
    fn lt(self, other: Self) -> Self::Mask {
        Pair(self.0.lt(other.0), self.1.lt(other.1))
    }
    #[inline(always)]
    fn le(self, other: Self) -> Self::Mask {
        Pair(self.0.le(other.0), self.1.le(other.1))
    }
    #[inline(always)]
    fn gt(self, other: Self) -> Self::Mask {
        Pair(self.0.gt(other.0), self.1.gt(other.1))
    }
    #[inline(always)]
    fn ge(self, other: Self) -> Self::Mask {
        Pair(self.0.ge(other.0), self.1.ge(other.1))
    }
    #[inline(always)]
    fn eq(self, other: Self) -> Self::Mask {
        Pair(self.0.eq(other.0), self.1.eq(other.1))
    }
    #[inline(always)]
    fn select(mask: Self::Mask, a: Self, b: Self) -> Self {
        Pair(V::select(mask.0, a.0, b.0), V::select(mask.1, a.1, b.1))
    }
    #[inline(always)]
    fn to_bits(self) -> Self::Bits {
        Pair(self.0.to_bits(), self.1.to_bits())
    }
    #[inline(always)]
    fn from_bits(bits: Self::Bits) -> Self {
        Pair(V::from_bits(bits.0), V::from_bits(bits.1))
    }
}

impl<B: Bits> Bits for Pair<B> {
    type Mask = Pair<B::Mask>;
    const WIDTH: usize = 2 * B::WIDTH;

    #[inline(always)]
    fn splat(x: u64) -> Self {
        Pair(B::splat(x), B::splat(x))
    }
    #[inline(always)]
    fn load(from: &[u64]) -> Self {
        Pair(B::load(from), B::load(&from[B::WIDTH..]))
    }
    #[inline(always)]
    fn store(self, to: &mut [u64]) {
        self.0.store(to);
        self.1.store(&mut to[B::WIDTH..]);
    }
    #[inline(always)]
    fn wrapping_add(self, other: Self) -> Self {
        Pair(self.0.wrapping_add(other.0), self.1.wrapping_add(other.1))
    }
    #[inline(always)]
    fn wrapping_sub(self, other: Self) -> Self {
        Pair(self.0.wrapping_sub(other.0), self.1.wrapping_sub(other.1))
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        Pair(self.0.xor(other.0), self.1.xor(other.1))
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        Pair(self.0.shl::<N>(), self.1.shl::<N>())
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        Pair(self.0.shr::<N>(), self.1.shr::<N>())
    }
    #[inline(always)]
    fn from_mask(mask: Self::Mask) -> Self {
        Pair(B::from_mask(mask.0), B::from_mask(mask.1))
    }
}
