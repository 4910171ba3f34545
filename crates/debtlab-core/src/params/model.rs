//! The typed parameters the model blocks read, built once from a validated
//! [`ParamSet`]. Names follow MODEL.md section 8; symbols are in the docs.

use super::schedule::Number;
use super::set::ParamSet;

/// How prices, policy and demand are determined (MODEL.md 3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// A central bank with a floor sets the rate; money is reported.
    Taylor,
    /// Prices follow money growth against potential output growth.
    Quantity,
}

/// One sector of the technology block.
#[derive(Debug, Clone, PartialEq)]
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
    /// `tau0`, adoption midpoint (yr after start).
    pub midpoint: f64,
    /// `m`, productivity multiple at full adoption.
    pub multiple: f64,
    /// `delta`, displaceable share of jobs.
    pub displaceable: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunParams {
    pub start_year: f64,
    pub years: f64,
    pub dt: f64,
    pub regime: Regime,
}

impl RunParams {
    /// Number of steps after step 0 (`T`); the run has `T + 1` rows.
    pub fn steps(&self) -> usize {
        (self.years / self.dt).round() as usize
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StartValues {
    pub debt_public: f64,
    pub debt_intragov: f64,
    pub gdp_nominal: f64,
    pub rate_effective: f64,
    pub inflation: f64,
    pub output_gap: f64,
    pub money: f64,
    pub labor_force: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TechnologyParams {
    pub g_base: f64,
    pub gov_sector: usize,
    pub sectors: Vec<Sector>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnergyParams {
    pub demand0: f64,
    pub g_efficiency: f64,
    pub g_supply: f64,
    pub ai_intensity: f64,
    pub price0: f64,
    pub g_cost: f64,
    pub supply_elasticity: f64,
    pub compute_price0: f64,
    pub compute_g_cost: f64,
    pub compute_shock_year: f64,
    pub compute_shock_factor: f64,
    pub robot_kwh_per_hour: f64,
    pub robot_gpu_hours_per_hour: f64,
    pub robot_capital_per_hour: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LaborParams {
    pub g_labor_force: f64,
    pub u_natural: f64,
    pub retrain_years: f64,
    pub okun: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceParams {
    pub target: Number,
    pub expectations_years: f64,
    pub anchoring: f64,
    pub kappa: f64,
    pub pass_through: Number,
    pub velocity_growth: Number,
    pub money_growth: Number,
    pub r_star: Number,
    pub floor: Number,
    pub phi_pi: f64,
    pub phi_y: f64,
    pub gap_years: f64,
    pub rate_sensitivity: f64,
    pub displacement_drag: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RateParams {
    pub long_weight_short: f64,
    pub long_expectations_weight: f64,
    pub term_premium: Number,
    pub risk_premium_slope: f64,
    pub risk_threshold: f64,
    pub wam_years: f64,
    pub bill_share: f64,
    pub g_intragov: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FiscalParams {
    pub revenue_share: Number,
    pub revenue_cyclical: f64,
    pub indexed0: f64,
    pub g_indexed: f64,
    pub health0: f64,
    pub g_health: f64,
    pub defense0: f64,
    pub g_defense: f64,
    pub other0: f64,
    pub g_other: f64,
    pub admin_share: Number,
    pub automation_cut: Number,
    pub ui_cost: f64,
    pub cut_target: Number,
    pub cut_phase_years: f64,
    pub cut_achieved: Number,
}

/// Everything the step loop needs, typed and grouped by block.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelParams {
    pub run: RunParams,
    pub start: StartValues,
    pub technology: TechnologyParams,
    pub energy: EnergyParams,
    pub labor: LaborParams,
    pub prices: PriceParams,
    pub rates: RateParams,
    pub fiscal: FiscalParams,
}

impl ModelParams {
    /// Builds the typed parameters. The set must already be validated
    /// (see `scenario::validate`): names exist, the gov sector exists.
    pub fn from_set(set: &ParamSet) -> ModelParams {
        let c = |name: &str| set.constant(name);
        let n = |name: &str| set.number(name).clone();
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
        let gov_name = set.text("technology.gov_sector");
        let gov_sector = sectors.iter().position(|s| s.name == gov_name).unwrap_or(0);
        ModelParams {
            run: RunParams {
                start_year: c("run.start_year"),
                years: c("run.years"),
                dt: c("run.dt"),
                regime: if set.text("run.regime") == "quantity" { Regime::Quantity } else { Regime::Taylor },
            },
            start: StartValues {
                debt_public: c("start.debt_public"),
                debt_intragov: c("start.debt_intragov"),
                gdp_nominal: c("start.gdp_nominal"),
                rate_effective: c("start.rate_effective"),
                inflation: c("start.inflation"),
                output_gap: c("start.output_gap"),
                money: c("start.money"),
                labor_force: c("start.labor_force"),
            },
            technology: TechnologyParams { g_base: c("technology.g_base"), gov_sector, sectors },
            energy: EnergyParams {
                demand0: c("energy.demand0"),
                g_efficiency: c("energy.g_efficiency"),
                g_supply: c("energy.g_supply"),
                ai_intensity: c("energy.ai_intensity"),
                price0: c("energy.price0"),
                g_cost: c("energy.g_cost"),
                supply_elasticity: c("energy.supply_elasticity"),
                compute_price0: c("compute.price0"),
                compute_g_cost: c("compute.g_cost"),
                compute_shock_year: c("compute.shock_year"),
                compute_shock_factor: c("compute.shock_factor"),
                robot_kwh_per_hour: c("robot.kwh_per_hour"),
                robot_gpu_hours_per_hour: c("robot.gpu_hours_per_hour"),
                robot_capital_per_hour: c("robot.capital_per_hour"),
            },
            labor: LaborParams {
                g_labor_force: c("labor.g_labor_force"),
                u_natural: c("labor.u_natural"),
                retrain_years: c("labor.retrain_years"),
                okun: c("labor.okun"),
            },
            prices: PriceParams {
                target: n("prices.target"),
                expectations_years: c("prices.expectations_years"),
                anchoring: c("prices.anchoring"),
                kappa: c("prices.kappa"),
                pass_through: n("prices.pass_through"),
                velocity_growth: n("prices.velocity_growth"),
                money_growth: n("money.growth"),
                r_star: n("policy.r_star"),
                floor: n("policy.floor"),
                phi_pi: c("policy.phi_pi"),
                phi_y: c("policy.phi_y"),
                gap_years: c("demand.gap_years"),
                rate_sensitivity: c("demand.rate_sensitivity"),
                displacement_drag: c("demand.displacement_drag"),
            },
            rates: RateParams {
                long_weight_short: c("rates.long_weight_short"),
                long_expectations_weight: c("rates.long_expectations_weight"),
                term_premium: n("rates.term_premium"),
                risk_premium_slope: c("rates.risk_premium_slope"),
                risk_threshold: c("rates.risk_threshold"),
                wam_years: c("debt.wam_years"),
                bill_share: c("debt.bill_share"),
                g_intragov: c("debt.g_intragov"),
            },
            fiscal: FiscalParams {
                revenue_share: n("fiscal.revenue_share"),
                revenue_cyclical: c("fiscal.revenue_cyclical"),
                indexed0: c("fiscal.indexed0"),
                g_indexed: c("fiscal.g_indexed"),
                health0: c("fiscal.health0"),
                g_health: c("fiscal.g_health"),
                defense0: c("fiscal.defense0"),
                g_defense: c("fiscal.g_defense"),
                other0: c("fiscal.other0"),
                g_other: c("fiscal.g_other"),
                admin_share: n("fiscal.admin_share"),
                automation_cut: n("fiscal.automation_cut"),
                ui_cost: c("fiscal.ui_cost"),
                cut_target: n("fiscal.cut_target"),
                cut_phase_years: c("fiscal.cut_phase_years"),
                cut_achieved: n("fiscal.cut_achieved"),
            },
        }
    }
}
