//! Claim-probability bars: for each claim, one bar per scenario with the
//! Monte Carlo probability that the claim holds and an error bar of two
//! standard errors either side.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use debtlab_core::mc::McResult;

use crate::style::{self, color, px, text, Entry};
use crate::{Chart, PlotError};

/// One claim under one scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimProbabilityCell {
    pub probability: f64,
    pub std_error: f64,
}

/// Grouped bars: claims along the x axis, scenarios within each group.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimBars {
    pub title: String,
    pub claims: Vec<String>,
    pub scenarios: Vec<String>,
    /// `cells[claim][scenario]`; `None` where a scenario lacks the claim.
    pub cells: Vec<Vec<Option<ClaimProbabilityCell>>>,
    /// Small print under the chart.
    pub note: String,
}

impl ClaimBars {
    /// The claims of every result (by name, in first-seen order).
    pub fn from_results(title: &str, results: &[(&str, &McResult)]) -> ClaimBars {
        let mut claims: Vec<String> = Vec::new();
        for (_, r) in results {
            for c in &r.claims {
                if !claims.contains(&c.claim.name) {
                    claims.push(c.claim.name.clone());
                }
            }
        }
        let cells = claims
            .iter()
            .map(|name| {
                results
                    .iter()
                    .map(|(_, r)| {
                        r.claims
                            .iter()
                            .find(|c| c.claim.name == *name)
                            .map(|c| ClaimProbabilityCell { probability: c.probability, std_error: c.std_error })
                    })
                    .collect()
            })
            .collect();
        let paths: Vec<String> = results.iter().map(|(_, r)| r.paths.to_string()).collect();
        let mut unique = paths.clone();
        unique.dedup();
        let note = format!("{} paths per scenario; error bars: +/- 2 standard errors", unique.join("/"));
        ClaimBars {
            title: title.to_string(),
            claims,
            scenarios: results.iter().map(|(n, _)| n.to_string()).collect(),
            cells,
            note,
        }
    }
}

impl Chart for ClaimBars {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.claims.is_empty() || self.scenarios.is_empty() {
            return Err(PlotError::NoData("claim bars need at least one claim and one scenario".into()));
        }
        if self.cells.len() != self.claims.len() || self.cells.iter().any(|r| r.len() != self.scenarios.len()) {
            return Err(PlotError::NoData("claim bars need one cell per claim and scenario".into()));
        }
        let s = style::scale(area);
        let entries: Vec<Entry> =
            self.scenarios.iter().enumerate().map(|(i, n)| Entry::boxed(n, color(i).to_rgba())).collect();
        let area = style::title(area, &self.title, s)?;
        let area = style::legend(&area, &entries, s)?;
        let area = style::footnote(&area, &self.note, s)?;
        let n = self.claims.len();
        let m = self.scenarios.len();
        let mut chart = ChartBuilder::on(&area)
            .margin(px(14.0, s))
            .x_label_area_size(px(44.0, s))
            .y_label_area_size(px(80.0, s))
            .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..1.05)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(style::GRID)
            .disable_x_mesh()
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(11)
            .y_label_formatter(&|v| style::number(*v))
            .label_style(text(13.0, s))
            .axis_desc_style(text(15.0, s))
            .y_desc("probability the claim holds")
            .draw()?;
        let group = 0.8;
        let width = group / m as f64;
        let value_style = text(11.0, s).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (c, row) in self.cells.iter().enumerate() {
            for (k, cell) in row.iter().enumerate() {
                let Some(cell) = cell else { continue };
                let x0 = c as f64 - group / 2.0 + k as f64 * width;
                let (x1, mid) = (x0 + width * 0.9, x0 + width * 0.45);
                let p = cell.probability.clamp(0.0, 1.0);
                chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, p)], color(k).filled())))?;
                let (lo, hi) = ((p - 2.0 * cell.std_error).max(0.0), (p + 2.0 * cell.std_error).min(1.0));
                let cap = width * 0.2;
                let ink = style::INK.stroke_width(px(1.5, s));
                if hi > lo {
                    chart.draw_series([
                        PathElement::new(vec![(mid, lo), (mid, hi)], ink),
                        PathElement::new(vec![(mid - cap, lo), (mid + cap, lo)], ink),
                        PathElement::new(vec![(mid - cap, hi), (mid + cap, hi)], ink),
                    ])?;
                }
                let (bx, by) = area.get_base_pixel();
                let (x, y) = chart.backend_coord(&(mid, hi));
                let label = format!("{:.2}", cell.probability);
                area.draw_text(&label, &value_style, (x - bx, y - by - px(3.0, s) as i32))?;
            }
        }
        let name_style = text(13.0, s).pos(Pos::new(HPos::Center, VPos::Top));
        for (c, name) in self.claims.iter().enumerate() {
            let (bx, by) = area.get_base_pixel();
            let (x, y) = chart.backend_coord(&(c as f64, 0.0));
            area.draw_text(name, &name_style, (x - bx, y - by + px(10.0, s) as i32))?;
        }
        Ok(())
    }
}
