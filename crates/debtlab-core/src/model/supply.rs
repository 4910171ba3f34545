//! Supply block (MODEL.md 3.4): potential output.

/// Potential output `Ystar_t = Y0 exp((g_base + g_L) tau) Z_eff_t`
/// (real, start-year $T/yr).
pub fn potential_output(gdp0: f64, g_base: f64, g_labor: f64, tau: f64, ai_index_effective: f64) -> f64 {
    gdp0 * ((g_base + g_labor) * tau).exp() * ai_index_effective
}

/// Log growth rate over a step, `ln(x_t / x_{t-1}) / dt`, or `trend` at `t = 0`
/// where there is no previous step (MODEL.md 3.5).
pub fn log_growth(value: f64, value_prev: f64, dt: f64, trend: f64, first_step: bool) -> f64 {
    if first_step {
        trend
    } else {
        (value / value_prev).ln() / dt
    }
}
