//! Claims (MODEL.md section 4): a metric, a comparison, a threshold and a
//! deadline. A claim holds if the metric satisfies it at the step nearest
//! its deadline.

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

/// The right-hand side of a claim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// A number.
    Value(f64),
    /// A multiple of the metric's value at `t = 0` (`"start"`, `"start*0.5"`).
    StartTimes(f64),
}

impl Threshold {
    /// Parses `"start"`, `"start*0.5"` or `"0.5*start"` (spaces allowed).
    pub fn parse_start(text: &str) -> Option<Threshold> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact == "start" {
            return Some(Threshold::StartTimes(1.0));
        }
        let factor = compact.strip_prefix("start*").or_else(|| compact.strip_suffix("*start"))?;
        factor.parse::<f64>().ok().filter(|f| f.is_finite()).map(Threshold::StartTimes)
    }

    pub fn describe(&self) -> String {
        match self {
            Threshold::Value(v) => format!("{v}"),
            Threshold::StartTimes(f) if *f == 1.0 => "start".to_string(),
            Threshold::StartTimes(f) => format!("start*{f}"),
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
}

impl Claim {
    fn new(name: &str, metric: &str, op: Op, threshold: Threshold, by: f64) -> Claim {
        let metric = Column::by_name(metric).unwrap_or_else(|| panic!("internal: no column `{metric}`"));
        Claim { name: name.to_string(), metric, op, threshold, by }
    }

    /// `metric op threshold by N`, e.g. `gross_gdp <= start*0.5 by 3`.
    pub fn describe(&self) -> String {
        format!("{} {} {} by {}", self.metric.name(), self.op.symbol(), self.threshold.describe(), self.by)
    }
}

/// The default claims, from the seed articles (MODEL.md section 4).
pub fn default_claims() -> Vec<Claim> {
    vec![
        Claim::new("burden_halved", "gross_gdp", Op::Le, Threshold::StartTimes(0.5), 3.0),
        Claim::new("real_debt_lower", "real_debt", Op::Lt, Threshold::StartTimes(1.0), 3.0),
        Claim::new("debt_ratio_falling", "debt_gdp", Op::Lt, Threshold::StartTimes(1.0), 3.0),
        Claim::new("interest_below_defense", "interest_defense", Op::Lt, Threshold::Value(1.0), 3.0),
    ]
}

/// The outcome of one claim on one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub claim: Claim,
    pub holds: bool,
    /// The metric at the step nearest the deadline.
    pub value: f64,
    /// The threshold as a number.
    pub threshold: f64,
    /// The metric at `t = 0`.
    pub start_value: f64,
    /// The step and calendar year the claim was judged at.
    pub step: usize,
    pub year: f64,
}

/// The step nearest `by` years after the start, kept inside the run.
pub fn deadline_step(by: f64, dt: f64, last_step: usize) -> usize {
    ((by / dt).round().max(0.0) as usize).min(last_step)
}

/// Judges a claim on a run.
pub fn judge(claim: &Claim, run: &Run) -> Verdict {
    let last = run.rows.len() - 1;
    let step = deadline_step(claim.by, run.dt, last);
    let start_value = run.rows[0].get(claim.metric);
    let value = run.rows[step].get(claim.metric);
    let threshold = match claim.threshold {
        Threshold::Value(v) => v,
        Threshold::StartTimes(f) => f * start_value,
    };
    Verdict {
        claim: claim.clone(),
        holds: claim.op.holds(value, threshold),
        value,
        threshold,
        start_value,
        step,
        year: run.rows[step].year,
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
    fn parses_start_multiples() {
        assert_eq!(Threshold::parse_start("start"), Some(Threshold::StartTimes(1.0)));
        assert_eq!(Threshold::parse_start("start * 0.5"), Some(Threshold::StartTimes(0.5)));
        assert_eq!(Threshold::parse_start("0.25*start"), Some(Threshold::StartTimes(0.25)));
        assert_eq!(Threshold::parse_start("begin*2"), None);
        assert_eq!(Threshold::parse_start("start*x"), None);
    }

    #[test]
    fn ops_compare_as_written() {
        assert!(Op::Le.holds(1.0, 1.0));
        assert!(!Op::Lt.holds(1.0, 1.0));
        assert!(Op::Gt.holds(2.0, 1.0));
        assert_eq!(Op::parse(">="), Some(Op::Ge));
        assert_eq!(Op::parse("=<"), None);
    }
}
