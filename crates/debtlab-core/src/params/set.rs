//! A full set of parameter values, each with where it was set. Scenario
//! files, `extends` chains and `--set` overrides are applied to a `ParamSet`
//! in order; validation then reports the origin of any value that breaks a rule.

use super::schedule::Number;
use super::spec::{self, Kind, DEFAULT_SECTORS, NEW_SECTOR_DEFAULTS, SCALAR_PARAMS, SECTOR_FIELDS};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Origin {
    /// The built-in default of the parameter table.
    #[default]
    Default,
    /// A scenario file (`source` is its path or `preset:NAME`), 1-based line and column.
    File { source: String, line: usize, column: usize },
    /// A `--set name=value` override.
    Override,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "built-in default"),
            Origin::File { source, line, column } => write!(f, "{source}:{line}:{column}"),
            Origin::Override => write!(f, "--set"),
        }
    }
}

/// The value of a scalar parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Number(Number),
    Text(String),
}

/// One sector's seven fields, in the order of [`SECTOR_FIELDS`].
#[derive(Debug, Clone, PartialEq)]
pub struct SectorValues {
    pub name: String,
    pub fields: [f64; 7],
    pub origins: [Origin; 7],
}

/// Values of every parameter, with their origins.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSet {
    scalars: Vec<(ParamValue, Origin)>,
    sectors: Vec<SectorValues>,
}

impl Default for ParamSet {
    fn default() -> Self {
        let scalars = SCALAR_PARAMS
            .iter()
            .map(|p| {
                let value = match p.kind {
                    Kind::Number { default, .. } => ParamValue::Number(Number::Constant(default)),
                    Kind::Choice { default, .. } | Kind::SectorName { default } => {
                        ParamValue::Text(default.to_string())
                    }
                };
                (value, Origin::Default)
            })
            .collect();
        let sectors = DEFAULT_SECTORS
            .iter()
            .map(|(name, fields)| SectorValues { name: name.to_string(), fields: *fields, origins: Default::default() })
            .collect();
        ParamSet { scalars, sectors }
    }
}

impl ParamSet {
    fn index(name: &str) -> usize {
        SCALAR_PARAMS
            .iter()
            .position(|p| p.name == name)
            .unwrap_or_else(|| panic!("internal: `{name}` is not in the parameter table"))
    }

    /// The value and origin of a scalar parameter by dotted name.
    pub fn get(&self, name: &str) -> &(ParamValue, Origin) {
        &self.scalars[Self::index(name)]
    }

    /// A number parameter (constant or schedule). Panics on a name that is not
    /// a number in the table: that is a programming error, not user input.
    pub fn number(&self, name: &str) -> &Number {
        match &self.get(name).0 {
            ParamValue::Number(n) => n,
            ParamValue::Text(_) => panic!("internal: `{name}` is not a number parameter"),
        }
    }

    /// A number parameter that may not be scheduled, as a constant.
    pub fn constant(&self, name: &str) -> f64 {
        match self.number(name) {
            Number::Constant(v) => *v,
            Number::Scheduled(s) => s.points()[0].1,
        }
    }

    pub fn text(&self, name: &str) -> &str {
        match &self.get(name).0 {
            ParamValue::Text(t) => t,
            ParamValue::Number(_) => panic!("internal: `{name}` is not a text parameter"),
        }
    }

    pub fn set(&mut self, name: &str, value: ParamValue, origin: Origin) {
        self.scalars[Self::index(name)] = (value, origin);
    }

    /// Every scalar with its spec, in table order.
    pub fn scalars(&self) -> impl Iterator<Item = (&'static spec::ParamSpec, &ParamValue, &Origin)> {
        SCALAR_PARAMS.iter().zip(&self.scalars).map(|(s, (v, o))| (s, v, o))
    }

    pub fn sectors(&self) -> &[SectorValues] {
        &self.sectors
    }

    /// Sets one field of a sector, adding the sector (with neutral defaults) if new.
    pub fn set_sector_field(&mut self, sector: &str, field: usize, value: f64, origin: Origin) {
        debug_assert!(field < SECTOR_FIELDS.len());
        let index = match self.sectors.iter().position(|s| s.name == sector) {
            Some(i) => i,
            None => {
                self.sectors.push(SectorValues {
                    name: sector.to_string(),
                    fields: NEW_SECTOR_DEFAULTS,
                    origins: Default::default(),
                });
                self.sectors.len() - 1
            }
        };
        self.sectors[index].fields[field] = value;
        self.sectors[index].origins[field] = origin;
    }
}
