//! `shocks = "historical"`: the `[shocks]` table estimated by `debtlab shocks
//! estimate` from the bundled OMB history, FY1948-2022 (MODEL.md section
//! 5.5). The figures are written here so that the library reads no files; a
//! test in debtlab-data re-estimates them from the bundled data and checks
//! they are the same.

use super::{cholesky, ShockSpec, SHOCK_COUNT};

/// First and last fiscal year of the innovations the table was estimated from.
pub const SAMPLE: (i32, i32) = (1948, 2022);

/// Annual innovation standard deviations (inflation, real growth, effective
/// rate, primary balance: AR(1) residuals of the OMB series), in the order of [`ShockSpec::NAMES`]
/// (`eps_Z`, AI productivity, has no history and is 0).
pub const SD: [f64; SHOCK_COUNT] = [0.0152396, 0.0224756, 0.00509586, 0.0, 0.0206189];

/// Annual AR(1) coefficients of the shocks carried as deviations (`eps_y`
/// and `eps_Z` are white noise per step, `None`).
pub const PERSISTENCE: [Option<f64>; SHOCK_COUNT] = [Some(0.730106), None, Some(0.977296), None, Some(0.739106)];

/// Correlation of the innovations, in the order of [`ShockSpec::NAMES`].
pub const CORRELATION: [[f64; SHOCK_COUNT]; SHOCK_COUNT] = [
    [1.0, 0.138735, 0.350616, 0.0, 0.343005],
    [0.138735, 1.0, 0.00412014, 0.0, 0.467326],
    [0.350616, 0.00412014, 1.0, 0.0, 0.307027],
    [0.0, 0.0, 0.0, 1.0, 0.0],
    [0.343005, 0.467326, 0.307027, 0.0, 1.0],
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
