//! Prices, policy and demand (MODEL.md 3.5), with two pluggable regimes.

use crate::params::model::{PriceParams, Regime};

/// The output gap is held in this band (a model rule, not a user value).
pub const GAP_LIMIT: f64 = 0.5;

/// This step's inputs to the price block, from earlier blocks and last step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceInputs {
    pub dt: f64,
    /// `exp(-dt / T_gap)`.
    pub gap_persistence: f64,
    /// `gap_{t-1}`.
    pub gap_prev: f64,
    /// `pia_t`, anchored expected inflation.
    pub expected_inflation: f64,
    /// `gZ_t`, growth of the effective AI index (taylor).
    pub ai_growth: f64,
    /// `gYstar_t`, growth of potential output (quantity).
    pub potential_growth: f64,
    /// `(X_t - X_{t-1}) / L_t`, the change in the displaced pool per worker.
    pub displaced_change: f64,
    /// Time-varying parameters at this step.
    pub money_growth: f64,
    pub velocity_growth: f64,
    pub pass_through: f64,
    pub target: f64,
    pub r_star: f64,
    pub floor: f64,
    /// Shocks `eps_pi`, `eps_y` (0 in deterministic runs).
    pub eps_pi: f64,
    pub eps_y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceOutcome {
    /// `pi_t`.
    pub inflation: f64,
    /// `i_t`.
    pub policy_rate: f64,
    /// `gap_t`, clamped to [-0.5, 0.5].
    pub output_gap: f64,
}

/// Adaptive expectations:
/// `pie_t = pie_{t-1} + (1 - exp(-dt / T_exp)) (pi_{t-1} - pie_{t-1})`,
/// with `adjustment = 1 - exp(-dt / T_exp)` computed once per run.
pub fn adaptive_expectation(expected_prev: f64, inflation_prev: f64, adjustment: f64) -> f64 {
    expected_prev + adjustment * (inflation_prev - expected_prev)
}

/// Anchored expectation `pia_t = (1 - anchoring) pie_t + anchoring pi_star`.
pub fn anchored_expectation(expected: f64, anchoring: f64, target: f64) -> f64 {
    (1.0 - anchoring) * expected + anchoring * target
}

/// The part of the gap common to both regimes:
/// `gap_{t-1} exp(-dt / T_gap) - zeta (X_t - X_{t-1}) / L_t + eps_y`.
fn gap_common(p: &PriceParams, x: &PriceInputs) -> f64 {
    x.gap_prev * x.gap_persistence - p.displacement_drag * x.displaced_change + x.eps_y
}

/// Regime `quantity`:
/// `pi_t = mu_t + g_V - gYstar_t + eps_pi`, `i_t = max(i_floor, r_star + pia_t)`,
/// `gap_t = gap_{t-1} exp(-dt / T_gap) - zeta (X_t - X_{t-1}) / L_t + eps_y`.
pub fn quantity(p: &PriceParams, x: &PriceInputs) -> PriceOutcome {
    let inflation = x.money_growth + x.velocity_growth - x.potential_growth + x.eps_pi;
    let policy_rate = x.floor.max(x.r_star + x.expected_inflation);
    let output_gap = gap_common(p, x).clamp(-GAP_LIMIT, GAP_LIMIT);
    PriceOutcome { inflation, policy_rate, output_gap }
}

/// Regime `taylor`:
/// `pi_t = pia_t + kappa gap_{t-1} - theta gZ_t + eps_pi`,
/// `i_t = max(i_floor, r_star + pi_t + phi_pi (pi_t - pi_star) + phi_y gap_{t-1})`,
/// `gap_t = gap_{t-1} exp(-dt / T_gap) - sigma dt (i_t - pia_t - r_star) - zeta (X_t - X_{t-1}) / L_t + eps_y`.
pub fn taylor(p: &PriceParams, x: &PriceInputs) -> PriceOutcome {
    let inflation = x.expected_inflation + p.kappa * x.gap_prev - x.pass_through * x.ai_growth + x.eps_pi;
    let policy_rate = x.floor.max(x.r_star + inflation + p.phi_pi * (inflation - x.target) + p.phi_y * x.gap_prev);
    let real_rate_gap = policy_rate - x.expected_inflation - x.r_star;
    let output_gap = (gap_common(p, x) - p.rate_sensitivity * x.dt * real_rate_gap).clamp(-GAP_LIMIT, GAP_LIMIT);
    PriceOutcome { inflation, policy_rate, output_gap }
}

/// Runs the regime the scenario chose.
pub fn step(regime: Regime, p: &PriceParams, x: &PriceInputs) -> PriceOutcome {
    match regime {
        Regime::Quantity => quantity(p, x),
        Regime::Taylor => taylor(p, x),
    }
}

/// Money growth reported in the taylor regime: `mu_t = pi_t + gY_t - g_V`.
pub fn reported_money_growth(inflation: f64, output_growth: f64, velocity_growth: f64) -> f64 {
    inflation + output_growth - velocity_growth
}

/// The price level's growth factor over a step, `exp(pi_t dt)`, so that
/// `P_{t+1} = P_t exp(pi_t dt)`.
pub fn price_growth_factor(inflation: f64, dt: f64) -> f64 {
    (inflation * dt).exp()
}
