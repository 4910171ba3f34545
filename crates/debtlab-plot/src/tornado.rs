//! Tornado chart: how far a metric swings when each input goes to its low
//! and its high value, one horizontal bar per input, widest on top.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style::{self, color, padded, px, text, Entry};
use crate::{Chart, PlotError};

/// The metric with one input at its low and at its high value.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    pub name: String,
    pub low: f64,
    pub high: f64,
}

/// Swings of one metric around its base value.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    pub title: String,
    /// The x axis title: the metric and its unit.
    pub metric: String,
    /// The metric with every input at its base value.
    pub base: f64,
    pub bars: Vec<TornadoBar>,
    /// Small print under the chart.
    pub note: String,
}

impl Tornado {
    /// The bars, widest swing first.
    pub fn sorted(&self) -> Vec<&TornadoBar> {
        let mut bars: Vec<&TornadoBar> = self.bars.iter().collect();
        bars.sort_by(|a, b| (b.high - b.low).abs().total_cmp(&(a.high - a.low).abs()));
        bars
    }
}

impl Chart for Tornado {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        if self.bars.is_empty() {
            return Err(PlotError::NoData("a tornado chart needs at least one bar".into()));
        }
        let s = style::scale(area);
        let (low_color, high_color) = (color(0), color(1));
        let entries = [
            Entry::boxed("input at its low value", low_color.to_rgba()),
            Entry::boxed("input at its high value", high_color.to_rgba()),
            Entry::line(&format!("base ({})", style::number(self.base)), style::INK),
        ];
        let area = style::title(area, &self.title, s)?;
        let area = style::legend(&area, &entries, s)?;
        let area = style::footnote(&area, &self.note, s)?;
        let bars = self.sorted();
        let n = bars.len();
        let name_style = text(13.0, s).pos(Pos::new(HPos::Right, VPos::Center));
        let name_width = bars
            .iter()
            .map(|b| area.estimate_text_size(&b.name, &name_style).map(|(w, _)| w).unwrap_or(0))
            .max()
            .unwrap_or(0);
        let x_range = padded(bars.iter().flat_map(|b| [b.low, b.high]).chain([self.base]), 0.08);
        let mut chart = ChartBuilder::on(&area)
            .margin(px(14.0, s))
            .x_label_area_size(px(50.0, s))
            .y_label_area_size(name_width + px(16.0, s))
            .build_cartesian_2d(x_range, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(style::GRID)
            .disable_y_mesh()
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .x_labels(8)
            .x_label_formatter(&|v| style::number(*v))
            .label_style(text(13.0, s))
            .axis_desc_style(text(15.0, s))
            .x_desc(&self.metric)
            .draw()?;
        let half = 0.35;
        for (i, bar) in bars.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            for (value, c) in [(bar.low, low_color), (bar.high, high_color)] {
                if value.is_finite() && value != self.base {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(self.base, y - half), (value, y + half)],
                        c.filled(),
                    )))?;
                }
            }
            let (bx, by) = area.get_base_pixel();
            let (x, y) = chart.backend_coord(&(chart.x_range().start, y));
            area.draw_text(&bar.name, &name_style, (x - bx - px(8.0, s) as i32, y - by))?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(self.base, -0.5), (self.base, n as f64 - 0.5)],
            style::INK.stroke_width(px(2.0, s)),
        )))?;
        Ok(())
    }
}
