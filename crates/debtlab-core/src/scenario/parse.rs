//! Reads one scenario file (TOML, with spans) into assignments to dotted
//! parameter names, claims and an optional `extends`. Type and range rules
//! that concern one value are checked here, where the exact position is known.

use std::ops::Range as Span;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::{clip, did_you_mean, line_column, ScenarioError};
pub use super::uncertain::ShockSetting;
use crate::claims::{Claim, Op, Threshold, When};
use crate::output::Column;
use crate::params::spec::{self, Kind};
use crate::params::{Number, Origin, ParamValue, Schedule};
use crate::uncertainty::Distribution;

/// The sections (top-level tables) a scenario may have.
pub const SECTIONS: &[&str] = &[
    "run",
    "start",
    "technology",
    "energy",
    "compute",
    "robot",
    "labor",
    "income",
    "prices",
    "money",
    "policy",
    "demand",
    "rates",
    "debt",
    "fiscal",
];

/// Top-level keys that are not parameter sections.
pub const TOP_LEVEL_KEYS: &[&str] = &["description", "extends", "claims", "uncertain", "shocks"];

/// What an assignment sets.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Scalar(&'static str),
    SectorField {
        sector: String,
        field: usize,
    },
    /// `new = true` in a sector's table: the file adds this sector on
    /// purpose, even though its name is close to an existing one.
    NewSector {
        sector: String,
    },
}

/// One value set by a file or an override.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub target: Target,
    pub value: ParamValue,
    pub origin: Origin,
}

/// One file, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFile {
    pub description: Option<String>,
    pub extends: Option<(String, Origin)>,
    pub assignments: Vec<Assignment>,
    pub claims: Vec<(Claim, ClaimOrigin)>,
    /// `[uncertain]`: dotted name, distribution (`None` for `"fixed"`, which
    /// removes an inherited draw), where it was set.
    pub uncertain: Vec<(String, Option<Distribution>, Origin)>,
    /// `[shocks]` settings in file order.
    pub shocks: Vec<ShockSetting>,
}

/// Where a claim's deadline and its threshold were set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClaimOrigin {
    pub by: Origin,
    pub value: Origin,
}

/// Positions in one source text.
pub struct Reader<'a> {
    pub source_name: &'a str,
    pub text: &'a str,
}

impl Reader<'_> {
    pub fn origin(&self, span: &Span<usize>) -> Origin {
        if self.source_name == "--set" {
            return Origin::Override;
        }
        let (line, column) = line_column(self.text, span.start);
        Origin::File { source: self.source_name.to_string(), line, column }
    }

    pub(super) fn error(&self, span: &Span<usize>, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at_origin(&self.origin(span), field, message)
    }

    /// Reads a whole file.
    pub fn file(&self) -> Result<ParsedFile, ScenarioError> {
        let document = DeTable::parse(self.text).map_err(|e| {
            let position = e.span().map(|s| line_column(self.text, s.start));
            ScenarioError {
                source_name: self.source_name.to_string(),
                position,
                field: None,
                message: format!("not valid TOML: {}", e.message().trim()),
                hint: None,
            }
        })?;
        let mut parsed = ParsedFile::default();
        for (key, value) in document.get_ref().iter() {
            let name = key.get_ref().as_ref();
            let span = key.span();
            match name {
                "description" => parsed.description = Some(self.string(value, "description")?),
                "extends" => parsed.extends = Some((self.string(value, "extends")?, self.origin(&value.span()))),
                "claims" => parsed.claims = self.claims(value)?,
                "uncertain" => self.uncertain(value, "", &mut parsed.uncertain)?,
                "shocks" => parsed.shocks = self.shocks(value)?,
                section if SECTIONS.contains(&section) => {
                    let table = self.table(value, section)?;
                    self.section(section, table, &mut parsed.assignments)?;
                }
                other => {
                    let candidates = SECTIONS.iter().chain(TOP_LEVEL_KEYS).copied();
                    return Err(self
                        .error(&span, other, "unknown top-level key")
                        .with_hint(did_you_mean(other, candidates)));
                }
            }
        }
        Ok(parsed)
    }

    pub(super) fn string(&self, value: &Spanned<DeValue>, field: &str) -> Result<String, ScenarioError> {
        value.get_ref().as_str().map(str::to_string).ok_or_else(|| {
            self.error(&value.span(), field, format!("expected a string, found {}", value.get_ref().type_str()))
        })
    }

    pub(super) fn table<'v, 'i>(
        &self,
        value: &'v Spanned<DeValue<'i>>,
        field: &str,
    ) -> Result<&'v DeTable<'i>, ScenarioError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.error(&value.span(), field, format!("expected a table, found {}", value.get_ref().type_str()))
        })
    }

    fn section(&self, section: &str, table: &DeTable, out: &mut Vec<Assignment>) -> Result<(), ScenarioError> {
        for (key, value) in table.iter() {
            let key_name: &str = key.get_ref().as_ref();
            let dotted = format!("{section}.{key_name}");
            if dotted == "technology.sectors" {
                for (sector, fields) in self.table(value, &dotted)?.iter() {
                    let sector_name: &str = sector.get_ref().as_ref();
                    let sector_path = format!("technology.sectors.{sector_name}");
                    for (field, field_value) in self.table(fields, &sector_path)?.iter() {
                        let field_name: &str = field.get_ref().as_ref();
                        out.push(self.sector_field(sector_name, field_name, &field.span(), field_value)?);
                    }
                }
                continue;
            }
            // A sub-table such as `[fiscal.health]` holds `fiscal.health.*`.
            if value.get_ref().as_table().is_some() && spec::is_group(&dotted) {
                self.section(&dotted, self.table(value, &dotted)?, out)?;
                continue;
            }
            out.push(self.assignment(&dotted, &key.span(), value)?);
        }
        Ok(())
    }

    /// Converts one value for a scalar parameter, checking its type and range.
    pub fn assignment(
        &self,
        dotted: &str,
        key_span: &Span<usize>,
        value: &Spanned<DeValue>,
    ) -> Result<Assignment, ScenarioError> {
        if let Some(rest) = dotted.strip_prefix("technology.sectors.") {
            if let Some((sector, field)) = rest.rsplit_once('.') {
                return self.sector_field(sector, field, key_span, value);
            }
        }
        let Some(param) = spec::scalar(dotted) else {
            if let Some(new) = spec::renamed(dotted) {
                return Err(self.error(
                    key_span,
                    dotted,
                    format!("this v1 parameter was replaced in model v2 by {new}"),
                ));
            }
            let names = spec::all_names();
            return Err(self
                .error(key_span, dotted, "unknown parameter")
                .with_hint(did_you_mean(dotted, names.iter().map(String::as_str))));
        };
        let span = value.span();
        let converted = match param.kind {
            Kind::Number { range, schedulable, .. } => {
                let number = self.number_or_schedule(value, dotted, schedulable)?;
                for v in number.values() {
                    if !range.contains(v) {
                        return Err(self.error(&span, dotted, format!("{v} is outside the valid range {range}")));
                    }
                }
                ParamValue::Number(number)
            }
            Kind::Choice { choices, .. } => {
                let text = self.string(value, dotted)?;
                if !choices.contains(&text.as_str()) {
                    return Err(self
                        .error(&span, dotted, format!("`{}` is not one of {}", clip(&text), choices.join(", ")))
                        .with_hint(did_you_mean(&text, choices.iter().copied())));
                }
                ParamValue::Text(text)
            }
            Kind::SectorName { .. } => ParamValue::Text(self.string(value, dotted)?),
        };
        Ok(Assignment { target: Target::Scalar(param.name), value: converted, origin: self.origin(&span) })
    }

    fn sector_field(
        &self,
        sector: &str,
        field: &str,
        key_span: &Span<usize>,
        value: &Spanned<DeValue>,
    ) -> Result<Assignment, ScenarioError> {
        let dotted = format!("technology.sectors.{sector}.{field}");
        if field == "new" {
            return match value.get_ref() {
                DeValue::Boolean(true) => Ok(Assignment {
                    target: Target::NewSector { sector: sector.to_string() },
                    value: ParamValue::Text(String::new()),
                    origin: self.origin(&value.span()),
                }),
                other => Err(self.error(
                    &value.span(),
                    &dotted,
                    format!("`new` marks a sector added on purpose and can only be true, found {}", other.type_str()),
                )),
            };
        }
        let Some((index, (_, _, range, _))) = spec::sector_field(field) else {
            let fields = spec::SECTOR_FIELDS.iter().map(|f| f.0);
            return Err(self.error(key_span, &dotted, "unknown sector field").with_hint(did_you_mean(field, fields)));
        };
        let number = self.number(value, &dotted)?;
        if !range.contains(number) {
            return Err(self.error(&value.span(), &dotted, format!("{number} is outside the valid range {range}")));
        }
        Ok(Assignment {
            target: Target::SectorField { sector: sector.to_string(), field: index },
            value: ParamValue::Number(Number::Constant(number)),
            origin: self.origin(&value.span()),
        })
    }

    /// A finite number from an integer or a float.
    pub fn number(&self, value: &Spanned<DeValue>, field: &str) -> Result<f64, ScenarioError> {
        let span = value.span();
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                i64::from_str_radix(
                    digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b"),
                    i.radix(),
                )
                .ok()
                .map(|v| v as f64)
            }
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                return Err(self.error(&span, field, format!("expected a number, found {}", other.type_str())));
            }
        };
        match parsed {
            Some(v) if v.is_finite() => Ok(v),
            _ => Err(self.error(&span, field, "expected a finite number")),
        }
    }

    fn number_or_schedule(
        &self,
        value: &Spanned<DeValue>,
        field: &str,
        schedulable: bool,
    ) -> Result<Number, ScenarioError> {
        let Some(points) = value.get_ref().as_array() else {
            return self.number(value, field).map(Number::Constant);
        };
        if !schedulable {
            return Err(self.error(&value.span(), field, "this parameter takes a number, not a schedule"));
        }
        let mut parsed = Vec::with_capacity(points.len());
        for point in points.iter() {
            let pair = point
                .get_ref()
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or_else(|| self.error(&point.span(), field, "a schedule point must be a pair [year, value]"))?;
            parsed.push((self.number(&pair[0], field)?, self.number(&pair[1], field)?));
        }
        Schedule::new(parsed).map(Number::Scheduled).map_err(|bad| {
            if points.is_empty() {
                self.error(&value.span(), field, "a schedule needs at least one [year, value] point")
            } else {
                self.error(&points[bad].span(), field, "schedule years must be strictly increasing")
            }
        })
    }

    fn claims(&self, value: &Spanned<DeValue>) -> Result<Vec<(Claim, ClaimOrigin)>, ScenarioError> {
        let Some(items) = value.get_ref().as_array() else {
            return Err(self.error(&value.span(), "claims", "expected an array of tables `[[claims]]`"));
        };
        items.iter().enumerate().map(|(i, item)| self.claim(i, item)).collect()
    }

    fn claim(&self, index: usize, item: &Spanned<DeValue>) -> Result<(Claim, ClaimOrigin), ScenarioError> {
        let path = format!("claims[{index}]");
        let table = self.table(item, &path)?;
        const KEYS: &[&str] = &["name", "metric", "op", "value", "by", "when"];
        for (key, _) in table.iter() {
            let k: &str = key.get_ref().as_ref();
            if !KEYS.contains(&k) {
                return Err(self
                    .error(&key.span(), &format!("{path}.{k}"), "unknown claim key")
                    .with_hint(did_you_mean(k, KEYS.iter().copied())));
            }
        }
        let get = |key: &str| {
            table.get(key).ok_or_else(|| self.error(&item.span(), &format!("{path}.{key}"), "missing required key"))
        };
        let name = self.string(get("name")?, &format!("{path}.name"))?;
        let path = format!("claims.{name}");
        let metric_value = get("metric")?;
        let metric_name = self.string(metric_value, &format!("{path}.metric"))?;
        let metric = Column::by_name(&metric_name).ok_or_else(|| {
            self.error(&metric_value.span(), &format!("{path}.metric"), format!("no output column `{metric_name}`"))
                .with_hint(did_you_mean(&metric_name, Column::names()))
        })?;
        let op_value = get("op")?;
        let op_text = self.string(op_value, &format!("{path}.op"))?;
        let op = Op::parse(&op_text).ok_or_else(|| {
            self.error(&op_value.span(), &format!("{path}.op"), format!("`{op_text}` is not one of <=, <, >=, >"))
        })?;
        let threshold_value = get("value")?;
        let threshold = match threshold_value.get_ref().as_str() {
            Some(text) => Threshold::parse_relative(text).ok_or_else(|| {
                self.error(
                    &threshold_value.span(),
                    &format!("{path}.value"),
                    format!(
                        "`{}` is not a number, \"start\", \"at(YEARS)\" or either times a factor (\"start*0.5\", \"at(5)*1.02\")",
                        clip(text)
                    ),
                )
            })?,
            None => Threshold::Value(self.number(threshold_value, &format!("{path}.value"))?),
        };
        let by_value = get("by")?;
        let by = self.number(by_value, &format!("{path}.by"))?;
        if by < 0.0 {
            return Err(self.error(&by_value.span(), &format!("{path}.by"), "the deadline must be >= 0 years"));
        }
        let when = match table.get("when") {
            None => When::By,
            Some(value) => {
                let text = self.string(value, &format!("{path}.when"))?;
                When::parse(&text).ok_or_else(|| {
                    let words = When::ALL.map(|(w, _)| w);
                    self.error(
                        &value.span(),
                        &format!("{path}.when"),
                        format!("`{}` is not one of by, always, ever", clip(&text)),
                    )
                    .with_hint(did_you_mean(&text, words))
                })?
            }
        };
        let origin = ClaimOrigin { by: self.origin(&by_value.span()), value: self.origin(&threshold_value.span()) };
        Ok((Claim { name, metric, op, threshold, by, when }, origin))
    }
}
