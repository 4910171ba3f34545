//! `debtlab plot`, `fan`, `plot-replay` and `report`: the files decode, have
//! the requested size and hold what they should; bad input exits 2 and
//! leaves no file behind.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn debtlab() -> Command {
    Command::cargo_bin("debtlab").expect("binary builds")
}

/// Width, height and share of non-white pixels of a PNG file.
fn png_facts(path: &Path) -> (u32, u32, f64) {
    let bytes = std::fs::read(path).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let inked = buf[..info.buffer_size()]
        .chunks(info.color_type.samples())
        .filter(|p| p.iter().take(3).any(|&v| v < 250))
        .count();
    (info.width, info.height, inked as f64 / (info.width * info.height) as f64)
}

#[test]
fn plot_writes_png_and_svg_of_the_requested_size() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("cmp.png");
    let svg = dir.path().join("cmp.svg");
    for out in [&png, &svg] {
        debtlab()
            .args(["plot", "musk-abundance", "debt-deflation", "--columns", "debt_gdp,real_debt,price_level"])
            .args(["--width", "900", "--height", "600", "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let (w, h, inked) = png_facts(&png);
    assert_eq!((w, h), (900, 600));
    assert!(inked > 0.02, "PNG nearly blank: {inked}");
    let text = std::fs::read_to_string(&svg).unwrap();
    for needle in
        [r#"width="900""#, "musk-abundance", "debt-deflation", "real_debt", "$T, start-year $", "claim deadline"]
    {
        assert!(text.contains(needle), "SVG lacks {needle}");
    }
}

#[test]
fn fan_and_plot_replay_render() {
    let dir = tempfile::tempdir().unwrap();
    let fan = dir.path().join("fan.png");
    debtlab().args(["fan", "musk-abundance", "--paths", "300", "--seed", "5", "-o"]).arg(&fan).assert().success();
    let (w, h, inked) = png_facts(&fan);
    assert_eq!((w, h), (1200, 800));
    assert!(inked > 0.02);
    let other = dir.path().join("fan.svg");
    debtlab()
        .args(["fan", "debt-deflation", "--paths", "200", "--column", "unemployment", "-o"])
        .arg(&other)
        .assert()
        .success();
    let text = std::fs::read_to_string(&other).unwrap();
    assert!(text.contains("unemployment (share)") && text.contains("200 paths") && !text.contains("history"));
    let replay = dir.path().join("postwar.svg");
    debtlab().args(["plot-replay", "us-postwar", "-o"]).arg(&replay).assert().success();
    let text = std::fs::read_to_string(&replay).unwrap();
    assert!(text.contains("real growth") && text.contains("FY1946-FY1974"));
    let thirties = dir.path().join("1930s.png");
    debtlab()
        .args(["plot-replay", "us-1930s", "--width", "640", "--height", "400", "-o"])
        .arg(&thirties)
        .assert()
        .success();
    assert_eq!(png_facts(&thirties).0, 640);
}

/// Number of `<svg>` elements and of claim rows in a well-formed page.
fn page_facts(html: &str) -> (usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    let (mut svg, mut claims, mut depth) = (0, 0, 0i32);
    loop {
        match reader.read_event().expect("well-formed report") {
            Event::Start(e) => {
                depth += 1;
                svg += usize::from(e.name().as_ref() == "svg");
                let claim = e.attributes().flatten().any(|a| a.key.as_ref() == "class" && &*a.value == "claim");
                claims += usize::from(e.name().as_ref() == "tr" && claim);
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    (svg, claims)
}

#[test]
fn report_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    debtlab()
        .args(["report", "musk-abundance", "debt-deflation", "baseline", "--paths", "300", "--seed", "9", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        page_facts(&html),
        (9, 3 * 6),
        "six charts and an attribution chart per scenario; the six default claims of each scenario (the sixth, the \
         IMF-style one, from issue 17)"
    );
    assert_eq!(html.matches("<section class=\"attribution\"").count(), 3);
    assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains(" href="));
    assert!(html.contains(concat!("debtlab ", env!("CARGO_PKG_VERSION"))));
    assert!(html.contains("Seed: 9 (300 paths)"));
    let deterministic = debtlab().args(["report", "baseline"]).assert().success().get_output().stdout.clone();
    let html = String::from_utf8(deterministic).unwrap();
    assert_eq!(page_facts(&html), (3, 6));
    assert!(html.contains("baseline: where its debt/GDP comes from"), "the baseline against nothing");
    // A run shorter than 3 years: the attribution at its last year, against the baseline preset.
    let short = debtlab().args(["report", "musk-abundance", "--set", "run.years=2"]).assert().success();
    let html = String::from_utf8(short.get_output().stdout.clone()).unwrap();
    assert!(html.contains("musk-abundance vs baseline") && html.contains("<th>year 2</th>"));
}

#[test]
fn bad_requests_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let jpg = dir.path().join("x.jpg");
    debtlab().args(["plot", "baseline", "-o"]).arg(&jpg).assert().code(2).stderr(contains("unknown picture format"));
    debtlab()
        .args(["plot", "baseline", "--columns", "debt_gpd", "-o"])
        .arg(dir.path().join("x.png"))
        .assert()
        .code(2)
        .stderr(contains("did you mean `debt_gdp`"));
    debtlab()
        .args(["plot", "baseline", "--width", "0", "-o"])
        .arg(dir.path().join("x.png"))
        .assert()
        .code(2)
        .stderr(contains("picture size"));
    debtlab().args(["report", "baseline", "--paths", "0"]).assert().code(2);
    debtlab().args(["plot-replay", "nowhere.csv", "-o"]).arg(dir.path().join("r.svg")).assert().code(2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file, not even a temporary one");
}

/// Issue 18: `sensitivity --params all --plot` drew every one of ~100 labels into 700 pixels.
#[test]
fn a_tornado_of_every_parameter_shows_the_widest_and_grows_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg");
    debtlab().args(["sensitivity", "baseline", "--params", "all", "--plot"]).arg(&svg).assert().success();
    let text = std::fs::read_to_string(&svg).unwrap();
    let height: u32 = text.split("height=\"").nth(1).and_then(|h| h.split('"').next()).unwrap().parse().unwrap();
    assert!(height > 700, "height {height}");
    assert!(text.contains("the 40 widest of"), "the chart says it shows the widest only");
}
