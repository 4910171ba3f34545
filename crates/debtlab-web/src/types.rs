//! Request and response bodies of the JSON API (see `assets/openapi.json`).
//!
//! Every request names its scenario the same way: `scenario` (a preset name),
//! or `toml` (a scenario file's text, which may `extends` a preset), or
//! neither (then `baseline`), plus `set`, a list of `dotted.name=value`
//! overrides as on the command line. Unknown fields are refused, so a typo
//! is an error rather than a silently ignored option.

use debtlab_core::mc::McResult;
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

/// A Monte Carlo result as `debtlab mc --format json` prints it.
pub fn mc_json(name: &str, result: &McResult) -> Value {
    let columns: Vec<Value> = result
        .columns
        .iter()
        .map(|c| {
            let p = |i: usize| c.percentiles.iter().map(|p| p[i]).collect::<Vec<_>>();
            json!({
                "name": c.column.name(),
                "error_bound": c.error_bound,
                "outside_range_steps": c.outside_range,
                "mean": c.mean,
                "p5": p(0),
                "p25": p(1),
                "p50": p(2),
                "p75": p(3),
                "p95": p(4),
            })
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
        "seed": result.seed,
        "dt": result.dt,
        "exact": result.exact,
        "years": result.years,
        "columns": columns,
        "claims": claims,
    })
}
