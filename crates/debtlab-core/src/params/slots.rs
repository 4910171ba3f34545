//! Setting one number of the typed parameters by its dotted name, for
//! Monte Carlo draws (and later sensitivity analysis), and what a change to it
//! invalidates.

use super::model::ModelParams;
use super::schedule::Number;
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

/// What must be recomputed after a slot changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// Only the step loop reads it.
    Step,
    /// The timeline's scheduled-parameter fields.
    Schedules,
    /// The whole timeline (technology, energy, time paths, constants).
    Timeline,
}

/// Parameters read only by the step loop (everything else feeds the timeline).
const STEP_ONLY: &[&str] = &[
    "start.debt_public",
    "start.rate_effective",
    "start.inflation",
    "start.output_gap",
    "start.money",
    "labor.u_natural",
    "labor.retrain_years",
    "labor.okun",
    "prices.anchoring",
    "prices.kappa",
    "policy.phi_pi",
    "policy.phi_y",
    "demand.rate_sensitivity",
    "demand.displacement_drag",
    "rates.long_weight_short",
    "rates.long_expectations_weight",
    "rates.risk_premium_slope",
    "rates.risk_threshold",
    "debt.bill_share",
    "fiscal.revenue_cyclical",
    "fiscal.ui_cost",
];

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
        let param = spec::scalar(name).ok_or_else(|| "unknown parameter".to_string())?;
        if name.starts_with("run.") {
            return Err("run settings cannot vary across paths".into());
        }
        match param.kind {
            spec::Kind::Number { .. } => Ok(Slot::Scalar(param.name)),
            _ => Err("only numbers can be drawn".into()),
        }
    }

    pub fn effect(&self) -> Effect {
        match self {
            Slot::Sector { .. } => Effect::Timeline,
            Slot::Scalar(name) if STEP_ONLY.contains(name) => Effect::Step,
            Slot::Scalar(name) => match spec::scalar(name).map(|p| p.kind) {
                Some(spec::Kind::Number { schedulable: true, .. }) => Effect::Schedules,
                _ => Effect::Timeline,
            },
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

/// Sets one scalar of [`ModelParams`].
pub type Setter = fn(&mut ModelParams, f64);

/// The setter of a drawable scalar by dotted name (schedulable numbers become
/// constant for the path).
pub fn scalar_setter(name: &str) -> Option<Setter> {
    let set: Setter = match name {
        "start.debt_public" => |p, v| p.start.debt_public = v,
        "start.debt_intragov" => |p, v| p.start.debt_intragov = v,
        "start.gdp_nominal" => |p, v| p.start.gdp_nominal = v,
        "start.rate_effective" => |p, v| p.start.rate_effective = v,
        "start.inflation" => |p, v| p.start.inflation = v,
        "start.output_gap" => |p, v| p.start.output_gap = v,
        "start.money" => |p, v| p.start.money = v,
        "start.labor_force" => |p, v| p.start.labor_force = v,
        "technology.g_base" => |p, v| p.technology.g_base = v,
        "energy.demand0" => |p, v| p.energy.demand0 = v,
        "energy.g_efficiency" => |p, v| p.energy.g_efficiency = v,
        "energy.g_supply" => |p, v| p.energy.g_supply = v,
        "energy.ai_intensity" => |p, v| p.energy.ai_intensity = v,
        "energy.price0" => |p, v| p.energy.price0 = v,
        "energy.g_cost" => |p, v| p.energy.g_cost = v,
        "energy.supply_elasticity" => |p, v| p.energy.supply_elasticity = v,
        "compute.price0" => |p, v| p.energy.compute_price0 = v,
        "compute.g_cost" => |p, v| p.energy.compute_g_cost = v,
        "compute.shock_year" => |p, v| p.energy.compute_shock_year = v,
        "compute.shock_factor" => |p, v| p.energy.compute_shock_factor = v,
        "robot.kwh_per_hour" => |p, v| p.energy.robot_kwh_per_hour = v,
        "robot.gpu_hours_per_hour" => |p, v| p.energy.robot_gpu_hours_per_hour = v,
        "robot.capital_per_hour" => |p, v| p.energy.robot_capital_per_hour = v,
        "labor.g_labor_force" => |p, v| p.labor.g_labor_force = v,
        "labor.u_natural" => |p, v| p.labor.u_natural = v,
        "labor.retrain_years" => |p, v| p.labor.retrain_years = v,
        "labor.okun" => |p, v| p.labor.okun = v,
        "prices.expectations_years" => |p, v| p.prices.expectations_years = v,
        "prices.anchoring" => |p, v| p.prices.anchoring = v,
        "prices.kappa" => |p, v| p.prices.kappa = v,
        "policy.phi_pi" => |p, v| p.prices.phi_pi = v,
        "policy.phi_y" => |p, v| p.prices.phi_y = v,
        "demand.gap_years" => |p, v| p.prices.gap_years = v,
        "demand.rate_sensitivity" => |p, v| p.prices.rate_sensitivity = v,
        "demand.displacement_drag" => |p, v| p.prices.displacement_drag = v,
        "rates.long_weight_short" => |p, v| p.rates.long_weight_short = v,
        "rates.long_expectations_weight" => |p, v| p.rates.long_expectations_weight = v,
        "rates.risk_premium_slope" => |p, v| p.rates.risk_premium_slope = v,
        "rates.risk_threshold" => |p, v| p.rates.risk_threshold = v,
        "debt.wam_years" => |p, v| p.rates.wam_years = v,
        "debt.bill_share" => |p, v| p.rates.bill_share = v,
        "debt.g_intragov" => |p, v| p.rates.g_intragov = v,
        "fiscal.revenue_cyclical" => |p, v| p.fiscal.revenue_cyclical = v,
        "fiscal.indexed0" => |p, v| p.fiscal.indexed0 = v,
        "fiscal.g_indexed" => |p, v| p.fiscal.g_indexed = v,
        "fiscal.health0" => |p, v| p.fiscal.health0 = v,
        "fiscal.g_health" => |p, v| p.fiscal.g_health = v,
        "fiscal.defense0" => |p, v| p.fiscal.defense0 = v,
        "fiscal.g_defense" => |p, v| p.fiscal.g_defense = v,
        "fiscal.other0" => |p, v| p.fiscal.other0 = v,
        "fiscal.g_other" => |p, v| p.fiscal.g_other = v,
        "fiscal.ui_cost" => |p, v| p.fiscal.ui_cost = v,
        "fiscal.cut_phase_years" => |p, v| p.fiscal.cut_phase_years = v,
        "prices.target" => |p, v| p.prices.target = Number::Constant(v),
        "prices.pass_through" => |p, v| p.prices.pass_through = Number::Constant(v),
        "prices.velocity_growth" => |p, v| p.prices.velocity_growth = Number::Constant(v),
        "money.growth" => |p, v| p.prices.money_growth = Number::Constant(v),
        "policy.r_star" => |p, v| p.prices.r_star = Number::Constant(v),
        "policy.floor" => |p, v| p.prices.floor = Number::Constant(v),
        "rates.term_premium" => |p, v| p.rates.term_premium = Number::Constant(v),
        "fiscal.revenue_share" => |p, v| p.fiscal.revenue_share = Number::Constant(v),
        "fiscal.admin_share" => |p, v| p.fiscal.admin_share = Number::Constant(v),
        "fiscal.automation_cut" => |p, v| p.fiscal.automation_cut = Number::Constant(v),
        "fiscal.cut_target" => |p, v| p.fiscal.cut_target = Number::Constant(v),
        "fiscal.cut_achieved" => |p, v| p.fiscal.cut_achieved = Number::Constant(v),
        _ => return None,
    };
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{ParamSet, ParamValue};

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
