//! Debt (MODEL.md 3.8): exact compounding over the step (timing rule 3 of
//! section 2), and the identity every test checks.

use crate::num::Real;

/// Debt next step and the step's interest. Debt compounds exactly over the
/// step at the effective rate with the primary flows spread evenly: with
/// `F_t = PD_t + OMF_t` and `x = ieff_t dt`,
/// `D_{t+1} = D_t e^x + F_t dt (e^x - 1) / x` (`(e^x - 1)/x` by `exprel`, 1 at
/// `x = 0`), and interest is the step's average flow
/// `INT_t = (D_{t+1} - D_t) / dt - F_t`, so that
/// `D_{t+1} = D_t + dt (INT_t + PD_t + OMF_t)` holds. Returns `(D_{t+1}, INT_t)`.
#[inline(always)]
pub fn compound<V: Real>(debt: V, rate: V, flows: V, dt: V, inv_dt: V) -> (V, V) {
    let x = rate * dt;
    let relative = x.exprel();
    let next = debt * (V::splat(1.0) + x * relative) + flows * dt * relative;
    (next, (next - debt) * inv_dt - flows)
}

/// The identity `D_{t+1} = D_t + dt (INT_t + PD_t + OMF_t)` (MODEL.md 3.8),
/// which [`compound`]'s interest satisfies and every test checks; a
/// backtest of annual data runs it with `dt = 1`.
pub fn next_debt(debt: f64, dt: f64, interest: f64, primary_deficit: f64, other_financing: f64) -> f64 {
    debt + dt * (interest + primary_deficit + other_financing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounding_matches_the_closed_form_and_the_identity() {
        let (debt, rate, flows, dt) = (30.0, 0.04, 2.0, 0.125);
        let (next, interest) = compound(debt, rate, flows, dt, 1.0 / dt);
        let exact = debt * (rate * dt).exp() + flows * ((rate * dt).exp() - 1.0) / rate;
        assert!((next - exact).abs() < 1e-13 * exact);
        assert!((next_debt(debt, dt, interest, flows, 0.0) - next).abs() <= 1e-14 * next);
        // At a zero rate the flows add up and there is no interest.
        assert_eq!(compound(debt, 0.0, flows, dt, 1.0 / dt), (debt + flows * dt, 0.0));
    }
}
