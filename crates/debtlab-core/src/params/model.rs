//! The typed parameters the model reads, built once from a validated
//! [`ParamSet`]. Fields follow the dotted names of MODEL.md section 8
//! (`prices.kappa` is `p.prices.kappa`); one list below maps every number to
//! its field, for building and for setting one number by name (draws,
//! sensitivity analysis).

use super::schedule::Number;
use super::set::ParamSet;

/// How monetary policy is set (MODEL.md 3.5, `policy.rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyRule {
    /// A rate rule with a floor; inflation from the Phillips curve.
    #[default]
    Taylor,
    /// Money growth sets nominal GDP (the quantity equation in levels); the
    /// IS curve splits it into output and prices.
    Money,
}

/// How expectations are formed (MODEL.md 3.5, `prices.expectations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expectations {
    /// Exponential filters of the path so far (MODEL.md 3.5).
    #[default]
    Adaptive,
    /// Perfect foresight of the path's own future, without its shocks (MODEL.md 3.10).
    Rational,
}

impl Expectations {
    /// The scenario's name for the mode.
    pub fn name(self) -> &'static str {
        match self {
            Expectations::Adaptive => "adaptive",
            Expectations::Rational => "rational",
        }
    }
}

/// One sector of the technology block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sector {
    pub name: String,
    /// `w`, value-added share.
    pub share: f64,
    /// `n`, employment share.
    pub jobs: f64,
    /// `c`, adoption ceiling.
    pub ceiling: f64,
    /// `k`, adoption speed (1/yr).
    pub speed: f64,
    /// `tau0`, adoption midpoint (years after the start on the adoption clock).
    pub midpoint: f64,
    /// `m`, productivity multiple at full adoption.
    pub multiple: f64,
    /// `delta`, displaceable share of jobs.
    pub displaceable: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunParams {
    pub start_year: f64,
    pub years: f64,
    pub dt: f64,
}

impl RunParams {
    /// Number of steps after step 0 (`T`); the run has `T + 1` rows.
    pub fn steps(&self) -> usize {
        (self.years / self.dt).round() as usize
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StartValues {
    pub debt_public: f64,
    pub debt_intragov: f64,
    pub gdp_nominal: f64,
    pub rate_effective: f64,
    pub bill_rate: f64,
    pub inflation: f64,
    pub output_gap: f64,
    pub money: f64,
    pub labor_force: f64,
    pub private_debt_gdp: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TechnologyParams {
    pub g_base: f64,
    /// Index of `technology.gov_sector` in `sectors`.
    pub gov_sector: usize,
    pub sectors: Vec<Sector>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnergyParams {
    pub demand0: f64,
    pub g_efficiency: f64,
    pub g_supply: f64,
    pub ai_intensity: f64,
    pub price0: f64,
    pub g_cost: f64,
    pub supply_elasticity: f64,
    pub cost_share: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComputeParams {
    pub price0: f64,
    pub g_cost: f64,
    pub shock_year: f64,
    pub shock_factor: f64,
    pub adoption_elasticity: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RobotParams {
    pub kwh_per_hour: f64,
    pub gpu_hours_per_hour: f64,
    pub capital_per_hour: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaborParams {
    pub g_labor_force: f64,
    pub u_natural: f64,
    pub retrain_years: f64,
    pub okun: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncomeParams {
    pub labor_share0: f64,
    pub ai_capital_capture: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceParams {
    pub target: Number,
    pub expectations: Expectations,
    pub expectations_years: f64,
    pub productivity_learning_years: f64,
    pub trend_learning_years: f64,
    pub anchoring: f64,
    pub kappa: f64,
    pub pass_through: Number,
    pub velocity_growth: Number,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoneyParams {
    pub growth: Number,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyParams {
    pub rule: PolicyRule,
    pub r_star: Number,
    pub r_star_growth: f64,
    pub growth_ref: f64,
    pub floor: Number,
    pub phi_pi: f64,
    pub phi_y: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DemandParams {
    pub gap_years: f64,
    pub rate_sensitivity: f64,
    pub displacement_drag: f64,
    pub fiscal_multiplier: f64,
    pub fisher: f64,
    pub shock: Number,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateParams {
    pub long_weight_short: f64,
    pub long_expectations_weight: f64,
    pub term_premium: Number,
    pub risk_premium_slope: f64,
    pub risk_threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DebtParams {
    pub bill_share: Number,
    pub bill_maturity_years: f64,
    pub coupon_wam_years: f64,
    pub g_intragov: f64,
}

/// A spending line of MODEL.md 3.7:
/// `G_t = level0 exp(growth tau) P_t^price_weight Pmax_t^ratchet_weight w_t^wage_weight`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SpendingLine {
    pub level0: f64,
    pub growth: f64,
    pub price_weight: f64,
    pub ratchet_weight: f64,
    pub wage_weight: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FiscalParams {
    pub tax_labor: Number,
    pub tax_capital: Number,
    pub tax_other: Number,
    pub revenue_cyclical: f64,
    pub social_security: SpendingLine,
    pub health: SpendingLine,
    pub defense: SpendingLine,
    pub other: SpendingLine,
    /// Index of `fiscal.health.ai_sector` in `technology.sectors`.
    pub health_ai_sector: usize,
    pub health_ai_weight: f64,
    pub other_financing: Number,
    pub admin_share: Number,
    pub automation_cut: Number,
    pub ui_cost: f64,
    pub cut_target: Number,
    pub cut_phase_years: f64,
    pub cut_achieved: Number,
}

impl FiscalParams {
    /// The spending lines in the order of [`super::spec::SPENDING_LINES`].
    pub fn lines(&self) -> [&SpendingLine; 4] {
        [&self.social_security, &self.health, &self.defense, &self.other]
    }
}

/// Everything the step loop needs, typed and grouped as the dotted names are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelParams {
    pub run: RunParams,
    pub start: StartValues,
    pub technology: TechnologyParams,
    pub energy: EnergyParams,
    pub compute: ComputeParams,
    pub robot: RobotParams,
    pub labor: LaborParams,
    pub income: IncomeParams,
    pub prices: PriceParams,
    pub money: MoneyParams,
    pub policy: PolicyParams,
    pub demand: DemandParams,
    pub rates: RateParams,
    pub debt: DebtParams,
    pub fiscal: FiscalParams,
}

/// Sets one number of [`ModelParams`].
pub type Setter = fn(&mut ModelParams, f64);

/// How a number parameter is held: `c` a constant `f64`, `n` a [`Number`]
/// (a schedulable parameter; a draw makes it constant).
macro_rules! read {
    (c, $set:expr, $name:literal) => {
        $set.constant($name)
    };
    (n, $set:expr, $name:literal) => {
        $set.number($name).clone()
    };
}
macro_rules! write {
    (c, $v:expr) => {
        $v
    };
    (n, $v:expr) => {
        Number::Constant($v)
    };
}

/// The one list of number parameters and their fields.
macro_rules! numbers {
    ($($kind:ident $name:literal => $($field:ident).+;)*) => {
        fn read_numbers(p: &mut ModelParams, set: &ParamSet) {
            $(p.$($field).+ = read!($kind, set, $name);)*
        }

        /// The setter of a number parameter by dotted name (a schedulable
        /// one becomes a constant), or `None` for a name that is not a number.
        pub fn scalar_setter(name: &str) -> Option<Setter> {
            let set: Setter = match name {
                $($name => |p, v| p.$($field).+ = write!($kind, v),)*
                _ => return None,
            };
            Some(set)
        }

        /// Every number parameter's dotted name, in the list's order.
        pub const NUMBER_NAMES: &[&str] = &[$($name),*];
    };
}

numbers! {
    c "run.start_year" => run.start_year;
    c "run.years" => run.years;
    c "run.dt" => run.dt;
    c "start.debt_public" => start.debt_public;
    c "start.debt_intragov" => start.debt_intragov;
    c "start.gdp_nominal" => start.gdp_nominal;
    c "start.rate_effective" => start.rate_effective;
    c "start.bill_rate" => start.bill_rate;
    c "start.inflation" => start.inflation;
    c "start.output_gap" => start.output_gap;
    c "start.money" => start.money;
    c "start.labor_force" => start.labor_force;
    c "start.private_debt_gdp" => start.private_debt_gdp;
    c "technology.g_base" => technology.g_base;
    c "energy.demand0" => energy.demand0;
    c "energy.g_efficiency" => energy.g_efficiency;
    c "energy.g_supply" => energy.g_supply;
    c "energy.ai_intensity" => energy.ai_intensity;
    c "energy.price0" => energy.price0;
    c "energy.g_cost" => energy.g_cost;
    c "energy.supply_elasticity" => energy.supply_elasticity;
    c "energy.cost_share" => energy.cost_share;
    c "compute.price0" => compute.price0;
    c "compute.g_cost" => compute.g_cost;
    c "compute.shock_year" => compute.shock_year;
    c "compute.shock_factor" => compute.shock_factor;
    c "compute.adoption_elasticity" => compute.adoption_elasticity;
    c "robot.kwh_per_hour" => robot.kwh_per_hour;
    c "robot.gpu_hours_per_hour" => robot.gpu_hours_per_hour;
    c "robot.capital_per_hour" => robot.capital_per_hour;
    c "labor.g_labor_force" => labor.g_labor_force;
    c "labor.u_natural" => labor.u_natural;
    c "labor.retrain_years" => labor.retrain_years;
    c "labor.okun" => labor.okun;
    c "income.labor_share0" => income.labor_share0;
    c "income.ai_capital_capture" => income.ai_capital_capture;
    n "prices.target" => prices.target;
    c "prices.expectations_years" => prices.expectations_years;
    c "prices.productivity_learning_years" => prices.productivity_learning_years;
    c "prices.trend_learning_years" => prices.trend_learning_years;
    c "prices.anchoring" => prices.anchoring;
    c "prices.kappa" => prices.kappa;
    n "prices.pass_through" => prices.pass_through;
    n "prices.velocity_growth" => prices.velocity_growth;
    n "money.growth" => money.growth;
    n "policy.r_star" => policy.r_star;
    c "policy.r_star_growth" => policy.r_star_growth;
    c "policy.growth_ref" => policy.growth_ref;
    n "policy.floor" => policy.floor;
    c "policy.phi_pi" => policy.phi_pi;
    c "policy.phi_y" => policy.phi_y;
    c "demand.gap_years" => demand.gap_years;
    c "demand.rate_sensitivity" => demand.rate_sensitivity;
    c "demand.displacement_drag" => demand.displacement_drag;
    c "demand.fiscal_multiplier" => demand.fiscal_multiplier;
    c "demand.fisher" => demand.fisher;
    n "demand.shock" => demand.shock;
    c "rates.long_weight_short" => rates.long_weight_short;
    c "rates.long_expectations_weight" => rates.long_expectations_weight;
    n "rates.term_premium" => rates.term_premium;
    c "rates.risk_premium_slope" => rates.risk_premium_slope;
    c "rates.risk_threshold" => rates.risk_threshold;
    n "debt.bill_share" => debt.bill_share;
    c "debt.bill_maturity_years" => debt.bill_maturity_years;
    c "debt.coupon_wam_years" => debt.coupon_wam_years;
    c "debt.g_intragov" => debt.g_intragov;
    n "fiscal.tax_labor" => fiscal.tax_labor;
    n "fiscal.tax_capital" => fiscal.tax_capital;
    n "fiscal.tax_other" => fiscal.tax_other;
    c "fiscal.revenue_cyclical" => fiscal.revenue_cyclical;
    c "fiscal.social_security.level0" => fiscal.social_security.level0;
    c "fiscal.social_security.growth" => fiscal.social_security.growth;
    c "fiscal.social_security.price_weight" => fiscal.social_security.price_weight;
    c "fiscal.social_security.ratchet_weight" => fiscal.social_security.ratchet_weight;
    c "fiscal.social_security.wage_weight" => fiscal.social_security.wage_weight;
    c "fiscal.health.level0" => fiscal.health.level0;
    c "fiscal.health.growth" => fiscal.health.growth;
    c "fiscal.health.price_weight" => fiscal.health.price_weight;
    c "fiscal.health.ratchet_weight" => fiscal.health.ratchet_weight;
    c "fiscal.health.wage_weight" => fiscal.health.wage_weight;
    c "fiscal.health.ai_weight" => fiscal.health_ai_weight;
    c "fiscal.defense.level0" => fiscal.defense.level0;
    c "fiscal.defense.growth" => fiscal.defense.growth;
    c "fiscal.defense.price_weight" => fiscal.defense.price_weight;
    c "fiscal.defense.ratchet_weight" => fiscal.defense.ratchet_weight;
    c "fiscal.defense.wage_weight" => fiscal.defense.wage_weight;
    c "fiscal.other.level0" => fiscal.other.level0;
    c "fiscal.other.growth" => fiscal.other.growth;
    c "fiscal.other.price_weight" => fiscal.other.price_weight;
    c "fiscal.other.ratchet_weight" => fiscal.other.ratchet_weight;
    c "fiscal.other.wage_weight" => fiscal.other.wage_weight;
    n "fiscal.other_financing" => fiscal.other_financing;
    n "fiscal.admin_share" => fiscal.admin_share;
    n "fiscal.automation_cut" => fiscal.automation_cut;
    c "fiscal.ui_cost" => fiscal.ui_cost;
    n "fiscal.cut_target" => fiscal.cut_target;
    c "fiscal.cut_phase_years" => fiscal.cut_phase_years;
    n "fiscal.cut_achieved" => fiscal.cut_achieved;
}

impl ModelParams {
    /// Builds the typed parameters. The set must already be validated
    /// (see `scenario::validate`): names exist, named sectors exist.
    pub fn from_set(set: &ParamSet) -> ModelParams {
        let sectors: Vec<Sector> = set
            .sectors()
            .iter()
            .map(|s| Sector {
                name: s.name.clone(),
                share: s.fields[0],
                jobs: s.fields[1],
                ceiling: s.fields[2],
                speed: s.fields[3],
                midpoint: s.fields[4],
                multiple: s.fields[5],
                displaceable: s.fields[6],
            })
            .collect();
        let sector_index = |name: &str| sectors.iter().position(|s| s.name == set.text(name)).unwrap_or(0);
        let mut p = ModelParams::default();
        p.technology.gov_sector = sector_index("technology.gov_sector");
        p.fiscal.health_ai_sector = sector_index("fiscal.health.ai_sector");
        p.technology.sectors = sectors;
        p.policy.rule = if set.text("policy.rule") == "money" { PolicyRule::Money } else { PolicyRule::Taylor };
        p.prices.expectations =
            if set.text("prices.expectations") == "rational" { Expectations::Rational } else { Expectations::Adaptive };
        read_numbers(&mut p, set);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::spec::{Kind, SCALAR_PARAMS};

    /// The list above names every number of the parameter table, once.
    #[test]
    fn every_number_parameter_has_one_field() {
        let numbers: Vec<&str> =
            SCALAR_PARAMS.iter().filter(|p| matches!(p.kind, Kind::Number { .. })).map(|p| p.name).collect();
        let mut listed = NUMBER_NAMES.to_vec();
        listed.sort();
        let mut expected = numbers.clone();
        expected.sort();
        assert_eq!(listed, expected);
    }
}
