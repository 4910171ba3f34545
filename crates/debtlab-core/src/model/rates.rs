//! Interest rates and the debt's maturity (MODEL.md 3.6): the 10-year rate,
//! and two pools, bills and coupons, each repriced at its own maturity.

use super::path::PathParams;
use crate::num::Real;

/// Long-run expected inflation `piL_t = lambda_L pia_t + (1 - lambda_L) pi_star_t`.
#[inline(always)]
pub fn long_run_inflation<V: Real>(c: &PathParams<V>, anchored: V, target: V) -> V {
    c.long_expectations_weight * anchored + (V::splat(1.0) - c.long_expectations_weight) * target
}

/// The short rate the 10-year rate expects over its life, under adaptive
/// expectations: `w_L i_t + (1 - w_L)(rstar_t + piL_t)`.
#[inline(always)]
pub fn expected_short_adaptive<V: Real>(c: &PathParams<V>, policy_rate: V, r_star: V, long_run_inflation: V) -> V {
    c.long_weight_short * policy_rate + (V::splat(1.0) - c.long_weight_short) * (r_star + long_run_inflation)
}

/// The 10-year rate, `i10_t = max(floor_t, E_t + tp_t + phi_d max(0, d_{t-1} - d_thr) + eps_tp)`,
/// where the expected short rate `E_t` is [`expected_short_adaptive`] under
/// adaptive expectations and the trapezoid mean of the solved path's short
/// rates over the next 10 years, `fmean_10(i)_t`, under rational ones (3.10).
#[inline(always)]
pub fn ten_year<V: Real>(c: &PathParams<V>, x: &TenYearInputs<V>) -> V {
    let risk_premium = c.risk_premium_slope * (x.debt_gdp_prev - c.risk_threshold).max(V::splat(0.0));
    (x.expected_short + x.term_premium + risk_premium + x.eps_tp).max(x.floor)
}

/// What the 10-year rate reads.
#[derive(Debug, Clone, Copy)]
pub struct TenYearInputs<V> {
    /// `E_t`, the short rate expected over the bond's life.
    pub expected_short: V,
    pub term_premium: V,
    pub floor: V,
    /// `d_{t-1}`, last step's debt/GDP.
    pub debt_gdp_prev: V,
    pub eps_tp: V,
}

/// The effective rate on the debt, `ieff_t = s_bill r_b,t + (1 - s_bill) r_c,t`.
#[inline(always)]
pub fn effective<V: Real>(bill_share: V, rate_bills: V, rate_coupons: V) -> V {
    bill_share * rate_bills + (V::splat(1.0) - bill_share) * rate_coupons
}

/// The coupons' starting rate, such that `ieff_0 = start.rate_effective`:
/// `r_c,0 = (ieff_0 - s_bill r_b,0) / (1 - s_bill)` (the effective rate itself
/// when all the debt is bills).
#[inline(always)]
pub fn coupon_rate0<V: Real>(rate_effective0: V, bill_share: V, bill_rate0: V) -> V {
    let rest = V::splat(1.0) - bill_share;
    V::select(rest.gt(V::splat(0.0)), (rate_effective0 - bill_share * bill_rate0) / rest, rate_effective0)
}

/// One pool's rate next step. With stock `D_j`, rate `r_j`, new rate `n_j`
/// and rollover share `rho_j` per step: if the stock grows,
/// `r_j,t+1 = (r_j,t D_j,t (1 - rho_j) + n_j,t (D_j,t rho_j + D_j,t+1 - D_j,t)) / D_j,t+1`,
/// else `r_j,t+1 = r_j,t (1 - rho_j) + n_j,t rho_j`.
#[inline(always)]
pub fn reprice<V: Real>(rate: V, new_rate: V, rollover: V, stock: V, stock_next: V) -> V {
    let one = V::splat(1.0);
    let growing = stock_next.gt(stock) & stock_next.gt(V::splat(0.0));
    let kept = rate * (one - rollover) + new_rate * rollover;
    // The blended form only where some lane's stock grows (it divides).
    if !V::any(growing) {
        return kept;
    }
    let blended = (rate * stock * (one - rollover) + new_rate * (stock * rollover + stock_next - stock)) / stock_next;
    V::select(growing, blended, kept)
}

/// Both pools next step: bills are the share `s_bill` of the debt and reprice
/// at the policy rate, coupons the rest at the 10-year rate. Returns
/// `(r_b,t+1, r_c,t+1)`.
#[inline(always)]
pub fn next_pool_rates<V: Real>(c: &PathParams<V>, x: &Pools<V>) -> (V, V) {
    let one = V::splat(1.0);
    let bills =
        reprice(x.rate_bills, x.policy_rate, c.bill_rollover, x.bill_share * x.debt, x.bill_share_next * x.debt_next);
    let coupons = reprice(
        x.rate_coupons,
        x.ten_year,
        c.coupon_rollover,
        (one - x.bill_share) * x.debt,
        (one - x.bill_share_next) * x.debt_next,
    );
    (bills, coupons)
}

/// What the pools' repricing reads.
#[derive(Debug, Clone, Copy)]
pub struct Pools<V> {
    pub rate_bills: V,
    pub rate_coupons: V,
    pub policy_rate: V,
    pub ten_year: V,
    /// `s_bill` at `t` and `t + 1`.
    pub bill_share: V,
    pub bill_share_next: V,
    /// `D_t` and `D_{t+1}`.
    pub debt: V,
    pub debt_next: V,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_moves_toward_its_new_rate() {
        let next = reprice(0.03, 0.05, 0.1, 30.0, 30.0);
        assert!((next - 0.032).abs() < 1e-15);
        let growing = reprice(0.03, 0.05, 0.1, 30.0, 31.0);
        assert!(growing > next, "new borrowing is priced at the new rate");
        assert_eq!(reprice(0.03, 0.05, 1.0, 30.0, 20.0), 0.05, "a full rollover takes the new rate");
    }

    #[test]
    fn the_pools_start_at_the_effective_rate() {
        let coupons = coupon_rate0(0.0338, 0.21, 0.0445);
        assert!((effective(0.21, 0.0445, coupons) - 0.0338).abs() < 1e-16);
        assert_eq!(coupon_rate0(0.0338, 1.0, 0.0445), 0.0338);
    }
}
