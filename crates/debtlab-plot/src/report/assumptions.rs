//! What a scenario assumes differently from the baseline, and a stable
//! fingerprint of its files.

use debtlab_core::params::spec::{format_number, SECTOR_FIELDS};
use debtlab_core::params::{Number, ParamValue};
use debtlab_core::Scenario;

/// One parameter whose value differs from the baseline's.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Dotted name, e.g. `prices.pass_through` or `technology.sectors.energy.ceiling`.
    pub name: String,
    pub value: String,
    pub baseline: String,
    pub unit: String,
}

/// FNV-1a, 64 bit: a small, stable, dependency-free hash (not for security).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The FNV-1a 64 hash of the texts of a scenario's sources (the whole
/// `extends` chain, root first, each followed by a NUL byte), as 16 hex digits.
pub fn scenario_hash(scenario: &Scenario) -> String {
    let mut bytes = Vec::new();
    for source in &scenario.sources {
        bytes.extend_from_slice(source.text.as_bytes());
        bytes.push(0);
    }
    format!("{:016x}", fnv1a64(&bytes))
}

fn number_text(n: &Number) -> String {
    match n {
        Number::Constant(v) => format_number(*v),
        Number::Scheduled(s) => {
            let points: Vec<String> =
                s.points().iter().map(|(y, v)| format!("{}: {}", format_number(*y), format_number(*v))).collect();
            format!("schedule {}", points.join(", "))
        }
    }
}

fn value_text(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(n) => number_text(n),
        ParamValue::Text(t) => t.clone(),
    }
}

/// The parameters (scalars and sector fields) of `scenario` whose values
/// differ from `baseline`'s, in table order. A sector that the baseline lacks
/// is listed field by field against "-".
pub fn differences(scenario: &Scenario, baseline: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    for ((spec, value, _), (_, base, _)) in scenario.params.scalars().zip(baseline.params.scalars()) {
        if value != base {
            out.push(Difference {
                name: spec.name.to_string(),
                value: value_text(value),
                baseline: value_text(base),
                unit: spec.unit.to_string(),
            });
        }
    }
    for sector in scenario.params.sectors() {
        let base = baseline.params.sectors().iter().find(|s| s.name == sector.name);
        for (i, (field, unit, ..)) in SECTOR_FIELDS.iter().enumerate() {
            let value = sector.fields[i];
            let base_value = base.map(|b| b.fields[i]);
            if base_value != Some(value) {
                out.push(Difference {
                    name: format!("technology.sectors.{}.{field}", sector.name),
                    value: format_number(value),
                    baseline: base_value.map(format_number).unwrap_or_else(|| "-".into()),
                    unit: unit.to_string(),
                });
            }
        }
    }
    for base in baseline.params.sectors() {
        if !scenario.params.sectors().iter().any(|s| s.name == base.name) {
            out.push(Difference {
                name: format!("technology.sectors.{}", base.name),
                value: "-".into(),
                baseline: "present".into(),
                unit: String::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use debtlab_core::presets::PresetResolver;

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn the_baseline_differs_from_nothing_and_the_claim_from_something() {
        let baseline = debtlab_core::load("baseline", &PresetResolver, &[]).unwrap();
        assert!(differences(&baseline, &baseline).is_empty());
        let claim = debtlab_core::load("musk-abundance", &PresetResolver, &[]).unwrap();
        let diffs = differences(&claim, &baseline);
        assert!(
            diffs.iter().any(|d| d.name == "policy.rule" && d.value == "money" && d.baseline == "taylor"),
            "{diffs:?}"
        );
        assert!(diffs.iter().any(|d| d.name.starts_with("technology.sectors.")), "{diffs:?}");
        let set = ["prices.pass_through=0.9".to_string()];
        let changed = debtlab_core::load("baseline", &PresetResolver, &set).unwrap();
        assert_eq!(differences(&changed, &baseline)[0].name, "prices.pass_through");
        assert_eq!(scenario_hash(&baseline).len(), 16);
        assert_ne!(scenario_hash(&baseline), scenario_hash(&claim));
    }
}
