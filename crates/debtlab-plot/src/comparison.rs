//! Scenario comparison: one panel per column, the scenarios as lines on a
//! shared time axis, the claim deadlines as vertical dashed lines.

use plotters::coord::Shift;
use plotters::prelude::*;

use debtlab_core::output::Column;
use debtlab_core::Run;

use crate::style::{self, color, padded, px, text, Entry};
use crate::{Chart, PlotError};

/// One named series of `(year, value)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// One panel: a column of every scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Shown above the panel (the column name).
    pub title: String,
    /// The y axis title.
    pub unit: String,
    pub lines: Vec<Line>,
}

/// Chosen columns of several scenarios. Lines with the same name have the
/// same colour in every panel; the legend lists the names of the first panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub title: String,
    pub panels: Vec<Panel>,
    /// Calendar years marked with a vertical line (the claims' deadlines).
    pub deadlines: Vec<f64>,
}

impl Comparison {
    /// Panels of `columns` (titles: column names; units from
    /// [`debtlab_core::output::COLUMNS`]) from named runs.
    pub fn from_runs(title: &str, runs: &[(&str, &Run)], columns: &[Column], deadlines: Vec<f64>) -> Comparison {
        let panels = columns
            .iter()
            .map(|&column| Panel {
                title: column.name().to_string(),
                unit: column.spec().unit.to_string(),
                lines: runs
                    .iter()
                    .map(|(name, run)| Line {
                        name: name.to_string(),
                        points: run.rows.iter().map(|r| (r.year, r.get(column))).collect(),
                    })
                    .collect(),
            })
            .collect();
        Comparison { title: title.to_string(), panels, deadlines }
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for line in self.panels.iter().flat_map(|p| &p.lines) {
            if !names.contains(&line.name) {
                names.push(line.name.clone());
            }
        }
        names
    }
}

/// Rows and columns of a grid for `n` panels in a `w` x `h` area.
fn grid(n: usize, w: u32, h: u32) -> (usize, usize) {
    if n <= 1 {
        return (1, 1);
    }
    let mut best = (n, 1);
    let mut best_score = f64::INFINITY;
    for cols in 1..=n {
        let rows = n.div_ceil(cols);
        // Prefer panels about 1.5 times as wide as high, and few empty cells.
        let aspect = (w as f64 / cols as f64) / (h as f64 / rows as f64);
        let score = (aspect / 1.5).ln().abs() + 0.3 * (rows * cols - n) as f64;
        if score < best_score {
            best_score = score;
            best = (rows, cols);
        }
    }
    best
}

impl Chart for Comparison {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.panels.is_empty() || self.panels.iter().all(|p| p.lines.iter().all(|l| l.points.is_empty())) {
            return Err(PlotError::NoData("a comparison needs at least one column with points".into()));
        }
        let s = style::scale(area);
        let names = self.names();
        let area = style::title(area, &self.title, s)?;
        let mut entries: Vec<Entry> = names.iter().enumerate().map(|(i, n)| Entry::line(n, color(i))).collect();
        if !self.deadlines.is_empty() {
            entries.push(Entry::line("claim deadline", style::DEADLINE));
        }
        let area = style::legend(&area, &entries, s)?;
        let x_range = padded(self.panels.iter().flat_map(|p| &p.lines).flat_map(|l| l.points.iter().map(|p| p.0)), 0.0);
        let (w, h) = area.dim_in_pixel();
        let (rows, cols) = grid(self.panels.len(), w, h);
        // Smaller text in small panels.
        let ps = (s * (1.0 / (rows.max(cols) as f64)).powf(0.3)).max(0.55);
        let cells = area.split_evenly((rows, cols));
        for (panel, cell) in self.panels.iter().zip(&cells) {
            let y_range = padded(panel.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)), 0.06);
            let mut chart = ChartBuilder::on(cell)
                .caption(&panel.title, text(16.0, ps))
                .margin(px(10.0, ps))
                .margin_right(px(26.0, ps))
                .x_label_area_size(px(48.0, ps))
                .y_label_area_size(px(72.0, ps))
                .build_cartesian_2d(x_range.clone(), y_range.clone())?;
            chart
                .configure_mesh()
                .light_line_style(WHITE.mix(0.0))
                .bold_line_style(style::GRID)
                .x_labels(6)
                .y_labels(6)
                .x_label_formatter(&|v| style::year(*v))
                .y_label_formatter(&|v| style::number(*v))
                .label_style(text(12.0, ps))
                .axis_desc_style(text(13.0, ps))
                .x_desc("year")
                .y_desc(&panel.unit)
                .draw()?;
            for &year in &self.deadlines {
                if x_range.contains(&year) {
                    let points = [(year, y_range.start), (year, y_range.end)];
                    chart.draw_series(std::iter::once(plotters::element::DashedPathElement::new(
                        points,
                        px(6.0, ps),
                        px(4.0, ps),
                        style::DEADLINE.stroke_width(px(2.0, ps)),
                    )))?;
                }
            }
            for line in &panel.lines {
                let index = names.iter().position(|n| *n == line.name).unwrap_or(0);
                let points: Vec<(f64, f64)> = line.points.iter().copied().filter(|p| p.1.is_finite()).collect();
                chart.draw_series(LineSeries::new(points, color(index).stroke_width(px(2.5, ps))))?;
            }
        }
        Ok(())
    }
}
