//! The values a path carries from one step to the next (MODEL.md sections 2
//! and 3), and their start.

use super::path::PathParams;
use super::rates;
use super::schedule::Sched;
use super::technology::{self, EnergyLevels, Exogenous, SectorState};
use crate::model::path::LEVELS;
use crate::num::Real;

/// Values carried from one step to the next. At `t = 0` the lagged values
/// are the start values (MODEL.md section 2).
#[derive(Debug, Clone, Default)]
pub struct State<V> {
    pub t: usize,
    pub sectors: Vec<SectorState<V>>,
    /// Technology and energy at `t`, computed by the previous step.
    pub exogenous: Exogenous<V>,
    /// Every `x0 exp(g tau)` path at `t`.
    pub levels: [V; LEVELS],
    /// `S_t`, the productivity shock's level.
    pub shock_level: V,
    /// `ln P_{t-1}`, `pi_{t-1}`, `ln Pmax_{t-1}`.
    pub ln_price_prev: V,
    /// The price levels of the last `n` steps ([`PathParams::year_steps`]),
    /// `P_{t-n}` in slot `t mod n`; before the start, back-cast at the start
    /// inflation, `P_k = exp(k dt pi_0)` for `k < 0` (MODEL.md 7, decisions).
    pub price_year: Vec<V>,
    pub inflation_prev: V,
    pub ln_peak_prev: V,
    /// `D_t` and the two pools' rates `r_b,t`, `r_c,t`.
    pub debt: V,
    pub rate_bills: V,
    pub rate_coupons: V,
    /// `gap_{t-1}`, `X_{t-1}`, `Y_{t-1}`, `Ynom_{t-1}`, `K_{t-1}`, `K_{t-2}`,
    /// `d_{t-1}`, and last step's inflation surprise `pi_{t-1} - pia_{t-1}`.
    pub gap_prev: V,
    pub displaced_prev: V,
    pub gdp_real_prev: V,
    pub gdp_nominal_prev: V,
    pub cuts_prev: V,
    pub cuts_prev2: V,
    pub debt_gdp_prev: V,
    pub surprise_prev: V,
    /// The adaptive filters' carried values `pie_{t-1}`, `gZe_{t-1}`, `gT_{t-1}`.
    pub expected_inflation: V,
    pub expected_ai_growth: V,
    pub expected_trend_growth: V,
    /// `ln(M_t / M_0)` and `ln(V_t / V_0)` (the money stock and velocity in
    /// logs: a step adds to them, and only nominal GDP needs an `exp`).
    pub ln_money: V,
    pub ln_velocity: V,
    /// Set at `t = 0`: `Ynom_0`, and the reciprocals of the average pay
    /// `lsh_0 Ynom_0 / E_0` and of `zh_0` (a step multiplies by them).
    pub gdp_nominal0: V,
    pub inv_pay0: V,
    pub inv_health_productivity0: V,
}

impl<V: Real> State<V> {
    /// The state at `t = 0`: start values, the lags of MODEL.md sections 2
    /// and 3, and technology and energy at `t = 0`. `sched` is step 0's
    /// scheduled values.
    pub fn start(c: &PathParams<V>, sched: &Sched<V>) -> State<V> {
        let mut s = State::default();
        s.restart(c, sched);
        s
    }

    /// [`State::start`] into `self`, reusing its sector buffer.
    #[inline(always)]
    pub fn restart(&mut self, c: &PathParams<V>, sched: &Sched<V>) {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        self.t = 0;
        self.sectors.clear();
        self.sectors.extend(c.sectors.iter().map(|s| SectorState { u: s.u0, ..SectorState::default() }));
        self.levels = c.level0;
        let levels = EnergyLevels::now(&self.levels);
        self.exogenous = technology::technology_and_energy(c, &mut self.sectors, &levels, zero);
        for sector in &mut self.sectors {
            // No displacement before the start: `q_{-1} a_s,-1 = q_0 a_s,0`.
            sector.effective = sector.effective_next;
            sector.effective_prev = sector.effective_next;
        }
        self.shock_level = one;
        self.ln_price_prev = zero;
        let n = c.year_steps as f64;
        self.price_year.clear();
        self.price_year.extend((0..c.year_slots).map(|j| (V::splat(j as f64 - n) * c.dt * c.inflation0).exp()));
        self.inflation_prev = c.inflation0;
        self.ln_peak_prev = zero;
        self.debt = c.debt0;
        self.rate_bills = c.bill_rate0;
        self.rate_coupons = rates::coupon_rate0(c.rate_effective0, sched.bill_share, c.bill_rate0);
        self.gap_prev = c.output_gap0;
        self.displaced_prev = zero;
        self.gdp_real_prev = c.gdp0;
        // `Ynom_{-1} = Ynom_0 exp(-(g_base + g_L + start.inflation) dt)`.
        self.gdp_nominal_prev = c.gdp0 * (-(c.trend + c.inflation0) * c.dt).exp();
        self.cuts_prev = zero;
        self.cuts_prev2 = zero;
        self.debt_gdp_prev = c.debt0 / c.gdp0;
        self.surprise_prev = zero;
        self.expected_inflation = c.inflation0;
        self.expected_ai_growth = zero;
        self.expected_trend_growth = c.growth_ref;
        self.ln_money = zero;
        self.ln_velocity = zero;
        self.gdp_nominal0 = zero;
        self.inv_pay0 = zero;
        self.inv_health_productivity0 = one / self.exogenous.health_productivity;
    }
}
