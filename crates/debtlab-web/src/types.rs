//! Request and response bodies of the JSON API (see `assets/openapi.json`).
//!
//! Every request names its scenario the same way: `scenario` (a preset name),
//! or `toml` (a scenario file's text, which may `extends` a preset), or
//! neither (then `baseline`), plus `set`, a list of `dotted.name=value`
//! overrides as on the command line. Unknown fields are refused, so a typo
//! is an error rather than a silently ignored option.

use debtlab_core::mc::{percentile_name, McResult};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// `POST /api/run`, `/api/claims` and `/api/show`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub scenario: Option<String>,
    pub toml: Option<String>,
    #[serde(default)]
    pub set: Vec<String>,
    /// Output columns (default: every column).
    pub columns: Option<Vec<String>>,
    /// `/api/run` only: also judge the claims on the same run, so the page
    /// needs one request per scenario (default false; others ignore it).
    #[serde(default)]
    pub verdicts: bool,
}

/// `POST /api/mc`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McRequest {
    pub scenario: Option<String>,
    pub toml: Option<String>,
    #[serde(default)]
    pub set: Vec<String>,
    /// Columns to summarise (default: `debtlab_core::mc::DEFAULT_COLUMNS`).
    pub columns: Option<Vec<String>>,
    /// Number of paths (default 1000).
    pub paths: Option<usize>,
    /// Seed of the random streams (default 1).
    pub seed: Option<u64>,
    /// Draw the `[uncertain]` parameters (default true).
    pub draws: Option<bool>,
    /// Draw the `[shocks]` (default true).
    pub shocks: Option<bool>,
    /// Percentiles to report, in percent, increasing, each in (0, 100)
    /// (default 5, 25, 50, 75, 95); each column then has `p10`, `p2.5`, ...
    pub percentiles: Option<Vec<f64>>,
}

/// `POST /api/sensitivity`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRequest {
    pub scenario: Option<String>,
    pub toml: Option<String>,
    #[serde(default)]
    pub set: Vec<String>,
    /// The output column read (default `debt_gdp`).
    pub metric: Option<String>,
    /// Years after the start at which it is read (default 3).
    pub at: Option<f64>,
    /// Parameters to move, or `["all"]` (default: the `[uncertain]` ones).
    pub params: Option<Vec<String>>,
    /// Percentage move of a parameter without a distribution (default 10).
    pub pct: Option<f64>,
}

/// `POST /api/attribute`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeRequest {
    pub scenario: Option<String>,
    pub toml: Option<String>,
    /// Overrides, applied to the scenario and to `against` alike.
    #[serde(default)]
    pub set: Vec<String>,
    /// The preset subtracted (default `baseline`); `null` or `""`: none.
    #[serde(default = "baseline")]
    pub against: Option<String>,
    /// Years after the start (default `[3, 10]`).
    pub at: Option<Vec<f64>>,
}

fn baseline() -> Option<String> {
    Some("baseline".to_string())
}

impl Default for AttributeRequest {
    fn default() -> Self {
        AttributeRequest { scenario: None, toml: None, set: Vec::new(), against: baseline(), at: None }
    }
}

/// The error body of every 4xx and 5xx answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preset {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub default: String,
    pub unit: String,
    pub range: String,
    pub doc: String,
    /// Numeric bounds, when the parameter is a number.
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunResponse {
    pub scenario: String,
    pub description: String,
    pub dt: f64,
    /// `adaptive` or `rational` (MODEL.md 3.10), and the rational solve's iterations.
    pub expectations: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rational_iterations: Option<usize>,
    pub columns: Vec<String>,
    pub units: Vec<String>,
    /// One row per step, values in the order of `columns`.
    pub rows: Vec<Vec<f64>>,
    /// The claims' verdicts, when the request asked for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdicts: Option<Vec<VerdictBody>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictBody {
    pub name: String,
    pub test: String,
    pub holds: bool,
    pub value: f64,
    pub threshold: f64,
    pub start_value: f64,
    pub step: usize,
    pub year: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimsResponse {
    pub scenario: String,
    pub dt: f64,
    pub verdicts: Vec<VerdictBody>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BarBody {
    pub name: String,
    pub rule: String,
    pub base: f64,
    pub low: f64,
    pub high: f64,
    pub metric_low: Option<f64>,
    pub metric_high: Option<f64>,
    pub swing: Option<f64>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SensitivityResponse {
    pub scenario: String,
    pub metric: String,
    pub at: f64,
    pub step: usize,
    pub year: f64,
    pub dt: f64,
    pub base: f64,
    pub bars: Vec<BarBody>,
}

/// One part of the change in debt/GDP (`debtlab_core::analysis::attribute::PARTS`).
#[derive(Debug, Clone, Serialize)]
pub struct PartBody {
    pub name: String,
    pub meaning: String,
    /// One value per year, a ratio (0.01 is a point of GDP).
    pub values: Vec<f64>,
}

/// One mechanism switched off alone.
#[derive(Debug, Clone, Serialize)]
pub struct EffectBody {
    pub name: String,
    pub what: String,
    /// What "off" sets.
    pub off: String,
    /// Debt/GDP with it off minus with it on, one value per year, a ratio.
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttributeResponse {
    pub scenario: String,
    /// The scenario subtracted, or null.
    pub against: Option<String>,
    pub dt: f64,
    /// Years after the start actually read (the nearest steps) and the steps.
    pub years: Vec<f64>,
    pub steps: Vec<usize>,
    pub debt_gdp: Vec<f64>,
    pub against_debt_gdp: Option<Vec<f64>>,
    pub parts: Vec<PartBody>,
    pub effects: Vec<EffectBody>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShowResponse {
    pub scenario: String,
    pub toml: String,
    /// Every parameter's resolved value by dotted name: a number, a word,
    /// or a schedule as `[[year, value], ...]` (sector fields included).
    pub values: serde_json::Map<String, Value>,
}

/// A Monte Carlo result as `/api/mc` answers it (the command line's `mc
/// --format json` is the table layer's row table instead).
/// How a Monte Carlo run's expectations were formed: `{"mode": "adaptive"}`, or
/// `{"mode": "rational", "mean_iterations": .., "max_iterations": ..}` over its paths' solves.
fn expectations_json(result: &McResult) -> Value {
    match result.rational {
        None => json!({ "mode": "adaptive" }),
        Some(solved) => json!({
            "mode": "rational",
            "mean_iterations": solved.mean(),
            "max_iterations": solved.max,
        }),
    }
}

pub fn mc_json(name: &str, result: &McResult) -> Value {
    let columns: Vec<Value> = result
        .columns
        .iter()
        .map(|c| {
            let mut column = json!({
                "name": c.column.name(),
                "error_bound": c.error_bound,
                "outside_range_steps": c.outside_range,
                "mean": c.mean,
            });
            for (i, &q) in result.percentiles.iter().enumerate() {
                column[percentile_name(q)] = json!(c.percentiles.iter().map(|p| p[i]).collect::<Vec<_>>());
            }
            column
        })
        .collect();
    let claims: Vec<Value> = result
        .claims
        .iter()
        .map(|c| {
            json!({
                "name": c.claim.name,
                "test": c.claim.describe(),
                "probability": c.probability,
                "std_error": c.std_error,
                "holds": c.holds,
            })
        })
        .collect();
    json!({
        "scenario": name,
        "paths": result.paths,
        "percentiles": result.percentiles,
        "seed": result.seed,
        "dt": result.dt,
        "exact": result.exact,
        "expectations": expectations_json(result),
        "years": result.years,
        "columns": columns,
        "claims": claims,
    })
}

/// The answer of `/api/mc`: the same JSON text as [`mc_json`] (its keys in
/// the same, alphabetical, order), written straight from the result instead
/// of through a [`Value`] of every number, which would take five times the
/// result's memory again.
#[derive(Debug, Clone)]
pub struct McAnswer {
    pub scenario: String,
    pub result: McResult,
}

impl Serialize for McAnswer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = &self.result;
        let mut map = serializer.serialize_map(Some(10))?;
        map.serialize_entry("claims", &r.claims.iter().map(McClaim).collect::<Vec<_>>())?;
        let columns: Vec<McColumn> = r.columns.iter().map(|c| McColumn(c, &r.percentiles)).collect();
        map.serialize_entry("columns", &columns)?;
        map.serialize_entry("dt", &r.dt)?;
        map.serialize_entry("exact", &r.exact)?;
        map.serialize_entry("expectations", &expectations_json(r))?;
        map.serialize_entry("paths", &r.paths)?;
        map.serialize_entry("percentiles", &r.percentiles)?;
        map.serialize_entry("scenario", &self.scenario)?;
        map.serialize_entry("seed", &r.seed)?;
        map.serialize_entry("years", &r.years)?;
        map.end()
    }
}

struct McClaim<'a>(&'a debtlab_core::mc::ClaimProbability);

impl Serialize for McClaim<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("holds", &c.holds)?;
        map.serialize_entry("name", &c.claim.name)?;
        map.serialize_entry("probability", &c.probability)?;
        map.serialize_entry("std_error", &c.std_error)?;
        map.serialize_entry("test", &c.claim.describe())?;
        map.end()
    }
}

/// A column's summary and the run's percentile levels.
struct McColumn<'a>(&'a debtlab_core::mc::ColumnSummary, &'a [f64]);

/// One percentile (by its index in the run's levels) of a column at every step.
struct Percentile<'a>(&'a [Vec<f64>], usize);

impl Serialize for Percentile<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|p| p[self.1]))
    }
}

impl Serialize for McColumn<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        // Every key in the alphabetical order of `mc_json`'s map.
        let mut percentiles: Vec<(String, usize)> =
            self.1.iter().enumerate().map(|(i, &q)| (percentile_name(q), i)).collect();
        percentiles.sort();
        let mut map = serializer.serialize_map(Some(4 + percentiles.len()))?;
        map.serialize_entry("error_bound", &c.error_bound)?;
        map.serialize_entry("mean", &c.mean)?;
        map.serialize_entry("name", c.column.name())?;
        map.serialize_entry("outside_range_steps", &c.outside_range)?;
        for (name, i) in &percentiles {
            map.serialize_entry(name, &Percentile(&c.percentiles, *i))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use debtlab_core::mc::{McOptions, PercentileMode};
    use debtlab_core::output::Column;

    #[test]
    fn the_mc_answer_is_the_text_of_mc_json() {
        let s = debtlab_core::load("musk-abundance", &debtlab_core::presets::PresetResolver, &[]).unwrap();
        let all = (0..debtlab_core::output::COLUMNS.len()).collect();
        let imf = vec![2.5, 10.0, 50.0, 90.0, 97.5];
        let default = debtlab_core::mc::DEFAULT_PERCENTILES.to_vec();
        for (exact, columns, percentiles) in [(true, vec![0, 3], imf), (false, all, default)] {
            let options = McOptions {
                paths: 300,
                seed: 7,
                columns: columns.into_iter().map(Column).collect(),
                draws: true,
                shocks: true,
                percentiles,
                percentile_method: if exact { PercentileMode::Exact } else { PercentileMode::Sketch },
            };
            let result = debtlab_core::mc::run(&s, &options, &|_| {}).unwrap();
            let typed = serde_json::to_string(&McAnswer { scenario: s.name.clone(), result: result.clone() }).unwrap();
            assert_eq!(typed, serde_json::to_string(&mc_json(&s.name, &result)).unwrap());
        }
    }
}
