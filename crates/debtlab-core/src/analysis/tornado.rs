//! One-at-a-time sensitivity ("tornado"): each parameter is moved, alone, to
//! a low and a high value, and one metric at one year is read from the two
//! deterministic runs. Bars are ranked by the absolute swing.
//!
//! The low and high values:
//! - a parameter with an `[uncertain]` distribution goes to its 5th and 95th
//!   percentiles ([`super::quantile`]; the same rule for every shape);
//! - any other goes to its value times `1 - pct/100` and `1 + pct/100`; a
//!   schedule is scaled point by point, a `technology.sectors.*.FIELD` group
//!   member by member.
//!
//! A value outside the parameter's valid range is not clamped: that side is
//! not run, the bar has no swing and its note says why.

use rayon::prelude::*;

use super::quantile::{quantile, LOW};
use super::{input, AnalysisError, Knob, Probe};
use crate::output::Column;
use crate::params::slots::Slot;
use crate::params::{ModelParams, Number, Origin, ParamSet, ParamValue, Schedule};
use crate::scenario::Scenario;
use crate::uncertainty::Distribution;

/// How far a parameter is moved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spread {
    /// To the 5th and 95th percentiles of its distribution.
    Percentiles(Distribution),
    /// To its value times `1 -/+ pct / 100`.
    Percent(f64),
}

/// One parameter's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub name: String,
    /// How the ends were chosen, e.g. `p5/p95 of uniform(0.4, 0.6)` or `-10%/+10%`.
    pub rule: String,
    /// The scenario's value (the start-year value of a schedule, the mean of a group).
    pub base: f64,
    /// The two ends, in the same form as `base`.
    pub low: f64,
    pub high: f64,
    /// The metric with the parameter at each end (`None`: not run, see `note`).
    pub metric_low: Option<f64>,
    pub metric_high: Option<f64>,
    /// `metric_high - metric_low`, when both ran.
    pub swing: Option<f64>,
    /// Why an end was not run; empty otherwise.
    pub note: String,
}

/// A tornado: the base value of the metric and the bars, largest swing first.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    pub probe: Probe,
    pub dt: f64,
    /// The metric in the scenario's own run.
    pub base: f64,
    pub bars: Vec<Bar>,
}

/// Which parameters a tornado moves: the names given (`all` for every
/// drawable number), or, with none, the scenario's `[uncertain]` parameters.
/// A named parameter that has a distribution uses it; the others use `pct`.
pub fn tornado(
    scenario: &Scenario,
    metric: Column,
    at: f64,
    params: Option<&[String]>,
    pct: f64,
) -> Result<Tornado, AnalysisError> {
    if !(pct.is_finite() && pct > 0.0) {
        return Err(input(format!("the percentage must be a positive number, not {pct}")));
    }
    let knobs: Vec<Knob> = match params {
        None => {
            if scenario.uncertain.is_empty() {
                return Err(input(format!(
                    "{} has no [uncertain] parameters; name some with --params (or `all`)",
                    scenario.name
                )));
            }
            scenario.uncertain.iter().map(|u| Knob { name: u.name.clone(), slots: vec![u.slot.clone()] }).collect()
        }
        Some([one]) if one.trim() == "all" => Knob::all(&scenario.params),
        Some(names) => names.iter().map(|n| Knob::resolve(n, &scenario.params)).collect::<Result<_, _>>()?,
    };
    let spreads: Vec<Spread> = knobs
        .iter()
        .map(|k| match scenario.uncertain.iter().find(|u| u.name == k.name) {
            Some(u) => Spread::Percentiles(u.distribution),
            None => Spread::Percent(pct),
        })
        .collect();
    let base_params = scenario.model_params();
    let probe = Probe::new(metric, at, &base_params)?;
    let base = probe
        .value(&base_params)
        .map_err(|source| AnalysisError::Run { context: format!("{}: the base run", scenario.name), source })?;
    let mut bars: Vec<Bar> = knobs
        .par_iter()
        .zip(spreads.par_iter())
        .map(|(knob, spread)| bar(&scenario.params, &base_params, &probe, knob, spread))
        .collect();
    bars.sort_by(|a, b| match (a.swing, b.swing) {
        (Some(x), Some(y)) => y.abs().total_cmp(&x.abs()).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    Ok(Tornado { probe, dt: base_params.run.dt, base, bars })
}

/// The parameters of one end of a bar, or why that end cannot be run.
type End = Result<ModelParams, String>;

fn bar(set: &ParamSet, base: &ModelParams, probe: &Probe, knob: &Knob, spread: &Spread) -> Bar {
    let current = Current::of(knob, set);
    let (rule, base_value, ends): (String, f64, [(f64, End); 2]) = match (*spread, &current) {
        (Spread::Percentiles(d), _) => {
            let end = |q: f64| -> (f64, End) {
                let mut p = base.clone();
                knob.set(&mut p, q);
                (q, knob.check(q).map(|_| p))
            };
            let rule = format!("p{}/p{} of {}", LOW * 100.0, (1.0 - LOW) * 100.0, d.describe());
            (rule, current.shown(), [end(quantile(&d, LOW)), end(quantile(&d, 1.0 - LOW))])
        }
        (Spread::Percent(pct), Current::Constant(v)) => {
            let end = |f: f64| -> (f64, End) {
                let mut p = base.clone();
                knob.set(&mut p, v * f);
                (v * f, knob.check(v * f).map(|_| p))
            };
            (format!("-{pct}%/+{pct}%"), *v, [end(1.0 - pct / 100.0), end(1.0 + pct / 100.0)])
        }
        (Spread::Percent(pct), Current::Members(values)) => {
            let end = |f: f64| -> (f64, End) {
                let mut p = base.clone();
                let mut bad = None;
                for (slot, v) in knob.slots.iter().zip(values) {
                    p.set_slot(slot, v * f);
                    bad = bad.or(knob.check(v * f).err());
                }
                (mean(values) * f, bad.map_or(Ok(p), Err))
            };
            let rule = format!("-{pct}%/+{pct}% of each of {} sectors (mean shown)", values.len());
            (rule, mean(values), [end(1.0 - pct / 100.0), end(1.0 + pct / 100.0)])
        }
        (Spread::Percent(pct), Current::Schedule(schedule)) => {
            let end = |f: f64| -> (f64, End) {
                let points: Vec<(f64, f64)> = schedule.points().iter().map(|&(y, v)| (y, v * f)).collect();
                let bad = points.iter().find_map(|&(_, v)| knob.check(v).err());
                let shown = points[0].1;
                let built = Schedule::new(points).map_err(|_| "internal: scaled schedule".to_string());
                let p = built.and_then(|s| {
                    bad.map_or(Ok(()), Err)?;
                    let mut scaled = set.clone();
                    scaled.set(&knob.name, ParamValue::Number(Number::Scheduled(s)), Origin::Override);
                    Ok(ModelParams::from_set(&scaled))
                });
                (shown, p)
            };
            let rule = format!("-{pct}%/+{pct}% of the schedule (first point shown)");
            (rule, current.shown(), [end(1.0 - pct / 100.0), end(1.0 + pct / 100.0)])
        }
    };
    let mut notes = Vec::new();
    let mut metric = |(value, end): &(f64, End), side: &str| -> Option<f64> {
        match end {
            Err(why) => {
                notes.push(format!("{side}: {why}"));
                None
            }
            Ok(p) => match probe.value(p) {
                Ok(m) => Some(m),
                Err(e) => {
                    notes.push(format!("{side} ({value}): {e}"));
                    None
                }
            },
        }
    };
    let metric_low = metric(&ends[0], "low");
    let metric_high = metric(&ends[1], "high");
    Bar {
        name: knob.name.clone(),
        rule,
        base: base_value,
        low: ends[0].0,
        high: ends[1].0,
        metric_low,
        metric_high,
        swing: metric_low.zip(metric_high).map(|(l, h)| h - l),
        note: notes.join("; "),
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// A knob's value in the scenario.
enum Current {
    Constant(f64),
    Schedule(Schedule),
    /// One value per member of a group.
    Members(Vec<f64>),
}

impl Current {
    fn of(knob: &Knob, set: &ParamSet) -> Current {
        let value = |slot: &Slot| match slot {
            Slot::Sector { sector, field } => Number::Constant(set.sectors()[*sector].fields[*field]),
            Slot::Scalar(name) => set.number(name).clone(),
        };
        match knob.slots.as_slice() {
            [one] => match value(one) {
                Number::Constant(v) => Current::Constant(v),
                Number::Scheduled(s) => Current::Schedule(s),
            },
            many => Current::Members(many.iter().map(|s| value(s).value_at(f64::NEG_INFINITY)).collect()),
        }
    }

    /// The value shown as the bar's base.
    fn shown(&self) -> f64 {
        match self {
            Current::Constant(v) => *v,
            Current::Schedule(s) => s.points()[0].1,
            Current::Members(values) => mean(values),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PresetResolver;
    use crate::scenario::load;

    #[test]
    fn the_ranking_follows_the_obvious_order() {
        // Gross debt/GDP at year 1 in the baseline: both starting debts add to
        // gross debt one for one, and the public debt is four times the
        // intragovernmental; the capital cost of a robot hour does not enter.
        let s = load("baseline", &PresetResolver, &[]).unwrap();
        let names: Vec<String> =
            ["robot.capital_per_hour", "start.debt_intragov", "start.debt_public"].map(String::from).to_vec();
        let t = tornado(&s, Column::by_name("gross_gdp").unwrap(), 1.0, Some(&names), 10.0).unwrap();
        let order: Vec<&str> = t.bars.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(order, ["start.debt_public", "start.debt_intragov", "robot.capital_per_hour"]);
        let (public, intragov) = (t.bars[0].swing.unwrap(), t.bars[1].swing.unwrap());
        assert!(public > 0.0 && intragov > 0.0);
        assert!((public / intragov - 30.8 / 7.6).abs() < 0.2, "{public} / {intragov}");
        assert_eq!(t.bars[2].swing, Some(0.0));
        assert_eq!(t.bars[0].low, 30.8 * 0.9);
        assert_eq!(t.probe.step, 8);
        assert!((t.base - s.run().unwrap().rows[8].gross_gdp).abs() < 1e-15);
    }

    #[test]
    fn distributions_use_percentiles_and_out_of_range_ends_are_reported() {
        let s = load("debt-deflation", &PresetResolver, &[]).unwrap();
        let t = tornado(&s, Column::by_name("debt_gdp").unwrap(), 3.0, None, 10.0).unwrap();
        assert_eq!(t.bars.len(), s.uncertain.len());
        let anchoring = t.bars.iter().find(|b| b.name == "prices.anchoring").unwrap();
        assert!((anchoring.low - 0.31).abs() < 1e-12 && (anchoring.high - 0.49).abs() < 1e-12);
        assert!(anchoring.rule.starts_with("p5/p95 of uniform"));
        // pass_through is 1.0 in debt-deflation: +10% leaves [0, 1].
        let names = vec!["prices.pass_through".to_string(), "fiscal.tax_labor".to_string()];
        let t = tornado(&s, Column::by_name("debt_gdp").unwrap(), 3.0, Some(&names), 10.0).unwrap();
        let pass = t.bars.iter().find(|b| b.name == "prices.pass_through").unwrap();
        assert!(pass.rule.starts_with("p5/p95"), "it has a distribution in debt-deflation");
        let share = t.bars.iter().find(|b| b.name == "fiscal.tax_labor").unwrap();
        assert!(share.rule.contains("schedule") && share.swing.unwrap() < 0.0, "{share:?}");
        let s = load("baseline", &PresetResolver, &["prices.anchoring=0.95".into()]).unwrap();
        let names = vec!["prices.anchoring".to_string()];
        let t = tornado(&s, Column::by_name("debt_gdp").unwrap(), 3.0, Some(&names), 10.0).unwrap();
        assert_eq!(t.bars[0].swing, None);
        assert!(t.bars[0].metric_low.is_some() && t.bars[0].note.contains("outside the valid range"));
    }
}
