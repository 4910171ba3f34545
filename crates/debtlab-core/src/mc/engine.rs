//! One Monte Carlo path: its random stream, its parameter draws and its
//! shocks, run through the same step function as a deterministic run.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::lanes::math::{box_muller, xoshiro_next};
use crate::model::timeline::Timeline;
use crate::model::timeline::{scheduled_field, ScheduledField};
use crate::model::{self, NonFinite, Shocks, State};
use crate::output::Row;
use crate::params::slots::{scalar_setter, Effect, Setter, Slot};
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
    pub base_timeline: &'a Timeline,
    /// Drawn parameters (empty when draws are off).
    pub uncertain: &'a [UncertainParam],
    /// Per-step shocks (`None` when shocks are off or all zero).
    pub shocks: Option<ShockSpec>,
    pub seed: u64,
}

/// A path failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PathError {
    #[error("path {path}: {source}")]
    NonFinite { path: u64, source: NonFinite },
    #[error("path {path}: could not draw `{name}` inside its valid range in {MAX_REDRAWS} tries")]
    Redraws { path: u64, name: String },
}

/// The drawn parameters of a scenario, each resolved once: its valid range,
/// how to set it and what it changes.
pub struct ParamDraws {
    draws: Vec<Draw>,
}

/// A drawn parameter, resolved once: its valid range, how to set it and what
/// to recompute.
struct Draw {
    range: Range,
    set: Apply,
    scheduled: Option<ScheduledField>,
    rebuild: bool,
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
                let scheduled = if u.slot.effect() == Effect::Schedules { scheduled_field(&u.name) } else { None };
                let rebuild = u.slot.effect() == Effect::Timeline
                    || (u.slot.effect() == Effect::Schedules && scheduled.is_none());
                Draw { range: u.slot.range(), set, scheduled, rebuild }
            })
            .collect();
        ParamDraws { draws }
    }

    /// Draws path `k`'s parameters from `rng` into `params`, in the order of
    /// `uncertain` (a draw outside the valid range is drawn again), and
    /// returns each draw's timeline field (if it is a scheduled one) with its
    /// value through `scheduled`. Returns whether the time paths must be rebuilt.
    pub fn apply(
        &self,
        uncertain: &[UncertainParam],
        k: u64,
        rng: &mut Xoshiro256PlusPlus,
        params: &mut ModelParams,
        mut scheduled: impl FnMut(ScheduledField, f64),
    ) -> Result<bool, PathError> {
        let mut rebuild = false;
        for (u, draw) in uncertain.iter().zip(&self.draws) {
            let value = (0..MAX_REDRAWS)
                .map(|_| u.distribution.sample(rng))
                .find(|v| draw.range.contains(*v))
                .ok_or_else(|| PathError::Redraws { path: k, name: u.name.clone() })?;
            match &draw.set {
                Apply::Scalar(set) => set(params, value),
                Apply::Other(slot) => params.set_slot(slot, value),
            }
            if let Some(field) = draw.scheduled {
                scheduled(field, value);
            }
            rebuild |= draw.rebuild;
        }
        Ok(rebuild)
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

/// Per-thread scratch of the scalar reference path: the path's parameters
/// and timeline, reused across paths so that a path allocates nothing. The
/// Monte Carlo engine runs the lane kernel ([`super::lanes`]); this runner
/// is the reference it is tested against, and it names the variable of a
/// path that fails.
pub struct PathRunner<'a> {
    spec: &'a PathSpec<'a>,
    params: ModelParams,
    timeline: Timeline,
    draws: ParamDraws,
}

impl<'a> PathRunner<'a> {
    pub fn new(spec: &'a PathSpec<'a>) -> Self {
        let draws = ParamDraws::new(spec.uncertain);
        PathRunner { spec, params: spec.base.clone(), timeline: spec.base_timeline.clone(), draws }
    }

    /// Runs path `k`, handing each row to `visit(step, row)`.
    pub fn run(&mut self, k: u64, mut visit: impl FnMut(usize, &Row)) -> Result<(), PathError> {
        let mut rng = path_stream(self.spec.seed, k);
        let mut set_fields: [Option<(ScheduledField, f64)>; 12] = [None; 12];
        let mut count = 0;
        let rebuild = self.draws.apply(self.spec.uncertain, k, &mut rng, &mut self.params, |field, value| {
            if count < set_fields.len() {
                set_fields[count] = Some((field, value));
                count += 1;
            }
        })?;
        for (field, value) in set_fields.iter().flatten() {
            self.timeline.set_scheduled(&self.params, *field, *value);
        }
        if rebuild {
            self.timeline.rebuild_time_paths(&self.params);
        }
        let mut stream = ShockStream::after_draws(&mut rng);
        let p = &self.params;
        let sqrt_dt = p.run.dt.sqrt();
        let mut state = State::start(p);
        for (t, x) in self.timeline.steps.iter().enumerate() {
            // Step 0 is the start: shocks apply from step 1 on (so S_0 = 1 too).
            let shocks = match &self.spec.shocks {
                Some(spec) if t > 0 => {
                    let [eps_pi, eps_y, eps_tp, eps_z] = spec.draw(|| stream.normal(), sqrt_dt);
                    Shocks { eps_pi, eps_y, eps_tp, eps_z }
                }
                _ => Shocks::default(),
            };
            let row = model::step(p, &self.timeline.constants, x, &mut state, &shocks);
            if !(state.debt_public.is_finite()
                && state.price_level.is_finite()
                && state.rate_effective.is_finite()
                && row.debt_gdp.is_finite())
            {
                let (variable, value) = [
                    ("debt_public", state.debt_public),
                    ("price_level", state.price_level),
                    ("rate_effective", state.rate_effective),
                    ("debt_gdp", row.debt_gdp),
                ]
                .into_iter()
                .find(|(_, v)| !v.is_finite())
                .unwrap_or(("debt_public", state.debt_public));
                let source = NonFinite { step: t, year: x.year, variable, value };
                return Err(PathError::NonFinite { path: k, source });
            }
            visit(t, &row);
        }
        Ok(())
    }
}
