//! debtlab-plot: charts people can share, as PNG or SVG, and a
//! self-contained HTML report.
//!
//! Text is drawn with DejaVu Sans, compiled into the library
//! (`fonts/DejaVuSans.ttf`, licence in `fonts/LICENSE-DejaVu.txt`) and
//! rasterised by `ab_glyph`, so pictures render the same on a machine with no
//! system fonts and no fontconfig.
//!
//! Every chart is a plain data struct that implements [`Chart`]:
//!
//! | chart | what it shows |
//! |---|---|
//! | [`Comparison`] | chosen columns of several scenarios, one panel per column, with the claim deadline |
//! | [`Fan`] | a Monte Carlo median with 25-75 and 5-95 bands, and the actual history before the start |
//! | [`DecompositionChart`] | each year's change in debt/GDP as stacked contributions, with the change as a line |
//! | [`Tornado`] | low/high swings of a metric around its base value, one bar per input |
//! | [`ClaimBars`] | the probability that each claim holds, per scenario, with error bars of 2 standard errors |
//! | [`AttributionChart`] | where debt/GDP comes from: its parts (against another scenario: of the difference) and what each mechanism adds, a bar per year |
//!
//! and renders with [`render_png`], [`render_svg`] or [`save`] (format from
//! the file extension; the file is written whole or not at all).
//! [`report`] assembles the HTML report.
//!
//! ```
//! use debtlab_plot::{render_svg, Comparison, Line, Panel, Size};
//! let chart = Comparison {
//!     title: "demo".into(),
//!     panels: vec![Panel {
//!         title: "debt_gdp".into(),
//!         unit: "ratio".into(),
//!         lines: vec![Line { name: "baseline".into(), points: vec![(2026.0, 1.0), (2027.0, 1.02)] }],
//!     }],
//!     deadlines: vec![2029.0],
//! };
//! let svg = render_svg(&chart, Size::new(640, 400)).unwrap();
//! assert!(svg.contains("baseline"));
//! ```

mod attribution;
mod bars;
mod claimbars;
mod comparison;
mod fan;
mod glyphs;
mod render;
pub mod report;
mod style;
mod tornado;
mod write;

pub use attribution::{drawn_part, AttributionChart, AttributionRow};
pub use bars::DecompositionChart;
pub use claimbars::{ClaimBars, ClaimProbabilityCell};
pub use comparison::{Comparison, Line, Panel};
pub use fan::{debt_gdp_history, Fan};
pub use render::{render, render_png, render_svg, save, Chart, Format, Rendered};
pub use tornado::{Tornado, TornadoBar};
pub use write::write_atomic;

use plotters::drawing::DrawingAreaErrorKind;

/// The font family name every chart asks for.
pub const FONT_FAMILY: &str = "sans-serif";

/// DejaVu Sans, embedded.
pub const FONT_BYTES: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The size of a picture in pixels (SVG: user units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    pub const fn new(width: u32, height: u32) -> Size {
        Size { width, height }
    }
}

/// Why a chart could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("`{0}`: unknown picture format; use a file ending in .png or .svg")]
    UnknownFormat(String),
    #[error("picture size {0}x{1}: width and height must be between 16 and 20000 pixels")]
    BadSize(u32, u32),
    #[error("nothing to draw: {0}")]
    NoData(String),
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
    #[error("cannot write `{path}`: {message}")]
    Write { path: String, message: String },
    #[error("the embedded font could not be loaded")]
    Font,
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// Registers the embedded font with plotters (once; later calls are free).
pub fn register_font() -> Result<(), PlotError> {
    use std::sync::OnceLock;
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, plotters::style::FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}
