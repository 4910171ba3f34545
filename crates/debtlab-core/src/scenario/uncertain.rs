//! Reading `[uncertain]` (per-path parameter draws) and `[shocks]` (per-step
//! shocks) from a scenario file.

use std::ops::Range as Span;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::did_you_mean;
use super::parse::Reader;
use super::ScenarioError;
use crate::params::{spec, Origin};
use crate::uncertainty::{cholesky, Distribution, RecessionSpec, ShockSpec, SHOCK_COUNT};

/// One setting of `[shocks]`.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a few per file, read once at load time
pub enum ShockSetting {
    /// An annualised standard deviation, by index in `ShockSpec::NAMES`.
    Sd { index: usize, value: f64, origin: Origin },
    /// The correlation matrix as given, and its Cholesky factor (checked).
    Correlation {
        matrix: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
        cholesky: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
        origin: Origin,
    },
    /// An annual AR(1) coefficient, by index in `ShockSpec::NAMES`.
    Persistence { index: usize, value: f64, origin: Origin },
    /// `shocks = "historical"` or `from = "historical"`: the estimated table
    /// (applied before the file's other settings).
    Historical { origin: Origin },
    /// `[shocks.recession]` is present (the chain runs, with NBER defaults).
    RecessionOn { origin: Origin },
    /// One field of `[shocks.recession]`, checked.
    Recession { key: &'static str, value: f64, origin: Origin },
}

/// Argument names of the table form `{ dist = "normal", mean = 0.1, sd = 0.02 }`.
const ARGUMENTS: &[(&str, &[&str])] = &[
    ("normal", &["mean", "sd"]),
    ("lognormal", &["mu", "sigma"]),
    ("uniform", &["lo", "hi"]),
    ("triangular", &["lo", "mode", "hi"]),
    ("beta", &["a", "b", "lo", "hi"]),
];

/// The valid range of a parameter that can be drawn, by dotted name.
fn drawable_range(name: &str) -> Result<spec::Range, String> {
    if let Some(rest) = name.strip_prefix("technology.sectors.") {
        let (_, field) = rest.rsplit_once('.').ok_or("a sector field is technology.sectors.NAME.FIELD")?;
        let (index, f) = spec::sector_field(field).ok_or_else(|| format!("no sector field `{field}`"))?;
        if index <= 1 {
            return Err("sector shares and jobs must sum to 1, so they cannot be drawn per path".into());
        }
        return Ok(f.2);
    }
    if name.starts_with("run.") {
        return Err("run settings cannot vary across paths".into());
    }
    match spec::scalar(name).map(|p| p.kind) {
        Some(spec::Kind::Number { range, .. }) => Ok(range),
        Some(_) => Err("only numbers can be drawn".into()),
        None => Err("unknown parameter".into()),
    }
}

impl Reader<'_> {
    /// Walks `[uncertain]`: a string `"normal(0.1, 0.02)"` or a table with a
    /// `dist` key is a distribution; any other table is one more step of a
    /// dotted name (`prefix` is the name so far, empty at the top).
    pub(super) fn uncertain(
        &self,
        value: &Spanned<DeValue>,
        prefix: &str,
        out: &mut Vec<(String, Option<Distribution>, Origin)>,
    ) -> Result<(), ScenarioError> {
        let field = if prefix.is_empty() { "uncertain".to_string() } else { format!("uncertain.{prefix}") };
        for (key, item) in self.table(value, &field)?.iter() {
            let key_name: &str = key.get_ref().as_ref();
            let name = if prefix.is_empty() { key_name.to_string() } else { format!("{prefix}.{key_name}") };
            match item.get_ref() {
                DeValue::String(text) if text.trim() == "fixed" => {
                    drawable_range(&name).map_err(|m| self.error(&key.span(), &format!("uncertain.{name}"), m))?;
                    out.push((name, None, self.origin(&item.span())));
                }
                DeValue::String(text) => {
                    let distribution = Distribution::parse(text)
                        .map_err(|m| self.error(&item.span(), &format!("uncertain.{name}"), m))?;
                    out.push(self.checked(&name, &key.span(), item, distribution)?);
                }
                DeValue::Table(inner) if inner.get("dist").is_some() => {
                    let distribution = self.distribution_table(inner, &item.span(), &format!("uncertain.{name}"))?;
                    out.push(self.checked(&name, &key.span(), item, distribution)?);
                }
                DeValue::Table(_) => self.uncertain(item, &name, out)?,
                other => {
                    return Err(self.error(
                        &item.span(),
                        &format!("uncertain.{name}"),
                        format!("expected a distribution such as \"normal(0.1, 0.02)\", found {}", other.type_str()),
                    ))
                }
            }
        }
        Ok(())
    }

    fn checked(
        &self,
        name: &str,
        key_span: &Span<usize>,
        item: &Spanned<DeValue>,
        distribution: Distribution,
    ) -> Result<(String, Option<Distribution>, Origin), ScenarioError> {
        let display = format!("uncertain.{name}");
        let range = drawable_range(name).map_err(|m| {
            let names = spec::all_names();
            let hint =
                if m == "unknown parameter" { did_you_mean(name, names.iter().map(String::as_str)) } else { None };
            self.error(key_span, &display, m).with_hint(hint)
        })?;
        distribution.check_range(&range).map_err(|m| self.error(&item.span(), &display, m))?;
        Ok((name.to_string(), Some(distribution), self.origin(&item.span())))
    }

    fn distribution_table(
        &self,
        table: &DeTable,
        span: &Span<usize>,
        field: &str,
    ) -> Result<Distribution, ScenarioError> {
        let dist_value = table.get("dist").ok_or_else(|| self.error(span, field, "missing `dist`"))?;
        let dist = self.string(dist_value, &format!("{field}.dist"))?;
        let Some((_, names)) = ARGUMENTS.iter().find(|(d, _)| *d == dist) else {
            return Err(self
                .error(&dist_value.span(), &format!("{field}.dist"), format!("unknown distribution `{dist}`"))
                .with_hint(did_you_mean(&dist, ARGUMENTS.iter().map(|a| a.0))));
        };
        for (key, _) in table.iter() {
            let k: &str = key.get_ref().as_ref();
            if k != "dist" && !names.contains(&k) {
                return Err(self
                    .error(&key.span(), &format!("{field}.{k}"), format!("{dist} takes {}", names.join(", ")))
                    .with_hint(did_you_mean(k, names.iter().copied())));
            }
        }
        let mut args = Vec::with_capacity(names.len());
        for arg in names.iter() {
            let v = table.get(*arg).ok_or_else(|| self.error(span, &format!("{field}.{arg}"), "missing argument"))?;
            args.push(self.number(v, &format!("{field}.{arg}"))?);
        }
        Distribution::new(&dist, &args).map_err(|m| self.error(span, field, m))
    }

    /// Reads `[shocks]`: `eps_pi`, `eps_y`, `eps_tp`, `eps_Z`, `eps_pb`
    /// (annualised sd), `NAME_persistence` (annual AR(1) coefficient),
    /// `correlation` (a 5x5 matrix in that order, or 4x4 without `eps_pb`),
    /// `from = "historical"` and `[shocks.recession]`. The whole table may
    /// instead be the string `"historical"`.
    pub(super) fn shocks(&self, value: &Spanned<DeValue>) -> Result<Vec<ShockSetting>, ScenarioError> {
        if let Some(text) = value.get_ref().as_str() {
            return Ok(vec![self.historical(text, &value.span(), "shocks")?]);
        }
        let table = self.table(value, "shocks")?;
        let mut out = Vec::new();
        for (key, item) in table.iter() {
            let k: &str = key.get_ref().as_ref();
            let field = format!("shocks.{k}");
            if k == "correlation" {
                let matrix = self.matrix(item, &field)?;
                let cholesky = cholesky(&matrix).map_err(|m| self.error(&item.span(), &field, m))?;
                out.push(ShockSetting::Correlation { matrix, cholesky, origin: self.origin(&item.span()) });
                continue;
            }
            if k == "from" {
                let text = self.string(item, &field)?;
                out.insert(0, self.historical(&text, &item.span(), &field)?);
                continue;
            }
            if k == "recession" {
                self.recession(item, &mut out)?;
                continue;
            }
            if let Some(sub) = k.strip_prefix("recession.") {
                out.push(ShockSetting::RecessionOn { origin: self.origin(&key.span()) });
                self.recession_key(sub, &key.span(), item, &mut RecessionSpec::default(), &mut out)?;
                continue;
            }
            if let Some(index) = ShockSpec::PERSISTENCE_NAMES.iter().position(|n| n.eq_ignore_ascii_case(k)) {
                let rho = self.number(item, &field)?;
                if !(0.0..1.0).contains(&rho) {
                    return Err(self.error(&item.span(), &field, format!("{rho} is outside the valid range [0, 1)")));
                }
                out.push(ShockSetting::Persistence { index, value: rho, origin: self.origin(&item.span()) });
                continue;
            }
            let Some(index) = ShockSpec::index(k) else {
                let names = ShockSpec::NAMES.iter().chain(ShockSpec::PERSISTENCE_NAMES.iter()).copied().chain([
                    "correlation",
                    "from",
                    "recession",
                ]);
                return Err(self.error(&key.span(), &field, "unknown shock").with_hint(did_you_mean(k, names)));
            };
            let sd = self.number(item, &field)?;
            if !(0.0..=5.0).contains(&sd) {
                return Err(self.error(&item.span(), &field, format!("{sd} is outside the valid range [0, 5]")));
            }
            out.push(ShockSetting::Sd { index, value: sd, origin: self.origin(&item.span()) });
        }
        Ok(out)
    }

    fn historical(&self, text: &str, span: &Span<usize>, field: &str) -> Result<ShockSetting, ScenarioError> {
        if text != "historical" {
            return Err(self
                .error(span, field, format!("`{text}` is not a shock table; the only named one is \"historical\""))
                .with_hint(did_you_mean(text, ["historical"])));
        }
        Ok(ShockSetting::Historical { origin: self.origin(span) })
    }

    /// `[shocks.recession]`: `entry`, `duration`, `depth`, `revenue`, `spending`.
    fn recession(&self, value: &Spanned<DeValue>, out: &mut Vec<ShockSetting>) -> Result<(), ScenarioError> {
        let table = self.table(value, "shocks.recession")?;
        out.push(ShockSetting::RecessionOn { origin: self.origin(&value.span()) });
        let mut check = RecessionSpec::default();
        for (key, item) in table.iter() {
            self.recession_key(key.get_ref().as_ref(), &key.span(), item, &mut check, out)?;
        }
        Ok(())
    }

    /// One key of `[shocks.recession]` (also `"recession.KEY"` from `--set shocks.recession.KEY=...`).
    fn recession_key(
        &self,
        k: &str,
        span: &Span<usize>,
        item: &Spanned<DeValue>,
        check: &mut RecessionSpec,
        out: &mut Vec<ShockSetting>,
    ) -> Result<(), ScenarioError> {
        let field = format!("shocks.recession.{k}");
        let Some(&name) = RecessionSpec::KEYS.iter().find(|n| **n == k) else {
            return Err(self
                .error(span, &field, "unknown recession setting")
                .with_hint(did_you_mean(k, RecessionSpec::KEYS)));
        };
        let v = self.number(item, &field)?;
        check.set(name, v).map_err(|m| self.error(&item.span(), &field, m))?;
        out.push(ShockSetting::Recession { key: name, value: v, origin: self.origin(&item.span()) });
        Ok(())
    }

    fn matrix(
        &self,
        value: &Spanned<DeValue>,
        field: &str,
    ) -> Result<[[f64; SHOCK_COUNT]; SHOCK_COUNT], ScenarioError> {
        let shape_error = || {
            self.error(
                &value.span(),
                field,
                format!(
                    "expected a {SHOCK_COUNT}x{SHOCK_COUNT} matrix (rows and columns {}), or 4x4 without eps_pb",
                    ShockSpec::NAMES.join(", ")
                ),
            )
        };
        let rows =
            value.get_ref().as_array().filter(|r| (4..=SHOCK_COUNT).contains(&r.len())).ok_or_else(shape_error)?;
        let n = rows.len();
        let mut matrix = crate::uncertainty::identity();
        for (i, row) in rows.iter().enumerate() {
            let cells = row.get_ref().as_array().filter(|r| r.len() == n).ok_or_else(shape_error)?;
            for (j, cell) in cells.iter().enumerate() {
                matrix[i][j] = self.number(cell, field)?;
            }
        }
        Ok(matrix)
    }
}
