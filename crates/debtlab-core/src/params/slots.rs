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
        let (st, en, la, pr, ra, fi) =
            (&mut self.start, &mut self.energy, &mut self.labor, &mut self.prices, &mut self.rates, &mut self.fiscal);
        let constant = |n: &mut Number| *n = Number::Constant(value);
        let field: &mut f64 = match name {
            "start.debt_public" => &mut st.debt_public,
            "start.debt_intragov" => &mut st.debt_intragov,
            "start.gdp_nominal" => &mut st.gdp_nominal,
            "start.rate_effective" => &mut st.rate_effective,
            "start.inflation" => &mut st.inflation,
            "start.output_gap" => &mut st.output_gap,
            "start.money" => &mut st.money,
            "start.labor_force" => &mut st.labor_force,
            "technology.g_base" => &mut self.technology.g_base,
            "energy.demand0" => &mut en.demand0,
            "energy.g_efficiency" => &mut en.g_efficiency,
            "energy.g_supply" => &mut en.g_supply,
            "energy.ai_intensity" => &mut en.ai_intensity,
            "energy.price0" => &mut en.price0,
            "energy.g_cost" => &mut en.g_cost,
            "energy.supply_elasticity" => &mut en.supply_elasticity,
            "compute.price0" => &mut en.compute_price0,
            "compute.g_cost" => &mut en.compute_g_cost,
            "compute.shock_year" => &mut en.compute_shock_year,
            "compute.shock_factor" => &mut en.compute_shock_factor,
            "robot.kwh_per_hour" => &mut en.robot_kwh_per_hour,
            "robot.gpu_hours_per_hour" => &mut en.robot_gpu_hours_per_hour,
            "robot.capital_per_hour" => &mut en.robot_capital_per_hour,
            "labor.g_labor_force" => &mut la.g_labor_force,
            "labor.u_natural" => &mut la.u_natural,
            "labor.retrain_years" => &mut la.retrain_years,
            "labor.okun" => &mut la.okun,
            "prices.expectations_years" => &mut pr.expectations_years,
            "prices.anchoring" => &mut pr.anchoring,
            "prices.kappa" => &mut pr.kappa,
            "policy.phi_pi" => &mut pr.phi_pi,
            "policy.phi_y" => &mut pr.phi_y,
            "demand.gap_years" => &mut pr.gap_years,
            "demand.rate_sensitivity" => &mut pr.rate_sensitivity,
            "demand.displacement_drag" => &mut pr.displacement_drag,
            "rates.long_weight_short" => &mut ra.long_weight_short,
            "rates.long_expectations_weight" => &mut ra.long_expectations_weight,
            "rates.risk_premium_slope" => &mut ra.risk_premium_slope,
            "rates.risk_threshold" => &mut ra.risk_threshold,
            "debt.wam_years" => &mut ra.wam_years,
            "debt.bill_share" => &mut ra.bill_share,
            "debt.g_intragov" => &mut ra.g_intragov,
            "fiscal.revenue_cyclical" => &mut fi.revenue_cyclical,
            "fiscal.indexed0" => &mut fi.indexed0,
            "fiscal.g_indexed" => &mut fi.g_indexed,
            "fiscal.health0" => &mut fi.health0,
            "fiscal.g_health" => &mut fi.g_health,
            "fiscal.defense0" => &mut fi.defense0,
            "fiscal.g_defense" => &mut fi.g_defense,
            "fiscal.other0" => &mut fi.other0,
            "fiscal.g_other" => &mut fi.g_other,
            "fiscal.ui_cost" => &mut fi.ui_cost,
            "fiscal.cut_phase_years" => &mut fi.cut_phase_years,
            // Schedulable numbers: a draw makes them constant for the path.
            "prices.target" => return constant(&mut pr.target),
            "prices.pass_through" => return constant(&mut pr.pass_through),
            "prices.velocity_growth" => return constant(&mut pr.velocity_growth),
            "money.growth" => return constant(&mut pr.money_growth),
            "policy.r_star" => return constant(&mut pr.r_star),
            "policy.floor" => return constant(&mut pr.floor),
            "rates.term_premium" => return constant(&mut ra.term_premium),
            "fiscal.revenue_share" => return constant(&mut fi.revenue_share),
            "fiscal.admin_share" => return constant(&mut fi.admin_share),
            "fiscal.automation_cut" => return constant(&mut fi.automation_cut),
            "fiscal.cut_target" => return constant(&mut fi.cut_target),
            "fiscal.cut_achieved" => return constant(&mut fi.cut_achieved),
            other => panic!("internal: `{other}` has no slot"),
        };
        *field = value;
    }
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
