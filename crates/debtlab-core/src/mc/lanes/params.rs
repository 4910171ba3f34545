//! Each lane's parameters, gathered from that path's [`ModelParams`] (after
//! its draws), and what derives from them once per path: the logistic
//! recurrences' start and decay, the growth factors per step, and the
//! per-step constants. The derived values are computed for all lanes at
//! once, with the kernel's vectorised `exp`.

use super::math::exp_v;
use super::simd::F64x4;
use super::{Lane, LANES};
use crate::model::timeline::StepInputs;
use crate::params::ModelParams;

/// The scheduled parameters (a value per step, or a per-path constant when
/// drawn), in the order of [`scheduled_values`].
pub const SCHEDULED: [&str; 12] = [
    "money.growth",
    "prices.velocity_growth",
    "prices.pass_through",
    "prices.target",
    "policy.r_star",
    "policy.floor",
    "rates.term_premium",
    "fiscal.revenue_share",
    "fiscal.admin_share",
    "fiscal.automation_cut",
    "fiscal.cut_target",
    "fiscal.cut_achieved",
];

pub const MONEY_GROWTH: usize = 0;
pub const VELOCITY_GROWTH: usize = 1;
pub const PASS_THROUGH: usize = 2;
pub const TARGET: usize = 3;
pub const R_STAR: usize = 4;
pub const FLOOR: usize = 5;
pub const TERM_PREMIUM: usize = 6;
pub const REVENUE_SHARE: usize = 7;
pub const ADMIN_SHARE: usize = 8;
pub const AUTOMATION_CUT: usize = 9;
pub const CUT_TARGET: usize = 10;
pub const CUT_ACHIEVED: usize = 11;

/// The scheduled parameters' values at one step of a timeline.
pub fn scheduled_values(x: &StepInputs) -> [f64; 12] {
    [
        x.money_growth,
        x.velocity_growth,
        x.pass_through,
        x.target,
        x.r_star,
        x.floor,
        x.term_premium,
        x.revenue_share,
        x.admin_share,
        x.automation_cut,
        x.cut_target,
        x.cut_achieved,
    ]
}

/// The scheduled parameters of a path whose values are constants (as a draw makes them).
fn scheduled_constants(p: &ModelParams, year: f64) -> [f64; 12] {
    [
        p.prices.money_growth.value_at(year),
        p.prices.velocity_growth.value_at(year),
        p.prices.pass_through.value_at(year),
        p.prices.target.value_at(year),
        p.prices.r_star.value_at(year),
        p.prices.floor.value_at(year),
        p.rates.term_premium.value_at(year),
        p.fiscal.revenue_share.value_at(year),
        p.fiscal.admin_share.value_at(year),
        p.fiscal.automation_cut.value_at(year),
        p.fiscal.cut_target.value_at(year),
        p.fiscal.cut_achieved.value_at(year),
    ]
}

macro_rules! gathered {
    ($($name:ident: $($path:ident).+;)*) => {
        /// Scalar parameters, one value per lane.
        #[derive(Debug, Clone, Default)]
        pub struct Scalars {
            $(pub $name: Lane,)*
        }

        impl Scalars {
            fn gather(&mut self, lane: usize, p: &ModelParams) {
                $(self.$name[lane] = p.$($path).+;)*
            }
        }
    };
}

gathered! {
    debt0: start.debt_public;
    rate_effective0: start.rate_effective;
    output_gap0: start.output_gap;
    gdp0: start.gdp_nominal;
    inflation0: start.inflation;
    labor_force0: start.labor_force;
    intragov0: start.debt_intragov;
    g_base: technology.g_base;
    g_labor: labor.g_labor_force;
    demand0: energy.demand0;
    g_efficiency: energy.g_efficiency;
    g_supply: energy.g_supply;
    ai_intensity: energy.ai_intensity;
    energy_price0: energy.price0;
    g_energy_cost: energy.g_cost;
    supply_elasticity: energy.supply_elasticity;
    compute_price0: energy.compute_price0;
    g_compute_cost: energy.compute_g_cost;
    compute_shock_year: energy.compute_shock_year;
    compute_shock_factor: energy.compute_shock_factor;
    robot_kwh: energy.robot_kwh_per_hour;
    robot_gpu_hours: energy.robot_gpu_hours_per_hour;
    robot_capital: energy.robot_capital_per_hour;
    u_natural: labor.u_natural;
    retrain_years: labor.retrain_years;
    okun: labor.okun;
    expectations_years: prices.expectations_years;
    anchoring: prices.anchoring;
    kappa: prices.kappa;
    phi_pi: prices.phi_pi;
    phi_y: prices.phi_y;
    gap_years: prices.gap_years;
    rate_sensitivity: prices.rate_sensitivity;
    displacement_drag: prices.displacement_drag;
    long_weight_short: rates.long_weight_short;
    long_expectations_weight: rates.long_expectations_weight;
    risk_premium_slope: rates.risk_premium_slope;
    risk_threshold: rates.risk_threshold;
    wam_years: rates.wam_years;
    bill_share: rates.bill_share;
    g_intragov: rates.g_intragov;
    revenue_cyclical: fiscal.revenue_cyclical;
    indexed0: fiscal.indexed0;
    g_indexed: fiscal.g_indexed;
    health0: fiscal.health0;
    g_health: fiscal.g_health;
    defense0: fiscal.defense0;
    g_defense: fiscal.g_defense;
    other0: fiscal.other0;
    g_other: fiscal.g_other;
    ui_cost: fiscal.ui_cost;
    cut_phase_years: fiscal.cut_phase_years;
}

/// One sector's parameters and its logistic recurrence's start, per lane.
#[derive(Debug, Clone, Default)]
pub struct SectorLanes {
    pub share: Lane,
    pub multiple_less_one: Lane,
    pub ceiling: Lane,
    /// `n_s delta_s`.
    pub jobs_displaceable: Lane,
    speed: Lane,
    midpoint: Lane,
    /// `u_0 = exp(k tau0)` and the decay `exp(-k dt)` of `u = exp(-k (tau - tau0))`.
    pub u0: Lane,
    pub decay: Lane,
    /// `a_s(0)`.
    pub adoption0: Lane,
}

/// The paths of the form `x0 exp(g tau)`, by index in [`LaneParams::level0`].
pub const LEVELS: usize = 12;
pub const ENERGY_BASELINE: usize = 0;
pub const ENERGY_SUPPLY: usize = 1;
pub const ENERGY_COST: usize = 2;
pub const COMPUTE_COST: usize = 3;
pub const LABOR_FORCE: usize = 4;
pub const POTENTIAL_TREND: usize = 5;
pub const INDEXED_REAL: usize = 6;
pub const HEALTH_REAL: usize = 7;
pub const DEFENSE: usize = 8;
pub const OTHER: usize = 9;
pub const DEBT_INTRAGOV: usize = 10;
/// `1 / L_t`, so that the step multiplies where it would divide.
pub const INV_LABOR_FORCE: usize = 11;

/// Every lane's parameters and derived per-path constants.
#[derive(Debug, Clone, Default)]
pub struct LaneParams {
    pub scalars: Scalars,
    pub sectors: Vec<SectorLanes>,
    /// Scheduled parameters' per-path constants (used where drawn).
    pub scheduled: [Lane; 12],
    /// Derived by [`LaneParams::derive`].
    pub inv_start_productivity: Lane,
    pub inv_retrain_years: Lane,
    pub trend_real: Lane,
    pub expectations_adjustment: Lane,
    pub gap_persistence: Lane,
    pub rollover: Lane,
    pub inv_elasticity: Lane,
    pub level0: [Lane; LEVELS],
    pub growth_factor: [Lane; LEVELS],
}

impl LaneParams {
    pub fn new(sectors: usize) -> LaneParams {
        LaneParams { sectors: vec![SectorLanes::default(); sectors], ..LaneParams::default() }
    }

    /// Copies path `p`'s parameters into `lane`.
    pub fn gather(&mut self, lane: usize, p: &ModelParams) {
        self.scalars.gather(lane, p);
        for (to, s) in self.sectors.iter_mut().zip(&p.technology.sectors) {
            to.share[lane] = s.share;
            to.multiple_less_one[lane] = s.multiple - 1.0;
            to.ceiling[lane] = s.ceiling;
            to.jobs_displaceable[lane] = s.jobs * s.displaceable;
            to.speed[lane] = s.speed;
            to.midpoint[lane] = s.midpoint;
        }
        let constants = scheduled_constants(p, p.run.start_year);
        for (to, value) in self.scheduled.iter_mut().zip(constants) {
            to[lane] = value;
        }
    }

    /// Computes the derived values of every lane (as `Timeline::rebuild_time_paths`
    /// does for one path), four lanes at a time.
    #[inline(always)]
    pub(crate) fn derive<V: F64x4>(&mut self, dt: f64) {
        let (one, dt_v) = (V::splat(1.0), V::splat(dt));
        for v in (0..LANES).step_by(V::WIDTH) {
            macro_rules! ld {
                ($a:expr) => {
                    V::load(&$a[v..])
                };
            }
            let mut start_productivity = V::splat(0.0);
            for sector in &mut self.sectors {
                let speed = ld!(sector.speed);
                let u = exp_v(speed * ld!(sector.midpoint));
                let adoption0 = ld!(sector.ceiling) / (one + u);
                u.store(&mut sector.u0[v..]);
                exp_v(V::splat(0.0) - speed * dt_v).store(&mut sector.decay[v..]);
                adoption0.store(&mut sector.adoption0[v..]);
                start_productivity =
                    start_productivity + ld!(sector.share) * (one + ld!(sector.multiple_less_one) * adoption0);
            }
            (one / start_productivity).store(&mut self.inv_start_productivity[v..]);
            (one / ld!(self.scalars.retrain_years)).store(&mut self.inv_retrain_years[v..]);
            let s = &self.scalars;
            let trend = ld!(s.g_base) + ld!(s.g_labor);
            trend.store(&mut self.trend_real[v..]);
            (one - exp_v(V::splat(0.0) - dt_v / ld!(s.expectations_years)))
                .store(&mut self.expectations_adjustment[v..]);
            exp_v(V::splat(0.0) - dt_v / ld!(s.gap_years)).store(&mut self.gap_persistence[v..]);
            (dt_v / ld!(s.wam_years)).min(one).store(&mut self.rollover[v..]);
            (one / ld!(s.supply_elasticity)).store(&mut self.inv_elasticity[v..]);
            let level0 = [
                &s.demand0,
                &s.demand0,
                &s.energy_price0,
                &s.compute_price0,
                &s.labor_force0,
                &s.gdp0,
                &s.indexed0,
                &s.health0,
                &s.defense0,
                &s.other0,
                &s.intragov0,
                &s.labor_force0,
            ];
            let zero = V::splat(0.0);
            let growth = [
                trend - ld!(s.g_efficiency),
                ld!(s.g_supply),
                zero - ld!(s.g_energy_cost),
                zero - ld!(s.g_compute_cost),
                ld!(s.g_labor),
                trend,
                ld!(s.g_indexed),
                ld!(s.g_health),
                ld!(s.g_defense),
                ld!(s.g_other),
                ld!(s.g_intragov),
                zero - ld!(s.g_labor),
            ];
            for i in 0..LEVELS {
                let start = ld!(level0[i]);
                let start = if i == INV_LABOR_FORCE { one / start } else { start };
                start.store(&mut self.level0[i][v..]);
                exp_v(growth[i] * dt_v).store(&mut self.growth_factor[i][v..]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timeline::scheduled_field;

    /// `SCHEDULED`, `scheduled_values` and the timeline's own field map name
    /// the same twelve parameters in the same order.
    #[test]
    fn the_scheduled_lists_agree_with_the_timeline() {
        for (i, name) in SCHEDULED.iter().enumerate() {
            let field = scheduled_field(name).unwrap_or_else(|| panic!("`{name}` is not a scheduled field"));
            let mut x = StepInputs::default();
            *field(&mut x) = 1.0 + i as f64;
            let values = scheduled_values(&x);
            assert_eq!(values[i], 1.0 + i as f64, "`{name}`");
            assert_eq!(values.iter().filter(|&&v| v != 0.0).count(), 1, "`{name}`");
        }
    }
}
