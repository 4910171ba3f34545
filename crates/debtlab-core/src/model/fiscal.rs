//! Fiscal (MODEL.md 3.7): revenue by income type, the spending lines with
//! their price, COLA-ratchet and wage indexes, health's AI link,
//! unemployment costs, automation savings, cuts and other financing.

use super::path::PathParams;
use crate::num::Real;

/// Revenue `R_t = Ynom_t (1 + eps_R gap_t) (tau_L lsh_t + tau_K (1 - lsh_t) + tau_O)`:
/// when AI moves income to capital taxed at a lower rate, revenue/GDP falls.
/// Returns `(total, from labor income, from capital income)`.
#[inline(always)]
pub fn revenue<V: Real>(c: &PathParams<V>, x: &RevenueInputs<V>) -> (V, V, V) {
    let base = x.gdp_nominal * (V::splat(1.0) + c.revenue_cyclical * x.output_gap);
    let labor = base * x.tax_labor * x.labor_share;
    let capital = base * x.tax_capital * (V::splat(1.0) - x.labor_share);
    (labor + capital + base * x.tax_other, labor, capital)
}

/// What revenue reads.
#[derive(Debug, Clone, Copy)]
pub struct RevenueInputs<V> {
    pub gdp_nominal: V,
    pub output_gap: V,
    pub labor_share: V,
    pub tax_labor: V,
    pub tax_capital: V,
    pub tax_other: V,
}

/// The COLA law's index: benefits never fall, and rise again only past their
/// last peak: `Pmax_t = max(Pmax_{t-1}, P_t)`, `Pmax_0 = 1` (in logs).
#[inline(always)]
pub fn ratchet<V: Real>(ln_peak_prev: V, ln_price: V) -> V {
    ln_peak_prev.max(ln_price)
}

/// The logs of a spending line's three indexes at one step.
#[derive(Debug, Clone, Copy)]
pub struct Indexes<V> {
    /// `ln P_t`, `ln Pmax_t`, `ln w_t`.
    pub ln_price: V,
    pub ln_peak: V,
    pub ln_wage: V,
    /// `-h_ai ln(zh_t / zh_0)`, health's AI link (health only).
    pub ln_health_ai: V,
}

/// A spending line `G_l,t = level0_l exp(gr_l tau) P_t^wp_l Pmax_t^wr_l w_t^ww_l`
/// (weights in [0, 1] summing to at most 1; what is left is fixed in nominal
/// dollars), with health also divided by `(zh_t / zh_0)^h_ai`. `level` is
/// `level0 exp(gr tau)`, line `i` of `SPENDING_LINES`.
#[inline(always)]
pub fn spending_line<V: Real>(c: &PathParams<V>, i: usize, level: V, x: &Indexes<V>) -> V {
    let w = &c.lines[i];
    let mut exponent = w.price * x.ln_price + w.ratchet * x.ln_peak + w.wage * x.ln_wage;
    if i == HEALTH {
        exponent = exponent + x.ln_health_ai;
    } else if !c.line_indexed[i] {
        return level;
    }
    level * exponent.exp()
}

/// The health line's index in `SPENDING_LINES`.
pub const HEALTH: usize = 1;
/// The defense line's index.
pub const DEFENSE: usize = 2;
/// The other line's index.
pub const OTHER: usize = 3;

/// Health's AI link `-h_ai ln(zh_t / zh_0)`: health outlays fall as the
/// health sector's energy-limited productivity rises (`inv_productivity0` is `1 / zh_0`).
#[inline(always)]
pub fn health_ai<V: Real>(c: &PathParams<V>, productivity: V, inv_productivity0: V) -> V {
    -c.health_ai_weight * (productivity * inv_productivity0).ln()
}

/// Unemployment cost `G_ui_t = ui_cost w_t max(0, u_t - u_nat) L_t`.
#[inline(always)]
pub fn unemployment_cost<V: Real>(c: &PathParams<V>, wage_index: V, unemployment: V, labor_force: V) -> V {
    c.ui_cost * wage_index * (unemployment - c.u_natural).max(V::splat(0.0)) * labor_force
}

/// Automation savings `S_t = admin_share (G_def + G_oth) a_gov,t q_t cost_cut_gov`.
#[inline(always)]
pub fn automation_savings<V: Real>(admin_share: V, defense: V, other: V, gov_adoption: V, cut: V) -> V {
    admin_share * (defense + other) * gov_adoption * cut
}

/// Cuts `C_t = cut_target min(1, tau / cut_phase_years) cut_achieved` (a
/// phase of 0 years applies them at once; `c.inv_cut_phase_years` is
/// `1 / cut_phase_years`, infinite for 0).
#[inline(always)]
pub fn spending_cuts<V: Real>(c: &PathParams<V>, cut_target: V, tau: V, achieved: V) -> V {
    let one = V::splat(1.0);
    let phased =
        V::select(c.inv_cut_phase_years.lt(V::splat(f64::INFINITY)), (tau * c.inv_cut_phase_years).min(one), one);
    cut_target * phased * achieved
}

/// Other means of financing `OMF_t = omf_t Ynom_t` (positive adds to borrowing).
#[inline(always)]
pub fn other_financing<V: Real>(share: V, gdp_nominal: V) -> V {
    share * gdp_nominal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratchet_never_falls_and_rises_only_past_its_peak() {
        let prices = [0.0, 0.02, 0.05, 0.01, -0.1, 0.03, 0.06, 0.04];
        let mut peak = 0.0;
        let mut seen: Vec<f64> = Vec::new();
        for p in prices {
            let next = ratchet(peak, p);
            assert!(next >= peak);
            if next > peak {
                assert!(p > seen.iter().copied().fold(0.0, f64::max), "rose at {p} below its last peak");
            }
            peak = next;
            seen.push(p);
        }
        assert_eq!(peak, 0.06);
    }

    #[test]
    fn cuts_phase_in_linearly() {
        let mut p = crate::params::ModelParams::default();
        p.run.dt = 0.25;
        p.fiscal.cut_phase_years = 3.0;
        let c = PathParams::<f64>::new(std::slice::from_ref(&p));
        assert_eq!(spending_cuts(&c, 2.0, 1.5, 0.5), 0.5);
        assert_eq!(spending_cuts(&c, 2.0, 6.0, 1.0), 2.0);
        p.fiscal.cut_phase_years = 0.0;
        assert_eq!(spending_cuts(&PathParams::<f64>::new(std::slice::from_ref(&p)), 2.0, 0.0, 1.0), 2.0);
    }
}
