//! Presets: the scenario files in `scenarios/`, embedded in the library so
//! that `debtlab claims musk-abundance` works from any folder.

use crate::scenario::{Resolver, Source};

/// Every preset: name and TOML text.
pub const PRESETS: &[(&str, &str)] = &[
    ("baseline", include_str!("../../../scenarios/baseline.toml")),
    ("musk-abundance", include_str!("../../../scenarios/musk-abundance.toml")),
    ("doge-liquidation", include_str!("../../../scenarios/doge-liquidation.toml")),
    ("debt-deflation", include_str!("../../../scenarios/debt-deflation.toml")),
    ("energy-bound", include_str!("../../../scenarios/energy-bound.toml")),
    ("compute-shock", include_str!("../../../scenarios/compute-shock.toml")),
    ("abundance-steelman", include_str!("../../../scenarios/abundance-steelman.toml")),
    ("critics-fair", include_str!("../../../scenarios/critics-fair.toml")),
    ("ai-goldman", include_str!("../../../scenarios/ai-goldman.toml")),
    ("ai-acemoglu", include_str!("../../../scenarios/ai-acemoglu.toml")),
    ("ai-pwbm", include_str!("../../../scenarios/ai-pwbm.toml")),
    ("us-1929", include_str!("../../../scenarios/us-1929.toml")),
];

/// The text of a preset.
pub fn get(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(n, _)| *n)
}

/// A resolver that knows only the embedded presets.
#[derive(Debug, Clone, Copy, Default)]
pub struct PresetResolver;

impl Resolver for PresetResolver {
    fn resolve(&self, reference: &str, _from: Option<&Source>) -> Result<Source, String> {
        match get(reference) {
            Some(text) => Ok(Source { name: format!("preset:{reference}"), text: text.to_string() }),
            None => {
                let hint = crate::scenario::error::did_you_mean(reference, names())
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                Err(format!(
                    "no preset named `{reference}` (presets: {}){hint}",
                    names().collect::<Vec<_>>().join(", ")
                ))
            }
        }
    }
}
