//! Shared look: colours, text sizes, axis ranges and number labels.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{PlotError, FONT_FAMILY};

/// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(204, 121, 167),
    RGBColor(120, 120, 120),
];

pub const INK: RGBColor = RGBColor(30, 30, 30);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const DEADLINE: RGBColor = RGBColor(200, 30, 30);

/// The `i`th series colour.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Text scale of an area: 1.0 at 900 x 585 pixels.
pub fn scale<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> f64 {
    let (w, h) = area.dim_in_pixel();
    (w as f64 / 900.0).min(h as f64 / 585.0).clamp(0.6, 3.0)
}

/// A text style of `px` pixels (times the scale) in the embedded font.
pub fn text(px: f64, scale: f64) -> TextStyle<'static> {
    (FONT_FAMILY, (px * scale).max(8.0)).into_font().color(&INK)
}

/// Pixels times the scale, rounded.
pub fn px(value: f64, scale: f64) -> u32 {
    (value * scale).round().max(1.0) as u32
}

/// The range of `values` (finite ones) with `pad` of its span on each side;
/// a flat or empty set gets a small range around its value.
pub fn padded(values: impl IntoIterator<Item = f64>, pad: f64) -> Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return 0.0..1.0;
    }
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(1.0) {
        let d = (lo.abs() * 0.05).max(1e-6);
        return (lo - d)..(hi + d);
    }
    (lo - pad * span)..(hi + pad * span)
}

/// A short label: about three significant digits, no trailing zeros.
pub fn number(v: f64) -> String {
    let a = v.abs();
    let text = if a == 0.0 {
        return "0".to_string();
    } else if !(1e-3..1e6).contains(&a) {
        format!("{v:.1e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    if text.contains('.') && !text.contains('e') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A year label: whole years without decimals.
pub fn year(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{:.0}", v)
    } else {
        format!("{v:.1}")
    }
}

/// Draws a title across the top of `area` and returns the area below it.
pub fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    s: f64,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if title.is_empty() {
        return Ok(area.clone());
    }
    let height = px(36.0, s);
    let (top, rest) = area.split_vertically(height);
    let (w, _) = top.dim_in_pixel();
    let style = text(20.0, s).pos(Pos::new(HPos::Center, VPos::Center));
    top.draw_text(title, &style, ((w / 2) as i32, (height / 2) as i32))?;
    Ok(rest)
}

/// One legend entry: a line or a filled box of `color`, then `name`.
pub struct Entry {
    pub name: String,
    pub color: RGBAColor,
    pub line: bool,
}

impl Entry {
    pub fn line(name: &str, color: RGBColor) -> Entry {
        Entry { name: name.to_string(), color: color.to_rgba(), line: true }
    }
    pub fn boxed(name: &str, color: RGBAColor) -> Entry {
        Entry { name: name.to_string(), color, line: false }
    }
}

/// Draws a one-row legend centred in a strip at the top of `area` and
/// returns the area below it.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    s: f64,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let height = px(28.0, s);
    let (strip, rest) = area.split_vertically(height);
    let style = text(14.0, s).pos(Pos::new(HPos::Left, VPos::Center));
    let swatch = px(24.0, s) as i32;
    let gap = px(18.0, s) as i32;
    let widths: Vec<i32> =
        entries.iter().map(|e| strip.estimate_text_size(&e.name, &style).map(|(w, _)| w as i32).unwrap_or(0)).collect();
    let total: i32 = widths.iter().map(|w| swatch + 6 + w + gap).sum::<i32>() - gap;
    let (w, _) = strip.dim_in_pixel();
    let mut x = ((w as i32 - total) / 2).max(4);
    let y = (height / 2) as i32;
    for (e, width) in entries.iter().zip(&widths) {
        if e.line {
            strip.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], e.color.stroke_width(px(3.0, s))))?;
        } else {
            let half = swatch / 3;
            strip.draw(&Rectangle::new([(x, y - half), (x + swatch, y + half)], e.color.filled()))?;
        }
        strip.draw_text(&e.name, &style, (x + swatch + 6, y))?;
        x += swatch + 6 + width + gap;
    }
    Ok(rest)
}

/// Draws a note in small text at the bottom right of `area` and returns the
/// area above it.
pub fn footnote<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    note: &str,
    s: f64,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if note.is_empty() {
        return Ok(area.clone());
    }
    let height = px(22.0, s);
    let (_, h) = area.dim_in_pixel();
    let (rest, strip) = area.split_vertically(h.saturating_sub(height));
    let (w, _) = strip.dim_in_pixel();
    let style = text(12.0, s).pos(Pos::new(HPos::Right, VPos::Center));
    strip.draw_text(note, &style, (w as i32 - px(8.0, s) as i32, (height / 2) as i32))?;
    Ok(rest)
}
