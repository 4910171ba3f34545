//! History: the replay decomposition, one row per year.

use arrow_array::RecordBatch;
use debtlab_data::replay::Replay;
use debtlab_data::{Decomposition, History, PartSet};

use crate::build::{Columns, TableError};

fn rows<P: PartSet>(c: &mut Columns, dec: &Decomposition<P>) {
    let pts = |f: &dyn Fn(&debtlab_data::DecompositionRow<P>) -> f64| {
        dec.rows.iter().map(|r| 100.0 * f(r)).collect::<Vec<f64>>()
    };
    c.meta("from", dec.from.to_string());
    c.meta("to", dec.to.to_string());
    c.i64(
        "year",
        "",
        "fiscal year (the change from the end of the year before)",
        dec.rows.iter().map(|r| r.year.into()).collect(),
    );
    c.f64("debt_gdp_prev", "% of GDP", "debt/GDP at the end of the year before", pts(&|r| r.d_prev));
    c.f64("debt_gdp", "% of GDP", "debt/GDP at the end of the year", pts(&|r| r.d));
    c.f64("change", "points of GDP", "the change in debt/GDP: the sum of the parts", pts(&|r| r.change));
    for (k, (name, _)) in dec.cumulative.named().iter().enumerate() {
        c.f64(name, "points of GDP", "this part of the change", pts(&|r| r.parts.named()[k].1));
    }
}

/// Each year's change in debt/GDP split into interest, inflation, real
/// growth, primary deficit and residual (or the nominal split), in points of
/// GDP: tidy, one row per year; the sums are the columns' sums.
pub fn replay(h: &History, replay: &Replay) -> Result<RecordBatch, TableError> {
    let mut c = Columns::new("replay");
    c.meta("dataset", h.dataset.as_str());
    c.meta("source", h.source.as_str());
    match replay {
        Replay::Full(dec) => {
            c.meta("split", "full");
            rows(&mut c, dec);
        }
        Replay::Nominal(dec) => {
            c.meta("split", "nominal");
            rows(&mut c, dec);
        }
    }
    c.finish()
}
