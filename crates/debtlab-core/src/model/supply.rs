//! Supply (MODEL.md 3.4): potential output and its forward growth.

use crate::num::Real;

/// Potential output `Ystar_t = Y0 exp((g_base + g_L) tau) Z_eff_t`, from its
/// trend path `Y0 exp((g_base + g_L) tau)`.
#[inline(always)]
pub fn potential<V: Real>(trend: V, ai_index_effective: V) -> V {
    trend * ai_index_effective
}

/// Forward growth of potential, `gYstar_t = ln(Ystar_{t+1} / Ystar_t) / dt
/// = g_base + g_L + gZ_t`: the trend grows at exactly `g_base + g_L`.
#[inline(always)]
pub fn potential_growth<V: Real>(trend_growth: V, ai_growth: V) -> V {
    trend_growth + ai_growth
}
