//! debtlab-core: the debtlab macro-fiscal model as a pure library.
//!
//! - [`params`]: the parameter table (names, defaults, units, docs, ranges).
//! - [`scenario`]: TOML scenarios with `extends`, overrides and validation.
//! - [`model`]: one module per block and the step loop of `docs/MODEL.md`.
//! - [`output`]: the stable output columns.
//! - [`claims`]: claims and their verdicts.
//! - [`presets`]: the embedded preset scenarios.
//!
//! ```
//! use debtlab_core::{presets::PresetResolver, scenario};
//! let s = scenario::load("baseline", &PresetResolver, &[]).unwrap();
//! let run = s.run().unwrap();
//! assert_eq!(run.rows.len(), 81); // ten years at dt = 1/8: steps 0..=80
//! ```

pub mod analysis;
pub mod calibration;
pub mod claims;
pub mod mc;
pub mod model;
pub mod num;
pub mod output;
pub mod params;
pub mod presets;
pub mod scenario;
pub mod uncertainty;

pub use claims::{Claim, Verdict};
pub use model::{simulate, NonFinite, Run, RunError, Solution, Unsolved};
pub use output::{Column, Row, COLUMNS};
pub use scenario::{load, Resolver, Scenario, ScenarioError, Source};
