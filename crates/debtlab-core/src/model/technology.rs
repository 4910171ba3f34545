//! Technology block (MODEL.md 3.1): AI adoption by sector and the AI
//! productivity index.

use crate::params::model::Sector;

/// Logistic adoption of one sector:
/// `a_s(tau) = c_s / (1 + exp(-k_s (tau - tau0_s)))`.
pub fn adoption(sector: &Sector, tau: f64) -> f64 {
    sector.ceiling / (1.0 + (-sector.speed * (tau - sector.midpoint)).exp())
}

/// Sector productivity: `z_s = 1 + (m_s - 1) a_s`.
pub fn sector_productivity(sector: &Sector, adoption: f64) -> f64 {
    1.0 + (sector.multiple - 1.0) * adoption
}

/// Share-weighted productivity level `sum_s w_s z_s(tau)` (not normalised).
fn weighted_productivity(sectors: &[Sector], tau: f64) -> f64 {
    sectors.iter().map(|s| s.share * sector_productivity(s, adoption(s, tau))).sum()
}

/// AI productivity index, 1 at the start:
/// `Z_t = sum_s w_s z_s(tau_t) / sum_s w_s z_s(0)`.
pub fn ai_index(sectors: &[Sector], tau: f64) -> f64 {
    weighted_productivity(sectors, tau) / weighted_productivity(sectors, 0.0)
}

/// Displacement rate per member of the labor force (1/yr), the sum in the
/// labor block's flow: `sum_s n_s delta_s max(0, a_s(tau_t) - a_s(tau_{t-1})) / dt`.
/// At `t = 0` the lagged adoption is the start adoption, so the rate is 0.
pub fn displacement_rate(sectors: &[Sector], tau: f64, tau_prev: f64, dt: f64) -> f64 {
    sectors.iter().map(|s| s.jobs * s.displaceable * (adoption(s, tau) - adoption(s, tau_prev)).max(0.0)).sum::<f64>()
        / dt
}

/// Productivity shock level, a random walk in logs: `S_t = S_{t-1} exp(eps_Z)`.
pub fn shock_level(level_prev: f64, eps_z: f64) -> f64 {
    level_prev * eps_z.exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sector(ceiling: f64, multiple: f64, share: f64) -> Sector {
        Sector { name: "s".into(), share, jobs: share, ceiling, speed: 2.0, midpoint: 1.5, multiple, displaceable: 0.5 }
    }

    #[test]
    fn adoption_is_half_the_ceiling_at_the_midpoint() {
        let s = sector(0.9, 4.0, 1.0);
        assert!((adoption(&s, 1.5) - 0.45).abs() < 1e-15);
        assert!(adoption(&s, 50.0) > 0.8999);
    }

    #[test]
    fn index_starts_at_one_and_rises_with_adoption() {
        let sectors = vec![sector(0.9, 4.0, 0.5), sector(0.0, 1.0, 0.5)];
        assert!((ai_index(&sectors, 0.0) - 1.0).abs() < 1e-15);
        assert!(ai_index(&sectors, 3.0) > 1.5);
        assert!(displacement_rate(&sectors, 1.0, 0.75, 0.25) > 0.0);
        assert_eq!(displacement_rate(&sectors, 0.0, 0.0, 0.25), 0.0);
    }
}
