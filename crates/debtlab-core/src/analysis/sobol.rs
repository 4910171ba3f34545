//! Variance-based sensitivity (Sobol indices) by Saltelli's sampling and
//! Jansen's estimators (Saltelli et al. 2010, "Variance based sensitivity
//! analysis of model output", table 2, estimators (b) and (f)).
//!
//! For `k` inputs and `N` samples: two independent `N x k` matrices `A` and
//! `B`, and for each input `i` the matrix `A_B^i` (`A` with column `i` from
//! `B`): `N (k + 2)` model runs. With `V` the variance of `f` over the rows of
//! `A` and `B` together,
//!
//! - first order: `S_i = (V - 1/(2N) sum_j (f(B)_j - f(A_B^i)_j)^2) / V`;
//! - total order: `S_Ti = 1/(2N) sum_j (f(A)_j - f(A_B^i)_j)^2 / V`.
//!
//! Confidence intervals are bootstrap percentiles: the `N` rows (each row
//! carries its `k + 2` runs) are resampled with replacement.
//!
//! Reproducibility: row `j` of `A` and `B` is drawn from its own stream
//! [`path_stream`]`(seed, j)` (first `A_j`, then `B_j`, input by input), and
//! bootstrap replicate `b` from `path_stream(seed ^ BOOTSTRAP_SEED, b)`.
//! Rows run in parallel but are collected and summed in order, so the result
//! does not depend on the number of threads.

use rand::RngExt;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::{input, AnalysisError, Probe};
use crate::mc::engine::path_stream;
use crate::output::Column;
use crate::params::slots::Slot;
use crate::scenario::Scenario;

/// Draws one input value from a stream.
pub type Sampler<'a> = Box<dyn Fn(&mut Xoshiro256PlusPlus) -> f64 + Sync + 'a>;

/// Mixed into the seed of the bootstrap streams, so they differ from the rows'.
pub const BOOTSTRAP_SEED: u64 = 0xB007_5EED_B007_5EED;

/// The confidence level of the bootstrap intervals.
pub const CONFIDENCE: f64 = 0.95;

/// One input's indices with their bootstrap intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Index {
    pub first: f64,
    pub first_ci: (f64, f64),
    pub total: f64,
    pub total_ci: (f64, f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SobolResult {
    /// Rows of `A` (and of `B`).
    pub n: usize,
    /// Model runs: `n (k + 2)`.
    pub evaluations: usize,
    pub seed: u64,
    pub bootstrap: usize,
    /// Mean and variance of the output over `A` and `B`.
    pub mean: f64,
    pub variance: f64,
    /// One per input, in the order of the samplers.
    pub indices: Vec<Index>,
}

/// Sobol indices of `model` over independent inputs drawn by `samplers`.
/// An output that is not finite stops the analysis with an error naming the
/// row, the matrix and the inputs. The same as [`sobol_rows`] over `0..n`
/// then [`sobol_from_rows`]: rows may be computed in parts anywhere (sample
/// `j` draws from its own stream keyed by (seed, j)) and give the same bits.
pub fn sobol<F>(
    model: F,
    samplers: &[Sampler],
    n: usize,
    seed: u64,
    bootstrap: usize,
) -> Result<SobolResult, AnalysisError>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    check_sizes(samplers.len(), n)?;
    let rows = sobol_rows(&model, samplers, seed, 0..n)?;
    sobol_from_rows(rows, samplers.len(), seed, bootstrap)
}

fn check_sizes(k: usize, n: usize) -> Result<(), AnalysisError> {
    if k == 0 {
        return Err(input("there are no inputs to vary"));
    }
    if n < 2 {
        return Err(input("the number of samples must be at least 2"));
    }
    Ok(())
}

/// Rows `range` of the Saltelli design: row `j` is f(A_j), f(B_j),
/// f(A_B^1_j), ..., f(A_B^k_j), with A_j and B_j drawn from stream (seed, j).
pub fn sobol_rows<F>(
    model: &F,
    samplers: &[Sampler],
    seed: u64,
    range: std::ops::Range<usize>,
) -> Result<Vec<Vec<f64>>, AnalysisError>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let k = samplers.len();
    range
        .into_par_iter()
        .map(|j| {
            let mut rng = path_stream(seed, j as u64);
            let a: Vec<f64> = samplers.iter().map(|s| s(&mut rng)).collect();
            let b: Vec<f64> = samplers.iter().map(|s| s(&mut rng)).collect();
            let mut out = Vec::with_capacity(k + 2);
            let mut mixed = a.clone();
            let check = |value: f64, what: String, inputs: &[f64]| {
                if value.is_finite() {
                    Ok(value)
                } else {
                    Err(input(format!("sample {j}, {what} (inputs {inputs:?}): the output is {value}")))
                }
            };
            out.push(check(model(&a), "matrix A".into(), &a)?);
            out.push(check(model(&b), "matrix B".into(), &b)?);
            for i in 0..k {
                mixed[i] = b[i];
                out.push(check(model(&mixed), format!("matrix A_B^{}", i + 1), &mixed)?);
                mixed[i] = a[i];
            }
            Ok(out)
        })
        .collect()
}

/// The indices from every row of the design, in row order (`k + 2` values a row).
pub fn sobol_from_rows(
    rows: Vec<Vec<f64>>,
    k: usize,
    seed: u64,
    bootstrap: usize,
) -> Result<SobolResult, AnalysisError> {
    let n = rows.len();
    check_sizes(k, n)?;
    if let Some(j) = rows.iter().position(|r| r.len() != k + 2) {
        return Err(input(format!("row {j} has {} values, not {}", rows[j].len(), k + 2)));
    }
    let all: Vec<usize> = (0..n).collect();
    let (mean, variance, point) = estimate(&rows, &all, k);
    if variance.is_nan() || variance <= 0.0 {
        return Err(input(format!("the output does not vary (variance {variance}); no index can be computed")));
    }
    let replicates: Vec<Vec<(f64, f64)>> = (0..bootstrap)
        .into_par_iter()
        .map(|b| {
            let mut rng = path_stream(seed ^ BOOTSTRAP_SEED, b as u64);
            let pick: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            estimate(&rows, &pick, k).2
        })
        .collect();
    let indices = (0..k)
        .map(|i| {
            let interval = |which: fn(&(f64, f64)) -> f64| {
                let mut values: Vec<f64> = replicates.iter().map(|r| which(&r[i])).collect();
                percentile_interval(&mut values)
            };
            Index { first: point[i].0, first_ci: interval(|x| x.0), total: point[i].1, total_ci: interval(|x| x.1) }
        })
        .collect();
    Ok(SobolResult { n, evaluations: n * (k + 2), seed, bootstrap, mean, variance, indices })
}

/// Mean, variance and `(S_i, S_Ti)` from the rows listed in `pick`.
fn estimate(rows: &[Vec<f64>], pick: &[usize], k: usize) -> (f64, f64, Vec<(f64, f64)>) {
    let m = pick.len() as f64;
    let mean = pick.iter().map(|&j| rows[j][0] + rows[j][1]).sum::<f64>() / (2.0 * m);
    let variance =
        pick.iter().map(|&j| (rows[j][0] - mean).powi(2) + (rows[j][1] - mean).powi(2)).sum::<f64>() / (2.0 * m - 1.0);
    let indices = (0..k)
        .map(|i| {
            let (mut first, mut total) = (0.0, 0.0);
            for &j in pick {
                let (fa, fb, fab) = (rows[j][0], rows[j][1], rows[j][2 + i]);
                first += (fb - fab).powi(2);
                total += (fa - fab).powi(2);
            }
            ((variance - first / (2.0 * m)) / variance, total / (2.0 * m) / variance)
        })
        .collect();
    (mean, variance, indices)
}

/// The central `CONFIDENCE` interval of bootstrap replicates (NaN without any).
fn percentile_interval(values: &mut [f64]) -> (f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let position = q * (values.len() - 1) as f64;
        let (below, frac) = (position.floor() as usize, position.fract());
        let above = (below + 1).min(values.len() - 1);
        values[below] + frac * (values[above] - values[below])
    };
    let tail = (1.0 - CONFIDENCE) / 2.0;
    (at(tail), at(1.0 - tail))
}

/// Sobol indices of a scenario's metric at one year over its `[uncertain]`
/// parameters, each drawn from its distribution (redrawn, as Monte Carlo
/// paths do, while outside the parameter's valid range). Runs are
/// deterministic: `[shocks]` are off.
pub fn scenario_sobol(
    scenario: &Scenario,
    metric: Column,
    at: f64,
    n: usize,
    seed: u64,
    bootstrap: usize,
) -> Result<(Probe, SobolResult), AnalysisError> {
    if !scenario.uncertain.is_empty() {
        check_sizes(scenario.uncertain.len(), n)?;
    }
    let (probe, rows) = scenario_sobol_rows(scenario, metric, at, seed, 0..n)?;
    Ok((probe, sobol_from_rows(rows, scenario.uncertain.len(), seed, bootstrap)?))
}

/// Rows `range` of [`scenario_sobol`]'s design (see [`sobol_rows`]).
pub fn scenario_sobol_rows(
    scenario: &Scenario,
    metric: Column,
    at: f64,
    seed: u64,
    range: std::ops::Range<usize>,
) -> Result<(Probe, Vec<Vec<f64>>), AnalysisError> {
    if scenario.uncertain.is_empty() {
        return Err(input(format!("{} has no [uncertain] parameters to vary", scenario.name)));
    }
    let base = scenario.model_params();
    let probe = Probe::new(metric, at, &base)?;
    let samplers: Vec<Sampler> = scenario
        .uncertain
        .iter()
        .map(|u| {
            let (distribution, range) = (u.distribution, u.slot.range());
            let sampler: Sampler = Box::new(move |rng: &mut Xoshiro256PlusPlus| {
                (0..1000).map(|_| distribution.sample(rng)).find(|v| range.contains(*v)).unwrap_or(f64::NAN)
            });
            sampler
        })
        .collect();
    let slots: Vec<&Slot> = scenario.uncertain.iter().map(|u| &u.slot).collect();
    let model = |x: &[f64]| {
        let mut p = base.clone();
        for (slot, &value) in slots.iter().zip(x) {
            p.set_slot(slot, value);
        }
        probe.value(&p).unwrap_or(f64::NAN)
    };
    let rows = sobol_rows(&model, &samplers, seed, range)?;
    Ok((probe, rows))
}

/// How many of the top parameters (by total index) [`ranking_warnings`] checks.
pub const RANKED: usize = 3;

/// What a reader of `result` must know before ranking its parameters
/// (`names` in the order of `result.indices`), as plain sentences; empty when
/// the intervals settle the order of the top [`RANKED`]:
/// - the 95% intervals of two neighbours among the top ones by total index
///   overlap, so their order is not settled at this N;
/// - the first-order indices sum well above 1 or one lies above its total's
///   interval: estimation noise, since with independent inputs a first-order
///   index never exceeds its total.
///
/// Needs bootstrap intervals (`result.bootstrap > 0`); without them it says so.
pub fn ranking_warnings(result: &SobolResult, names: &[&str]) -> Vec<String> {
    let mut notes = Vec::new();
    if result.bootstrap == 0 {
        notes.push("no bootstrap intervals (--bootstrap 0): nothing says whether the ranking is settled".into());
        return notes;
    }
    let mut order: Vec<usize> = (0..result.indices.len()).collect();
    order.sort_by(|&a, &b| result.indices[b].total.total_cmp(&result.indices[a].total));
    for pair in order.windows(2).take(RANKED.saturating_sub(1).max(1)) {
        let (upper, lower) = (&result.indices[pair[0]], &result.indices[pair[1]]);
        if upper.total_ci.0 <= lower.total_ci.1 {
            notes.push(format!(
                "the 95% intervals of the total indices of {} and {} overlap: their order is not settled at N = {}; \
                 raise --samples",
                names[pair[0]], names[pair[1]], result.n
            ));
        }
    }
    let first_sum: f64 = result.indices.iter().map(|x| x.first).sum();
    let above = result.indices.iter().zip(names).filter(|(x, _)| x.first_ci.0 > x.total_ci.1).map(|(_, n)| *n);
    let above: Vec<&str> = above.collect();
    if first_sum > 1.05 || !above.is_empty() {
        notes.push(format!(
            "first-order indices are noisier than total ones at N = {} (they sum to {:.2}{}): rank by the totals, \
             or raise --samples",
            result.n,
            first_sum,
            if above.is_empty() {
                String::new()
            } else {
                format!("; above their total's interval: {}", above.join(", "))
            }
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    /// Rows computed in parts and put back in order give the whole run's
    /// indices bit for bit (what a distributed Sobol analysis relies on).
    #[test]
    fn rows_in_parts_give_the_same_indices() {
        let scenario = crate::scenario::load("critics-fair", &crate::presets::PresetResolver, &[]).expect("a preset");
        let metric = Column::by_name("debt_gdp").expect("a column");
        let (_, whole) = scenario_sobol(&scenario, metric, 3.0, 64, 5, 20).expect("runs");
        let mut rows = Vec::new();
        for range in [0..10, 10..11, 11..64] {
            rows.extend(scenario_sobol_rows(&scenario, metric, 3.0, 5, range).expect("runs").1);
        }
        let k = scenario.uncertain.len();
        assert_eq!(sobol_from_rows(rows.clone(), k, 5, 20).expect("indices"), whole);
        rows[3].pop();
        assert!(sobol_from_rows(rows, k, 5, 20).unwrap_err().to_string().contains("row 3"));
    }

    use super::*;
    use crate::uncertainty::Distribution;

    fn uniform(lo: f64, hi: f64) -> Sampler<'static> {
        Box::new(move |rng: &mut Xoshiro256PlusPlus| Distribution::Uniform { lo, hi }.sample(rng))
    }

    #[test]
    fn ishigami_indices_match_the_analytical_values() {
        use std::f64::consts::PI;
        let (a, b) = (7.0, 0.1);
        let ishigami = |x: &[f64]| x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin();
        let samplers = [uniform(-PI, PI), uniform(-PI, PI), uniform(-PI, PI)];
        // Plain Monte Carlo at N = 2^14: the estimates' sampling error is about
        // 0.01 (over seeds 0-29 the largest deviation from the analytical
        // values was 0.03), so the tolerance of 0.02 holds for this seed, not
        // for every seed; results are deterministic for a given seed.
        let r = sobol(ishigami, &samplers, 1 << 14, 42, 200).unwrap();
        // Analytical: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
        let first = [0.3139, 0.4424, 0.0];
        let total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            let x = r.indices[i];
            assert!((x.first - first[i]).abs() < 0.02, "S{} = {}", i + 1, x.first);
            assert!((x.total - total[i]).abs() < 0.02, "ST{} = {}", i + 1, x.total);
            assert!(x.first_ci.0 <= x.first && x.first <= x.first_ci.1, "{x:?}");
            assert!(x.total_ci.0 <= x.total && x.total <= x.total_ci.1, "{x:?}");
            assert!(x.total_ci.1 - x.total_ci.0 < 0.1, "{x:?}");
        }
        let v = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        assert!((r.variance - v).abs() / v < 0.03, "V = {} vs {v}", r.variance);
        assert_eq!(r.evaluations, 5 << 14);
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let model = |x: &[f64]| x[0] * x[1] + x[1];
        let samplers = [uniform(0.0, 1.0), uniform(0.0, 2.0)];
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| sobol(model, &samplers, 3000, 9, 50).unwrap())
        };
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn bad_inputs_and_outputs_are_reported() {
        let samplers = [uniform(0.0, 1.0)];
        assert!(sobol(|_| 1.0, &samplers, 100, 1, 10).unwrap_err().to_string().contains("does not vary"));
        let err = sobol(|x| 1.0 / (x[0] - x[0]), &samplers, 100, 1, 10).unwrap_err().to_string();
        assert!(err.contains("sample") && err.contains("matrix A"), "{err}");
        assert!(sobol(|x| x[0], &[], 100, 1, 10).is_err());
    }

    #[test]
    fn an_inert_parameter_has_indices_near_zero() {
        use crate::presets::PresetResolver;
        // The capital cost of a robot hour feeds only `robot_hour_cost`;
        // energy supply growth decides how much of the AI wave is met.
        let sets = [
            "uncertain.robot.capital_per_hour=uniform(0.5, 3)",
            "uncertain.energy.g_supply=uniform(0.0, 0.1)",
            "energy.ai_intensity=1.0",
        ];
        let mut s = crate::scenario::load("energy-bound", &PresetResolver, &sets.map(String::from)).unwrap();
        s.uncertain.retain(|u| u.name == "robot.capital_per_hour" || u.name == "energy.g_supply");
        let (probe, r) = scenario_sobol(&s, Column::by_name("debt_gdp").unwrap(), 3.0, 1 << 14, 5, 100).unwrap();
        assert_eq!(probe.step, 24);
        let inert = s.uncertain.iter().position(|u| u.name == "robot.capital_per_hour").unwrap();
        let active = 1 - inert;
        // Its total index is exactly 0 (swapping it changes nothing); its first-order
        // estimate is pure sampling noise around 0.
        assert_eq!(r.indices[inert].total, 0.0);
        assert!(r.indices[inert].first.abs() < 0.02, "{r:?}");
        assert!(r.indices[active].total > 0.9 && r.indices[active].first > 0.9, "{r:?}");
    }

    /// An index from its first-order value and interval and its total ones.
    fn index(first: f64, first_ci: (f64, f64), total: f64, total_ci: (f64, f64)) -> Index {
        Index { first, first_ci, total, total_ci }
    }

    fn result(indices: Vec<Index>) -> SobolResult {
        SobolResult { n: 64, evaluations: 0, seed: 1, bootstrap: 100, mean: 0.0, variance: 1.0, indices }
    }

    #[test]
    fn overlapping_intervals_and_noisy_first_orders_are_said() {
        let settled =
            result(vec![index(0.6, (0.55, 0.65), 0.62, (0.6, 0.64)), index(0.2, (0.15, 0.25), 0.25, (0.24, 0.26))]);
        assert!(ranking_warnings(&settled, &["a", "b"]).is_empty());
        let open = result(vec![index(0.3, (0.2, 0.4), 0.3, (0.25, 0.35)), index(0.9, (0.8, 1.0), 0.28, (0.26, 0.3))]);
        let notes = ranking_warnings(&open, &["a", "b"]);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("a and b overlap"), "{notes:?}");
        assert!(notes[1].contains("sum to 1.20") && notes[1].contains("above their total's interval: b"), "{notes:?}");
    }
}
