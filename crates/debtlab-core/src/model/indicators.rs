//! Indicators (MODEL.md 3.9): the ratios reported on every row.

/// `debt_gdp = D_t / Ynom_t` (and `gross_gdp` with `D_t + Dig_t`).
pub fn ratio_to_gdp(debt: f64, gdp_nominal: f64) -> f64 {
    debt / gdp_nominal
}

/// `real_debt = D_t / P_t` (start-year $T).
pub fn real_debt(debt: f64, price_level: f64) -> f64 {
    debt / price_level
}

/// `r_minus_g = ieff_t - gnom_t`.
pub fn r_minus_g(rate_effective: f64, nominal_growth: f64) -> f64 {
    rate_effective - nominal_growth
}

/// `pb_stabilizing = (ieff_t - gnom_t) debt_gdp`: the primary surplus/GDP that
/// holds debt/GDP flat.
pub fn pb_stabilizing(rate_effective: f64, nominal_growth: f64, debt_gdp: f64) -> f64 {
    (rate_effective - nominal_growth) * debt_gdp
}

/// `aipi_cpi_spread = 100 Z_eff_t - 100 P_t`.
pub fn aipi_cpi_spread(ai_index_effective: f64, price_level: f64) -> f64 {
    100.0 * ai_index_effective - 100.0 * price_level
}

/// Debt in a physical numeraire: `D_t 1e12 / (P_t p_t)` units, where `p_t` is
/// the real price of one unit (kWh of energy, GPU-hour of compute).
pub fn debt_in_units(debt: f64, price_level: f64, real_unit_price: f64) -> f64 {
    debt * 1e12 / (price_level * real_unit_price)
}
