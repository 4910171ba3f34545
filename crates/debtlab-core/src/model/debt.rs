//! Debt block (MODEL.md 3.8).

/// Debt held by the public next step: `D_{t+1} = D_t + dt (INT_t + PD_t)`,
/// exactly; this is the identity every test checks.
pub fn next_debt(debt: f64, dt: f64, interest: f64, primary_deficit: f64) -> f64 {
    debt + dt * (interest + primary_deficit)
}

/// Intragovernmental holdings `Dig_t = Dig_0 exp(g_ig tau)`, the closed form of
/// `Dig_{t+1} = Dig_t exp(g_ig dt)`.
pub fn intragov(intragov0: f64, growth: f64, tau: f64) -> f64 {
    intragov0 * (growth * tau).exp()
}
