//! Attribution bars: where a scenario's debt/GDP comes from, in two panels of
//! horizontal bars, one bar per year in each row: the parts of the change in
//! debt/GDP (against another scenario: of the difference) and what each
//! mechanism adds to debt/GDP (with it on, minus switched off alone).
//! Bars to the right raise debt/GDP in both panels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use debtlab_core::analysis::attribute::{Attribution, PARTS};

use crate::style::{self, color, padded, px, text, Entry};
use crate::{Chart, PlotError};

/// One row of a panel: a name and one value per year, points of GDP.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionRow {
    pub name: String,
    pub values: Vec<f64>,
}

/// The two panels of one scenario's attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionChart {
    pub title: String,
    /// Years after the start, one bar each (the last drawn in full colour).
    pub years: Vec<f64>,
    pub parts_title: String,
    pub parts: Vec<AttributionRow>,
    pub mechanisms_title: String,
    pub mechanisms: Vec<AttributionRow>,
    /// Palette index of the bars (the scenario's colour in the other charts).
    pub series: usize,
    /// Small print under the chart.
    pub note: String,
}

/// The parts drawn: every part but `rounding` (floating point, ~1e-13), and
/// without `start` when nothing is subtracted (the ratio itself, not a change).
pub fn drawn_part(name: &str, against: bool) -> bool {
    name != "rounding" && (against || name != "start")
}

impl AttributionChart {
    /// The chart of `a`, values turned into points of GDP; a mechanism's bar
    /// is its effect turned round (on minus off), so that right raises debt/GDP.
    pub fn from_attribution(title: &str, a: &Attribution, series: usize) -> AttributionChart {
        let points = |values: &[f64], sign: f64| values.iter().map(|v| sign * v * 100.0).collect();
        let against = a.against.is_some();
        let parts = PARTS
            .iter()
            .zip(&a.parts)
            .filter(|((name, _), _)| drawn_part(name, against))
            .map(|((name, _), values)| AttributionRow { name: name.to_string(), values: points(values, 1.0) })
            .collect();
        let mechanisms = a
            .effects
            .iter()
            .map(|e| AttributionRow { name: e.name.to_string(), values: points(&e.change, -1.0) })
            .collect();
        let parts_title = match &a.against {
            Some(other) => format!("parts of debt/GDP less {other}'s"),
            None => "parts of the change in debt/GDP since the start".to_string(),
        };
        let note = match (&a.against, &a.against_debt_gdp) {
            (Some(other), Some(theirs)) => {
                let at: Vec<String> = a
                    .years
                    .iter()
                    .zip(a.debt_gdp.iter().zip(theirs))
                    .map(|(y, (d, t))| format!("{:.1}% vs {:.1}% at year {}", d * 100.0, t * 100.0, style::number(*y)))
                    .collect();
                format!("debt/GDP of {} vs {other}: {}", a.scenario, at.join(", "))
            }
            _ => {
                let start = a.parts.first().and_then(|p| p.first()).copied().unwrap_or(f64::NAN);
                let at: Vec<String> = a
                    .years
                    .iter()
                    .zip(&a.debt_gdp)
                    .map(|(y, d)| format!("{:.1}% at year {}", d * 100.0, style::number(*y)))
                    .collect();
                format!("debt/GDP of {}: {:.1}% at the start, {}", a.scenario, start * 100.0, at.join(", "))
            }
        };
        AttributionChart {
            title: title.to_string(),
            years: a.years.clone(),
            parts_title,
            parts,
            mechanisms_title: "what each mechanism adds (on - switched off)".to_string(),
            mechanisms,
            series,
            note,
        }
    }

    /// The fill of year `k`'s bars: the last in full colour, earlier ones lighter.
    fn fill(&self, k: usize) -> RGBAColor {
        let c = color(self.series);
        if k + 1 == self.years.len() {
            c.to_rgba()
        } else {
            c.mix(0.4)
        }
    }
}

/// One panel: a row per entry, widest first as given, a bar per year.
fn panel<DB: DrawingBackend>(
    chart: &AttributionChart,
    area: &DrawingArea<DB, Shift>,
    title: &str,
    rows: &[AttributionRow],
    s: f64,
) -> Result<(), PlotError> {
    let area = style::title(area, title, s * 0.8)?;
    let n = rows.len();
    if n == 0 {
        return Ok(());
    }
    let name_style = text(13.0, s).pos(Pos::new(HPos::Right, VPos::Center));
    let name_width = rows
        .iter()
        .map(|r| area.estimate_text_size(&r.name, &name_style).map(|(w, _)| w).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let x_range = padded(rows.iter().flat_map(|r| r.values.iter().copied()).chain([0.0]), 0.06);
    let mut plot = ChartBuilder::on(&area)
        .margin(px(10.0, s))
        .x_label_area_size(px(44.0, s))
        .y_label_area_size(name_width + px(12.0, s))
        .build_cartesian_2d(x_range, -0.5..(n as f64 - 0.5))?;
    plot.configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(style::GRID)
        .disable_y_mesh()
        .y_labels(0)
        .y_label_formatter(&|_| String::new())
        .x_labels(7)
        .x_label_formatter(&|v| style::number(*v))
        .label_style(text(12.0, s))
        .axis_desc_style(text(13.0, s))
        .x_desc("points of GDP (right: raises debt/GDP)")
        .draw()?;
    let years = chart.years.len().max(1);
    let band = 0.8 / years as f64;
    for (i, row) in rows.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        for (k, &v) in row.values.iter().enumerate() {
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            let top = y + 0.4 - k as f64 * band;
            let rect = Rectangle::new([(0.0, top - band * 0.9), (v, top)], chart.fill(k).filled());
            plot.draw_series(std::iter::once(rect))?;
        }
        let (bx, by) = area.get_base_pixel();
        let (x, py) = plot.backend_coord(&(plot.x_range().start, y));
        area.draw_text(&row.name, &name_style, (x - bx - px(6.0, s) as i32, py - by))?;
    }
    plot.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
        style::INK.stroke_width(px(1.5, s)),
    )))?;
    Ok(())
}

impl Chart for AttributionChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.years.is_empty() || self.parts.is_empty() && self.mechanisms.is_empty() {
            return Err(PlotError::NoData("an attribution chart needs a year and at least one row".into()));
        }
        let years = self.years.len();
        if self.parts.iter().chain(&self.mechanisms).any(|r| r.values.len() != years) {
            return Err(PlotError::NoData("an attribution chart needs one value per year in every row".into()));
        }
        let s = style::scale(area);
        let entries: Vec<Entry> = self
            .years
            .iter()
            .enumerate()
            .map(|(k, y)| Entry::boxed(&format!("year {}", style::number(*y)), self.fill(k)))
            .collect();
        let area = style::title(area, &self.title, s)?;
        let area = style::legend(&area, &entries, s)?;
        let area = style::footnote(&area, &self.note, s)?;
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        panel(self, &left, &self.parts_title, &self.parts, s)?;
        panel(self, &right, &self.mechanisms_title, &self.mechanisms, s)?;
        Ok(())
    }
}
