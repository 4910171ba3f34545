//! What stays constant along one path: the parameters each block reads, and
//! what derives from them once per path (the filters' weights per step, the
//! growth factor per step of every `x0 exp(g tau)` path, the logistic's
//! start and decay). Built generically from [`Real::WIDTH`] paths' parameters
//! at once, so one path and a group of lanes derive the same bits.

use super::foresight;
use crate::num::Real;
use crate::params::{Expectations, ModelParams, PolicyRule};

/// The paths of the form `x0 exp(g tau)`, by index in [`PathParams::level0`].
pub const LEVELS: usize = 12;
pub const ENERGY_BASELINE: usize = 0;
pub const ENERGY_SUPPLY: usize = 1;
pub const ENERGY_COST: usize = 2;
pub const COMPUTE_REFERENCE: usize = 3;
pub const LABOR_FORCE: usize = 4;
/// `1 / L_t`, so that the step multiplies where it would divide.
pub const INV_LABOR_FORCE: usize = 5;
pub const POTENTIAL_TREND: usize = 6;
/// The spending lines' `level0 exp(growth tau)`, in the order of `SPENDING_LINES`.
pub const LINES: usize = 7;
pub const INTRAGOV: usize = 11;

/// The widest lane vector a path's constants are built for.
pub const MAX_LANES: usize = 8;

/// One sector's constants (MODEL.md 3.1).
#[derive(Debug, Clone, Copy, Default)]
pub struct SectorParams<V> {
    /// `w_s / sum_s w_s z_s,0`, so that `Z_t = sum_s share z_s,t`.
    pub share: V,
    /// `m_s - 1`.
    pub multiple_less_one: V,
    pub ceiling: V,
    /// `n_s delta_s`.
    pub jobs_displaceable: V,
    /// `u_0 = exp(k_s tau0_s)`, the start of `u = exp(-k_s (A_t - tau0_s))`.
    pub u0: V,
    /// `exp(-k_s dA)` per step before and after the compute shock.
    pub decay: V,
    pub decay_shocked: V,
}

/// One spending line's index weights (MODEL.md 3.7).
#[derive(Debug, Clone, Copy, Default)]
pub struct LineWeights<V> {
    pub price: V,
    pub ratchet: V,
    pub wage: V,
}

/// Every constant of one path (or of each lane of a group).
#[derive(Debug, Clone, Default)]
pub struct PathParams<V> {
    pub dt: V,
    pub inv_dt: V,
    /// Steps in a year, `n = max(1, round(1 / dt))` (the same on every path
    /// of a run): the window of `inflation_yoy`.
    pub year_steps: usize,
    /// Price levels the state keeps for it, `min(n, T + 1)`: a run shorter
    /// than a year reads only back-cast levels, one per row, so a tiny `dt`
    /// on a short run never holds more than the run's rows.
    pub year_slots: usize,
    pub start_year: f64,
    pub rule: PolicyRule,
    /// Whether expectations are rational (MODEL.md 3.10), and the forward
    /// means' windows in steps per lane: `T_exp`, `T_r` and the 10 years of
    /// the bond, in the order of [`super::foresight::VARIABLES`].
    pub rational: bool,
    pub windows: [[usize; MAX_LANES]; 3],
    // Start values.
    pub debt0: V,
    pub gdp0: V,
    pub rate_effective0: V,
    pub bill_rate0: V,
    pub inflation0: V,
    pub output_gap0: V,
    pub money0: V,
    // 3.1 technology and 3.2 energy.
    pub sectors: Vec<SectorParams<V>>,
    /// Whether the adoption clock's rate changes at the compute shock on
    /// some lane (else the shocked decay is the plain one, and no select is needed).
    pub clock_shock: bool,
    pub gov_sector: usize,
    pub health_sector: usize,
    pub ai_intensity: V,
    pub inv_supply_elasticity: V,
    pub g_energy_cost: V,
    pub energy_cost_share: V,
    pub compute_shock_year: V,
    pub compute_shock_factor: V,
    pub robot_kwh: V,
    pub robot_gpu_hours: V,
    pub robot_capital: V,
    pub level0: [V; LEVELS],
    pub growth_factor: [V; LEVELS],
    // 3.3 labor and income; 3.4 supply.
    /// `g_base + g_L`.
    pub trend: V,
    pub u_natural: V,
    pub inv_retrain_years: V,
    pub okun: V,
    pub labor_share0: V,
    pub capital_capture: V,
    // 3.5 expectations, prices, policy and demand. Each adaptive filter
    // carries `lam = 1 - exp(-dt/T)` and averages with `m = 1 - lam T/dt`.
    pub ai_lam: V,
    pub ai_mean: V,
    pub trend_lam: V,
    pub trend_mean: V,
    pub inflation_lam: V,
    pub inflation_mean: V,
    pub growth_ref: V,
    pub r_star_growth: V,
    pub anchoring: V,
    pub kappa: V,
    pub phi_pi: V,
    pub phi_y: V,
    /// `exp(-dt / T_gap)`.
    pub gap_persistence: V,
    pub rate_sensitivity: V,
    pub displacement_drag: V,
    pub fiscal_multiplier: V,
    /// `f_F d_priv`.
    pub fisher_debt: V,
    // 3.6 rates and maturity.
    pub long_weight_short: V,
    pub long_expectations_weight: V,
    pub risk_premium_slope: V,
    pub risk_threshold: V,
    /// `rho_b = 1 - exp(-dt / bill maturity)`, `rho_c = 1 - exp(-dt / coupon WAM)`.
    pub bill_rollover: V,
    pub coupon_rollover: V,
    // 3.7 fiscal.
    pub revenue_cyclical: V,
    pub lines: [LineWeights<V>; 4],
    /// Whether a line has any index weight in some lane (else it is `level0 exp(growth tau)`).
    pub line_indexed: [bool; 4],
    pub health_ai_weight: V,
    pub ui_cost: V,
    /// `1 / cut_phase_years` (infinite for a phase of 0: the cuts apply at once).
    pub inv_cut_phase_years: V,
    /// `1 / (1 - m (1 - a))`, the Taylor pair's denominator (see `prices::taylor_inflation`).
    pub inv_taylor_pair: V,
}

impl<V: Real> PathParams<V> {
    /// The constants of `paths` (one per lane: `paths.len() == V::WIDTH`).
    /// Words (the rule, sector names) and the number of sectors are the
    /// same on every path of a run: they are read from the first.
    pub fn new(paths: &[ModelParams]) -> PathParams<V> {
        let mut c = PathParams::default();
        c.fill(paths);
        c
    }

    /// [`PathParams::new`] into `self`, reusing its sector buffer.
    #[inline(always)]
    pub fn fill(&mut self, paths: &[ModelParams]) {
        assert!(paths.len() == V::WIDTH && V::WIDTH <= MAX_LANES, "one parameter set per lane");
        let lanes = |f: &dyn Fn(&ModelParams) -> f64| -> V {
            let mut values = [0.0; MAX_LANES];
            for (value, p) in values.iter_mut().zip(paths) {
                *value = f(p);
            }
            V::load(&values)
        };
        let first = &paths[0];
        let one = V::splat(1.0);
        let dt = lanes(&|p| p.run.dt);
        self.dt = dt;
        self.inv_dt = one / dt;
        self.year_steps = year_steps(first.run.dt);
        // A rational run simulates past its horizon (MODEL.md 3.10).
        self.year_slots = self.year_steps.min(first.run.steps() + 1 + foresight::extra_steps(first));
        self.start_year = first.run.start_year;
        self.rule = first.policy.rule;
        self.rational = first.prices.expectations == Expectations::Rational;
        for (lane, p) in paths.iter().enumerate() {
            let dt = p.run.dt;
            self.windows[0][lane] = foresight::window_steps(p.prices.expectations_years, dt);
            self.windows[1][lane] = foresight::window_steps(p.prices.trend_learning_years, dt);
            self.windows[2][lane] = foresight::window_steps(foresight::BOND_YEARS, dt);
        }
        self.debt0 = lanes(&|p| p.start.debt_public);
        self.gdp0 = lanes(&|p| p.start.gdp_nominal);
        self.rate_effective0 = lanes(&|p| p.start.rate_effective);
        self.bill_rate0 = lanes(&|p| p.start.bill_rate);
        self.inflation0 = lanes(&|p| p.start.inflation);
        self.output_gap0 = lanes(&|p| p.start.output_gap);
        self.money0 = lanes(&|p| p.start.money);

        // 3.1: the adoption clock runs `(pCref / pC)^eps_C` times as fast as
        // the calendar, which is `f_shock^-eps_C` once the compute shock hits.
        let clock_after_shock =
            (-lanes(&|p| p.compute.adoption_elasticity) * lanes(&|p| p.compute.shock_factor).ln()).exp();
        self.sectors.clear();
        let mut start_productivity = V::splat(0.0);
        for i in 0..first.technology.sectors.len() {
            let field = |f: fn(&crate::params::model::Sector) -> f64| lanes(&|p| f(&p.technology.sectors[i]));
            let speed = field(|s| s.speed);
            let u0 = (speed * field(|s| s.midpoint)).exp();
            let ceiling = field(|s| s.ceiling);
            let multiple_less_one = field(|s| s.multiple) - one;
            let share = field(|s| s.share);
            start_productivity = start_productivity + share * (one + multiple_less_one * (ceiling / (one + u0)));
            self.sectors.push(SectorParams {
                share,
                multiple_less_one,
                ceiling,
                jobs_displaceable: field(|s| s.jobs) * field(|s| s.displaceable),
                u0,
                decay: (-speed * dt).exp(),
                decay_shocked: (-speed * dt * clock_after_shock).exp(),
            });
        }
        self.clock_shock = paths.iter().any(|p| {
            p.compute.adoption_elasticity != 0.0 && p.compute.shock_factor != 1.0 && !p.technology.sectors.is_empty()
        });
        let inv_start = one / start_productivity;
        for sector in &mut self.sectors {
            sector.share = sector.share * inv_start;
        }
        self.gov_sector = first.technology.gov_sector;
        self.health_sector = first.fiscal.health_ai_sector;

        self.ai_intensity = lanes(&|p| p.energy.ai_intensity);
        self.inv_supply_elasticity = one / lanes(&|p| p.energy.supply_elasticity);
        self.g_energy_cost = lanes(&|p| p.energy.g_cost);
        self.energy_cost_share = lanes(&|p| p.energy.cost_share);
        self.compute_shock_year = lanes(&|p| p.compute.shock_year);
        self.compute_shock_factor = lanes(&|p| p.compute.shock_factor);
        self.robot_kwh = lanes(&|p| p.robot.kwh_per_hour);
        self.robot_gpu_hours = lanes(&|p| p.robot.gpu_hours_per_hour);
        self.robot_capital = lanes(&|p| p.robot.capital_per_hour);

        let g_labor = lanes(&|p| p.labor.g_labor_force);
        let trend = lanes(&|p| p.technology.g_base) + g_labor;
        self.trend = trend;
        let labor_force0 = lanes(&|p| p.start.labor_force);
        let line = |i: usize, f: fn(&crate::params::SpendingLine) -> f64| lanes(&|p| f(p.fiscal.lines()[i]));
        let level = |start: V, growth: V| (start, growth);
        let levels: [(V, V); LEVELS] = [
            level(lanes(&|p| p.energy.demand0), trend - lanes(&|p| p.energy.g_efficiency)),
            level(lanes(&|p| p.energy.demand0), lanes(&|p| p.energy.g_supply)),
            level(lanes(&|p| p.energy.price0), -self.g_energy_cost),
            level(lanes(&|p| p.compute.price0), -lanes(&|p| p.compute.g_cost)),
            level(labor_force0, g_labor),
            level(one / labor_force0, -g_labor),
            level(self.gdp0, trend),
            level(line(0, |l| l.level0), line(0, |l| l.growth)),
            level(line(1, |l| l.level0), line(1, |l| l.growth)),
            level(line(2, |l| l.level0), line(2, |l| l.growth)),
            level(line(3, |l| l.level0), line(3, |l| l.growth)),
            level(lanes(&|p| p.start.debt_intragov), lanes(&|p| p.debt.g_intragov)),
        ];
        for (i, (start, growth)) in levels.into_iter().enumerate() {
            self.level0[i] = start;
            self.growth_factor[i] = (growth * dt).exp();
        }

        self.u_natural = lanes(&|p| p.labor.u_natural);
        self.inv_retrain_years = one / lanes(&|p| p.labor.retrain_years);
        self.okun = lanes(&|p| p.labor.okun);
        self.labor_share0 = lanes(&|p| p.income.labor_share0);
        self.capital_capture = lanes(&|p| p.income.ai_capital_capture);

        let filter = |years: V| {
            let lam = one - (-dt / years).exp();
            (lam, one - lam * years / dt)
        };
        (self.ai_lam, self.ai_mean) = filter(lanes(&|p| p.prices.productivity_learning_years));
        (self.trend_lam, self.trend_mean) = filter(lanes(&|p| p.prices.trend_learning_years));
        (self.inflation_lam, self.inflation_mean) = filter(lanes(&|p| p.prices.expectations_years));
        self.growth_ref = lanes(&|p| p.policy.growth_ref);
        self.r_star_growth = lanes(&|p| p.policy.r_star_growth);
        self.anchoring = lanes(&|p| p.prices.anchoring);
        self.kappa = lanes(&|p| p.prices.kappa);
        self.phi_pi = lanes(&|p| p.policy.phi_pi);
        self.phi_y = lanes(&|p| p.policy.phi_y);
        self.gap_persistence = (-dt / lanes(&|p| p.demand.gap_years)).exp();
        self.rate_sensitivity = lanes(&|p| p.demand.rate_sensitivity);
        self.displacement_drag = lanes(&|p| p.demand.displacement_drag);
        self.fiscal_multiplier = lanes(&|p| p.demand.fiscal_multiplier);
        self.fisher_debt = lanes(&|p| p.demand.fisher * p.start.private_debt_gdp);

        self.long_weight_short = lanes(&|p| p.rates.long_weight_short);
        self.long_expectations_weight = lanes(&|p| p.rates.long_expectations_weight);
        self.risk_premium_slope = lanes(&|p| p.rates.risk_premium_slope);
        self.risk_threshold = lanes(&|p| p.rates.risk_threshold);
        self.bill_rollover = one - (-dt / lanes(&|p| p.debt.bill_maturity_years)).exp();
        self.coupon_rollover = one - (-dt / lanes(&|p| p.debt.coupon_wam_years)).exp();

        self.revenue_cyclical = lanes(&|p| p.fiscal.revenue_cyclical);
        for i in 0..4 {
            self.lines[i] = LineWeights {
                price: line(i, |l| l.price_weight),
                ratchet: line(i, |l| l.ratchet_weight),
                wage: line(i, |l| l.wage_weight),
            };
            self.line_indexed[i] = paths.iter().any(|p| {
                let l = p.fiscal.lines()[i];
                l.price_weight != 0.0 || l.ratchet_weight != 0.0 || l.wage_weight != 0.0
            });
        }
        self.health_ai_weight = lanes(&|p| p.fiscal.health_ai_weight);
        self.ui_cost = lanes(&|p| p.fiscal.ui_cost);
        self.inv_cut_phase_years = one / lanes(&|p| p.fiscal.cut_phase_years);
        self.inv_taylor_pair = one / (one - self.inflation_mean * (one - self.anchoring));
    }
}

/// Steps in a year for a step of `dt` years: `round(1 / dt)`, at least 1
/// (dt = 0.125: 8; dt = 0.3: 3, a window of 0.9 years).
pub fn year_steps(dt: f64) -> usize {
    ((1.0 / dt).round() as usize).max(1)
}
