//! Backends: a chart draws on any plotters drawing area; this module gives it
//! a pixel buffer (encoded as PNG) or an SVG string, and writes files whole or
//! not at all.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::glyphs::PixelText;
use crate::write::write_atomic;
use crate::{register_font, PlotError, Size};

/// A chart: plain data that can draw itself on a plotters drawing area.
pub trait Chart {
    /// Draws on `area`, which covers the whole picture.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PlotError>;
}

/// A picture format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// The format named by a file's extension (`.png` or `.svg`, any case).
    pub fn from_path(path: &Path) -> Result<Format, PlotError> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "png" => Ok(Format::Png),
            "svg" => Ok(Format::Svg),
            _ => Err(PlotError::UnknownFormat(path.display().to_string())),
        }
    }
}

/// A rendered picture.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    Png(Vec<u8>),
    Svg(String),
}

impl Rendered {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Rendered::Png(b) => b,
            Rendered::Svg(s) => s.as_bytes(),
        }
    }
}

fn check(size: Size) -> Result<(), PlotError> {
    let ok = |v: u32| (16..=20_000).contains(&v);
    if ok(size.width) && ok(size.height) {
        Ok(())
    } else {
        Err(PlotError::BadSize(size.width, size.height))
    }
}

/// Renders `chart` as an SVG document.
pub fn render_svg(chart: &impl Chart, size: Size) -> Result<String, PlotError> {
    check(size)?;
    register_font()?;
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (size.width, size.height)).into_drawing_area();
        root.fill(&WHITE)?;
        chart.draw(&root)?;
        root.present()?;
    }
    Ok(text)
}

/// Renders `chart` as an RGB PNG.
pub fn render_png(chart: &impl Chart, size: Size) -> Result<Vec<u8>, PlotError> {
    check(size)?;
    register_font()?;
    let (w, h) = (size.width, size.height);
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let root = PixelText(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
        root.fill(&WHITE)?;
        chart.draw(&root)?;
        root.present()?;
    }
    encode_png(&pixels, size)
}

fn encode_png(rgb: &[u8], size: Size) -> Result<Vec<u8>, PlotError> {
    let fail = |e: png::EncodingError| PlotError::Encode(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, size.width, size.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header().map_err(fail)?;
        writer.write_image_data(rgb).map_err(fail)?;
        writer.finish().map_err(fail)?;
    }
    Ok(out)
}

/// Renders `chart` in `format`.
pub fn render(chart: &impl Chart, format: Format, size: Size) -> Result<Rendered, PlotError> {
    match format {
        Format::Png => render_png(chart, size).map(Rendered::Png),
        Format::Svg => render_svg(chart, size).map(Rendered::Svg),
    }
}

/// Renders `chart` to `path`, PNG or SVG by its extension, whole or not at all.
pub fn save(chart: &impl Chart, path: &Path, size: Size) -> Result<(), PlotError> {
    let rendered = render(chart, Format::from_path(path)?, size)?;
    write_atomic(path, rendered.bytes())
}
