//! Data for debtlab: bundled US fiscal history, import of user data, and the
//! debt-dynamics decomposition (MODEL.md section 6).
//!
//! - [`bundled`] loads the historical files compiled into the library
//!   (`us-1940-2025`, `us-postwar`, `us-1930s`, `cbo-2025`, `start-2026`);
//!   each carries its source in [`Dataset::source`].
//! - [`history`] / [`history_from`] derive per-year debt, GDP, real growth,
//!   inflation, interest and primary balance for replay.
//! - [`decompose`] splits the change in debt/GDP into interest, inflation,
//!   real growth, primary deficit and residual; [`decompose_nominal`] gives
//!   the coarser split when prices or interest are missing.
//! - [`backtest`] feeds the actual rates, growth and primary balances
//!   through the model's debt identity and measures the gap to the actual
//!   debt (the cumulative stock-flow adjustment).
//! - [`import_file`] / [`import_text`] read FRED downloads and plain
//!   `year,...` tables, with errors that name file, line and column;
//!   [`text::decode_utf8`] decodes any file's bytes, naming the line and
//!   column of the first byte that is not UTF-8.
//!
//! No result holds NaN or an infinity: a ratio or growth rate that the data
//! leave undefined (a zero GDP, a zero price index, a value too large for
//! 64-bit floating point) is an error naming the file, line and column of
//! the cell behind it ([`DataError::BadValue`], [`DataError::NotFinite`]).
//!
//! ```
//! let h = debtlab_data::history("us-postwar").unwrap();
//! let dec = debtlab_data::decompose(&h, 1946, 1974).unwrap();
//! assert!(dec.d_start > 1.0 && dec.d_end < 0.25);
//! ```
//!
//! The library prints nothing.

mod backtest;
mod bundled;
pub mod cbo;
mod dataset;
mod date;
mod decompose;
mod error;
mod fred;
mod history;
mod import;
pub mod replay;
pub mod scenarios;
pub mod shocks_backtest;
pub mod shocks_estimate;
pub mod text;
mod yearcsv;

pub use backtest::{backtest, Backtest, BacktestRow};
pub use bundled::{
    bundled, bundled_names, bundled_text, start_facts, CBO_2025, CBO_BTN_2025, POSTWAR_YEARS, START_2026, US_1930S,
    US_1940_2025, US_POSTWAR,
};
pub use dataset::{Dataset, Fact, Origin, Place, Series, Unit};
pub use date::Date;
pub use decompose::{
    decompose, decompose_all, decompose_nominal, Decomposition, DecompositionRow, NominalDecomposition, NominalParts,
    PartSet, Parts,
};
pub use error::{DataError, Result};
pub use fred::{annualize, guess_aggregation, parse_fred_csv, Aggregation, Annual, FredTable, Frequency, YearBasis};
pub use history::{history, history_from, history_names, not_finite, History, HistoryRow, HistorySpec};
pub use import::{detect_format, import_bytes, import_file, import_text, Format, ImportOptions};
pub use yearcsv::parse_year_csv;
