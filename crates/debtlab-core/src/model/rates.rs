//! Interest rates and the debt's maturity (MODEL.md 3.6).

use crate::params::model::RateParams;

/// Long-run expected inflation `piL_t = lambda_L pia_t + (1 - lambda_L) pi_star`.
pub fn long_run_inflation(p: &RateParams, expected_inflation: f64, target: f64) -> f64 {
    p.long_expectations_weight * expected_inflation + (1.0 - p.long_expectations_weight) * target
}

/// Inputs of the 10-year rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TenYearInputs {
    pub policy_rate: f64,
    pub r_star: f64,
    pub long_run_inflation: f64,
    pub term_premium: f64,
    pub floor: f64,
    /// `d_{t-1}`, last step's debt/GDP.
    pub debt_gdp_prev: f64,
    /// `eps_tp` (0 in deterministic runs).
    pub eps_tp: f64,
}

/// `i10_t = max(i_floor, w_L i_t + (1 - w_L)(r_star + piL_t) + tp + phi_d max(0, d_{t-1} - d_thr) + eps_tp)`.
pub fn ten_year(p: &RateParams, x: &TenYearInputs) -> f64 {
    let risk_premium = p.risk_premium_slope * (x.debt_gdp_prev - p.risk_threshold).max(0.0);
    let rate = p.long_weight_short * x.policy_rate
        + (1.0 - p.long_weight_short) * (x.r_star + x.long_run_inflation)
        + x.term_premium
        + risk_premium
        + x.eps_tp;
    x.floor.max(rate)
}

/// New-issue rate `inew_t = s_bill i_t + (1 - s_bill) i10_t`.
pub fn new_issue(p: &RateParams, policy_rate: f64, ten_year: f64) -> f64 {
    p.bill_share * policy_rate + (1.0 - p.bill_share) * ten_year
}

/// Rollover share per step `rho = min(1, dt / WAM)`.
pub fn rollover_share(p: &RateParams, dt: f64) -> f64 {
    (dt / p.wam_years).min(1.0)
}

/// Effective rate next step. If debt grows,
/// `ieff_{t+1} = (ieff_t D_t (1 - rho) + inew_t (D_t rho + D_{t+1} - D_t)) / D_{t+1}`,
/// else `ieff_{t+1} = ieff_t (1 - rho) + inew_t rho`.
/// (A growing debt that ends at or below zero takes the second form, which
/// avoids dividing by zero.)
pub fn next_effective_rate(effective: f64, new_issue: f64, rollover: f64, debt: f64, debt_next: f64) -> f64 {
    if debt_next > debt && debt_next > 0.0 {
        (effective * debt * (1.0 - rollover) + new_issue * (debt * rollover + debt_next - debt)) / debt_next
    } else {
        effective * (1.0 - rollover) + new_issue * rollover
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_rate_moves_toward_the_new_issue_rate() {
        let next = next_effective_rate(0.03, 0.05, 0.25 / 6.0, 30.0, 30.0);
        assert!(next > 0.03 && next < 0.05);
        let growing = next_effective_rate(0.03, 0.05, 0.25 / 6.0, 30.0, 31.0);
        assert!(growing > next, "new borrowing is priced at the new-issue rate");
    }
}
