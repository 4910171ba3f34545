//! Finds scenarios for the command line and the Python package: embedded presets by name, files by path.
//! An `extends` inside a file is looked up as a preset first, then as a path
//! relative to that file's folder.

use std::path::{Path, PathBuf};

use debtlab_core::presets;
use debtlab_core::scenario::error::did_you_mean;
use debtlab_core::{Resolver, Source};

pub struct PresetsAndFiles;

/// Largest scenario file read, bytes: presets are a few kB; a file far
/// larger is a mistake, refused before it is read into memory.
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

impl PresetsAndFiles {
    /// Reads a scenario file as bytes, then UTF-8, so a bad byte is reported
    /// with its line and column.
    fn read(path: &Path) -> Result<Source, String> {
        let name = path.display().to_string();
        let fail = |e: std::io::Error| format!("cannot read scenario file `{name}`: {e}");
        let size = std::fs::metadata(path).map_err(fail)?.len();
        if size > MAX_SCENARIO_BYTES {
            return Err(format!(
                "scenario file `{name}` is {size} bytes, more than the {MAX_SCENARIO_BYTES} a scenario file may have"
            ));
        }
        let bytes = std::fs::read(path).map_err(fail)?;
        let text = crate::text::decode_utf8(&name, bytes).map_err(|e| e.to_string())?;
        Ok(Source { name, text })
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
