//! Fan chart: a Monte Carlo median with 25-75 and 5-95 percentile bands, the
//! actual history before the start joined on as its own series.

use plotters::coord::Shift;
use plotters::prelude::*;

use debtlab_core::mc::McResult;
use debtlab_core::output::Column;

use crate::style::{self, color, padded, px, text, Entry};
use crate::{Chart, PlotError};

/// Percentile bands of one column over time, with an optional history.
#[derive(Debug, Clone, PartialEq)]
pub struct Fan {
    pub title: String,
    /// The y axis title, with its unit.
    pub y_title: String,
    /// Calendar year of each step.
    pub years: Vec<f64>,
    /// Percentiles 5, 25, 50, 75, 95 at each step (as in
    /// [`debtlab_core::mc::ColumnSummary::percentiles`]).
    pub percentiles: Vec<[f64; 5]>,
    /// Actual values before the start, `(year, value)`, drawn as "history".
    pub history: Vec<(f64, f64)>,
    /// Calendar years marked with a vertical line (the claims' deadlines).
    pub deadlines: Vec<f64>,
    /// Small print under the chart (paths, seed, source).
    pub note: String,
}

impl Fan {
    /// The bands of `column` in a Monte Carlo result, each value times
    /// `factor` (e.g. 100 for a ratio shown in percent). `None` if the result
    /// has no summary of `column`, or lacks one of the bands' percentiles
    /// (5, 25, 50, 75, 95: [`debtlab_core::mc::DEFAULT_PERCENTILES`]).
    pub fn from_mc(title: &str, result: &McResult, column: Column, factor: f64, y_title: &str) -> Option<Fan> {
        let summary = result.columns.iter().find(|c| c.column == column)?;
        let mut at = [0usize; 5];
        for (i, level) in debtlab_core::mc::DEFAULT_PERCENTILES.into_iter().enumerate() {
            at[i] = result.percentiles.iter().position(|&q| q == level)?;
        }
        let deadlines = {
            let mut d: Vec<f64> = Vec::new();
            for c in &result.claims {
                let year = result.years.first().copied().unwrap_or(0.0) + c.claim.by;
                if !d.iter().any(|x| (x - year).abs() < 1e-9) {
                    d.push(year);
                }
            }
            d
        };
        Some(Fan {
            title: title.to_string(),
            y_title: y_title.to_string(),
            years: result.years.clone(),
            percentiles: summary.percentiles.iter().map(|p| at.map(|i| p[i] * factor)).collect(),
            history: Vec::new(),
            deadlines,
            note: format!(
                "{} paths, seed {}, dt = {} yr; bands: 5-95% and 25-75% of paths",
                result.paths, result.seed, result.dt
            ),
        })
    }

    /// Debt held by the public in percent of GDP: the bands of `debt_gdp`
    /// (a ratio) times 100, with the OMB history from `history_from` on.
    pub fn debt_gdp(title: &str, result: &McResult, history_from: i32) -> Result<Fan, PlotError> {
        let column = Column::by_name("debt_gdp").expect("debt_gdp is an output column");
        let mut fan =
            Fan::from_mc(title, result, column, 100.0, "debt held by the public, % of GDP").ok_or_else(|| {
                PlotError::NoData(
                    "the Monte Carlo result has no debt_gdp column, or not percentiles 5/25/50/75/95".into(),
                )
            })?;
        fan.history = debt_gdp_history(history_from)?;
        if !fan.history.is_empty() {
            fan.note.push_str("; history: OMB Historical Tables 7.1 to FY2022, then CBO, end of fiscal year");
        }
        Ok(fan)
    }
}

/// Debt held by the public, % of GDP, from the bundled OMB data
/// (`us-1940-2025`, FY`from` to its last year, FY2024), placed at the end of each fiscal year
/// (June 30 up to FY1976, September 30 from FY1977).
pub fn debt_gdp_history(from: i32) -> Result<Vec<(f64, f64)>, PlotError> {
    let data = debtlab_data::bundled(debtlab_data::US_1940_2025).map_err(|e| PlotError::NoData(e.to_string()))?;
    let series = data.require("debt_public_pct_gdp").map_err(|e| PlotError::NoData(e.to_string()))?;
    Ok(series
        .values
        .iter()
        .filter(|(year, _)| *year >= from)
        .map(|&(year, value)| (year as f64 + if year >= 1977 { 0.75 } else { 0.5 }, value))
        .collect())
}

fn band(
    years: &[f64],
    lo: impl Fn(&[f64; 5]) -> f64,
    hi: impl Fn(&[f64; 5]) -> f64,
    p: &[[f64; 5]],
) -> Vec<(f64, f64)> {
    let upper = years.iter().zip(p).map(|(&y, q)| (y, hi(q)));
    let lower = years.iter().zip(p).rev().map(|(&y, q)| (y, lo(q)));
    upper.chain(lower).filter(|(_, v)| v.is_finite()).collect()
}

impl Chart for Fan {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.years.is_empty() || self.years.len() != self.percentiles.len() {
            return Err(PlotError::NoData("a fan chart needs one set of percentiles per year".into()));
        }
        let s = style::scale(area);
        let main = color(0);
        let mut entries = vec![
            Entry::line("median", main),
            Entry::boxed("25-75%", main.mix(0.45)),
            Entry::boxed("5-95%", main.mix(0.2)),
        ];
        if !self.history.is_empty() {
            entries.push(Entry::line("history", style::INK));
        }
        if !self.deadlines.is_empty() {
            entries.push(Entry::line("claim deadline", style::DEADLINE));
        }
        let area = style::title(area, &self.title, s)?;
        let area = style::legend(&area, &entries, s)?;
        let area = style::footnote(&area, &self.note, s)?;
        let x_range = padded(self.years.iter().copied().chain(self.history.iter().map(|h| h.0)), 0.0);
        let y_range =
            padded(self.percentiles.iter().flat_map(|p| [p[0], p[4]]).chain(self.history.iter().map(|h| h.1)), 0.06);
        let mut chart = ChartBuilder::on(&area)
            .margin(px(14.0, s))
            .margin_right(px(26.0, s))
            .x_label_area_size(px(50.0, s))
            .y_label_area_size(px(80.0, s))
            .build_cartesian_2d(x_range.clone(), y_range.clone())?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(style::GRID)
            .x_labels(10)
            .y_labels(8)
            .x_label_formatter(&|v| style::year(*v))
            .y_label_formatter(&|v| style::number(*v))
            .label_style(text(13.0, s))
            .axis_desc_style(text(15.0, s))
            .x_desc("year")
            .y_desc(&self.y_title)
            .draw()?;
        let p = &self.percentiles;
        chart.draw_series(std::iter::once(Polygon::new(band(&self.years, |q| q[0], |q| q[4], p), main.mix(0.2))))?;
        chart.draw_series(std::iter::once(Polygon::new(band(&self.years, |q| q[1], |q| q[3], p), main.mix(0.45))))?;
        let median: Vec<(f64, f64)> =
            self.years.iter().zip(p).map(|(&y, q)| (y, q[2])).filter(|(_, v)| v.is_finite()).collect();
        chart.draw_series(LineSeries::new(median, main.stroke_width(px(3.0, s))))?;
        if !self.history.is_empty() {
            chart.draw_series(LineSeries::new(self.history.clone(), style::INK.stroke_width(px(2.5, s))))?;
        }
        for &year in &self.deadlines {
            if x_range.contains(&year) {
                chart.draw_series(std::iter::once(plotters::element::DashedPathElement::new(
                    [(year, y_range.start), (year, y_range.end)],
                    px(6.0, s),
                    px(4.0, s),
                    style::DEADLINE.stroke_width(px(2.0, s)),
                )))?;
            }
        }
        Ok(())
    }
}
