//! Labor block (MODEL.md 3.3): displacement by AI adoption, retraining, and
//! unemployment.

/// Labor force `L_t = L0 exp(g_L tau)` (millions).
pub fn labor_force(start: f64, growth: f64, tau: f64) -> f64 {
    start * (growth * tau).exp()
}

/// Displacement flow
/// `F_t = L_t sum_s n_s delta_s max(0, a_s(tau_t) - a_s(tau_{t-1})) / dt`,
/// where `rate` is the sum divided by `dt` (see `technology::displacement_rate`).
pub fn displacement_flow(labor_force: f64, rate: f64) -> f64 {
    labor_force * rate
}

/// Displaced pool `X_t = X_{t-1} + dt (F_t - X_{t-1} / T_retrain)`.
pub fn displaced_pool(pool_prev: f64, flow: f64, retrain_years: f64, dt: f64) -> f64 {
    pool_prev + dt * (flow - pool_prev / retrain_years)
}

/// Unemployment `u_t = clamp(u_nat + X_t / L_t - okun gap_{t-1}, 0, 1)`.
pub fn unemployment(u_natural: f64, displaced: f64, labor_force: f64, okun: f64, gap_prev: f64) -> f64 {
    (u_natural + displaced / labor_force - okun * gap_prev).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_decays_at_the_retraining_rate_without_new_flow() {
        let next = displaced_pool(3.0, 0.0, 1.5, 0.25);
        assert!((next - (3.0 - 0.25 * 2.0)).abs() < 1e-15);
    }

    #[test]
    fn unemployment_stays_in_the_unit_interval() {
        assert_eq!(unemployment(0.04, 500.0, 100.0, 0.5, 0.0), 1.0);
        assert_eq!(unemployment(0.04, 0.0, 100.0, 0.5, 0.5), 0.0);
    }
}
