//! Claims (MODEL.md section 4): a metric, a comparison, a threshold (a
//! number, the start value or the value at a year, times a factor), a
//! deadline and when it must hold: at the deadline (`by`), at every step
//! through it (`always`) or at some step (`ever`). One function judges a path
//! from its metric at the steps it needs, for a run and for each Monte Carlo
//! path alike.

use crate::model::Run;
use crate::output::Column;

/// The comparison of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
}

impl Op {
    pub const ALL: [(&'static str, Op); 4] = [("<=", Op::Le), ("<", Op::Lt), (">=", Op::Ge), (">", Op::Gt)];

    pub fn parse(text: &str) -> Option<Op> {
        Op::ALL.iter().find(|(s, _)| *s == text).map(|(_, op)| *op)
    }
    pub fn symbol(self) -> &'static str {
        Op::ALL.iter().find(|(_, op)| *op == self).map(|(s, _)| *s).unwrap_or("?")
    }
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Le => value <= threshold,
            Op::Lt => value < threshold,
            Op::Ge => value >= threshold,
            Op::Gt => value > threshold,
        }
    }
}

/// When a claim must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    /// At the step nearest the deadline.
    #[default]
    By,
    /// At every step after the start through the deadline.
    Always,
    /// At some step after the start through the deadline.
    Ever,
}

impl When {
    pub const ALL: [(&'static str, When); 3] = [("by", When::By), ("always", When::Always), ("ever", When::Ever)];

    pub fn parse(text: &str) -> Option<When> {
        When::ALL.iter().find(|(s, _)| *s == text).map(|(_, w)| *w)
    }
    pub fn word(self) -> &'static str {
        When::ALL.iter().find(|(_, w)| *w == self).map(|(s, _)| *s).unwrap_or("by")
    }
}

/// The right-hand side of a claim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// A number.
    Value(f64),
    /// A multiple of the metric's value at `t = 0` (`"start"`, `"start*0.5"`).
    StartTimes(f64),
    /// A multiple of the metric's value `years` after the start (`"at(5)"`, `"at(5)*1.02"`).
    AtTimes { years: f64, factor: f64 },
}

impl Threshold {
    /// Parses `"start"`, `"start*0.5"`, `"0.5*start"`, `"at(5)"`, `"at(5)*1.02"`
    /// or `"1.02*at(5)"` (spaces allowed).
    pub fn parse_relative(text: &str) -> Option<Threshold> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (base, factor) = match compact.split_once('*') {
            None => (compact.as_str(), 1.0),
            Some((a, b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                (Err(_), Ok(f)) => (a, f),
                (Ok(f), Err(_)) => (b, f),
                _ => return None,
            },
        };
        if !factor.is_finite() {
            return None;
        }
        if base == "start" {
            return Some(Threshold::StartTimes(factor));
        }
        let years = base.strip_prefix("at(")?.strip_suffix(')')?.parse::<f64>().ok()?;
        (years.is_finite() && years >= 0.0).then_some(Threshold::AtTimes { years, factor })
    }

    pub fn describe(&self) -> String {
        let times = |base: String, f: f64| if f == 1.0 { base } else { format!("{base}*{f}") };
        match self {
            Threshold::Value(v) => format!("{v}"),
            Threshold::StartTimes(f) => times("start".into(), *f),
            Threshold::AtTimes { years, factor } => times(format!("at({years})"), *factor),
        }
    }

    /// The year after the start that the threshold reads, if any.
    pub fn reference_years(&self) -> Option<f64> {
        match self {
            Threshold::Value(_) => None,
            Threshold::StartTimes(_) => Some(0.0),
            Threshold::AtTimes { years, .. } => Some(*years),
        }
    }
}

/// A claim about a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub name: String,
    pub metric: Column,
    pub op: Op,
    pub threshold: Threshold,
    /// Deadline, years since the start.
    pub by: f64,
    pub when: When,
}

impl Claim {
    fn new(name: &str, metric: &str, op: Op, threshold: Threshold, by: f64) -> Claim {
        let metric = Column::by_name(metric).unwrap_or_else(|| panic!("internal: no column `{metric}`"));
        Claim { name: name.to_string(), metric, op, threshold, by, when: When::By }
    }

    /// `metric op threshold by N` (or `always by N`, `ever by N`), e.g.
    /// `gross_gdp <= start*0.5 by 3`.
    pub fn describe(&self) -> String {
        let when = match self.when {
            When::By => String::new(),
            other => format!("{} ", other.word()),
        };
        format!("{} {} {} {when}by {}", self.metric.name(), self.op.symbol(), self.threshold.describe(), self.by)
    }

    /// The latest year after the start the claim reads.
    pub fn horizon(&self) -> f64 {
        self.by.max(self.threshold.reference_years().unwrap_or(0.0))
    }
}

/// The default claims, from the seed articles, and the IMF's question
/// (MODEL.md section 4).
pub fn default_claims() -> Vec<Claim> {
    vec![
        Claim::new("burden_halved", "gross_gdp", Op::Le, Threshold::StartTimes(0.5), 3.0),
        Claim::new("real_debt_lower", "real_debt", Op::Lt, Threshold::StartTimes(1.0), 3.0),
        Claim::new("debt_ratio_falling", "debt_gdp", Op::Lt, Threshold::StartTimes(1.0), 3.0),
        Claim::new("interest_below_defense", "interest_defense", Op::Lt, Threshold::Value(1.0), 3.0),
        Claim::new("debt_stabilizes", "debt_gdp", Op::Le, Threshold::AtTimes { years: 5.0, factor: 1.0 }, 10.0),
        // The IMF fan chart's question (issue 17): is debt/GDP five years on above today's?
        Claim::new("debt_higher_in_5_years", "debt_gdp", Op::Gt, Threshold::StartTimes(1.0), 5.0),
    ]
}

/// The step nearest `years` after the start, the earlier on a tie, kept inside the run.
pub fn nearest_step(years: f64, dt: f64, last_step: usize) -> usize {
    ((years / dt - 0.5).ceil().max(0.0) as usize).min(last_step)
}

/// The step a claim with deadline `by` is judged at (see [`nearest_step`]).
pub fn deadline_step(by: f64, dt: f64, last_step: usize) -> usize {
    nearest_step(by, dt, last_step)
}

/// The steps a claim reads, resolved for one run length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimSteps {
    pub deadline: usize,
    /// The step the threshold reads (`start` is 0, `at(Y)` its step).
    pub reference: Option<usize>,
    /// `always` and `ever` read every step `1..=deadline`.
    pub every: bool,
}

impl ClaimSteps {
    pub fn new(claim: &Claim, dt: f64, last_step: usize) -> ClaimSteps {
        ClaimSteps {
            deadline: deadline_step(claim.by, dt, last_step),
            reference: claim.threshold.reference_years().map(|y| nearest_step(y, dt, last_step)),
            every: claim.when != When::By,
        }
    }

    /// Whether the claim reads its metric at step `t`.
    pub fn reads(&self, t: usize) -> bool {
        t == self.deadline || self.reference == Some(t) || (self.every && t <= self.deadline)
    }

    /// The last step the claim reads: after it, the path can be judged.
    pub fn last(&self) -> usize {
        self.deadline.max(self.reference.unwrap_or(0))
    }
}

/// The outcome of one claim on one path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    pub holds: bool,
    /// The metric at the deciding step: the deadline for `by`; for
    /// `always` the first step where it failed (else the deadline); for
    /// `ever` the first step where it held (else the deadline).
    pub value: f64,
    pub step: usize,
    /// The threshold as a number.
    pub threshold: f64,
}

/// Judges a claim on one path from its metric at the steps it reads
/// (`metric(t)` is asked only where [`ClaimSteps::reads`] is true).
pub fn judge_path(claim: &Claim, steps: &ClaimSteps, metric: impl Fn(usize) -> f64) -> Judged {
    let threshold = match claim.threshold {
        Threshold::Value(v) => v,
        Threshold::StartTimes(f) | Threshold::AtTimes { factor: f, .. } => {
            f * metric(steps.reference.expect("a relative threshold has a reference step"))
        }
    };
    let at = |t: usize| {
        let value = metric(t);
        (claim.op.holds(value, threshold), value)
    };
    let judged = |(holds, value): (bool, f64), step: usize| Judged { holds, value, step, threshold };
    let window = 1..=steps.deadline;
    match claim.when {
        When::By => judged(at(steps.deadline), steps.deadline),
        When::Always => match window.clone().map(|t| (t, at(t))).find(|(_, (holds, _))| !holds) {
            Some((t, outcome)) => judged(outcome, t),
            None => judged((true, metric(steps.deadline)), steps.deadline),
        },
        When::Ever => match window.map(|t| (t, at(t))).find(|(_, (holds, _))| *holds) {
            Some((t, outcome)) => judged(outcome, t),
            None => judged((false, metric(steps.deadline)), steps.deadline),
        },
    }
}

/// The outcome of one claim on one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub claim: Claim,
    pub holds: bool,
    /// The metric at the deciding step (see [`Judged::value`]).
    pub value: f64,
    /// The threshold as a number.
    pub threshold: f64,
    /// The metric at `t = 0`.
    pub start_value: f64,
    /// The deciding step and its calendar year.
    pub step: usize,
    pub year: f64,
}

/// Judges a claim on a run.
pub fn judge(claim: &Claim, run: &Run) -> Verdict {
    let steps = ClaimSteps::new(claim, run.dt, run.rows.len() - 1);
    let judged = judge_path(claim, &steps, |t| run.rows[t].get(claim.metric));
    Verdict {
        claim: claim.clone(),
        holds: judged.holds,
        value: judged.value,
        threshold: judged.threshold,
        start_value: run.rows[0].get(claim.metric),
        step: judged.step,
        year: run.rows[judged.step].year,
    }
}

/// Judges every claim on a run.
pub fn judge_all(claims: &[Claim], run: &Run) -> Vec<Verdict> {
    claims.iter().map(|c| judge(c, run)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relative_thresholds() {
        assert_eq!(Threshold::parse_relative("start"), Some(Threshold::StartTimes(1.0)));
        assert_eq!(Threshold::parse_relative("start * 0.5"), Some(Threshold::StartTimes(0.5)));
        assert_eq!(Threshold::parse_relative("0.25*start"), Some(Threshold::StartTimes(0.25)));
        assert_eq!(Threshold::parse_relative("at(5)"), Some(Threshold::AtTimes { years: 5.0, factor: 1.0 }));
        assert_eq!(Threshold::parse_relative("at(5)*1.02"), Some(Threshold::AtTimes { years: 5.0, factor: 1.02 }));
        assert_eq!(Threshold::parse_relative("1.02 * at(2.5)"), Some(Threshold::AtTimes { years: 2.5, factor: 1.02 }));
        for bad in ["begin*2", "start*x", "at(x)", "at(-1)", "at(5", "2*3", "start*inf"] {
            assert_eq!(Threshold::parse_relative(bad), None, "{bad}");
        }
        assert_eq!(Threshold::AtTimes { years: 5.0, factor: 1.02 }.describe(), "at(5)*1.02");
    }

    #[test]
    fn ops_compare_as_written() {
        assert!(Op::Le.holds(1.0, 1.0));
        assert!(!Op::Lt.holds(1.0, 1.0));
        assert!(Op::Gt.holds(2.0, 1.0));
        assert_eq!(Op::parse(">="), Some(Op::Ge));
        assert_eq!(Op::parse("=<"), None);
    }

    #[test]
    fn the_nearest_step_takes_the_earlier_on_a_tie() {
        assert_eq!(nearest_step(3.0, 0.125, 80), 24);
        assert_eq!(nearest_step(0.1875, 0.125, 80), 1, "1.5 steps: the earlier");
        assert_eq!(nearest_step(0.2, 0.125, 80), 2);
        assert_eq!(nearest_step(50.0, 0.125, 80), 80);
    }

    fn claim(when: When, threshold: Threshold) -> Claim {
        Claim { when, threshold, ..Claim::new("c", "debt_gdp", Op::Le, Threshold::Value(0.0), 4.0) }
    }

    #[test]
    fn by_always_and_ever_read_the_path_as_they_say() {
        // Steps 0..=4 at dt = 1: the metric dips below 1.0 at step 2 only.
        let path = [1.0, 1.1, 0.9, 1.05, 1.2];
        let judge = |c: &Claim| judge_path(c, &ClaimSteps::new(c, 1.0, 4), |t| path[t]);
        let below = Threshold::Value(1.0);
        assert!(!judge(&claim(When::By, below)).holds);
        let ever = judge(&claim(When::Ever, below));
        assert!(ever.holds && ever.step == 2 && ever.value == 0.9);
        let always = judge(&claim(When::Always, Threshold::Value(1.15)));
        assert!(!always.holds && always.step == 4);
        assert!(judge(&claim(When::Always, Threshold::Value(1.2))).holds);
        // `at(Y)` reads step Y, even after an `ever` step that compares to it.
        let stabilizes = judge(&claim(When::By, Threshold::AtTimes { years: 3.0, factor: 1.0 }));
        assert!(!stabilizes.holds && stabilizes.threshold == 1.05);
        let dipped = judge(&claim(When::Ever, Threshold::AtTimes { years: 3.0, factor: 0.9 }));
        assert!(dipped.holds && dipped.step == 2);
    }
}
