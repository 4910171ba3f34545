//! What it would take: the value of one parameter at which a claim just
//! holds. The parameter's range (its valid range, or one given) is scanned on
//! a grid; each pair of neighbouring grid points where the claim holds at one
//! and fails at the other brackets a crossing of `metric - threshold`, which
//! Brent's method refines to [`XTOL`]. If the claim holds nowhere on the grid,
//! the point that comes closest is refined by golden-section search and
//! reported instead. A second parameter gives a frontier: for each value of
//! the first on a grid, the crossings of the second.
//!
//! A grid only finds crossings it brackets: two crossings between the same
//! neighbouring points cancel out. A finer `grid` finds more.

use rayon::prelude::*;

use super::{input, linear_grid, scan_interval, AnalysisError, Knob, Probe};
use crate::claims::{judge_path, Claim, ClaimSteps, Op, Threshold, When};
use crate::model::simulate;
use crate::scenario::error::did_you_mean;
use crate::scenario::Scenario;

/// Absolute tolerance of Brent's method on the parameter.
pub const XTOL: f64 = 1e-10;

/// Parses `METRIC OP VALUE by YEARS`, e.g. `debt_gdp <= start*0.5 by 3`
/// (`VALUE` a number, `start`, `at(YEARS)`, or either times a factor).
pub fn parse_target(text: &str) -> Result<Claim, AnalysisError> {
    let usage = "write the target as `METRIC OP VALUE by YEARS`, e.g. `gross_gdp <= start*0.5 by 3`";
    let (test, by) = text.rsplit_once(" by ").ok_or_else(|| input(format!("`{text}`: no ` by YEARS`; {usage}")))?;
    let by: f64 = by.trim().parse().map_err(|_| input(format!("`{}` is not a number of years; {usage}", by.trim())))?;
    let (at, op) = ["<=", ">=", "<", ">"]
        .iter()
        .find_map(|s| test.find(s).map(|i| (i, *s)))
        .ok_or_else(|| input(format!("`{text}`: no comparison (<=, <, >=, >); {usage}")))?;
    let (metric, value) = (test[..at].trim(), test[at + op.len()..].trim());
    let metric = super::parse_metric(metric)?;
    let threshold = match value.parse::<f64>() {
        Ok(v) if v.is_finite() => Threshold::Value(v),
        _ => Threshold::parse_relative(value).ok_or_else(|| {
            let hint = did_you_mean(value, ["start"]).map(|h| format!(" ({h})")).unwrap_or_default();
            input(format!("`{value}` is not a number, `start`, `at(YEARS)` or either times a factor{hint}; {usage}"))
        })?,
    };
    let op = Op::parse(op).ok_or_else(|| input(usage))?;
    Ok(Claim { name: "target".into(), metric, op, threshold, by, when: When::By })
}

/// One grid point: the metric and the threshold there (`None`: the run failed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridPoint {
    pub value: f64,
    pub result: Option<(f64, f64)>,
}

/// A value at which the claim changes between holding and failing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    pub value: f64,
    pub metric: f64,
    pub threshold: f64,
    /// The claim holds just above `value` (else just below).
    pub holds_above: bool,
    /// Width of the last bracket (at most about [`XTOL`] unless a run failed inside it).
    pub width: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Crossings in increasing order of value.
    Crossings(Vec<Crossing>),
    /// The claim holds at every grid point that ran.
    Always,
    /// It holds at none: the value that comes closest, with its metric and threshold.
    Never { value: f64, metric: f64, threshold: f64 },
    /// No grid point ran.
    NoRuns,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// The interval scanned.
    pub range: (f64, f64),
    pub grid: Vec<GridPoint>,
    pub outcome: Outcome,
}

impl Solution {
    /// Grid points whose run failed.
    pub fn failed(&self) -> usize {
        self.grid.iter().filter(|g| g.result.is_none()).count()
    }
}

/// Solves on a closure: `f(x)` gives the metric and the threshold at `x`, or
/// `None` if the run fails.
pub fn solve_fn<F>(f: F, op: Op, range: (f64, f64), grid: usize) -> Solution
where
    F: Fn(f64) -> Option<(f64, f64)> + Sync,
{
    let points: Vec<GridPoint> = linear_grid(range.0, range.1, grid)
        .into_par_iter()
        .map(|value| GridPoint { value, result: f(value) })
        .collect();
    let holds = |r: (f64, f64)| op.holds(r.0, r.1);
    let gap = |x: f64| f(x).map_or(f64::NAN, |(m, t)| m - t);
    // Neighbouring points that ran (a failed run between them leaves a wider bracket).
    let ran: Vec<(f64, (f64, f64))> = points.iter().filter_map(|g| g.result.map(|r| (g.value, r))).collect();
    let mut crossings = Vec::new();
    for pair in ran.windows(2) {
        let [(a, ra), (b, rb)] = [pair[0], pair[1]];
        if holds(ra) == holds(rb) {
            continue;
        }
        let (root, width) = brent(&gap, a, b, ra.0 - ra.1, rb.0 - rb.1);
        let (metric, threshold) = f(root).unwrap_or((f64::NAN, f64::NAN));
        crossings.push(Crossing { value: root, metric, threshold, holds_above: holds(rb), width });
    }
    let outcome = if !crossings.is_empty() {
        Outcome::Crossings(crossings)
    } else if ran.is_empty() {
        Outcome::NoRuns
    } else if holds(ran[0].1) {
        Outcome::Always
    } else {
        let shortfall = |x: f64| {
            let s = shortfall_of(op, gap(x));
            if s.is_nan() {
                f64::INFINITY
            } else {
                s
            }
        };
        let value = closest(&points, op, &shortfall);
        let (metric, threshold) = f(value).unwrap_or((f64::NAN, f64::NAN));
        Outcome::Never { value, metric, threshold }
    };
    Solution { range, grid: points, outcome }
}

/// The value that comes closest to meeting the claim: the best grid point,
/// refined by golden-section search between its neighbours; where several
/// values come equally close (within 1e-9, e.g. a plateau where a constraint
/// binds), the lowest value that does.
fn closest(points: &[GridPoint], op: Op, shortfall: &dyn Fn(f64) -> f64) -> f64 {
    let score = |g: &GridPoint| g.result.map_or(f64::INFINITY, |(m, t)| shortfall_of(op, m - t));
    let best = (0..points.len()).min_by(|&a, &b| score(&points[a]).total_cmp(&score(&points[b]))).unwrap_or(0);
    let lo = points[best.saturating_sub(1)].value;
    let hi = points[(best + 1).min(points.len() - 1)].value;
    let mut value = golden_min(shortfall, lo, hi);
    let mut reached = shortfall(value);
    if reached.is_nan() || reached > score(&points[best]) {
        (value, reached) = (points[best].value, score(&points[best]));
    }
    let within = |s: f64| s <= reached + 1e-9 * reached.abs().max(1.0);
    if let Some(first) = points.iter().position(|g| within(score(g))) {
        if points[first].value < value {
            value = points[first].value;
            if first > 0 {
                let (mut a, mut b) = (points[first - 1].value, points[first].value);
                for _ in 0..200 {
                    let mid = 0.5 * (a + b);
                    if mid <= a || mid >= b {
                        break;
                    }
                    if within(shortfall(mid)) {
                        b = mid;
                    } else {
                        a = mid;
                    }
                }
                value = b;
            }
        }
    }
    value
}

/// How far from holding a gap `metric - threshold` is (smaller is closer).
fn shortfall_of(op: Op, gap: f64) -> f64 {
    if matches!(op, Op::Le | Op::Lt) {
        gap
    } else {
        -gap
    }
}

/// Brent's root finder (Numerical Recipes' `zbrent`) on `[a, b]`, where
/// `fa` and `fb` differ in sign or one is 0. Returns the root and the width
/// of the final bracket; stops early if `g` is not finite inside.
fn brent(g: &dyn Fn(f64) -> f64, a: f64, b: f64, fa: f64, fb: f64) -> (f64, f64) {
    if fa == 0.0 {
        return (a, 0.0);
    }
    if fb == 0.0 {
        return (b, 0.0);
    }
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    let (mut c, mut fc) = (b, fb);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..300 {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, b, c) = (b, c, b);
            (fa, fb, fc) = (fb, fc, fb);
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * XTOL;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol || fb == 0.0 {
            return (b, (c - b).abs());
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * xm * s, 1.0 - s)
            } else {
                let (q, r) = (fa / fc, fb / fc);
                (s * (2.0 * xm * q * (q - r) - (b - a) * (r - 1.0)), (q - 1.0) * (r - 1.0) * (s - 1.0))
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            if 2.0 * p < (3.0 * xm * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        let next = if d.abs() > tol { b + d } else { b + tol.copysign(xm) };
        let f_next = g(next);
        if !f_next.is_finite() {
            return (b, (c - b).abs());
        }
        (a, fa) = (b, fb);
        (b, fb) = (next, f_next);
    }
    (b, (c - b).abs())
}

/// The minimum of `h` on `[lo, hi]` by golden-section search.
fn golden_min(h: &dyn Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    let ratio = (5.0_f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (lo, hi);
    let (mut x1, mut x2) = (b - ratio * (b - a), a + ratio * (b - a));
    let (mut h1, mut h2) = (h(x1), h(x2));
    while (b - a).abs() > XTOL.max(1e-12 * b.abs()) {
        if h1 <= h2 {
            (b, x2, h2) = (x2, x1, h1);
            x1 = b - ratio * (b - a);
            h1 = h(x1);
        } else {
            (a, x1, h1) = (x1, x2, h2);
            x2 = a + ratio * (b - a);
            h2 = h(x2);
        }
    }
    if h1 <= h2 {
        x1
    } else {
        x2
    }
}

/// The interval to scan: `range` (checked against the valid range) or the
/// whole valid range.
fn interval(knob: &Knob, range: Option<(f64, f64)>) -> Result<(f64, f64), AnalysisError> {
    match range {
        None => Ok(scan_interval(&knob.range())),
        Some((lo, hi)) => {
            if lo.is_nan() || hi.is_nan() || lo >= hi {
                return Err(input(format!("the range of `{}` must have lo < hi, not {lo},{hi}", knob.name)));
            }
            knob.check(lo).and(knob.check(hi)).map_err(AnalysisError::Input)?;
            Ok((lo, hi))
        }
    }
}

/// The claim's metric and threshold with `knob` at `x` on top of `base`.
fn evaluate(
    base: &crate::params::ModelParams,
    probe: &Probe,
    claim: &Claim,
    knob: &Knob,
    x: f64,
) -> Option<(f64, f64)> {
    let mut p = base.clone();
    knob.set(&mut p, x);
    let steps = ClaimSteps::new(claim, p.run.dt, p.run.steps());
    debug_assert_eq!(steps.deadline, probe.step);
    // The model is causal: a run cut at the last step the claim reads gives the same values.
    p.run.years = steps.last() as f64 * p.run.dt;
    let run = simulate(&p).ok()?;
    let judged = judge_path(claim, &steps, |t| run.rows[t].get(claim.metric));
    (judged.value.is_finite() && judged.threshold.is_finite()).then_some((judged.value, judged.threshold))
}

/// The value of `vary` (a drawable number or `technology.sectors.*.FIELD`) at
/// which `claim` just holds in `scenario`.
pub fn solve(
    scenario: &Scenario,
    vary: &str,
    claim: &Claim,
    range: Option<(f64, f64)>,
    grid: usize,
) -> Result<(Knob, Solution), AnalysisError> {
    let knob = Knob::resolve(vary, &scenario.params)?;
    let interval = interval(&knob, range)?;
    let base = scenario.model_params();
    let probe = Probe::new(claim.metric, claim.by, &base)?;
    let solution = solve_fn(|x| evaluate(&base, &probe, claim, &knob, x), claim.op, interval, grid);
    Ok((knob, solution))
}

/// For each value of `first` on a grid, where `claim` starts to hold as
/// `second` varies.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    pub first: Knob,
    pub second: Knob,
    pub rows: Vec<(f64, Solution)>,
}

pub fn frontier(
    scenario: &Scenario,
    vary: [&str; 2],
    claim: &Claim,
    ranges: [Option<(f64, f64)>; 2],
    grid: usize,
) -> Result<Frontier, AnalysisError> {
    let first = Knob::resolve(vary[0], &scenario.params)?;
    let second = Knob::resolve(vary[1], &scenario.params)?;
    let (first_range, second_range) = (interval(&first, ranges[0])?, interval(&second, ranges[1])?);
    let base = scenario.model_params();
    let probe = Probe::new(claim.metric, claim.by, &base)?;
    let rows = linear_grid(first_range.0, first_range.1, grid)
        .into_par_iter()
        .map(|a| {
            let mut p = base.clone();
            first.set(&mut p, a);
            let solution = solve_fn(|x| evaluate(&p, &probe, claim, &second, x), claim.op, second_range, grid);
            (a, solution)
        })
        .collect();
    Ok(Frontier { first, second, rows })
}
