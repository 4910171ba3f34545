//! Rules that concern several values at once, checked after every file and
//! override has been applied.

use super::error::{did_you_mean, ScenarioError};
use super::parse::ClaimOrigin;
use crate::claims::{Claim, Threshold};
use crate::params::spec::SPENDING_LINES;
use crate::params::{Origin, ParamSet};

/// Tolerance on the sums of sector shares.
pub const SHARE_TOLERANCE: f64 = 1e-9;

pub fn validate(params: &ParamSet, claims: &[(Claim, ClaimOrigin)]) -> Result<(), ScenarioError> {
    let sectors = params.sectors();
    for (field, label, plural) in [(0usize, "share", "shares"), (1, "jobs", "jobs")] {
        let sum: f64 = sectors.iter().map(|s| s.fields[field]).sum();
        if (sum - 1.0).abs() > SHARE_TOLERANCE {
            // Point at the last value a file set, the likeliest culprit.
            let origin = sectors
                .iter()
                .map(|s| &s.origins[field])
                .rfind(|o| **o != Origin::Default)
                .cloned()
                .unwrap_or_default();
            let listing: Vec<String> = sectors.iter().map(|s| format!("{}={}", s.name, s.fields[field])).collect();
            return Err(ScenarioError::at_origin(
                &origin,
                format!("technology.sectors.*.{label}"),
                format!("sector {plural} must sum to 1 within 1e-9, but sum to {sum} ({})", listing.join(", ")),
            ));
        }
    }

    for field in ["technology.gov_sector", "fiscal.health.ai_sector"] {
        let origin = &params.get(field).1;
        let name = params.text(field);
        if !sectors.iter().any(|s| s.name == name) {
            return Err(ScenarioError::at_origin(origin, field, format!("no sector named `{name}`"))
                .with_hint(did_you_mean(name, sectors.iter().map(|s| s.name.as_str()))));
        }
    }

    for line in SPENDING_LINES {
        let names = ["price_weight", "ratchet_weight", "wage_weight"].map(|w| format!("fiscal.{line}.{w}"));
        let sum: f64 = names.iter().map(|n| params.constant(n)).sum();
        if sum > 1.0 + 1e-12 {
            let (last, origin) = names
                .iter()
                .map(|n| (n, &params.get(n).1))
                .rfind(|(_, o)| **o != Origin::Default)
                .unwrap_or((&names[2], &params.get(&names[2]).1));
            return Err(ScenarioError::at_origin(
                origin,
                last.as_str(),
                format!(
                    "the index weights of `fiscal.{line}` must sum to at most 1 (what is left is fixed in nominal dollars), but sum to {sum}"
                ),
            ));
        }
    }

    let years = params.constant("run.years");
    let dt = params.constant("run.dt");
    let steps = years / dt;
    if (steps - steps.round()).abs() > 1e-6 * steps.max(1.0) {
        let origin = &params.get("run.dt").1;
        return Err(ScenarioError::at_origin(
            origin,
            "run.dt",
            format!("run.years ({years}) must be a whole number of steps of run.dt ({dt}); it is {steps:.4} steps"),
        ));
    }
    if steps.round() > 1e6 {
        return Err(ScenarioError::at_origin(
            &params.get("run.dt").1,
            "run.dt",
            "a run may have at most 1,000,000 steps",
        ));
    }

    for (claim, origin) in claims {
        if claim.by > years + 1e-9 {
            return Err(ScenarioError::at_origin(
                &origin.by,
                format!("claims.{}.by", claim.name),
                format!("the deadline {} is after the end of the run (run.years = {years})", claim.by),
            ));
        }
        if let Threshold::AtTimes { years: at, .. } = claim.threshold {
            if at > years + 1e-9 {
                return Err(ScenarioError::at_origin(
                    &origin.value,
                    format!("claims.{}.value", claim.name),
                    format!("at({at}) is after the end of the run (run.years = {years})"),
                ));
            }
        }
    }
    Ok(())
}
