//! Scenario references on the command line: embedded presets by name, files
//! by path (shared with the Python package, in debtlab-data).

pub use debtlab_data::scenarios::PresetsAndFiles;
