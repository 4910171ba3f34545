//! Every chart renders to PNG and SVG: the PNG decodes, has the requested
//! size and is not blank; the SVG is well-formed XML holding the series names
//! and axis titles. Set `DEBTLAB_PLOT_DIR` to keep the pictures for a look.

use std::path::PathBuf;

use debtlab_core::analysis::attribute::attribute;
use debtlab_core::mc::{self, McOptions, McResult, PercentileMode};
use debtlab_core::output::Column;
use debtlab_core::presets::PresetResolver;
use debtlab_core::Run;
use debtlab_plot::{
    render_png, render_svg, save, AttributionChart, Chart, ClaimBars, Comparison, DecompositionChart, Fan, Format,
    Size, Tornado, TornadoBar,
};

fn run(name: &str) -> Run {
    debtlab_core::load(name, &PresetResolver, &[]).unwrap().run().unwrap()
}

fn monte_carlo(name: &str, paths: usize) -> McResult {
    let scenario = debtlab_core::load(name, &PresetResolver, &[]).unwrap();
    let columns = vec![Column::by_name("debt_gdp").unwrap(), Column::by_name("real_debt").unwrap()];
    let options = McOptions {
        paths,
        seed: 7,
        columns,
        draws: true,
        shocks: true,
        percentiles: debtlab_core::mc::DEFAULT_PERCENTILES.to_vec(),
        percentile_method: PercentileMode::Exact,
    };
    mc::run(&scenario, &options, &|_| {}).unwrap()
}

fn comparison() -> Comparison {
    let (a, b, c) = (run("musk-abundance"), run("debt-deflation"), run("baseline"));
    let columns: Vec<Column> =
        ["debt_gdp", "real_debt", "price_level"].iter().map(|n| Column::by_name(n).unwrap()).collect();
    let runs = [("musk-abundance", &a), ("debt-deflation", &b), ("baseline", &c)];
    Comparison::from_runs("three scenarios", &runs, &columns, vec![2029.0])
}

fn fan() -> Fan {
    Fan::debt_gdp("musk-abundance: debt/GDP", &monte_carlo("musk-abundance", 300), 2000).unwrap()
}

fn decomposition() -> DecompositionChart {
    let h = debtlab_data::history("us-postwar").unwrap();
    let dec = debtlab_data::decompose(&h, 1946, 1974).unwrap();
    DecompositionChart::from_decomposition("post-war debt/GDP", &dec)
}

fn tornado() -> Tornado {
    Tornado {
        title: "debt/GDP in 2036".into(),
        metric: "debt_gdp at year 10 (ratio)".into(),
        base: 1.2,
        bars: vec![
            TornadoBar { name: "prices.pass_through".into(), low: 1.1, high: 1.45 },
            TornadoBar { name: "technology.g_base".into(), low: 1.3, high: 1.05 },
            TornadoBar { name: "debt.coupon_wam_years".into(), low: 1.18, high: 1.22 },
        ],
        note: "one input at a time".into(),
    }
}

fn claim_bars() -> ClaimBars {
    let (a, b) = (monte_carlo("musk-abundance", 200), monte_carlo("debt-deflation", 200));
    ClaimBars::from_results("claims", &[("musk-abundance", &a), ("debt-deflation", &b)])
}

/// Decodes a PNG: (width, height, share of pixels that are not white).
fn inspect_png(bytes: &[u8]) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let total = (info.width * info.height) as f64;
    let inked = pixels.filter(|p| p.iter().take(3).any(|&v| v < 250)).count() as f64;
    (info.width, info.height, inked / total)
}

/// Checks that `svg` is well-formed and returns its text content.
fn svg_text(svg: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut text = String::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            quick_xml::events::Event::Start(_) => depth += 1,
            quick_xml::events::Event::End(_) => {
                depth -= 1;
                text.push('\n');
            }
            quick_xml::events::Event::Text(t) => text.push_str(&t.xml10_content()),
            quick_xml::events::Event::GeneralRef(r) => match r.resolve_char_ref().expect("a character") {
                Some(c) => text.push(c),
                None => text.push(match r.xml10_content().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity `{other}`"),
                }),
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced SVG");
    text
}

fn keep(name: &str, chart: &impl Chart, size: Size) {
    if let Some(dir) = std::env::var_os("DEBTLAB_PLOT_DIR") {
        for ext in ["png", "svg"] {
            save(chart, &PathBuf::from(&dir).join(format!("{name}.{ext}")), size).unwrap();
        }
    }
}

fn check(name: &str, chart: &impl Chart, expected: &[&str]) {
    let size = Size::new(1000, 620);
    let (w, h, inked) = inspect_png(&render_png(chart, size).unwrap());
    assert_eq!((w, h), (1000, 620), "{name}: PNG size");
    assert!(inked > 0.02, "{name}: only {:.1}% of the PNG is drawn", inked * 100.0);
    let small = Size::new(480, 320);
    let (w, h, inked) = inspect_png(&render_png(chart, small).unwrap());
    assert_eq!((w, h), (480, 320), "{name}: small PNG size");
    assert!(inked > 0.02, "{name}: small PNG is nearly blank");
    let svg = render_svg(chart, size).unwrap();
    assert!(svg.contains(r#"width="1000""#) && svg.contains(r#"height="620""#), "{name}: SVG size");
    let text = svg_text(&svg);
    for word in expected {
        assert!(text.contains(word), "{name}: SVG lacks `{word}`");
    }
    keep(name, chart, size);
}

#[test]
fn comparison_renders() {
    check(
        "comparison",
        &comparison(),
        &[
            "musk-abundance",
            "debt-deflation",
            "baseline",
            "debt_gdp",
            "ratio",
            "$T, start-year $",
            "index, start = 1",
            "year",
            "claim deadline",
        ],
    );
}

#[test]
fn fan_renders_with_history() {
    let fan = fan();
    assert_eq!(fan.history.first().map(|h| h.0), Some(2000.75));
    // FY2024 (CBO's 97.8%): the history reaches the present, not FY2022.
    assert_eq!(fan.history.last().map(|h| h.0), Some(2024.75));
    assert_eq!(fan.history.last().unwrap().1, 97.8);
    check("fan", &fan, &["median", "25-75%", "5-95%", "history", "% of GDP", "300 paths"]);
}

#[test]
fn decomposition_renders() {
    let chart = decomposition();
    assert_eq!(chart.years.len(), 28);
    check(
        "decomposition",
        &chart,
        &["interest", "inflation", "real growth", "primary deficit", "residual", "change in debt/GDP", "points of GDP"],
    );
}

#[test]
fn tornado_renders_widest_first() {
    let chart = tornado();
    assert_eq!(chart.sorted()[0].name, "prices.pass_through");
    check(
        "tornado",
        &chart,
        &[
            "prices.pass_through",
            "technology.g_base",
            "debt.coupon_wam_years",
            "debt_gdp at year 10",
            "input at its low value",
        ],
    );
}

#[test]
fn claim_bars_render() {
    let chart = claim_bars();
    assert_eq!(chart.claims.len(), 6, "the six default claims");
    check(
        "claims",
        &chart,
        &[
            "burden_halved",
            "interest_below_defense",
            "debt_stabilizes",
            "musk-abundance",
            "debt-deflation",
            "probability the claim holds",
        ],
    );
}

#[test]
fn attribution_renders_parts_and_mechanisms() {
    let load = |name: &str| debtlab_core::load(name, &PresetResolver, &[]).unwrap();
    let (scenario, baseline) = (load("debt-deflation"), load("baseline"));
    let a = attribute(&scenario, Some(&baseline), &[3.0, 10.0]).unwrap();
    let chart = AttributionChart::from_attribution("debt-deflation vs baseline", &a, 1);
    // Every part but rounding; each mechanism turned round (on - off), in points of GDP.
    assert_eq!(chart.parts.len(), 12);
    assert_eq!(chart.parts[0].name, "start");
    assert_eq!(chart.mechanisms.len(), 11);
    let maturity = chart.mechanisms.iter().find(|m| m.name == "maturity").unwrap();
    let effect = a.effects.iter().find(|e| e.name == "maturity").unwrap();
    assert_eq!(maturity.values, effect.change.iter().map(|c| -c * 100.0).collect::<Vec<_>>());
    check(
        "attribution",
        &chart,
        &["debt-deflation vs baseline", "inflation", "real_growth", "cola_law", "year 3", "year 10", "points of GDP"],
    );
    // Against nothing, no `start` bar: the ratio itself, not a change.
    let alone = attribute(&baseline, None, &[3.0]).unwrap();
    let chart = AttributionChart::from_attribution("baseline", &alone, 0);
    assert!(chart.parts.iter().all(|p| p.name != "start" && p.name != "rounding"));
    check("attribution-alone", &chart, &["since the start", "at the start"]);
}

#[test]
fn save_picks_the_format_and_writes_whole_files() {
    let dir = std::env::temp_dir().join(format!("debtlab-plot-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let chart = tornado();
    save(&chart, &dir.join("t.svg"), Size::new(300, 200)).unwrap();
    save(&chart, &dir.join("t.PNG"), Size::new(300, 200)).unwrap();
    assert!(std::fs::read_to_string(dir.join("t.svg")).unwrap().starts_with("<svg"));
    assert_eq!(inspect_png(&std::fs::read(dir.join("t.PNG")).unwrap()).0, 300);
    assert!(save(&chart, &dir.join("t.jpg"), Size::new(300, 200)).is_err());
    assert!(Format::from_path(&dir.join("t")).is_err());
    assert!(save(&chart, &dir.join("t.png"), Size::new(0, 200)).is_err());
    let leftovers = std::fs::read_dir(&dir).unwrap().filter(|e| e.as_ref().unwrap().file_name().len() > 5).count();
    assert_eq!(leftovers, 0, "temporary files left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn empty_charts_are_errors_not_panics() {
    let empty = Comparison { title: String::new(), panels: vec![], deadlines: vec![] };
    assert!(render_svg(&empty, Size::new(200, 200)).is_err());
    let empty = Tornado { title: String::new(), metric: String::new(), base: 0.0, bars: vec![], note: String::new() };
    assert!(render_png(&empty, Size::new(200, 200)).is_err());
}
