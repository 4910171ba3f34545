//! Decomposition bars: each year's change in debt/GDP as stacked
//! contributions (positive up, negative down), with the change itself as a
//! line (from [`debtlab_data::decompose`] or [`debtlab_data::decompose_nominal`]).

use plotters::coord::Shift;
use plotters::prelude::*;

use debtlab_data::{Decomposition, PartSet};

use crate::style::{self, color, padded, px, text, Entry};
use crate::{Chart, PlotError};

/// Stacked contributions per year, in points of GDP.
#[derive(Debug, Clone, PartialEq)]
pub struct DecompositionChart {
    pub title: String,
    /// Names of the parts, in stacking order.
    pub parts: Vec<String>,
    /// `(year, one value per part, the change in debt/GDP)`.
    pub years: Vec<(i32, Vec<f64>, f64)>,
    /// Small print under the chart (source).
    pub note: String,
}

impl DecompositionChart {
    /// The rows of a decomposition, ratios turned into points of GDP.
    pub fn from_decomposition<P: PartSet>(title: &str, dec: &Decomposition<P>) -> DecompositionChart {
        let parts = dec
            .rows
            .first()
            .map(|r| r.parts.named().iter().map(|(n, _)| n.replace('_', " ")).collect())
            .unwrap_or_default();
        let years = dec
            .rows
            .iter()
            .map(|r| (r.year, r.parts.named().iter().map(|(_, v)| v * 100.0).collect(), r.change * 100.0))
            .collect();
        let note = format!(
            "{}: debt/GDP {:.1}% at the end of FY{} -> {:.1}% at the end of FY{}",
            dec.dataset,
            dec.d_start * 100.0,
            dec.from,
            dec.d_end * 100.0,
            dec.to
        );
        DecompositionChart { title: title.to_string(), parts, years, note }
    }

    /// Lowest and highest stacked ends over every year.
    fn extent(&self) -> impl Iterator<Item = f64> + '_ {
        self.years.iter().flat_map(|(_, values, change)| {
            let up: f64 = values.iter().filter(|v| **v > 0.0).sum();
            let down: f64 = values.iter().filter(|v| **v < 0.0).sum();
            [up, down, *change, 0.0]
        })
    }
}

impl Chart for DecompositionChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.years.is_empty() || self.years.iter().any(|(_, v, _)| v.len() != self.parts.len()) {
            return Err(PlotError::NoData("a decomposition needs years with one value per part".into()));
        }
        let s = style::scale(area);
        let mut entries: Vec<Entry> =
            self.parts.iter().enumerate().map(|(i, name)| Entry::boxed(name, color(i).to_rgba())).collect();
        entries.push(Entry::line("change in debt/GDP", style::INK));
        let area = style::title(area, &self.title, s)?;
        let area = style::legend(&area, &entries, s)?;
        let area = style::footnote(&area, &self.note, s)?;
        let first = self.years.first().map(|y| y.0).unwrap_or(0) as f64;
        let last = self.years.last().map(|y| y.0).unwrap_or(0) as f64;
        let y_range = padded(self.extent(), 0.06);
        let mut chart = ChartBuilder::on(&area)
            .margin(px(14.0, s))
            .x_label_area_size(px(50.0, s))
            .y_label_area_size(px(80.0, s))
            .build_cartesian_2d((first - 0.6)..(last + 0.6), y_range)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(style::GRID)
            .disable_x_mesh()
            .x_labels(12)
            .y_labels(8)
            .x_label_formatter(&|v| style::year(v.round()))
            .y_label_formatter(&|v| style::number(*v))
            .label_style(text(13.0, s))
            .axis_desc_style(text(15.0, s))
            .x_desc("fiscal year")
            .y_desc("contribution to the change in debt/GDP, points of GDP")
            .draw()?;
        let half = 0.38;
        for (i, _) in self.parts.iter().enumerate() {
            let mut rects = Vec::new();
            for (year, values, _) in &self.years {
                // Stack: parts before `i` with the same sign sit below it.
                let v = values[i];
                if !v.is_finite() || v == 0.0 {
                    continue;
                }
                let base: f64 = values[..i].iter().filter(|w| w.is_finite() && w.signum() == v.signum()).sum();
                let x = *year as f64;
                rects.push(Rectangle::new([(x - half, base), (x + half, base + v)], color(i).filled()));
            }
            chart.draw_series(rects)?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(first - 0.6, 0.0), (last + 0.6, 0.0)],
            style::INK.stroke_width(1),
        )))?;
        let change: Vec<(f64, f64)> = self.years.iter().map(|(y, _, c)| (*y as f64, *c)).collect();
        chart.draw_series(LineSeries::new(change.clone(), style::INK.stroke_width(px(2.5, s))))?;
        chart.draw_series(change.into_iter().map(|p| Circle::new(p, px(3.5, s), style::INK.filled())))?;
        Ok(())
    }
}
