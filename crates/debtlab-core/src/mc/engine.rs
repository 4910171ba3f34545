//! One Monte Carlo path's randomness: its stream, its parameter draws and
//! its shock normals; and what varies across the paths of a run.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::model::{schedule, NonFinite, Unsolved};
use crate::num::math::{box_muller, xoshiro_next};
use crate::params::slots::{scalar_setter, Setter, Slot};
use crate::params::ModelParams;
use crate::params::Range;
use crate::uncertainty::{ShockSpec, UncertainParam};

/// The random stream of path `k` under `seed`. Each path has its own stream,
/// so a path's numbers do not depend on which thread runs it or in what order:
/// the stream is xoshiro256++ seeded (through SplitMix64, as `seed_from_u64`
/// does) with `splitmix64(seed) XOR k`, distinct for every `k` of one seed.
pub fn path_stream(seed: u64, path: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(splitmix64(seed) ^ path)
}

/// SplitMix64's output function: a bijective 64-bit mix.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How many times a draw outside its parameter's valid range is drawn again
/// before the path fails (a scenario's ranges make this practically never
/// happen: normals must keep 6 sd inside the valid range).
const MAX_REDRAWS: usize = 1000;

/// What varies across paths.
pub struct PathSpec<'a> {
    pub base: &'a ModelParams,
    /// The base scenario's scheduled values at steps `0..=T + 1`, and past
    /// the horizon under rational expectations ([`schedule::table`]).
    pub schedule: &'a [[f64; schedule::COUNT]],
    /// Drawn parameters (empty when draws are off).
    pub uncertain: &'a [UncertainParam],
    /// Per-step shocks (`None` when shocks are off or all zero).
    pub shocks: Option<ShockSpec>,
    pub seed: u64,
}

impl PathSpec<'_> {
    /// Rows per path, `T + 1`.
    pub fn steps(&self) -> usize {
        self.base.run.steps() + 1
    }

    /// The calendar year of step `t`.
    pub fn year(&self, t: usize) -> f64 {
        self.base.run.start_year + t as f64 * self.base.run.dt
    }
}

/// A path failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PathError {
    #[error("path {path}: {source}")]
    NonFinite { path: u64, source: NonFinite },
    #[error("path {path}: {source}")]
    Unsolved { path: u64, source: Unsolved },
    #[error("path {path}: could not draw `{name}` inside its valid range in {MAX_REDRAWS} tries")]
    Redraws { path: u64, name: String },
}

/// The drawn parameters of a scenario, each resolved once: its valid range
/// and how to set it.
pub struct ParamDraws {
    draws: Vec<Draw>,
}

struct Draw {
    range: Range,
    set: Apply,
}

enum Apply {
    Scalar(Setter),
    Other(Slot),
}

impl ParamDraws {
    pub fn new(uncertain: &[UncertainParam]) -> ParamDraws {
        let draws = uncertain
            .iter()
            .map(|u| {
                let set = match &u.slot {
                    Slot::Scalar(name) => scalar_setter(name).map_or(Apply::Other(u.slot.clone()), Apply::Scalar),
                    other => Apply::Other(other.clone()),
                };
                Draw { range: u.slot.range(), set }
            })
            .collect();
        ParamDraws { draws }
    }

    /// Draws path `k`'s parameters from `rng` into `params`, in the order of
    /// `uncertain` (a draw outside the valid range is drawn again). A drawn
    /// scheduled parameter becomes a constant for the path.
    pub fn apply(
        &self,
        uncertain: &[UncertainParam],
        k: u64,
        rng: &mut Xoshiro256PlusPlus,
        params: &mut ModelParams,
    ) -> Result<(), PathError> {
        for (u, draw) in uncertain.iter().zip(&self.draws) {
            let value = (0..MAX_REDRAWS)
                .map(|_| u.distribution.sample(rng))
                .find(|v| draw.range.contains(*v))
                .ok_or_else(|| PathError::Redraws { path: k, name: u.name.clone() })?;
            match &draw.set {
                Apply::Scalar(set) => set(params, value),
                Apply::Other(slot) => params.set_slot(slot, value),
            }
        }
        Ok(())
    }
}

/// A path's shock stream: xoshiro256++ seeded with the next four words of
/// the path's stream after its parameter draws, turned into standard normals
/// two at a time by [`box_muller`] (the second of a pair is kept for the next
/// normal). The lane kernel runs the same generator lane by lane, so the
/// reference path and the kernel see the same normals.
#[derive(Debug, Clone)]
pub struct ShockStream {
    state: [u64; 4],
    spare: Option<f64>,
}

impl ShockStream {
    pub fn after_draws(rng: &mut Xoshiro256PlusPlus) -> ShockStream {
        let mut state = [rng.next_u64(), rng.next_u64(), rng.next_u64(), rng.next_u64()];
        if state == [0; 4] {
            state[0] = 1; // xoshiro's one forbidden state
        }
        ShockStream { state, spare: None }
    }

    pub fn state(&self) -> [u64; 4] {
        self.state
    }

    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let [a, b, c, d] = &mut self.state;
        let first = xoshiro_next(a, b, c, d);
        let second = xoshiro_next(a, b, c, d);
        let (z0, z1) = box_muller(first, second);
        self.spare = Some(z1);
        z0
    }
}

/// One path at a time, as `f64`: the reference the lane groups are tested
/// against, and a way to read a single path's rows.
pub struct PathRunner<'a> {
    group: super::lanes::GroupRunner<'a, f64>,
}

impl<'a> PathRunner<'a> {
    pub fn new(spec: &'a PathSpec<'a>) -> Self {
        let every: Vec<crate::output::Column> = (0..crate::output::COLUMNS.len()).map(crate::output::Column).collect();
        PathRunner { group: super::lanes::GroupRunner::new(spec, &every) }
    }

    /// Runs path `k`, handing each row to `visit(step, row)`.
    pub fn run(&mut self, k: u64, mut visit: impl FnMut(usize, &crate::output::Row)) -> Result<(), PathError> {
        self.group.run(k, 1, |t, values, params| visit(t, &crate::output::Row::new(values, params)))
    }
}
