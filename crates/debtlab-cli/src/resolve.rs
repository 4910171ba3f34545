//! Finds scenarios for the command line: embedded presets by name, files by path.
//! An `extends` inside a file is looked up as a preset first, then as a path
//! relative to that file's folder.

use std::path::{Path, PathBuf};

use debtlab_core::presets;
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::{Resolver, Source};

pub struct PresetsAndFiles;

impl PresetsAndFiles {
    fn read(path: &Path) -> Result<Source, String> {
        std::fs::read_to_string(path)
            .map(|text| Source { name: path.display().to_string(), text })
            .map_err(|e| format!("cannot read scenario file `{}`: {e}", path.display()))
    }
}

fn looks_like_path(reference: &str) -> bool {
    reference.contains('/') || reference.contains('\\') || reference.ends_with(".toml")
}

impl Resolver for PresetsAndFiles {
    fn resolve(&self, reference: &str, from: Option<&Source>) -> Result<Source, String> {
        if !looks_like_path(reference) {
            if let Some(text) = presets::get(reference) {
                return Ok(Source { name: format!("preset:{reference}"), text: text.to_string() });
            }
        }
        let path = match from {
            Some(parent) if !parent.name.starts_with("preset:") => {
                Path::new(&parent.name).parent().unwrap_or(Path::new("")).join(reference)
            }
            _ => PathBuf::from(reference),
        };
        if path.is_file() {
            return Self::read(&path);
        }
        if looks_like_path(reference) {
            return Err(format!("no scenario file `{}`", path.display()));
        }
        let names: Vec<&str> = presets::names().collect();
        let hint = did_you_mean(reference, names.iter().copied()).map(|h| format!("; {h}")).unwrap_or_default();
        Err(format!("no preset or file named `{reference}` (presets: {}){hint}", names.join(", ")))
    }
}
