//! The handlers of `/api/`. Computing handlers take a slot of the in-flight
//! semaphore without waiting (none free: 503), run on the blocking pool,
//! estimate their memory before they compute (see [`crate::memory`]), write
//! their JSON there too, and keep the slot until the answer is sent.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use debtlab_core::analysis::attribute::{attribute as attribution, MECHANISMS, PARTS};
use debtlab_core::analysis::{parse_metric, tornado, AnalysisError, Knob};
use debtlab_core::mc::{self, McError, McOptions, PercentileMode};
use debtlab_core::output::{Column, COLUMNS};
use debtlab_core::params::spec::{self, Kind, SCALAR_PARAMS, SECTOR_FIELDS};
use debtlab_core::params::{Number, ParamValue};
use debtlab_core::presets;
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::scenario::export::to_toml;
use debtlab_core::{Resolver, Run, Scenario, Source};
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::types::*;
use crate::{body, memory, AppState};

/// The name errors show for scenario text sent in a request body.
pub const BODY_NAME: &str = "request.toml";
/// Monte Carlo paths when a request names none.
pub const DEFAULT_PATHS: usize = 1000;
/// Years of `/api/attribute` when a request names none.
pub const DEFAULT_ATTRIBUTE_YEARS: [f64; 2] = [3.0, 10.0];
/// Most years one `/api/attribute` request may ask for.
pub const MAX_ATTRIBUTE_YEARS: usize = 100;

/// Resolves the embedded presets, and [`BODY_NAME`] to the request's text.
struct BodyResolver<'a> {
    text: Option<&'a str>,
}

impl Resolver for BodyResolver<'_> {
    fn resolve(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        if let (Some(text), BODY_NAME, None) = (self.text, reference, from) {
            return Ok(Source { name: BODY_NAME.to_string(), text: text.to_string() });
        }
        if let Some(text) = presets::get(reference) {
            return Ok(Source { name: format!("preset:{reference}"), text: text.to_string() });
        }
        let names: Vec<&str> = presets::names().collect();
        let hint = did_you_mean(reference, names.iter().copied()).map(|h| format!("; {h}")).unwrap_or_default();
        Err(format!("no preset named `{reference}` (presets: {}){hint}", names.join(", ")))
    }
}

/// The scenario a request names: a preset, the body's TOML, or baseline.
fn load(scenario: Option<&str>, toml: Option<&str>, set: &[String]) -> Result<Scenario, ApiError> {
    let reference = match (scenario, toml) {
        (Some(_), Some(_)) => return Err(ApiError::bad_request("give `scenario` or `toml`, not both")),
        (Some(name), None) => name,
        (None, Some(_)) => BODY_NAME,
        (None, None) => "baseline",
    };
    debtlab_core::load(reference, &BodyResolver { text: toml }, set).map_err(|e| ApiError::bad_request(e.to_string()))
}

fn columns(names: Option<&[String]>, default: &[&str]) -> Result<Vec<Column>, ApiError> {
    match names {
        Some([one]) if one.trim() == "all" => Ok((0..COLUMNS.len()).map(Column).collect()),
        Some([]) => Err(ApiError::bad_request("columns: give at least one column name, or [\"all\"]")),
        Some(names) => {
            names.iter().map(|n| parse_metric(n).map_err(|e| ApiError::bad_request(format!("columns: {e}")))).collect()
        }
        None => default.iter().map(|n| parse_metric(n).map_err(|e| ApiError::internal(e.to_string()))).collect(),
    }
}

/// What a computation answers, and the bytes its estimate gave the JSON
/// text (the capacity the text is written into).
struct Answer<T> {
    body: T,
    json_bytes: usize,
    /// The whole estimate: over [`memory::TRIM_ABOVE`], the freed memory is
    /// handed back to the system once the answer is written.
    total_bytes: usize,
}

impl<T> Answer<T> {
    fn new(body: T, estimate: &memory::Estimate) -> Self {
        Answer { body, json_bytes: estimate.json, total_bytes: estimate.total() }
    }
}

/// Runs `work` and writes its JSON on the blocking pool, holding an
/// in-flight slot until the answer is sent, or answers 503.
async fn compute<T: Serialize + Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<Answer<T>, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let permit = state.slots.clone().try_acquire_owned().map_err(|_| ApiError::busy(state.limits.in_flight))?;
    let (json, permit) = tokio::task::spawn_blocking(move || {
        let answer = work()?;
        let mut json = Vec::with_capacity(answer.json_bytes);
        serde_json::to_writer(&mut json, &answer.body)
            .map_err(|e| ApiError::internal(format!("the answer could not be written: {e}")))?;
        let large = answer.total_bytes > memory::TRIM_ABOVE;
        drop(answer);
        if large {
            memory::release_freed();
        }
        Ok::<_, ApiError>((json, permit))
    })
    .await
    .map_err(|e| ApiError::internal(format!("the computation failed: {e}")))??;
    Ok(body::json_answer(json, permit))
}

/// Rows of a deterministic run of `scenario`: steps 0 to `T`.
fn rows(scenario: &Scenario) -> usize {
    scenario.model_params().run.steps() + 1
}

/// Refuses a deterministic run over [`crate::Limits::run_steps`].
fn check_steps(scenario: &Scenario, limit: usize) -> Result<(), ApiError> {
    let steps = scenario.model_params().run.steps() + 1;
    if steps > limit {
        return Err(ApiError::bad_request(format!(
            "too long a run: {steps} steps, over this server's limit of {limit}; use a larger run.dt or fewer run.years"
        )));
    }
    Ok(())
}

/// Refuses work over [`crate::Limits::path_steps`].
fn check_work(runs: usize, noun: &str, scenario: &Scenario, limit: usize) -> Result<(), ApiError> {
    let steps = scenario.model_params().run.steps() + 1;
    if runs.saturating_mul(steps) > limit {
        return Err(ApiError::bad_request(format!(
            "too much work: {runs} {noun} x {steps} steps = {} path-steps, over this server's limit of {limit}; \
             use fewer paths or a shorter run",
            runs.saturating_mul(steps)
        )));
    }
    Ok(())
}

pub async fn presets() -> Result<Json<Vec<Preset>>, ApiError> {
    presets::names()
        .map(|name| {
            let s = load(Some(name), None, &[])?;
            Ok(Preset { name: name.to_string(), description: s.description })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Json)
}

pub async fn params() -> Json<Vec<Param>> {
    let mut rows: Vec<Param> = SCALAR_PARAMS
        .iter()
        .map(|p| {
            let (min, max) = match p.kind {
                Kind::Number { range, .. } => (Some(range.min), Some(range.max)),
                _ => (None, None),
            };
            Param {
                name: p.name.to_string(),
                default: p.default_text(),
                unit: p.unit.to_string(),
                range: p.range_text(),
                doc: p.doc.to_string(),
                min,
                max,
            }
        })
        .collect();
    for (sector, defaults) in spec::DEFAULT_SECTORS {
        for (i, (field, unit, range, doc)) in SECTOR_FIELDS.iter().enumerate() {
            rows.push(Param {
                name: format!("technology.sectors.{sector}.{field}"),
                default: spec::format_number(defaults[i]),
                unit: unit.to_string(),
                range: range.to_string(),
                doc: doc.to_string(),
                min: Some(range.min),
                max: Some(range.max),
            });
        }
    }
    Json(rows)
}

/// The verdict on each claim of `s` for its run.
/// The verdicts of `s` on `run`, read from the table layer's claims batch
/// (the one the CLI and the Python package print).
fn verdicts(s: &Scenario, run: &Run) -> Result<Vec<VerdictBody>, ApiError> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    let fail = |what: &str| ApiError::unprocessable(format!("{}: the claims table has no {what}", s.name));
    let batch = debtlab_table::runs::verdicts(&[(s, run)]).map_err(|e| ApiError::unprocessable(e.0))?;
    let column = |name: &str| batch.column_by_name(name).ok_or_else(|| fail(name));
    let text = |name: &str| column(name).and_then(|c| c.as_string_opt::<i32>().cloned().ok_or_else(|| fail(name)));
    let number =
        |name: &str| column(name).and_then(|c| c.as_primitive_opt::<Float64Type>().cloned().ok_or_else(|| fail(name)));
    let (names, tests) = (text("claim")?, text("test")?);
    let holds = column("holds")?.as_boolean_opt().cloned().ok_or_else(|| fail("holds"))?;
    let steps = column("step")?.as_primitive_opt::<Int64Type>().cloned().ok_or_else(|| fail("step"))?;
    let (value, threshold, start, year) =
        (number("value")?, number("threshold")?, number("start_value")?, number("year")?);
    Ok((0..batch.num_rows())
        .map(|i| VerdictBody {
            name: names.value(i).to_string(),
            test: tests.value(i).to_string(),
            holds: holds.value(i),
            value: value.value(i),
            threshold: threshold.value(i),
            start_value: start.value(i),
            step: steps.value(i) as usize,
            year: year.value(i),
        })
        .collect())
}

/// A run's columns, their units and its rows, values in column order.
type PathRows = (Vec<String>, Vec<String>, Vec<Vec<f64>>);

/// The columns, units and row-major values of a run's path batch.
fn path_rows(batch: &debtlab_table::RecordBatch) -> Result<PathRows, ApiError> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    let schema = batch.schema();
    // Every column as a function of the row: numbers as they are, `step` (Int64) as a number.
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| -> Result<Box<dyn Fn(usize) -> f64 + '_>, ApiError> {
            if let Some(v) = c.as_primitive_opt::<Float64Type>() {
                Ok(Box::new(move |i| v.value(i)))
            } else if let Some(v) = c.as_primitive_opt::<Int64Type>() {
                Ok(Box::new(move |i| v.value(i) as f64))
            } else {
                Err(ApiError::unprocessable(format!("column `{}` is not numeric", f.name())))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let names = schema.fields().iter().map(|f| f.name().clone()).collect();
    let units = schema.fields().iter().map(|f| f.metadata().get("unit").cloned().unwrap_or_default()).collect();
    let rows = (0..batch.num_rows()).map(|i| columns.iter().map(|c| c(i)).collect()).collect();
    Ok((names, units, rows))
}

pub async fn run(
    State(state): State<AppState>,
    body: Result<Json<RunRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    compute(&state, move || {
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        check_steps(&s, limits.run_steps)?;
        let all: Vec<&str> = Column::names();
        let cols = columns(req.columns.as_deref(), &all)?;
        let estimate = memory::run(rows(&s), cols.len(), limits.body_bytes);
        estimate.admit(&limits)?;
        let run = s.run().map_err(|e| ApiError::unprocessable(format!("{}: {e}", s.name)))?;
        let batch = debtlab_table::runs::path(&s, &run, &cols, 1, false).map_err(|e| ApiError::unprocessable(e.0))?;
        let (columns, units, rows) = path_rows(&batch)?;
        drop(batch);
        let body = RunResponse {
            scenario: s.name.clone(),
            description: s.description.clone(),
            dt: run.dt,
            expectations: run.solution.name(),
            rational_iterations: run.solution.iterations(),
            columns,
            units,
            rows,
            verdicts: if req.verdicts { Some(verdicts(&s, &run)?) } else { None },
        };
        Ok(Answer::new(body, &estimate))
    })
    .await
}

pub async fn claims(
    State(state): State<AppState>,
    body: Result<Json<RunRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    compute(&state, move || {
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        check_steps(&s, limits.run_steps)?;
        let estimate = memory::claims(rows(&s), limits.body_bytes);
        estimate.admit(&limits)?;
        let run = s.run().map_err(|e| ApiError::unprocessable(format!("{}: {e}", s.name)))?;
        let verdicts = verdicts(&s, &run)?;
        Ok(Answer::new(ClaimsResponse { scenario: s.name.clone(), dt: run.dt, verdicts }, &estimate))
    })
    .await
}

pub async fn show(
    State(state): State<AppState>,
    body: Result<Json<RunRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    compute(&state, move || {
        let estimate = memory::show(limits.body_bytes);
        estimate.admit(&limits)?;
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        Ok(Answer::new(ShowResponse { scenario: s.name.clone(), toml: to_toml(&s), values: values(&s) }, &estimate))
    })
    .await
}

/// Every resolved parameter of `s`, for `/api/show`.
fn values(s: &Scenario) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for (spec, value, _) in s.params.scalars() {
        let v = match value {
            ParamValue::Number(Number::Constant(x)) => Value::from(*x),
            ParamValue::Number(Number::Scheduled(schedule)) => {
                schedule.points().iter().map(|&(year, x)| Value::from(vec![year, x])).collect()
            }
            ParamValue::Text(t) => Value::from(t.as_str()),
        };
        out.insert(spec.name.to_string(), v);
    }
    for sector in s.params.sectors() {
        for ((field, ..), x) in SECTOR_FIELDS.iter().zip(sector.fields) {
            out.insert(format!("technology.sectors.{}.{field}", sector.name), Value::from(x));
        }
    }
    out
}

pub async fn mc(
    State(state): State<AppState>,
    body: Result<Json<McRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    compute(&state, move || {
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        let paths = req.paths.unwrap_or(DEFAULT_PATHS);
        if paths == 0 {
            return Err(ApiError::bad_request("`paths` must be at least 1"));
        }
        check_work(paths, "paths", &s, limits.path_steps)?;
        let options = McOptions {
            paths,
            seed: req.seed.unwrap_or(1),
            columns: columns(req.columns.as_deref(), &mc::DEFAULT_COLUMNS)?,
            draws: req.draws.unwrap_or(true),
            shocks: req.shocks.unwrap_or(true),
            percentiles: req.percentiles.clone().unwrap_or_else(|| mc::DEFAULT_PERCENTILES.to_vec()),
            percentile_method: PercentileMode::Auto,
        };
        mc::check_percentiles(&options.percentiles).map_err(|e| ApiError::bad_request(e.to_string()))?;
        // The core's plan lists every buffer of the run; the run refuses by
        // itself if that is over the budget left after the request and the answer.
        let plan = mc::plan(&s, &options);
        let estimate = memory::mc(&plan, paths, limits.body_bytes);
        estimate.admit(&limits)?;
        let budget = limits.request_memory - estimate.request - estimate.json;
        let result = mc::run_within(&s, &options, budget, &|_| {}).map_err(|e| match e {
            McError::Memory { .. } => ApiError::bad_request(format!("{}: {e}", s.name)),
            e => ApiError::unprocessable(format!("{}: {e}", s.name)),
        })?;
        Ok(Answer::new(McAnswer { scenario: s.name.clone(), result }, &estimate))
    })
    .await
}

pub async fn sensitivity(
    State(state): State<AppState>,
    body: Result<Json<SensitivityRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    compute(&state, move || {
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        check_steps(&s, limits.run_steps)?;
        let metric_name = req.metric.as_deref().unwrap_or("debt_gdp");
        let metric = parse_metric(metric_name).map_err(|e| ApiError::bad_request(format!("metric: {e}")))?;
        let knobs = match req.params.as_deref() {
            Some([]) => return Err(ApiError::bad_request("params: give at least one parameter name, or [\"all\"]")),
            None => s.uncertain.len(),
            Some([one]) if one.trim() == "all" => Knob::all(&s.params).len(),
            Some(names) => names.len(),
        };
        check_work(1 + 2 * knobs, "runs", &s, limits.path_steps)?;
        // The bars run in parallel on the worker threads, one run each at a time.
        let estimate = memory::sensitivity(rows(&s), rayon::current_num_threads(), knobs, limits.body_bytes);
        estimate.admit(&limits)?;
        let at = req.at.unwrap_or(3.0);
        let t = tornado::tornado(&s, metric, at, req.params.as_deref(), req.pct.unwrap_or(10.0))
            .map_err(|e| analysis_error(&s.name, e))?;
        let bars = t
            .bars
            .iter()
            .map(|b| BarBody {
                name: b.name.clone(),
                rule: b.rule.clone(),
                base: b.base,
                low: b.low,
                high: b.high,
                metric_low: b.metric_low,
                metric_high: b.metric_high,
                swing: b.swing,
                note: b.note.clone(),
            })
            .collect();
        let body = SensitivityResponse {
            scenario: s.name.clone(),
            metric: metric.name().to_string(),
            at,
            step: t.probe.step,
            year: t.probe.year,
            dt: t.dt,
            base: t.base,
            bars,
        };
        Ok(Answer::new(body, &estimate))
    })
    .await
}

/// An analysis failure: bad input is 400, a run that failed 422.
fn analysis_error(name: &str, e: AnalysisError) -> ApiError {
    match e {
        AnalysisError::Input(message) => ApiError::bad_request(message),
        other => ApiError::unprocessable(format!("{name}: {other}")),
    }
}

pub async fn attribute(
    State(state): State<AppState>,
    body: Result<Json<AttributeRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) = body?;
    let limits = state.limits;
    let run_limit = limits.run_steps;
    compute(&state, move || {
        let s = load(req.scenario.as_deref(), req.toml.as_deref(), &req.set)?;
        check_steps(&s, run_limit)?;
        let against = match req.against.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) => {
                let other = load(Some(name), None, &req.set)
                    .map_err(|e| ApiError { message: format!("against: {}", e.message), ..e })?;
                check_steps(&other, run_limit)?;
                Some(other)
            }
        };
        let years = req.at.unwrap_or_else(|| DEFAULT_ATTRIBUTE_YEARS.to_vec());
        if years.is_empty() || years.len() > MAX_ATTRIBUTE_YEARS {
            return Err(ApiError::bad_request(format!(
                "at: give between 1 and {MAX_ATTRIBUTE_YEARS} years after the start, e.g. [3, 10]"
            )));
        }
        // The scenario, each mechanism switched off, and the other scenario.
        check_work(1 + MECHANISMS.len() + usize::from(against.is_some()), "runs", &s, limits.path_steps)?;
        let estimate = memory::attribute(rows(&s).max(against.as_ref().map_or(0, rows)), limits.body_bytes);
        estimate.admit(&limits)?;
        let a = attribution(&s, against.as_ref(), &years).map_err(|e| analysis_error(&s.name, e))?;
        let parts = PARTS
            .iter()
            .zip(a.parts)
            .map(|((name, meaning), values)| PartBody { name: name.to_string(), meaning: meaning.to_string(), values })
            .collect();
        let effects = a
            .effects
            .into_iter()
            .map(|e| EffectBody {
                name: e.name.to_string(),
                what: e.what.to_string(),
                off: e.off.to_string(),
                values: e.change,
            })
            .collect();
        let body = AttributeResponse {
            scenario: a.scenario,
            against: a.against,
            dt: s.model_params().run.dt,
            years: a.years,
            steps: a.steps,
            debt_gdp: a.debt_gdp,
            against_debt_gdp: a.against_debt_gdp,
            parts,
            effects,
        };
        Ok(Answer::new(body, &estimate))
    })
    .await
}
