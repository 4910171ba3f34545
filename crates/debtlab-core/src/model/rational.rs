//! Rational expectations (MODEL.md 3.10): perfect foresight of the path's
//! own future, solved by Fair-Taylor iteration around the step loop.
//!
//! 1. Guess: the adaptive run's expectations (`piebar`, `gT` and the
//!    10-year rate's expected short rate); a lane whose adaptive run leaves
//!    the finite range holds its first step's expectations instead.
//! 2. Simulate the run, [`foresight::BOND_YEARS`] past its horizon, with no
//!    shocks (a path's shocks are unforeseen), each step given the guess.
//! 3. Take the forward means of the simulated path: `pie_t = fmean_{T_exp}(pi)_t`,
//!    `gT_t = fmean_{T_r}(gYstar)_t`, `E_t = fmean_10(i)_t`.
//! 4. If no mean differs from its guess by more than [`TOLERANCE`] at any
//!    step, the guess is the solution (re-simulating with it reproduces it
//!    within the tolerance); else move the guess [`DAMPING`] of the way to the
//!    means (the whole way: plain Fair-Taylor) and go to 2, at most
//!    [`MAX_ITERATIONS`] times.
//!
//! Each lane of a group solves on its own: a lane stops moving once its own
//! guess has converged, and every lane's arithmetic is the one-path run's,
//! so a path's solution does not depend on its neighbours.

use super::foresight::{self, forward_means, Foresight, VARIABLES};
use super::path::{PathParams, MAX_LANES};
use super::schedule::{Sched, COUNT};
use super::{step, Clock, NonFinite, Shocks, State, Values};
use crate::num::Real;

/// Expectation paths that move less than this (absolute) at every step are solved.
pub const TOLERANCE: f64 = 1e-10;
/// Iterations before the solve gives up.
pub const MAX_ITERATIONS: usize = 1000;
/// The share of the way a guess moves toward its forward means per iteration
/// (1: the whole way). On every preset this takes 7-30 iterations where half
/// steps took 32-72, and it failed nowhere half steps solved (MODEL.md
/// decision 11); halving a lane's step whenever its change did not fall was
/// tried and slowed the slow cases (one no longer converged in 1,000).
pub const DAMPING: f64 = 1.0;

/// A rational run did not solve: it left the finite range while iterating,
/// or did not converge within [`MAX_ITERATIONS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Unsolved {
    /// The iteration that failed.
    pub iterations: usize,
    /// The expectation path that moved most in the last finished iteration,
    /// and by how much (`None` when the first iteration failed).
    pub last_change: Option<(&'static str, f64)>,
    /// Where the failing iteration left the finite range, if it did.
    pub left_range: Option<NonFinite>,
}

impl std::fmt::Display for Unsolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let moved = match self.last_change {
            Some((variable, change)) => format!("`{variable}` last moved by {change:.3e}"),
            None => "before any iteration finished".to_string(),
        };
        match &self.left_range {
            Some(at) => write!(
                f,
                "rational expectations (MODEL.md 3.10): iteration {} left the finite range at step {} (year {:.3}): \
                 `{}` is {}; {moved}",
                self.iterations, at.step, at.year, at.variable, at.value
            ),
            None => write!(
                f,
                "rational expectations (MODEL.md 3.10) did not converge in {} iterations: {moved} \
                 (tolerance {TOLERANCE:e}); more anchoring (`prices.anchoring`) makes the fixed point easier \
                 to reach",
                self.iterations
            ),
        }
    }
}

impl std::error::Error for Unsolved {}

/// A path's (or a group's) scheduled values, step by step: the base table
/// on every lane, except the parameters drawn per path, which hold their
/// drawn value.
pub struct Schedules<'a, V> {
    table: &'a [[f64; COUNT]],
    drawn: &'a [bool; COUNT],
    drawn_values: &'a [[f64; MAX_LANES]; COUNT],
    vary: &'a [bool; COUNT],
    x: Sched<V>,
}

impl<'a, V: Real> Schedules<'a, V> {
    /// `table` has a row for every step the run reads, `vary` marks the
    /// parameters that change from step to step (and are not drawn).
    pub fn new(
        table: &'a [[f64; COUNT]],
        drawn: &'a [bool; COUNT],
        drawn_values: &'a [[f64; MAX_LANES]; COUNT],
        vary: &'a [bool; COUNT],
    ) -> Self {
        Schedules { table, drawn, drawn_values, vary, x: Sched::from_lanes(&table[0], drawn, drawn_values) }
    }

    /// Carries on from `x`, the values an earlier [`Schedules::at`] (or
    /// [`Schedules::first`]) of the same group gave: for a caller that keeps
    /// the step's values between calls.
    pub fn resume(
        table: &'a [[f64; COUNT]],
        drawn: &'a [bool; COUNT],
        drawn_values: &'a [[f64; MAX_LANES]; COUNT],
        vary: &'a [bool; COUNT],
        x: Sched<V>,
    ) -> Self {
        Schedules { table, drawn, drawn_values, vary, x }
    }

    /// Step 0's values (what [`State::restart`] reads).
    #[inline(always)]
    pub fn first(&self) -> Sched<V> {
        Sched::from_lanes(&self.table[0], self.drawn, self.drawn_values)
    }

    /// Step `t`'s values, and `s_bill` at `t + 1`.
    #[inline(always)]
    pub fn at(&mut self, t: usize) -> (&Sched<V>, V) {
        self.x.refresh(&self.table[t], self.vary);
        (&self.x, Sched::bill_share_from_lanes(&self.table[t + 1], self.drawn, self.drawn_values))
    }
}

/// Row `t` of flat expectation paths (`[variable][row * width + lane]`).
#[inline(always)]
fn given<V: Real>(paths: &[Vec<f64>; 3], t: usize) -> Foresight<V> {
    let at = t * V::WIDTH;
    Foresight {
        inflation: V::load(&paths[0][at..]),
        trend_growth: V::load(&paths[1][at..]),
        short_rate: V::load(&paths[2][at..]),
    }
}

/// Where each lane first left the finite range: the step and the variable.
pub type Failures = [Option<NonFinite>; MAX_LANES];

/// The values a solve watches for leaving the finite range, by column name.
#[inline(always)]
fn watched<V: Real>(v: &Values<V>, s: &State<V>) -> [(&'static str, V); 8] {
    [
        ("debt_public", s.debt),
        ("rate_bills", s.rate_bills),
        ("rate_coupons", s.rate_coupons),
        ("price_level", v.price_level),
        ("debt_gdp", v.debt_gdp),
        ("inflation", v.inflation),
        ("potential_growth", v.potential_growth),
        ("policy_rate", v.policy_rate),
    ]
}

/// Runs rows `0..rows` of a group with no shocks, step `t` expecting the
/// flat paths' row `t`, and writes each row's `pi`, `gYstar` and `i` to
/// `out` (same layout); with `fore` `None`, under adaptive expectations, and
/// writes the expectations the steps used (the solve's first guess).
/// Returns where each lane first left the finite range. (One body for both,
/// called from one place in the solve: the step is built into it once.)
#[inline(always)]
pub fn run_quiet<V: Real>(
    c: &PathParams<V>,
    sched: &mut Schedules<V>,
    rows: usize,
    fore: Option<&[Vec<f64>; 3]>,
    state: &mut State<V>,
    out: &mut [Vec<f64>; 3],
) -> Failures {
    let at = |t: usize| t * V::WIDTH;
    let mut failed: Failures = Default::default();
    let quiet = Shocks::default();
    state.restart(c, &sched.first());
    for t in 0..rows {
        let (x, bill_share_next) = sched.at(t);
        let given = fore.map(|f| given(f, t));
        let clock = Clock { t, year: f64::NAN, money: false };
        let values = step(c, clock, x, bill_share_next, &quiet, given.as_ref(), state);
        let watch = watched(&values, state);
        let total = watch.iter().fold(V::splat(0.0), |sum, (_, v)| sum + *v);
        if V::any(!total.is_finite()) {
            note_failures(&watch, t, c, &mut failed);
        }
        let written = match fore {
            None => [values.foresight.inflation, values.foresight.trend_growth, values.foresight.short_rate],
            Some(_) => [values.inflation, values.potential_growth, values.policy_rate],
        };
        for (variable, value) in out.iter_mut().zip(written) {
            value.store(&mut variable[at(t)..]);
        }
    }
    failed
}

/// Records, for each lane not yet failed, the first watched value that is not finite.
#[cold]
fn note_failures<V: Real>(watch: &[(&'static str, V); 8], t: usize, c: &PathParams<V>, failed: &mut Failures) {
    let mut lanes = [0.0; MAX_LANES];
    let mut dt = [0.0; MAX_LANES];
    c.dt.store(&mut dt);
    for (name, value) in watch {
        value.store(&mut lanes);
        for lane in 0..V::WIDTH {
            if failed[lane].is_none() && !lanes[lane].is_finite() {
                let year = c.start_year + t as f64 * dt[lane];
                failed[lane] = Some(NonFinite { step: t, year, variable: name, value: lanes[lane] });
            }
        }
    }
}

/// The solver's buffers, reused from group to group; after a solve,
/// [`Solver::paths`] holds the solution.
#[derive(Debug, Clone, Default)]
pub struct Solver {
    /// The guessed expectation paths, `[variable][row * width + lane]`.
    guess: [Vec<f64>; 3],
    /// The simulated `pi`, `gYstar` and `i` in the same layout, then their forward means.
    path: [Vec<f64>; 3],
    means: [Vec<f64>; 3],
    prefix: Vec<f64>,
}

impl Solver {
    /// The solved expectation paths (after [`Solver::solve`] succeeded).
    pub fn paths(&self) -> &[Vec<f64>; 3] {
        &self.guess
    }

    /// Step `t`'s solved expectations, for a group of `V::WIDTH` lanes.
    #[inline(always)]
    pub fn at<V: Real>(&self, t: usize) -> Foresight<V> {
        given(&self.guess, t)
    }

    /// Solves the expectations of the `count` real lanes of a group (the
    /// others are padding) over `rows` steps, `sched` covering `rows + 1`.
    /// Returns each lane's number of iterations, or the first real lane
    /// that failed and why. Holds `3 * 3 * rows * width` numbers.
    #[inline(always)]
    pub fn solve<V: Real>(
        &mut self,
        c: &PathParams<V>,
        sched: &mut Schedules<V>,
        rows: usize,
        count: usize,
        state: &mut State<V>,
    ) -> Result<[usize; MAX_LANES], (usize, Unsolved)> {
        self.solve_within(c, sched, rows, count, state, MAX_ITERATIONS)
    }

    /// [`Solver::solve`] with another iteration cap.
    #[inline(always)]
    fn solve_within<V: Real>(
        &mut self,
        c: &PathParams<V>,
        sched: &mut Schedules<V>,
        rows: usize,
        count: usize,
        state: &mut State<V>,
        max_iterations: usize,
    ) -> Result<[usize; MAX_LANES], (usize, Unsolved)> {
        let w = V::WIDTH;
        for buffer in self.guess.iter_mut().chain(&mut self.path).chain(&mut self.means) {
            buffer.clear();
            buffer.resize(rows * w, 0.0);
        }
        let mut active = [false; MAX_LANES];
        active[..w].fill(true);
        let mut iterations = [0; MAX_LANES];
        let mut last_change: [Option<(&'static str, f64)>; MAX_LANES] = [None; MAX_LANES];
        // Iteration 0 runs under adaptive expectations and writes the ones it
        // used (the first guess); every later one simulates with the guess.
        // One call site: the step is built into the solve once.
        for iteration in 0..=max_iterations {
            let (fore, out) = match iteration {
                0 => (None, &mut self.guess),
                _ => (Some(&self.guess), &mut self.path),
            };
            let failed = run_quiet(c, sched, rows, fore, state, out);
            if iteration == 0 {
                // 1. The adaptive run's expectations, held at their first
                // value where that run leaves the finite range.
                for lane in (0..w).filter(|&lane| failed[lane].is_some()) {
                    for variable in self.guess.iter_mut() {
                        let first = variable[lane];
                        (0..rows).for_each(|t| variable[t * w + lane] = first);
                    }
                }
                continue;
            }
            // 2. The simulation with the guess.
            if let Some(lane) = (0..count).find(|&lane| active[lane] && failed[lane].is_some()) {
                let left_range = failed[lane].clone();
                return Err((lane, Unsolved { iterations: iteration, last_change: last_change[lane], left_range }));
            }
            for lane in 0..w {
                if !active[lane] {
                    continue;
                }
                // 3. The forward means; 4. how far they are from the guess.
                let mut worst = (VARIABLES[0], 0.0f64);
                for (v, name) in VARIABLES.iter().enumerate() {
                    let n = c.windows[v][lane];
                    forward_means(&self.path[v], w, lane, n, &mut self.means[v], &mut self.prefix);
                    let change = (0..rows)
                        .map(|t| (self.means[v][t * w + lane] - self.guess[v][t * w + lane]).abs())
                        .fold(0.0, f64::max);
                    if change > worst.1 || change.is_nan() {
                        worst = (name, change);
                    }
                }
                last_change[lane] = Some(worst);
                if worst.1 <= TOLERANCE {
                    active[lane] = false;
                    iterations[lane] = iteration;
                    continue;
                }
                for v in 0..3 {
                    for t in 0..rows {
                        let i = t * w + lane;
                        self.guess[v][i] += DAMPING * (self.means[v][i] - self.guess[v][i]);
                    }
                }
            }
            if !active[..count].iter().any(|&a| a) {
                return Ok(iterations);
            }
        }
        let lane = (0..count).find(|&lane| active[lane]).unwrap_or(0);
        Err((lane, Unsolved { iterations: max_iterations, last_change: last_change[lane], left_range: None }))
    }
}

/// Rows a rational run simulates for a run of `steps` steps (`T`): `T + 1`
/// plus the extension past the horizon.
pub fn solved_rows(p: &crate::params::ModelParams) -> usize {
    p.run.steps() + 1 + foresight::extra_steps(p)
}

#[cfg(test)]
#[path = "rational_tests.rs"]
mod tests;
