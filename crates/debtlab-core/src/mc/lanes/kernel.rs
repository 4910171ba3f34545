//! The model's step for [`LANES`] paths at once: the time paths of
//! `model::timeline` fused with the endogenous step of `model::step`, block
//! by block in the order of MODEL.md section 3, each expression written as
//! in the scalar blocks (so a lane differs from the scalar run only by the
//! last bits of `exp` and `ln`). It runs four lanes per operation through
//! [`F64x4`]; conditions a lane could take alone are selects.

use super::math::{exp_v, ln_v};
use super::params::*;
use super::simd::F64x4;
use super::{Lane, LANES};
use crate::model::prices::GAP_LIMIT;
use crate::params::ModelParams;

/// Per-lane state carried from one step to the next (as `model::State`),
/// with the time paths' recurrences (as `Timeline`'s scratch).
#[derive(Debug, Clone, Default)]
pub struct LaneState {
    pub price_level: Lane,
    pub cola: Lane,
    pub debt_public: Lane,
    pub rate_effective: Lane,
    pub output_gap: Lane,
    pub displaced: Lane,
    pub shock_level: Lane,
    pub gdp_real: Lane,
    pub expected_inflation: Lane,
    pub inflation: Lane,
    pub debt_gdp: Lane,
    /// `u = exp(-k (tau - tau0))` and `a_s(tau_{t-1})` per sector.
    u: Vec<Lane>,
    adoption_prev: Vec<Lane>,
    /// The `x0 exp(g tau)` paths at this step.
    level: [Lane; LEVELS],
    effective_prev: Lane,
    /// The first step at which the lane left the finite range (infinity while it has not).
    pub first_non_finite: Lane,
}

impl LaneState {
    pub fn new(sectors: usize) -> LaneState {
        LaneState { u: vec![[0.0; LANES]; sectors], adoption_prev: vec![[0.0; LANES]; sectors], ..Default::default() }
    }

    /// The start values (as `State::start`) and the time paths at `tau = 0`.
    pub fn start(&mut self, p: &LaneParams) {
        let s = &p.scalars;
        for l in 0..LANES {
            self.price_level[l] = 1.0;
            self.cola[l] = 1.0;
            self.debt_public[l] = s.debt0[l];
            self.rate_effective[l] = s.rate_effective0[l];
            self.output_gap[l] = s.output_gap0[l];
            self.displaced[l] = 0.0;
            self.shock_level[l] = 1.0;
            self.gdp_real[l] = s.gdp0[l];
            self.expected_inflation[l] = s.inflation0[l];
            self.inflation[l] = s.inflation0[l];
            self.debt_gdp[l] = s.debt0[l] / s.gdp0[l];
            self.effective_prev[l] = 1.0;
            self.first_non_finite[l] = f64::INFINITY;
        }
        for (i, sector) in p.sectors.iter().enumerate() {
            self.u[i] = sector.u0;
            self.adoption_prev[i] = sector.adoption0;
        }
        self.level = p.level0;
    }
}

/// One step's values for every lane: the row of `model::step`, less the
/// columns that are simple functions of these (see `LaneRow::column`).
#[derive(Debug, Clone, Default)]
pub struct LaneRow {
    pub debt_public: Lane,
    pub debt_intragov: Lane,
    pub gdp_real: Lane,
    pub gdp_nominal: Lane,
    pub price_level: Lane,
    pub inflation: Lane,
    pub money_growth: Lane,
    pub policy_rate: Lane,
    pub rate_10y: Lane,
    pub rate_new: Lane,
    pub rate_effective: Lane,
    pub revenue: Lane,
    pub outlays_primary: Lane,
    pub interest: Lane,
    pub defense: Lane,
    pub spending_cuts: Lane,
    pub automation_savings: Lane,
    pub primary_deficit: Lane,
    pub debt_gdp: Lane,
    pub nominal_growth: Lane,
    pub output_gap: Lane,
    pub unemployment: Lane,
    pub displaced: Lane,
    pub ai_index: Lane,
    pub energy_price_real: Lane,
    pub energy_met_share: Lane,
    pub compute_price_real: Lane,
}

/// What is the same for every lane of a step.
#[derive(Debug, Clone, Copy)]
pub struct StepClock {
    pub t: usize,
    pub tau: f64,
    pub dt: f64,
    /// Index of the government sector (`a_gov`).
    pub gov_sector: usize,
    /// Compute output growth even under the quantity regime (for nominal growth).
    pub output_growth: bool,
}

/// This step's scheduled parameters: the base timeline's value at this step,
/// or each lane's constant where the parameter is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Scheduled<'a> {
    pub step: &'a [f64; 12],
    pub lanes: &'a [Lane; 12],
    pub drawn: &'a [bool; 12],
}

impl Scheduled<'_> {
    /// Parameter `i` of lanes `v..v + V::WIDTH` (the branch is the same for
    /// every step of a run, so it costs next to nothing).
    #[inline(always)]
    fn get<V: F64x4>(&self, i: usize, v: usize) -> V {
        if self.drawn[i] {
            V::load(&self.lanes[i][v..])
        } else {
            V::splat(self.step[i])
        }
    }
}

/// Advances every lane one step: writes row `t` and leaves `s` at `t + 1`.
/// `scheduled` holds this step's scheduled values, `eps` the shocks
/// `[eps_pi, eps_y, eps_tp, eps_Z]` (zero at step 0). `V` is the vector
/// build (four lanes per operation).
#[inline(always)]
pub(crate) fn step<V: F64x4, const TAYLOR: bool>(
    p: &LaneParams,
    clock: StepClock,
    scheduled: Scheduled,
    eps: &[Lane; 4],
    s: &mut LaneState,
    row: &mut LaneRow,
) {
    let StepClock { t, tau, dt, gov_sector, .. } = clock;
    let first = t == 0;
    let splat = V::splat;
    let (zero, one) = (splat(0.0), splat(1.0));
    let dt_v = splat(dt);
    // Divisions by a value fixed for the path are multiplications by its
    // reciprocal (a division costs several multiplications' time).
    let inv_dt = splat(1.0 / dt);
    let tau_v = splat(tau);

    for v in (0..LANES).step_by(V::WIDTH) {
        macro_rules! ld {
            ($a:expr) => {
                V::load(&$a[v..])
            };
        }
        macro_rules! sched {
            ($i:expr) => {
                scheduled.get::<V>($i, v)
            };
        }
        macro_rules! st {
            ($a:expr, $x:expr) => {
                $x.store(&mut $a[v..])
            };
        }

        // 3.1 technology (time paths): adoption by sector, the productivity
        // index and the displacement flow.
        let mut productivity = zero;
        let mut displacement = zero;
        let mut gov_adoption = zero;
        for (i, (sector, (u, prev))) in p.sectors.iter().zip(s.u.iter_mut().zip(s.adoption_prev.iter_mut())).enumerate()
        {
            let u_now = ld!(u);
            let adoption = ld!(sector.ceiling) / (one + u_now);
            productivity = productivity + ld!(sector.share) * (one + ld!(sector.multiple_less_one) * adoption);
            displacement = displacement + ld!(sector.jobs_displaceable) * (adoption - ld!(prev)).max(zero);
            if i == gov_sector {
                gov_adoption = adoption;
            }
            st!(prev, adoption);
            st!(u, u_now * ld!(sector.decay));
        }
        let c = &p.scalars;
        let ai_index = productivity * ld!(p.inv_start_productivity);
        let displacement_rate = displacement * inv_dt;

        // 3.2 energy and compute.
        let baseline = ld!(s.level[ENERGY_BASELINE]);
        let supply = ld!(s.level[ENERGY_SUPPLY]);
        let with_ai = baseline * (one + ld!(c.ai_intensity) * (ai_index - one));
        let met_share =
            V::select(with_ai.le(baseline), one, ((supply - baseline) / (with_ai - baseline)).clamp(0.0, 1.0));
        let shortage = (with_ai / supply).max(one);
        // Only lanes short of energy pay the markup (skipped when none is).
        let short = shortage.gt(one);
        let markup =
            if V::any(short) { V::select(short, exp_v(ln_v(shortage) * ld!(p.inv_elasticity)), one) } else { one };
        let compute_shock = V::select(tau_v.ge(ld!(c.compute_shock_year)), ld!(c.compute_shock_factor), one);
        let effective = one + (ai_index - one) * met_share;
        let energy_price_real = ld!(s.level[ENERGY_COST]) * markup;
        let compute_price_real = ld!(s.level[COMPUTE_COST]) * compute_shock;
        let ln_effective_growth = if first { zero } else { ln_v(effective / ld!(s.effective_prev)) };
        st!(s.effective_prev, effective);

        // Time paths of 3.3 labor, 3.4 trend, 3.7 programs, 3.8 intragovernmental debt.
        let labor_force = ld!(s.level[LABOR_FORCE]);
        let potential_trend = ld!(s.level[POTENTIAL_TREND]);
        let defense = ld!(s.level[DEFENSE]);
        let other = ld!(s.level[OTHER]);
        let automation_savings = sched!(ADMIN_SHARE) * (defense + other) * gov_adoption * sched!(AUTOMATION_CUT);
        let phase_years = ld!(c.cut_phase_years);
        let phased = V::select(phase_years.gt(zero), (tau_v / phase_years).min(one), one);
        let spending_cuts = sched!(CUT_TARGET) * phased * sched!(CUT_ACHIEVED);

        // 3.1 and 3.2 with the shock: `S_t = S_{t-1} exp(eps_Z)`, S_0 = 1.
        let trend_real = ld!(p.trend_real);
        let eps_z = ld!(eps[3]);
        let (shock_level, ai_growth) = if first {
            (one, zero)
        } else {
            (ld!(s.shock_level) * exp_v(eps_z), (ln_effective_growth + eps_z) * inv_dt)
        };
        let ai_index_effective = effective * shock_level;

        // 3.3 labor.
        let displaced_prev = ld!(s.displaced);
        let flow = labor_force * displacement_rate;
        let displaced = displaced_prev + dt_v * (flow - displaced_prev * ld!(p.inv_retrain_years));
        let gap_prev = ld!(s.output_gap);
        let u_natural = ld!(c.u_natural);
        let inv_labor_force = ld!(s.level[INV_LABOR_FORCE]);
        let unemployment = (u_natural + displaced * inv_labor_force - ld!(c.okun) * gap_prev).clamp(0.0, 1.0);

        // 3.4 supply.
        let potential = potential_trend * ai_index_effective;
        let potential_growth = trend_real + ai_growth;

        // 3.5 prices, policy and demand.
        let expected_prev = ld!(s.expected_inflation);
        let expected = if first {
            expected_prev
        } else {
            expected_prev + ld!(p.expectations_adjustment) * (ld!(s.inflation) - expected_prev)
        };
        let target = sched!(TARGET);
        let anchoring = ld!(c.anchoring);
        let anchored = (one - anchoring) * expected + anchoring * target;
        let gap_common = gap_prev * ld!(p.gap_persistence)
            - ld!(c.displacement_drag) * ((displaced - displaced_prev) * inv_labor_force)
            + ld!(eps[1]);
        let r_star = sched!(R_STAR);
        let floor = sched!(FLOOR);
        let (inflation, policy_rate, output_gap) = if TAYLOR {
            let inflation = anchored + ld!(c.kappa) * gap_prev - sched!(PASS_THROUGH) * ai_growth + ld!(eps[0]);
            let policy_rate =
                (r_star + inflation + ld!(c.phi_pi) * (inflation - target) + ld!(c.phi_y) * gap_prev).max(floor);
            let real_rate_gap = policy_rate - anchored - r_star;
            let gap = (gap_common - ld!(c.rate_sensitivity) * dt_v * real_rate_gap).clamp(-GAP_LIMIT, GAP_LIMIT);
            (inflation, policy_rate, gap)
        } else {
            let inflation = sched!(MONEY_GROWTH) + sched!(VELOCITY_GROWTH) - potential_growth + ld!(eps[0]);
            (inflation, (r_star + anchored).max(floor), gap_common.clamp(-GAP_LIMIT, GAP_LIMIT))
        };
        let price_level = ld!(s.price_level);
        let gdp_real = potential * (one + output_gap);
        let gdp_nominal = price_level * gdp_real;
        // `gY_t` feeds reported money growth (taylor) and nominal growth
        // (r - g); its `ln` is skipped when neither is wanted.
        let output_growth = if first {
            trend_real
        } else if TAYLOR || clock.output_growth {
            ln_v(gdp_real / ld!(s.gdp_real)) * inv_dt
        } else {
            splat(f64::NAN)
        };
        let money_growth =
            if TAYLOR { inflation + output_growth - sched!(VELOCITY_GROWTH) } else { sched!(MONEY_GROWTH) };

        // 3.6 rates.
        let w = ld!(c.long_expectations_weight);
        let long_run_inflation = w * anchored + (one - w) * target;
        let risk_premium = ld!(c.risk_premium_slope) * (ld!(s.debt_gdp) - ld!(c.risk_threshold)).max(zero);
        let weight_short = ld!(c.long_weight_short);
        let ten_year = (weight_short * policy_rate
            + (one - weight_short) * (r_star + long_run_inflation)
            + sched!(TERM_PREMIUM)
            + risk_premium
            + ld!(eps[2]))
        .max(floor);
        let bill_share = ld!(c.bill_share);
        let new_issue = bill_share * policy_rate + (one - bill_share) * ten_year;

        // 3.7 fiscal.
        let revenue = sched!(REVENUE_SHARE) * gdp_nominal * (one + ld!(c.revenue_cyclical) * output_gap);
        let cola = ld!(s.cola);
        let indexed = ld!(s.level[INDEXED_REAL]) * cola;
        let health = ld!(s.level[HEALTH_REAL]) * price_level;
        let unemployment_cost = ld!(c.ui_cost) * price_level * (unemployment - u_natural).max(zero) * labor_force;
        let outlays_primary =
            indexed + health + defense + other - automation_savings + unemployment_cost - spending_cuts;
        let debt = ld!(s.debt_public);
        let rate_effective = ld!(s.rate_effective);
        let interest = rate_effective * debt;
        let primary_deficit = outlays_primary - revenue;

        // 3.8 debt: the identity, then the effective rate's rollover.
        let debt_next = debt + dt_v * (interest + primary_deficit);
        let rollover = ld!(p.rollover);
        let rate_next = V::select(
            debt_next.gt(debt) & debt_next.gt(zero),
            (rate_effective * debt * (one - rollover) + new_issue * (debt * rollover + debt_next - debt)) / debt_next,
            rate_effective * (one - rollover) + new_issue * rollover,
        );

        // 3.9 indicators.
        let nominal_growth = if first { trend_real + ld!(c.inflation0) } else { ld!(s.inflation) + output_growth };
        let debt_gdp = debt / gdp_nominal;

        st!(row.debt_public, debt);
        st!(row.debt_intragov, ld!(s.level[DEBT_INTRAGOV]));
        st!(row.gdp_real, gdp_real);
        st!(row.gdp_nominal, gdp_nominal);
        st!(row.price_level, price_level);
        st!(row.inflation, inflation);
        st!(row.money_growth, money_growth);
        st!(row.policy_rate, policy_rate);
        st!(row.rate_10y, ten_year);
        st!(row.rate_new, new_issue);
        st!(row.rate_effective, rate_effective);
        st!(row.revenue, revenue);
        st!(row.outlays_primary, outlays_primary);
        st!(row.interest, interest);
        st!(row.defense, defense);
        st!(row.spending_cuts, spending_cuts);
        st!(row.automation_savings, automation_savings);
        st!(row.primary_deficit, primary_deficit);
        st!(row.debt_gdp, debt_gdp);
        st!(row.nominal_growth, nominal_growth);
        st!(row.output_gap, output_gap);
        st!(row.unemployment, unemployment);
        st!(row.displaced, displaced);
        st!(row.ai_index, ai_index_effective);
        st!(row.energy_price_real, energy_price_real);
        st!(row.energy_met_share, met_share);
        st!(row.compute_price_real, compute_price_real);

        // Advance: stocks to t + 1, this step's values become last step's.
        let price_factor = exp_v(inflation * dt_v);
        let price_next = price_level * price_factor;
        st!(s.price_level, price_next);
        st!(s.cola, V::select(inflation.gt(zero), cola * price_factor, cola));
        st!(s.debt_public, debt_next);
        st!(s.rate_effective, rate_next);
        st!(s.output_gap, output_gap);
        st!(s.displaced, displaced);
        st!(s.shock_level, shock_level);
        st!(s.gdp_real, gdp_real);
        st!(s.expected_inflation, expected);
        st!(s.inflation, inflation);
        st!(s.debt_gdp, debt_gdp);
        let finite = debt_next.is_finite() & price_next.is_finite() & rate_next.is_finite() & debt_gdp.is_finite();
        let already = ld!(s.first_non_finite);
        let newly = !finite & already.eq(splat(f64::INFINITY));
        st!(s.first_non_finite, V::select(newly, splat(t as f64), already));
        for (level, factor) in s.level.iter_mut().zip(&p.growth_factor) {
            st!(level, ld!(level) * ld!(factor));
        }
    }
}

/// The regime as the kernel's const parameter.
pub fn is_taylor(p: &ModelParams) -> bool {
    p.run.regime == crate::params::Regime::Taylor
}
