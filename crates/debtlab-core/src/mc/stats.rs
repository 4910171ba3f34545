//! Per-step statistics that do not grow with the number of paths: sums for
//! means, and either exact values (when they fit) or a fixed-bin histogram
//! per (column, step) whose range comes from a pilot run.
//!
//! Layout: a "cell" is one (column, step) pair, index `column * steps + step`.

use super::lanes::LANES;
use crate::num::Real;

/// Bins per histogram. With the range set to the pilot's span widened by
/// [`RANGE_MARGIN`] on each side, a percentile's error is at most one bin width:
/// `(1 + 2 * RANGE_MARGIN) * pilot span / BINS`.
pub const BINS: usize = 2048;

/// Share of the pilot's span added on each side of the histogram range.
pub const RANGE_MARGIN: f64 = 0.25;

/// The percentile `q` (in percent) of `values`, by linear interpolation
/// between order statistics (numpy's default). Reorders `values`.
pub fn exact_percentile(values: &mut [f64], q: f64) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let position = q / 100.0 * (n - 1) as f64;
    let lower = position.floor() as usize;
    let fraction = position - lower as f64;
    let (_, &mut low, rest) = values.select_nth_unstable_by(lower, f64::total_cmp);
    if fraction == 0.0 || rest.is_empty() {
        return low;
    }
    let high = rest.iter().copied().fold(f64::INFINITY, f64::min);
    low + (high - low) * fraction
}

/// A histogram per cell over a fixed range, with counts of values below and
/// above it. Counts are integers, so merging in any order gives the same
/// result. A cell's counts are `STRIDE` slots: below the range, the
/// [`BINS`] bins, above the range (a `u32` each: a run has at most
/// `u32::MAX` paths).
#[derive(Debug, Clone, PartialEq)]
pub struct Sketch {
    low: Vec<f64>,
    /// Bins per unit of value.
    scale: Vec<f64>,
    counts: Vec<u32>,
}

/// Slots per cell: below, the bins, above.
pub(crate) const STRIDE: usize = BINS + 2;
// Slots are kept as `u16` between the kernel and the counts.
const _: () = assert!(STRIDE <= u16::MAX as usize);

/// A histogram slot of one value, `0..STRIDE`: only [`Sketch::slots`] makes
/// one (with a value in range), so counting it needs no bounds check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Slot(u16);

impl Slot {
    #[inline(always)]
    fn count(self, counts: &mut [u32; STRIDE]) {
        let slot = usize::from(self.0);
        debug_assert!(slot < STRIDE);
        // SAFETY: a `Slot` is below `STRIDE`: its one constructor, in
        // `Sketch::slots`, clamps it to `0..STRIDE`.
        unsafe { *counts.get_unchecked_mut(slot) += 1 }
    }
}

impl Sketch {
    /// Ranges from the pilot's minimum and maximum per cell.
    pub fn from_ranges(ranges: &[(f64, f64)]) -> Sketch {
        let mut low = Vec::with_capacity(ranges.len());
        let mut scale = Vec::with_capacity(ranges.len());
        for &(min, max) in ranges {
            let span = (max - min).max(min.abs().max(max.abs()) * 1e-9).max(1e-12);
            let lo = min - RANGE_MARGIN * span;
            low.push(lo);
            scale.push(BINS as f64 / (span * (1.0 + 2.0 * RANGE_MARGIN)));
        }
        Sketch { low, scale, counts: vec![0; ranges.len() * STRIDE] }
    }

    /// An empty sketch with the same ranges.
    pub fn empty_like(&self) -> Sketch {
        Sketch { low: self.low.clone(), scale: self.scale.clone(), counts: vec![0; self.counts.len()] }
    }

    /// The slot of `value` in `cell`: 0 below the range, `BINS + 1` above it.
    #[inline(always)]
    fn slot(low: f64, scale: f64, value: f64) -> usize {
        // Clamped to [-1, BINS] (NaN goes below), then shifted by one slot.
        let position = ((value - low) * scale).max(-1.0).min(BINS as f64) + 1.0;
        // Truncation of a value in [0, BINS + 1]: in range by the clamp.
        position as u32 as usize
    }

    #[inline]
    pub fn add(&mut self, cell: usize, value: f64) {
        self.counts[cell * STRIDE + Self::slot(self.low[cell], self.scale[cell], value)] += 1;
    }

    /// The slots of a lane group's values in `cell` (those of
    /// [`Sketch::add`]), `V::WIDTH` values at a time, for
    /// [`Sketch::count_slots`]: the kernel computes them while the values are
    /// in registers, and a batch of slots is an eighth of its values' size.
    #[inline(always)]
    pub(crate) fn slots<V: Real>(&self, cell: usize, values: &[f64; LANES], out: &mut [Slot]) {
        let (low, scale) = (V::splat(self.low[cell]), V::splat(self.scale[cell]));
        let mut slots = [0i32; LANES];
        for v in (0..LANES).step_by(V::WIDTH) {
            // As `slot`, with the shift by one before the clamp: a number in
            // [0, BINS + 1] (NaN gives 0), so truncation is its floor.
            let position = ((V::load(&values[v..]) - low) * scale + V::splat(1.0))
                .max(V::splat(0.0))
                .min(V::splat((BINS + 1) as f64));
            position.store_truncated(&mut slots[v..]);
        }
        for (out, slot) in out[..LANES].iter_mut().zip(slots) {
            // In [0, BINS + 1] by the clamp above (`Slot`'s invariant); the
            // `min` only makes that visible to the compiler, and costs nothing
            // once the conversion is packed.
            *out = Slot(slot.clamp(0, STRIDE as i32 - 1) as u16);
        }
    }

    /// Counts slots made by [`Sketch::slots`] into `cell`.
    #[inline(always)]
    pub(crate) fn count_slots(&mut self, cell: usize, slots: &[Slot]) {
        let counts: &mut [u32; STRIDE] =
            (&mut self.counts[cell * STRIDE..(cell + 1) * STRIDE]).try_into().expect("a cell's slots");
        // Four at a time: the loop's own bookkeeping is then a small share.
        let mut quads = slots.chunks_exact(4);
        for quad in &mut quads {
            for &slot in quad {
                slot.count(counts);
            }
        }
        for &slot in quads.remainder() {
            slot.count(counts);
        }
    }

    /// Asks the processor to bring `cell`'s counts into cache ahead of
    /// [`Sketch::count_slots`] (a hint: it changes no result).
    #[inline(always)]
    pub(crate) fn prefetch(&self, cell: usize) {
        #[cfg(target_arch = "x86_64")]
        for line in self.counts[cell * STRIDE..(cell + 1) * STRIDE].chunks(16) {
            // SAFETY: a prefetch reads nothing a program can see and cannot fault.
            unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(line.as_ptr().cast()) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = cell;
    }

    /// Whether `other` has this sketch's cells and ranges (so may be merged).
    pub fn same_shape(&self, other: &Sketch) -> bool {
        self.low == other.low && self.scale == other.scale && self.counts.len() == other.counts.len()
    }

    /// Each cell's lowest bin edge.
    pub(crate) fn lows(&self) -> &[f64] {
        &self.low
    }

    /// Each cell's bins per unit of value.
    pub(crate) fn scales(&self) -> &[f64] {
        &self.scale
    }

    /// An empty sketch with these bins (`lows` and `scales` of one length).
    pub(crate) fn from_lows_and_scales(low: Vec<f64>, scale: Vec<f64>) -> Sketch {
        let counts = vec![0; low.len() * STRIDE];
        Sketch { low, scale, counts }
    }

    /// The counts, `STRIDE` slots a cell.
    pub(crate) fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// The counts, to be filled from a part's bytes.
    pub(crate) fn counts_mut(&mut self) -> &mut [u32] {
        &mut self.counts
    }

    pub fn merge(&mut self, other: &Sketch) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Width of one bin of a cell: the bound on a percentile's error.
    pub fn bin_width(&self, cell: usize) -> f64 {
        1.0 / self.scale[cell]
    }

    /// The percentile `q` of a cell, and whether it fell outside the range
    /// (then the range's end is returned and the error bound does not hold).
    pub fn percentile(&self, cell: usize, q: f64) -> (f64, bool) {
        let slots = &self.counts[cell * STRIDE..(cell + 1) * STRIDE];
        let (below, bins) = (slots[0] as u64, &slots[1..=BINS]);
        let total = slots.iter().map(|&c| c as u64).sum::<u64>();
        let rank = q / 100.0 * (total.saturating_sub(1)) as f64;
        let width = self.bin_width(cell);
        if rank < below as f64 {
            return (self.low[cell], true);
        }
        let mut before = below as f64;
        for (b, &count) in bins.iter().enumerate() {
            let count = count as f64;
            if count > 0.0 && rank < before + count {
                let within = (rank - before + 0.5) / count;
                return (self.low[cell] + (b as f64 + within) * width, false);
            }
            before += count;
        }
        (self.low[cell] + BINS as f64 * width, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_percentiles_match_numpy_linear() {
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(exact_percentile(&mut v, 50.0), 5.5);
        assert!((exact_percentile(&mut v, 5.0) - 1.45).abs() < 1e-12);
        assert_eq!(exact_percentile(&mut v, 100.0), 10.0);
        assert_eq!(exact_percentile(&mut [3.0], 95.0), 3.0);
    }

    #[test]
    fn sketch_percentiles_are_within_a_bin_of_exact() {
        let values: Vec<f64> =
            (0..100_000).map(|i| ((i as f64) * 0.618_033_988_7).fract().powi(2) * 3.0 + 0.5).collect();
        let (min, max) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        let mut sketch = Sketch::from_ranges(&[(min, max)]);
        for &v in &values {
            sketch.add(0, v);
        }
        let mut sorted = values.clone();
        for q in [0.5, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.5] {
            let (approx, outside) = sketch.percentile(0, q);
            let exact = exact_percentile(&mut sorted, q);
            assert!(!outside);
            assert!((approx - exact).abs() <= sketch.bin_width(0), "q{q}: {approx} vs {exact}");
        }
    }

    /// The vector slots the kernel counts are the scalar `add`'s slots, for
    /// values in, at the edges of and outside the range, and for NaN and infinities.
    fn vector_slots_match_scalar<V: Real>() {
        let sketch = Sketch::from_ranges(&[(-0.5, 2.0)]);
        let (low, scale) = (sketch.low[0], sketch.scale[0]);
        let high = low + BINS as f64 / scale;
        let mut values = vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1e300, 1e300, low, high, 0.0, -0.0];
        values.extend([low - 1e-12, high - 1e-12, high + 1e-12, f64::MIN_POSITIVE, f64::MAX, f64::MIN]);
        values.extend((0..4000).map(|i| low - 1.0 + i as f64 * (high - low + 2.0) / 4000.0));
        values.extend((0..=BINS).map(|b| low + b as f64 / scale));
        for group in values.chunks(LANES) {
            let mut lanes = [0.0; LANES];
            lanes[..group.len()].copy_from_slice(group);
            let mut slots = [Slot::default(); LANES];
            sketch.slots::<V>(0, &lanes, &mut slots);
            for (&value, slot) in lanes.iter().zip(slots) {
                assert_eq!(usize::from(slot.0), Sketch::slot(low, scale, value), "value {value:e}");
            }
        }
    }

    #[test]
    fn vector_slots_are_the_scalar_slots() {
        use crate::num::{Pair, Portable};
        vector_slots_match_scalar::<Pair<Portable>>();
        #[cfg(target_arch = "x86_64")]
        if crate::mc::lanes::has_avx2_fma() {
            vector_slots_match_scalar::<Pair<crate::num::Avx2>>();
        }
    }

    #[test]
    fn values_outside_the_range_are_counted_not_lost() {
        let mut sketch = Sketch::from_ranges(&[(0.0, 1.0)]);
        for v in [-10.0, 0.5, 0.5, 0.5, 20.0] {
            sketch.add(0, v);
        }
        assert_eq!(sketch.percentile(0, 0.0), (-0.25, true));
        let (median, outside) = sketch.percentile(0, 50.0);
        assert!(!outside && (median - 0.5).abs() <= sketch.bin_width(0));
    }
}
