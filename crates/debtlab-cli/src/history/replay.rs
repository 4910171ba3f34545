//! `debtlab replay`: each year's change in debt/GDP split into interest,
//! inflation, real growth, primary deficit and residual (or the nominal
//! split when the data lack prices or interest). CSV and JSON are tidy, one
//! row per year; the table view adds a last row with the sums over the
//! window. `plot-replay` draws the same [`decomposition`].

use debtlab_data::{Decomposition, History, PartSet};

use super::{finite_cells, load_history, provenance, pts, show, Window};
use crate::output::{Cell, Format, Table};
use crate::OutputOptions;

pub use debtlab_data::replay::{full_until, Replay};

/// The history of `dataset` (a bundled name or a CSV file, as
/// [`load_history`] reads it) and its decomposition over `window`
/// ([`debtlab_data::replay::decomposition`]).
pub fn decomposition(dataset: &str, window: &Window) -> Result<(History, Replay), String> {
    let h = load_history(dataset)?;
    let replay = debtlab_data::replay::decomposition(&h, window.from, window.to)?;
    Ok((h, replay))
}

/// What a replay's rows add up to, for the title.
const FULL: &str = "interest + inflation + real_growth + primary_deficit + residual";
const NOMINAL: &str = "nominal decomposition: the data have no GDP price index or no interest series, so \
                       nominal_growth = inflation + real growth and overall_deficit = interest + primary deficit";

pub fn replay(dataset: &str, window: &Window, out: &OutputOptions) -> Result<(), String> {
    let (h, replay) = decomposition(dataset, window)?;
    let sums = out.format == Format::Table;
    let ((names, rows), (from, to, d_start, d_end), kind) = match &replay {
        Replay::Full(dec) => (replay_rows(dec, sums), span(dec), FULL),
        Replay::Nominal(dec) => (replay_rows(dec, sums), span(dec), NOMINAL),
    };
    let mut header: Vec<String> =
        ["year", "debt_gdp_prev", "debt_gdp", "change"].iter().map(|s| s.to_string()).collect();
    header.extend(names);
    finite_cells(&h, &header, &rows)?;
    let table = Table::new(header, rows);
    let title = format!(
        "replay {}: debt/GDP {:.1}% at the end of {from} -> {:.1}% at the end of {to}\n\
         in points of GDP (1 = 1% of GDP): change = {kind}\n\
         last row: the sums over {}-{to} (the table view only: CSV and JSON have one row per year)",
        h.dataset,
        d_start * 100.0,
        d_end * 100.0,
        from + 1,
    );
    let mut notes = provenance(&h);
    if let (None, Replay::Full(_), Some(until)) = (window.to, &replay, full_until(&h)) {
        notes.push(format!(
            "note: the window ends FY{until}, the last year with a price index, interest and the surplus; \
             debt and GDP run to FY{} (backtest and the fan chart use them)",
            h.span().1
        ));
    }
    show(&table, out, &title, &notes)
}

fn span<P: PartSet>(dec: &Decomposition<P>) -> (i32, i32, f64, f64) {
    (dec.from, dec.to, dec.d_start, dec.d_end)
}

/// The part names, and the year rows in points of GDP, followed by the
/// `sum` row if `sums`.
fn replay_rows<P: PartSet>(dec: &Decomposition<P>, sums: bool) -> (Vec<String>, Vec<Vec<Cell>>) {
    let cells = |year: Cell, prev: f64, d: f64, change: f64, parts: &P| {
        let mut row = vec![year, pts(prev), pts(d), pts(change)];
        row.extend(parts.named().iter().map(|(_, v)| pts(*v)));
        row
    };
    let mut rows: Vec<Vec<Cell>> =
        dec.rows.iter().map(|r| cells(Cell::Integer(r.year.into()), r.d_prev, r.d, r.change, &r.parts)).collect();
    if sums {
        rows.push(cells(Cell::Text("sum".into()), dec.d_start, dec.d_end, dec.change(), &dec.cumulative));
    }
    let names = dec.cumulative.named().iter().map(|(n, _)| n.to_string()).collect();
    (names, rows)
}
