//! Rules that concern several values at once, checked after every file and
//! override has been applied.

use super::error::{clip, did_you_mean, ScenarioError};
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
            return Err(ScenarioError::at_origin(origin, field, format!("no sector named `{}`", clip(name)))
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

#[cfg(test)]
mod tests {
    use crate::presets::PresetResolver;
    use crate::scenario::{load, Resolver, Source};

    struct Text(String);
    impl Resolver for Text {
        fn resolve(&self, reference: &str, _: Option<&Source>) -> Result<Source, String> {
            match reference {
                "s.toml" => Ok(Source { name: "s.toml".into(), text: self.0.clone() }),
                other => PresetResolver.resolve(other, None),
            }
        }
    }

    fn error(text: &str) -> String {
        load("s.toml", &Text(text.to_string()), &[]).expect_err("the file is refused").to_string()
    }

    #[test]
    fn a_spending_lines_weights_may_not_sum_above_one() {
        let e = error("[fiscal.social_security]\nprice_weight = 0.5\nratchet_weight = 0.4\nwage_weight = 0.3\n");
        assert!(e.contains("s.toml:4:15"), "{e}");
        assert!(
            e.contains("fiscal.social_security.wage_weight") && e.contains("at most 1") && e.contains("1.2"),
            "{e}"
        );
        let e = error("[fiscal.health]\nprice_weight = 1.5\n");
        assert!(e.contains("fiscal.health.price_weight") && e.contains("outside the valid range [0, 1]"), "{e}");
    }

    #[test]
    fn the_health_sector_must_exist() {
        let e = error("[fiscal.health]\nai_sector = \"health_educaton\"\n");
        assert!(e.contains("s.toml:2:13") && e.contains("fiscal.health.ai_sector"), "{e}");
        assert!(e.contains("no sector named `health_educaton`") && e.contains("health_education"), "{e}");
    }

    #[test]
    fn maturities_must_be_positive() {
        for key in ["bill_maturity_years", "coupon_wam_years"] {
            let e = error(&format!("[debt]\n{key} = 0\n"));
            assert!(e.contains(&format!("debt.{key}")) && e.contains("outside the valid range (0, 100]"), "{e}");
        }
    }

    #[test]
    fn every_renamed_v1_parameter_names_its_replacement() {
        for (old, new) in crate::params::spec::RENAMED {
            let sets = [format!("{old}=1")];
            let e = load("baseline", &PresetResolver, &sets).expect_err(old).to_string();
            assert!(e.contains(old) && e.contains(new), "{old}: {e}");
            let (section, key) = old.split_once('.').unwrap();
            let e = error(&format!("[{section}]\n{key} = 1\n"));
            assert!(e.contains("s.toml:2:1") && e.contains(new), "{old} in a file: {e}");
        }
    }

    #[test]
    fn claims_must_read_inside_the_run_and_say_when_as_a_known_word() {
        let claim = "[[claims]]\nname = \"c\"\nmetric = \"debt_gdp\"\nop = \"<\"\nvalue = \"at(12)\"\nby = 10\n";
        let e = error(claim);
        assert!(e.contains("s.toml:5:9") && e.contains("claims.c.value") && e.contains("at(12)"), "{e}");
        let e = error(
            "[[claims]]\nname = \"c\"\nmetric = \"debt_gdp\"\nop = \"<\"\nvalue = 1\nby = 3\nwhen = \"allways\"\n",
        );
        assert!(
            e.contains("claims.c.when") && e.contains("not one of by, always, ever") && e.contains("always"),
            "{e}"
        );
    }

    /// Issue 16: `[technology.sectors.enrgy]` silently added a new sector.
    #[test]
    fn a_new_sector_named_like_an_existing_one_needs_new_true() {
        let e = error("[technology.sectors.enrgy]\nshare = 0.1\n");
        assert!(e.contains("s.toml:2:9") && e.contains("technology.sectors.enrgy"), "{e}");
        assert!(e.contains("did you mean `energy`?") && e.contains("`new = true`"), "{e}");
        let e = error("[technology.sectors.Energy]\nshare = 0.1\n");
        assert!(e.contains("did you mean `energy`?"), "{e}");
        // On purpose: accepted, and a name far from every sector needs nothing.
        let text = "[technology.sectors.enrgy]\nnew = true\nshare = 0.0\n[technology.sectors.mining]\nshare = 0.0\n";
        let scenario = load("s.toml", &Text(text.to_string()), &[]).expect("loads");
        assert!(scenario.params.sectors().iter().any(|s| s.name == "enrgy"));
        let e = error("[technology.sectors.enrgy]\nnew = 1\n");
        assert!(e.contains("can only be true"), "{e}");
    }

    #[test]
    fn suggestions_ignore_case_and_dots() {
        let e = error("[Energy]\ng_supply = 0.02\n");
        assert!(e.contains("did you mean `energy`?"), "{e}");
        let e = error("[energy]\nG_Supply = 0.02\n");
        assert!(e.contains("did you mean `energy.g_supply`?"), "{e}");
    }

    /// Issue 16: `--set` errors pointed into a document built internally ("--set:2:23").
    #[test]
    fn set_errors_name_the_override_not_an_internal_position() {
        for item in [r"uncertain.ai\x.ceiling=normal(0, 1)", "shocks.eps_y=\"x", "prices.pass_through=[[1, 2"] {
            let e = load("baseline", &PresetResolver, &[item.to_string()]).expect_err("refused").to_string();
            assert!(!e.contains("--set:"), "{e}");
            assert!(e.starts_with("--set "), "{e}");
        }
        let e = load("baseline", &PresetResolver, &["uncertain.Policy.R_Star=normal(0, 1)".to_string()])
            .expect_err("refused")
            .to_string();
        assert!(e.contains("did you mean `policy.r_star`?"), "{e}");
    }
}
