//! debtlab results as Arrow record batches: one place that names the
//! columns, their types and units, for every front end that wants a table
//! (the Python package today; CSV, JSON and Parquet writers read the same
//! batches).
//!
//! Conventions: a run is indexed by `step` (Int64) and `year` (Float64) and
//! has one Float64 column per output variable; every field carries its unit
//! and one-line doc in the field metadata (`unit`, `doc`); each batch's
//! schema metadata says what it is (`debtlab.table`) and, where there is one,
//! the scenario and the run's settings.

pub mod analysis;
mod build;
pub mod catalog;
pub mod history;
pub mod montecarlo;
pub mod runs;
pub mod write;

pub use arrow_array::RecordBatch;
pub use build::{Columns, TableError};
