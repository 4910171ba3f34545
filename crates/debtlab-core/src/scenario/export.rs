//! A loaded scenario written back as one self-contained TOML file (every
//! parameter, no `extends`), so that a run can be reproduced from the file alone.

use super::Scenario;
use crate::claims::Threshold;
use crate::params::spec::{format_number, SECTOR_FIELDS};
use crate::params::{Number, ParamValue};
use crate::uncertainty::{ShockSpec, SHOCK_COUNT};

fn number(n: &Number) -> String {
    match n {
        Number::Constant(v) => format_number(*v),
        Number::Scheduled(s) => {
            let points: Vec<String> =
                s.points().iter().map(|(y, v)| format!("[{}, {}]", format_number(*y), format_number(*v))).collect();
            format!("[{}]", points.join(", "))
        }
    }
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The scenario as TOML that loads back to the same parameters, claims,
/// draws and shocks.
pub fn to_toml(scenario: &Scenario) -> String {
    let mut out = format!("# debtlab scenario `{}`, every parameter resolved\n", scenario.name);
    out.push_str(&format!("description = {}\n", quoted(&scenario.description)));
    let mut section = "";
    for (spec, value, _) in scenario.params.scalars() {
        let (table, key) = spec.name.split_once('.').unwrap_or(("", spec.name));
        if table != section {
            out.push_str(&format!("\n[{table}]\n"));
            section = table;
        }
        let text = match value {
            ParamValue::Number(n) => number(n),
            ParamValue::Text(t) => quoted(t),
        };
        out.push_str(&format!("{key} = {text}\n"));
    }
    for sector in scenario.params.sectors() {
        out.push_str(&format!("\n[technology.sectors.{}]\n", sector.name));
        for ((field, ..), value) in SECTOR_FIELDS.iter().zip(sector.fields) {
            out.push_str(&format!("{field} = {}\n", format_number(value)));
        }
    }
    for claim in &scenario.claims {
        let value = match claim.threshold {
            Threshold::Value(v) => format_number(v),
            other => quoted(&other.describe()),
        };
        out.push_str(&format!(
            "\n[[claims]]\nname = {}\nmetric = {}\nop = {}\nvalue = {value}\nby = {}\nwhen = {}\n",
            quoted(&claim.name),
            quoted(claim.metric.name()),
            quoted(claim.op.symbol()),
            format_number(claim.by),
            quoted(claim.when.word())
        ));
    }
    if !scenario.uncertain.is_empty() {
        out.push_str("\n[uncertain]\n");
        for u in &scenario.uncertain {
            out.push_str(&format!("{} = {}\n", quoted(&u.name), quoted(&u.distribution.describe())));
        }
    }
    out.push_str("\n[shocks]\n");
    for (name, sd) in ShockSpec::NAMES.iter().zip(scenario.shocks.sd) {
        out.push_str(&format!("{name} = {}\n", format_number(sd)));
    }
    let l = &scenario.shocks.cholesky;
    let rows: Vec<String> = (0..SHOCK_COUNT)
        .map(|i| {
            let cells: Vec<String> = (0..SHOCK_COUNT)
                .map(|j| {
                    let c: f64 = (0..SHOCK_COUNT).map(|k| l[i][k] * l[j][k]).sum();
                    format_number((c * 1e12).round() / 1e12)
                })
                .collect();
            format!("    [{}]", cells.join(", "))
        })
        .collect();
    out.push_str(&format!("correlation = [\n{},\n]\n", rows.join(",\n")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::{self, PresetResolver};
    use crate::scenario::{load, Resolver, Source};

    struct One(String);
    impl Resolver for One {
        fn resolve(&self, _: &str, _: Option<&Source>) -> Result<Source, String> {
            Ok(Source { name: "exported.toml".into(), text: self.0.clone() })
        }
    }

    #[test]
    fn every_preset_round_trips() {
        for name in presets::names() {
            let original = load(name, &PresetResolver, &[]).unwrap();
            let text = to_toml(&original);
            let again =
                load("exported.toml", &One(text.clone()), &[]).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            assert_eq!(again.model_params(), original.model_params(), "{name}");
            assert_eq!(again.claims, original.claims, "{name}");
            assert_eq!(again.uncertain, original.uncertain, "{name}");
            for (a, b) in again.shocks.cholesky.iter().flatten().zip(original.shocks.cholesky.iter().flatten()) {
                assert!((a - b).abs() < 1e-9, "{name}");
            }
            assert_eq!(again.run().unwrap(), original.run().unwrap(), "{name}");
        }
    }
}
