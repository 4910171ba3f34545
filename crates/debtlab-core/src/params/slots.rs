//! Setting one number of the typed parameters by its dotted name, for
//! Monte Carlo draws and sensitivity analysis.

use super::model::ModelParams;
use super::spec;

/// A number in [`ModelParams`] that a draw can set.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Scalar(&'static str),
    /// Sector by index in `technology.sectors`, field by index in `SECTOR_FIELDS`.
    Sector {
        sector: usize,
        field: usize,
    },
}

impl Slot {
    /// Resolves a dotted name against the scenario's sectors. Only numbers
    /// that may vary across paths resolve: not `run.*`, not words, not sector
    /// `share`/`jobs` (they must sum to 1).
    pub fn resolve(name: &str, sector_names: &[String]) -> Result<Slot, String> {
        if let Some(rest) = name.strip_prefix("technology.sectors.") {
            let (sector, field) = rest.rsplit_once('.').ok_or("a sector field is technology.sectors.NAME.FIELD")?;
            let sector =
                sector_names.iter().position(|s| s == sector).ok_or_else(|| format!("no sector named `{sector}`"))?;
            let (field, _) = spec::sector_field(field).ok_or_else(|| format!("no sector field `{field}`"))?;
            if field <= 1 {
                return Err("sector shares and jobs must sum to 1, so they cannot be drawn per path".into());
            }
            return Ok(Slot::Sector { sector, field });
        }
        let param = spec::scalar(name).ok_or_else(|| match spec::renamed(name) {
            Some(new) => format!("`{name}` was replaced in model v2 by {new}"),
            None => "unknown parameter".to_string(),
        })?;
        if name.starts_with("run.") {
            return Err("run settings cannot vary across paths".into());
        }
        match param.kind {
            spec::Kind::Number { .. } => Ok(Slot::Scalar(param.name)),
            _ => Err("only numbers can be drawn".into()),
        }
    }

    /// The valid range of the number.
    pub fn range(&self) -> spec::Range {
        match self {
            Slot::Sector { field, .. } => spec::SECTOR_FIELDS[*field].2,
            Slot::Scalar(name) => match spec::scalar(name).map(|p| p.kind) {
                Some(spec::Kind::Number { range, .. }) => range,
                _ => spec::Range::closed(f64::NEG_INFINITY, f64::INFINITY),
            },
        }
    }
}

impl ModelParams {
    /// Sets the number behind `slot`.
    pub fn set_slot(&mut self, slot: &Slot, value: f64) {
        match slot {
            Slot::Sector { sector, field } => {
                let s = &mut self.technology.sectors[*sector];
                let target = match field {
                    2 => &mut s.ceiling,
                    3 => &mut s.speed,
                    4 => &mut s.midpoint,
                    5 => &mut s.multiple,
                    _ => &mut s.displaceable,
                };
                *target = value;
            }
            Slot::Scalar(name) => self.set_scalar(name, value),
        }
    }

    fn set_scalar(&mut self, name: &str, value: f64) {
        match scalar_setter(name) {
            Some(set) => set(self, value),
            None => panic!("internal: `{name}` has no slot"),
        }
    }
}

pub use super::model::{scalar_setter, Setter};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{Number, ParamSet, ParamValue};

    /// Every number a draw may set reaches the same field the scenario sets.
    #[test]
    fn every_drawable_number_sets_its_own_field() {
        let base = ParamSet::default();
        let sectors: Vec<String> = base.sectors().iter().map(|s| s.name.clone()).collect();
        for (spec, value, _) in base.scalars() {
            let Ok(slot) = Slot::resolve(spec.name, &sectors) else {
                continue;
            };
            let ParamValue::Number(number) = value else {
                continue;
            };
            let shifted = number.value_at(0.0) * 0.5 + 0.125;
            let mut by_slot = ModelParams::from_set(&base);
            by_slot.set_slot(&slot, shifted);
            let mut set = base.clone();
            set.set(spec.name, ParamValue::Number(Number::Constant(shifted)), Default::default());
            assert_eq!(by_slot, ModelParams::from_set(&set), "{}", spec.name);
        }
        assert!(Slot::resolve("run.dt", &sectors).is_err());
        assert!(Slot::resolve("technology.sectors.energy.share", &sectors).is_err());
        assert_eq!(
            Slot::resolve("technology.sectors.energy.ceiling", &sectors),
            Ok(Slot::Sector { sector: 4, field: 2 })
        );
    }
}
