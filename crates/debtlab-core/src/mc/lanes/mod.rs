//! Running a group of paths through [`crate::model::step`]: [`LANES`] paths
//! at a time with a lane vector, or one path with `f64` (the reference a
//! failing lane is named by). The group's number type is the only difference:
//! the equations, the draws and the shocks are the same code.
//!
//! A group of lanes is paths `k..k + LANES` (a short last group repeats its
//! last path in the spare lanes, whose results are dropped). Each lane does
//! exactly what the one-path run does for its path: the same parameter draws
//! from the same stream, the same shock normals and the same equations, so a
//! lane's values are the one-path run's bits (a test checks every preset).
//!
//! Results do not depend on how paths are grouped into threads: lanes never
//! mix, and each path's numbers come from its own stream.

#[cfg(test)]
mod tests;

use super::engine::{path_stream, ParamDraws, PathError, PathSpec, ShockStream};
use crate::model::path::PathParams;
use crate::model::rational::{Schedules, Solver};
use crate::model::schedule::{self, Sched};
use crate::model::{self, Clock, Foresight, NonFinite, Shocks, State, Values};
use crate::num::math::{box_muller_v, xoshiro_next_v};
use crate::num::{Bits, Real};
use crate::output::{Column, Row, COLUMNS};
use crate::params::ModelParams;
use crate::uncertainty::{recession, OUTLAYS, PB, SHOCK_COUNT, SHOCK_INPUTS};

/// Paths per group.
pub const LANES: usize = 8;
/// One value per lane.
pub type Lane = [f64; LANES];

/// The shock streams of a group, one xoshiro256++ state per lane.
#[derive(Debug, Clone, Default)]
struct LaneStreams {
    s0: [u64; LANES],
    s1: [u64; LANES],
    s2: [u64; LANES],
    s3: [u64; LANES],
    /// The second normal of the last pair, per lane.
    spare: Lane,
    has_spare: bool,
}

impl LaneStreams {
    fn seed(&mut self, lane: usize, state: [u64; 4]) {
        [self.s0[lane], self.s1[lane], self.s2[lane], self.s3[lane]] = state;
    }

    /// The next standard normal of every lane (as [`ShockStream::normal`]).
    #[inline(always)]
    fn normal<V: Real>(&mut self) -> V {
        if self.has_spare {
            self.has_spare = false;
            return V::load(&self.spare);
        }
        let load = |s: &[u64; LANES]| V::Bits::load(s);
        let (mut a, mut b, mut c, mut d) = (load(&self.s0), load(&self.s1), load(&self.s2), load(&self.s3));
        let first = xoshiro_next_v(&mut a, &mut b, &mut c, &mut d);
        let second = xoshiro_next_v(&mut a, &mut b, &mut c, &mut d);
        a.store(&mut self.s0);
        b.store(&mut self.s1);
        c.store(&mut self.s2);
        d.store(&mut self.s3);
        let (z0, z1) = box_muller_v::<V>(first, second);
        z1.store(&mut self.spare);
        self.has_spare = true;
        z0
    }
}

pub use crate::num::has_avx2_fma;

/// The recession chain of a run: thresholds ([`recession::RecessionSpec::thresholds`])
/// and what a step in recession adds to the shocks.
#[derive(Debug, Clone, Copy)]
struct Recession {
    enter: f64,
    leave: f64,
    /// `depth dt`, added to `eps_y`.
    demand: f64,
    revenue: f64,
    spending: f64,
}

/// Per-thread scratch for running groups of `V::WIDTH` paths; allocates
/// nothing per group once its buffers have the run's size.
pub struct GroupRunner<'a, V> {
    spec: &'a PathSpec<'a>,
    draws: ParamDraws,
    /// Each lane's parameters after its draws.
    paths: Vec<ModelParams>,
    params: PathParams<V>,
    state: State<V>,
    streams: LaneStreams,
    /// Every step's shocks of the current group, `[shock][lane]` (zero at step 0).
    eps: Vec<[Lane; SHOCK_INPUTS]>,
    /// Which scheduled parameters are drawn, and their per-lane constants.
    drawn: [bool; schedule::COUNT],
    /// Which change from step to step (given as schedules and not drawn).
    vary: [bool; schedule::COUNT],
    drawn_values: [Lane; schedule::COUNT],
    needed: [bool; SHOCK_COUNT],
    /// `sd_i sqrt(dt)` of every shock, and the Cholesky factor.
    scale: [f64; SHOCK_COUNT],
    cholesky: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
    /// The carry of each persistent shock ([`crate::uncertainty::ShockSpec::step_constants`]),
    /// and each lane's current deviation of it.
    carry: [Option<f64>; SHOCK_COUNT],
    deviation: [Lane; SHOCK_COUNT],
    /// `eps_pi`'s factor as the step reads it: `dt` when a persistent
    /// inflation deviation shocks the log of velocity (rule `money`), else 1.
    pi_factor: f64,
    /// The recession chain's thresholds and effects, when it runs, and each lane's state.
    recession: Option<Recession>,
    in_recession: Lane,
    /// Whether the money stock is wanted (see [`Clock::money`]).
    money: bool,
    /// Rational expectations' solver (MODEL.md 3.10), and the iterations
    /// each real lane of the last group took.
    solver: Solver,
    pub iterations: [usize; LANES],
    /// The solves of every real lane this runner has run.
    pub solved: super::job::Iterations,
    /// The current step's scheduled values, values, and each lane's first
    /// non-finite step (`usize::MAX` while it has none).
    x: Sched<V>,
    values: Values<V>,
    failed: [usize; LANES],
}

impl<'a, V: Kernel> GroupRunner<'a, V> {
    /// A runner whose values will be read for `columns` (the money stock is
    /// carried only when one of them needs it).
    pub fn new(spec: &'a PathSpec<'a>, columns: &[Column]) -> Self {
        assert!(V::WIDTH <= LANES);
        let shocks = spec.shocks.unwrap_or_default();
        let dt = spec.base.run.dt;
        let (phi, scale) = shocks.step_constants(dt);
        let on = spec.shocks.is_some();
        let r = shocks.recession;
        let money = spec.base.policy.rule == crate::params::PolicyRule::Money;
        let drawn = schedule::NAMES.map(|name| spec.uncertain.iter().any(|u| u.name == name));
        GroupRunner {
            spec,
            draws: ParamDraws::new(spec.uncertain),
            paths: vec![spec.base.clone(); V::WIDTH],
            params: PathParams::default(),
            state: State::default(),
            streams: LaneStreams::default(),
            eps: Vec::new(),
            drawn,
            vary: std::array::from_fn(|i| schedule::varying(spec.base)[i] && !drawn[i]),
            drawn_values: [[0.0; LANES]; schedule::COUNT],
            needed: if on { shocks.needed() } else { [false; SHOCK_COUNT] },
            scale,
            cholesky: shocks.cholesky,
            carry: std::array::from_fn(|i| shocks.persistence[i].map(|_| phi[i])),
            deviation: [[0.0; LANES]; SHOCK_COUNT],
            pi_factor: if money && shocks.persistence[0].is_some() { dt } else { 1.0 },
            recession: (on && r.is_on()).then(|| {
                let (enter, leave) = r.thresholds(dt);
                Recession { enter, leave, demand: r.depth * dt, revenue: r.revenue, spending: r.spending }
            }),
            in_recession: [0.0; LANES],
            money: columns.iter().any(|c| matches!(c.name(), "money" | "money_growth")),
            solver: Solver::default(),
            iterations: [0; LANES],
            solved: Default::default(),
            x: Sched::default(),
            values: Values::default(),
            failed: [usize::MAX; LANES],
        }
    }

    /// Rows per path (`T + 1`).
    pub fn steps(&self) -> usize {
        self.spec.steps()
    }

    /// Runs paths `first..first + count` (`1 <= count <= V::WIDTH`), handing
    /// each step's values to `visit(step, values, path constants)`; lanes
    /// `count..` are padding. Returns the first real lane (path order) that
    /// left the finite range, named as the one-path run names it.
    ///
    /// `V` must be built for this processor: the caller picks the AVX2 build
    /// only where [`has_avx2_fma`] is true.
    #[inline(always)]
    pub fn run(
        &mut self,
        first: u64,
        count: usize,
        visit: impl FnMut(usize, &Values<V>, &PathParams<V>),
    ) -> Result<(), PathError> {
        let failed = self.run_group(first, count, visit)?;
        match failed.iter().take(count).position(|&step| step != usize::MAX) {
            None => Ok(()),
            Some(lane) => Err(reference_failure(self.spec, first + lane as u64, failed[lane])),
        }
    }

    /// [`GroupRunner::run`] without naming failures: returns each lane's
    /// first step whose stocks, price level or debt/GDP are not finite
    /// (`usize::MAX` where none is).
    ///
    /// The group's work is [`Kernel::start`] and one [`Kernel::advance`] a
    /// step, each built once for each number type; only the reading of the
    /// values (`visit`) is built for each caller.
    #[inline(always)]
    fn run_group(
        &mut self,
        first: u64,
        count: usize,
        mut visit: impl FnMut(usize, &Values<V>, &PathParams<V>),
    ) -> Result<[usize; LANES], PathError> {
        V::start(self, first, count)?;
        for t in 0..self.spec.steps() {
            V::advance(self, t);
            visit(t, &self.values, &self.params);
        }
        Ok(self.failed)
    }

    /// A group's start: draws, every step's shocks (step 0 has none; step
    /// T + 1 only lends its eps_Z), and under rational expectations each
    /// path's expectations, solved for its own draws without its shocks.
    /// Drawing the shocks first lets the normals' long chains of dependent
    /// operations overlap one another instead of holding up each step.
    #[inline(always)]
    fn start_group(&mut self, first: u64, count: usize) -> Result<(), PathError> {
        self.draw_group(first, count)?;
        self.params.fill(&self.paths);
        let steps = self.spec.steps();
        self.eps.resize(steps + 1, [[0.0; LANES]; SHOCK_INPUTS]);
        self.eps[0] = [[0.0; LANES]; SHOCK_INPUTS];
        self.deviation = [[0.0; LANES]; SHOCK_COUNT];
        self.in_recession = [0.0; LANES];
        for t in 1..=steps {
            self.shocks(t);
        }
        let c = &self.params;
        let mut sched = Schedules::new(self.spec.schedule, &self.drawn, &self.drawn_values, &self.vary);
        if c.rational {
            let rows = self.spec.schedule.len() - 1;
            self.iterations = self
                .solver
                .solve(c, &mut sched, rows, count, &mut self.state)
                .map_err(|(lane, source)| PathError::Unsolved { path: first + lane as u64, source })?;
            self.solved.add(&self.iterations[..count]);
        }
        self.x = sched.first();
        self.state.restart(c, &self.x);
        self.failed = [usize::MAX; LANES];
        Ok(())
    }

    /// Step `t` of the group: its values go to `self.values`, and a lane
    /// that leaves the finite range is noted in `self.failed`.
    #[inline(always)]
    fn advance_group(&mut self, t: usize) {
        let eps = &self.eps[t];
        let e = Shocks {
            eps_pi: V::load(&eps[0]) * V::splat(self.pi_factor),
            eps_y: V::load(&eps[1]),
            eps_tp: V::load(&eps[2]),
            eps_z_next: V::load(&self.eps[t + 1][3]),
            revenue_gdp: V::load(&eps[PB]),
            outlays_gdp: V::load(&eps[OUTLAYS]),
        };
        let c = &self.params;
        let clock = Clock { t, year: self.spec.year(t), money: self.money };
        let fore: Option<Foresight<V>> = c.rational.then(|| self.solver.at(t));
        let mut sched = Schedules::resume(self.spec.schedule, &self.drawn, &self.drawn_values, &self.vary, self.x);
        let (x, bill_share_next) = sched.at(t);
        self.values = model::step(c, clock, x, bill_share_next, &e, fore.as_ref(), &mut self.state);
        self.x = *x;
        let (s, values) = (&self.state, &self.values);
        let zero = V::splat(0.0);
        // A NaN or an infinity in any of them makes the sum one.
        let finite = (s.debt + s.rate_bills + s.rate_coupons + values.price_level + values.debt_gdp + zero).is_finite();
        if V::any(!finite) {
            let mut lane_ok = [0.0; LANES];
            V::select(finite, V::splat(1.0), zero).store(&mut lane_ok);
            for (step, ok) in self.failed.iter_mut().zip(lane_ok) {
                if ok == 0.0 && *step == usize::MAX {
                    *step = t;
                }
            }
        }
    }

    /// Draws every lane's parameters and seeds its shock stream.
    fn draw_group(&mut self, first: u64, count: usize) -> Result<(), PathError> {
        let start_year = self.spec.base.run.start_year;
        for lane in 0..V::WIDTH {
            let k = first + lane.min(count - 1) as u64;
            let mut rng = path_stream(self.spec.seed, k);
            self.draws.apply(self.spec.uncertain, k, &mut rng, &mut self.paths[lane])?;
            // A drawn scheduled parameter is a constant for the path.
            for (i, _) in self.drawn.iter().enumerate().filter(|(_, &drawn)| drawn) {
                self.drawn_values[i][lane] = schedule::value_at(&self.paths[lane], i, start_year);
            }
            self.streams.seed(lane, ShockStream::after_draws(&mut rng).state());
        }
        self.streams.has_spare = false;
        Ok(())
    }

    /// Step `t`'s shocks of every lane: the innovations as
    /// [`crate::uncertainty::ShockSpec::draw`] makes them, each persistent
    /// shock's carry ([`crate::uncertainty::ShockSpec::step_constants`]) and
    /// the recession chain ([`recession::advance`]).
    #[inline(always)]
    fn shocks(&mut self, t: usize) {
        let mut z = [V::splat(0.0); SHOCK_COUNT];
        for (zj, needed) in z.iter_mut().zip(self.needed) {
            if needed {
                *zj = self.streams.normal::<V>();
            }
        }
        let eps = &mut self.eps[t];
        for i in 0..SHOCK_COUNT {
            let (scale, row) = (self.scale[i], &self.cholesky[i]);
            if scale > 0.0 {
                let mut sum = V::splat(0.0);
                for (&weight, &zj) in row[..=i].iter().zip(z.iter()) {
                    sum = sum + V::splat(weight) * zj;
                }
                let mut x = V::splat(scale) * sum;
                if let Some(phi) = self.carry[i] {
                    x = V::splat(phi) * V::load(&self.deviation[i]) + x;
                    x.store(&mut self.deviation[i]);
                }
                x.store(&mut eps[i]);
            } else {
                eps[i] = [0.0; LANES];
            }
        }
        eps[OUTLAYS] = [0.0; LANES];
        if let Some(r) = self.recession {
            let state = recession::advance(V::load(&self.in_recession), self.streams.normal::<V>(), r.enter, r.leave);
            state.store(&mut self.in_recession);
            (V::load(&eps[1]) + state * V::splat(r.demand)).store(&mut eps[1]);
            (V::load(&eps[PB]) - state * V::splat(r.revenue)).store(&mut eps[PB]);
            (state * V::splat(r.spending)).store(&mut eps[OUTLAYS]);
        }
    }
}

/// The two halves of a group's work ([`GroupRunner`]'s `start_group` and
/// `advance_group`), each built once for each number type. Inlined into every
/// caller they made a copy of the model's step (and of the rational solve's)
/// for each way the values were read: the crate's dev build took 7 minutes
/// instead of 36 s (MODEL.md section 12).
/// Not inlined, the AVX2 build's halves carry the AVX2 target features
/// themselves.
pub trait Kernel: Real {
    /// Draws, shocks and (under rational expectations) the solve of paths
    /// `first..first + count`.
    fn start(runner: &mut GroupRunner<'_, Self>, first: u64, count: usize) -> Result<(), PathError>;
    /// Step `t` of the group.
    fn advance(runner: &mut GroupRunner<'_, Self>, t: usize);
}

macro_rules! portable_kernel {
    ($($ty:ty),*) => {$(
        impl Kernel for $ty {
            #[inline(never)]
            fn start(runner: &mut GroupRunner<'_, Self>, first: u64, count: usize) -> Result<(), PathError> {
                runner.start_group(first, count)
            }
            #[inline(never)]
            fn advance(runner: &mut GroupRunner<'_, Self>, t: usize) {
                runner.advance_group(t)
            }
        }
    )*};
}
portable_kernel!(f64, crate::num::Pair<crate::num::Portable>);

#[cfg(target_arch = "x86_64")]
type Avx2Lanes = crate::num::Pair<crate::num::Avx2>;

/// SAFETY (both methods): an `Avx2` value exists only on a processor with
/// AVX2 and FMA (the contract of [`crate::num::Avx2`]), so a runner of them
/// may call functions built for those features.
#[cfg(target_arch = "x86_64")]
impl Kernel for Avx2Lanes {
    #[inline(always)]
    fn start(runner: &mut GroupRunner<'_, Self>, first: u64, count: usize) -> Result<(), PathError> {
        unsafe { avx2_start(runner, first, count) }
    }
    #[inline(always)]
    fn advance(runner: &mut GroupRunner<'_, Self>, t: usize) {
        unsafe { avx2_advance(runner, t) }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn avx2_start(runner: &mut GroupRunner<'_, Avx2Lanes>, first: u64, count: usize) -> Result<(), PathError> {
    runner.start_group(first, count)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn avx2_advance(runner: &mut GroupRunner<'_, Avx2Lanes>, t: usize) {
    runner.advance_group(t)
}

/// The failure of path `k`, named by its one-path run: the first step (and
/// column, in output order) whose row is not finite. The path is the same
/// bits in a lane, so it fails at `step`; should it not, `step` is reported.
fn reference_failure(spec: &PathSpec, k: u64, step: usize) -> PathError {
    let mut runner = GroupRunner::<f64>::new(spec, &[Column::by_name("money").expect("a column")]);
    let mut found: Option<NonFinite> = None;
    let outcome = runner.run_group(k, 1, |t, values, params| {
        if found.is_none() {
            let row = Row::new(values, params);
            if let Some((value, column)) = row.values().into_iter().zip(COLUMNS).find(|(v, _)| !v.is_finite()) {
                found = Some(NonFinite { step: t, year: spec.year(t), variable: column.name, value });
            }
        }
    });
    if let Err(error) = outcome {
        return error;
    }
    let source = found.unwrap_or(NonFinite { step, year: spec.year(step), variable: "debt_public", value: f64::NAN });
    PathError::NonFinite { path: k, source }
}

/// Column `column` of every lane of one step.
#[inline(always)]
pub fn column_lanes<V: Real>(column: Column, values: &Values<V>, params: &PathParams<V>, out: &mut Lane) {
    crate::output::value(column, values, params).store(out);
}
