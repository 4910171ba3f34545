//! A deterministic run: the step of [`super::step`] from `t = 0` to `T` on
//! one path (`f64`), every row checked for numbers that left the finite
//! range; under rational expectations after solving them ([`super::rational`]).

use super::path::{PathParams, MAX_LANES};
use super::rational::{self, Schedules, Solver, Unsolved};
use super::schedule::{self, COUNT};
use super::{step, Clock, Foresight, Shocks, State};
use crate::output::{Row, COLUMNS};
use crate::params::ModelParams;
use crate::uncertainty::{OUTLAYS, PB, SHOCK_INPUTS};

/// A run stopped because a number left the finite range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the run left the finite range at step {step} (year {year:.3}): `{variable}` is {value}")]
pub struct NonFinite {
    pub step: usize,
    pub year: f64,
    pub variable: &'static str,
    pub value: f64,
}

/// The rows of a deterministic run, steps `0..=T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub dt: f64,
    pub start_year: f64,
    pub rows: Vec<Row>,
    /// How the run's expectations were formed.
    pub solution: Solution,
}

/// How a run's expectations were formed (`prices.expectations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solution {
    /// Filters of the past (MODEL.md 3.5).
    Adaptive,
    /// Solved by Fair-Taylor iteration in this many iterations (MODEL.md 3.10).
    Rational { iterations: usize },
}

impl Solution {
    /// `adaptive` or `rational`.
    pub fn name(self) -> &'static str {
        match self {
            Solution::Adaptive => "adaptive",
            Solution::Rational { .. } => "rational",
        }
    }

    /// The solve's iterations (rational expectations only).
    pub fn iterations(self) -> Option<usize> {
        match self {
            Solution::Adaptive => None,
            Solution::Rational { iterations } => Some(iterations),
        }
    }
}

/// A run that failed: it left the finite range, or its rational
/// expectations could not be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    NonFinite(#[from] NonFinite),
    #[error(transparent)]
    Unsolved(#[from] Unsolved),
}

/// The first column of `row` (in output order) that is not finite, with its value.
fn first_non_finite(row: &Row) -> Option<(&'static str, f64)> {
    row.values().into_iter().zip(COLUMNS).find(|(v, _)| !v.is_finite()).map(|(v, c)| (c.name, v))
}

/// Runs one path of `p` with a shock source: `shocks(t)` is step `t`'s
/// `[eps_pi, eps_y, eps_tp, eps_Z, revenue, outlays]` (as [`Shocks`]), asked for
/// `t = 0..=T + 1` in order (the last for `eps_Z` only, see [`Shocks`]).
/// Under rational expectations the path's expectations are solved first,
/// without the shocks, which are unforeseen (MODEL.md 3.10).
pub fn simulate_with(p: &ModelParams, shocks: impl FnMut(usize) -> [f64; SHOCK_INPUTS]) -> Result<Run, RunError> {
    #[cfg(target_arch = "x86_64")]
    if crate::num::has_avx2_fma() {
        // SAFETY: the processor has FMA, checked just above.
        return unsafe { simulate_fma(p, shocks) };
    }
    simulate_any(p, shocks)
}

/// [`simulate_any`] where `f64::mul_add` is one instruction (the same bits
/// as the library's `fma`, which it otherwise calls).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
unsafe fn simulate_fma(p: &ModelParams, shocks: impl FnMut(usize) -> [f64; SHOCK_INPUTS]) -> Result<Run, RunError> {
    simulate_any(p, shocks)
}

#[inline(always)]
fn simulate_any(p: &ModelParams, mut shocks: impl FnMut(usize) -> [f64; SHOCK_INPUTS]) -> Result<Run, RunError> {
    let c = PathParams::<f64>::new(std::slice::from_ref(p));
    let table = schedule::table(p);
    let (none_drawn, no_values, vary) = ([false; COUNT], [[0.0; MAX_LANES]; COUNT], [true; COUNT]);
    let mut sched = Schedules::<f64>::new(&table, &none_drawn, &no_values, &vary);
    let mut state = State::default();
    let mut solver = Solver::default();
    let solution = if c.rational {
        let rows = rational::solved_rows(p);
        let iterations = solver.solve(&c, &mut sched, rows, 1, &mut state).map_err(|(_, unsolved)| unsolved)?;
        Solution::Rational { iterations: iterations[0] }
    } else {
        Solution::Adaptive
    };
    state.restart(&c, &sched.first());
    let steps = p.run.steps();
    let mut rows = Vec::with_capacity(steps + 1);
    let mut draw = shocks(0);
    for t in 0..=steps {
        let following = shocks(t + 1);
        let year = p.run.start_year + t as f64 * p.run.dt;
        let e = Shocks {
            eps_pi: draw[0],
            eps_y: draw[1],
            eps_tp: draw[2],
            eps_z_next: following[3],
            revenue_gdp: draw[PB],
            outlays_gdp: draw[OUTLAYS],
        };
        let clock = Clock { t, year, money: true };
        let fore: Option<Foresight<f64>> = c.rational.then(|| solver.at(t));
        let (x, bill_share_next) = sched.at(t);
        let values = step(&c, clock, x, bill_share_next, &e, fore.as_ref(), &mut state);
        let row = Row::new(&values, &c);
        if let Some((variable, value)) = first_non_finite(&row) {
            return Err(NonFinite { step: t, year, variable, value }.into());
        }
        let next =
            [("debt_public", state.debt), ("rate_bills", state.rate_bills), ("rate_coupons", state.rate_coupons)];
        if let Some((variable, value)) = next.into_iter().find(|(_, v)| !v.is_finite()) {
            return Err(NonFinite { step: t + 1, year: year + p.run.dt, variable, value }.into());
        }
        rows.push(row);
        draw = following;
    }
    Ok(Run { dt: p.run.dt, start_year: p.run.start_year, rows, solution })
}

/// A deterministic run (no shocks).
pub fn simulate(p: &ModelParams) -> Result<Run, RunError> {
    simulate_with(p, |_| [0.0; SHOCK_INPUTS])
}
