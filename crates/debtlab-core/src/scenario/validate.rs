//! Rules that concern several values at once, checked after every file and
//! override has been applied.

use super::error::{did_you_mean, ScenarioError};
use crate::claims::Claim;
use crate::params::{Origin, ParamSet};

/// Tolerance on the sums of sector shares.
pub const SHARE_TOLERANCE: f64 = 1e-9;

pub fn validate(params: &ParamSet, claims: &[(Claim, Origin)]) -> Result<(), ScenarioError> {
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

    let gov_origin = &params.get("technology.gov_sector").1;
    let gov_name = params.text("technology.gov_sector");
    if !sectors.iter().any(|s| s.name == gov_name) {
        return Err(ScenarioError::at_origin(
            gov_origin,
            "technology.gov_sector",
            format!("no sector named `{gov_name}`"),
        )
        .with_hint(did_you_mean(gov_name, sectors.iter().map(|s| s.name.as_str()))));
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
                origin,
                format!("claims.{}.by", claim.name),
                format!("the deadline {} is after the end of the run (run.years = {years})", claim.by),
            ));
        }
    }
    Ok(())
}
