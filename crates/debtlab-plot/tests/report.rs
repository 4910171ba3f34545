//! The HTML report is well-formed, self-contained, and holds every claim row
//! and every chart.

use debtlab_core::analysis::attribute::{MECHANISMS, PARTS};
use debtlab_core::mc::{self, McOptions, PercentileMode, DEFAULT_COLUMNS};
use debtlab_core::output::Column;
use debtlab_core::presets::PresetResolver;
use debtlab_core::Scenario;
use debtlab_plot::report::{Report, ScenarioReport};
use quick_xml::events::Event;

fn load(name: &str) -> Scenario {
    debtlab_core::load(name, &PresetResolver, &[]).unwrap()
}

fn report(names: &[&str], paths: Option<usize>) -> Report {
    let baseline = load("baseline");
    let scenarios = names
        .iter()
        .map(|name| {
            let scenario = load(name);
            let mc = paths.map(|paths| {
                let columns = DEFAULT_COLUMNS.iter().map(|c| Column::by_name(c).unwrap()).collect();
                let options = McOptions {
                    paths,
                    seed: 3,
                    columns,
                    draws: true,
                    shocks: true,
                    percentiles: debtlab_core::mc::DEFAULT_PERCENTILES.to_vec(),
                    percentile_method: PercentileMode::Auto,
                };
                mc::run(&scenario, &options, &|_| {}).unwrap()
            });
            ScenarioReport::new(&scenario, &baseline, mc).unwrap()
        })
        .collect();
    let h = debtlab_data::history("us-postwar").unwrap();
    Report {
        scenarios,
        columns: ["debt_gdp", "real_debt", "price_level", "rate_effective"]
            .iter()
            .map(|c| Column::by_name(c).unwrap())
            .collect(),
        history: Some(debtlab_data::decompose(&h, 1946, 1974).unwrap()),
        history_from: 2000,
        version: "test".into(),
        command: "debtlab report <test> & co".into(),
    }
}

/// Parses the page as XML; returns (count of each element name, the
/// `data-claim` of every claim row, the page's text, the attribution
/// sections and their table rows).
struct Parsed {
    svg: usize,
    figures: usize,
    claim_rows: Vec<(String, String)>,
    text: String,
    attributes: Vec<(String, String)>,
    /// `data-scenario` of each `<section class="attribution">` and the svg count inside it.
    attribution_sections: Vec<(String, usize)>,
    /// Rows of the attribution tables: class, scenario, name, the cells' text.
    attribution_rows: Vec<AttributionRow>,
}

#[derive(Debug, Clone, Default)]
struct AttributionRow {
    class: String,
    scenario: String,
    name: String,
    cells: Vec<String>,
}

fn parse(html: &str) -> Parsed {
    assert!(html.starts_with("<!DOCTYPE html>"));
    let mut reader = quick_xml::Reader::from_str(html);
    let mut stack: Vec<String> = Vec::new();
    let mut parsed = Parsed {
        svg: 0,
        figures: 0,
        claim_rows: vec![],
        text: String::new(),
        attributes: vec![],
        attribution_sections: vec![],
        attribution_rows: vec![],
    };
    // The attribution table row being read, and the cell text.
    let mut row: Option<AttributionRow> = None;
    let mut cell: Option<String> = None;
    loop {
        let event = reader.read_event().expect("well-formed markup");
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = element {
            let name = e.name().as_ref().to_string();
            let (mut scenario, mut claim, mut is_claim) = (String::new(), String::new(), false);
            let seen = parsed.attributes.len();
            for a in e.attributes() {
                let a = a.expect("a well-formed attribute");
                let key = a.key.as_ref().to_string();
                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().to_string();
                match key.as_str() {
                    "class" if name == "tr" && value == "claim" => is_claim = true,
                    "data-scenario" => scenario = value.clone(),
                    "data-claim" => claim = value.clone(),
                    _ => {}
                }
                parsed.attributes.push((key, value));
            }
            if is_claim {
                parsed.claim_rows.push((scenario.clone(), claim));
            }
            let find = |key: &str| parsed.attributes[seen..].iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            let (class, name_attribute) = (find("class"), find("data-name"));
            match (name.as_str(), class.as_deref()) {
                ("section", Some("attribution")) => parsed.attribution_sections.push((scenario.clone(), 0)),
                ("tr", Some(c @ ("debt" | "difference" | "part" | "sum" | "mechanism"))) => {
                    let name = name_attribute.unwrap_or_default();
                    row = Some(AttributionRow { class: c.to_string(), scenario: scenario.clone(), name, cells: vec![] })
                }
                ("td", _) if row.is_some() => cell = Some(String::new()),
                _ => {}
            }
            if name == "svg" && stack.iter().any(|n| n == "section") {
                parsed.attribution_sections.last_mut().expect("an svg in an attribution section").1 += 1;
            }
            parsed.svg += usize::from(name == "svg");
            parsed.figures += usize::from(name == "figure");
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "mismatched end tag");
                match name.as_str() {
                    "td" => {
                        if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                            r.cells.push(c);
                        }
                    }
                    "tr" => parsed.attribution_rows.extend(row.take()),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
                parsed.text.push_str(&t);
            }
            Event::GeneralRef(r) => parsed.text.push(match r.resolve_char_ref().unwrap() {
                Some(c) => c,
                None => match r.xml10_content().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity `{other}`"),
                },
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    parsed
}

fn check_self_contained(parsed: &Parsed, html: &str) {
    assert!(!html.contains("<script"), "no script");
    for (key, value) in &parsed.attributes {
        assert!(!(key == "src" || key == "href"), "fetches `{value}`");
    }
    assert!(!html.contains("url("), "CSS fetches nothing");
}

#[test]
fn report_with_monte_carlo_has_every_claim_and_chart() {
    let names = ["musk-abundance", "debt-deflation", "baseline"];
    let report = report(&names, Some(300));
    let html = report.to_html().unwrap();
    let parsed = parse(&html);
    check_self_contained(&parsed, &html);
    // Comparison, three fans, claim bars, decomposition, three attributions.
    assert_eq!(parsed.svg, 9);
    assert_eq!(parsed.figures, 9);
    for s in &report.scenarios {
        for v in &s.verdicts {
            assert!(
                parsed.claim_rows.contains(&(s.name.clone(), v.claim.name.clone())),
                "no row for {} / {}",
                s.name,
                v.claim.name
            );
        }
    }
    assert_eq!(parsed.claim_rows.len(), report.scenarios.iter().map(|s| s.verdicts.len()).sum::<usize>());
    let text = &parsed.text;
    for needle in [
        "Under musk-abundance, prices fall",
        "P(holds)",
        "300 paths per scenario, seed 3",
        "FY1946",
        "Made by debtlab test",
        "policy.rule",
    ] {
        assert!(text.contains(needle) || html.contains(needle), "report lacks `{needle}`");
    }
    assert!(text.contains(&report.scenarios[0].hash), "hash in the footer");
    assert!(text.contains("debtlab report <test> & co"), "command escaped and shown");
    assert!(text.contains("No parameter differs from the baseline preset."), "baseline has no differences");
}

#[test]
fn deterministic_report_has_no_fans_or_probabilities() {
    let report = report(&["musk-abundance", "baseline"], None);
    let html = report.to_html().unwrap();
    let parsed = parse(&html);
    check_self_contained(&parsed, &html);
    assert_eq!(parsed.svg, 4, "comparison, decomposition and two attributions only");
    assert!(!html.contains("P(holds)"));
    assert!(parsed.text.contains("deterministic runs only"));
    assert_eq!(parsed.claim_rows.len(), 2 * 6, "the six default claims of each scenario");
}

#[test]
fn the_narrative_numbers_match_the_run() {
    let report = report(&["musk-abundance"], None);
    let s = &report.scenarios[0];
    let step = s.verdicts[0].step;
    let price = (s.run.rows[step].price_level / s.run.rows[0].price_level - 1.0) * 100.0;
    let html = report.to_html().unwrap();
    let expected = format!("prices {} {:.0}%", if price < 0.0 { "fall" } else { "rise" }, price.abs());
    assert!(html.contains(&expected), "expected `{expected}` in the summary");
}

#[test]
fn every_scenario_has_its_attribution_and_the_parts_add_up() {
    let names = ["musk-abundance", "debt-deflation", "baseline"];
    let report = report(&names, None);
    // The data the report is built from: against the baseline (the baseline
    // itself against nothing), at years 3 and 10, parts adding up exactly.
    for s in &report.scenarios {
        let a = &s.attribution;
        assert_eq!(a.scenario, s.name);
        assert_eq!(a.years, vec![3.0, 10.0]);
        assert_eq!(a.parts.len(), PARTS.len());
        assert_eq!(a.effects.len(), MECHANISMS.len());
        let expected_against = (s.name != "baseline").then(|| "baseline".to_string());
        assert_eq!(a.against, expected_against, "{}", s.name);
        for k in 0..2 {
            let sum: f64 = a.parts.iter().map(|p| p[k]).sum();
            let want = a.debt_gdp[k] - a.against_debt_gdp.as_ref().map_or(0.0, |d| d[k]);
            assert!((sum - want).abs() < 1e-12, "{} year {}: parts {sum}, want {want}", s.name, a.years[k]);
        }
        assert_eq!(a.debt_gdp[1], s.run.rows[80].debt_gdp, "the report's own run, year 10");
    }
    // The page: a section with a chart and a table per scenario, in order.
    let html = report.to_html().unwrap();
    let parsed = parse(&html);
    check_self_contained(&parsed, &html);
    let sections: Vec<(String, usize)> = names.iter().map(|n| (n.to_string(), 1)).collect();
    assert_eq!(parsed.attribution_sections, sections, "one attribution section with one chart per scenario");
    assert!(parsed.text.contains("Where the verdict comes from"));
    let number = |t: &str| t.parse::<f64>().unwrap_or_else(|_| panic!("not a number: `{t}`"));
    for name in names {
        let rows: Vec<&AttributionRow> = parsed.attribution_rows.iter().filter(|r| r.scenario == name).collect();
        let of = |class: &str| rows.iter().filter(|r| r.class == class).copied().collect::<Vec<_>>();
        let (parts, mechanisms) = (of("part"), of("mechanism"));
        assert_eq!(parts.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), PARTS.map(|p| p.0));
        assert_eq!(
            mechanisms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            MECHANISMS.iter().map(|m| m.name).collect::<Vec<_>>()
        );
        // What the parts explain: the difference from the baseline, or debt/GDP itself.
        let target = if name == "baseline" { of("debt")[0] } else { of("difference")[0] };
        let sum = of("sum")[0];
        for k in 0..2 {
            // The cells: kind, name, year 3, year 10, meaning.
            let shown: f64 = parts.iter().map(|r| number(&r.cells[2 + k])).sum();
            let want = number(&target.cells[2 + k]);
            // Each part is rounded to 0.005 points of GDP.
            assert!(
                (shown - want).abs() <= 0.005 * PARTS.len() as f64 + 1e-9,
                "{name}: parts shown add to {shown}, want {want}"
            );
            assert_eq!(sum.cells[2 + k], target.cells[2 + k], "{name}: the sum row is the line it explains");
        }
        // The table shows the data: debt/GDP in points, each mechanism as on - off.
        let a = &report.scenarios.iter().find(|s| s.name == name).unwrap().attribution;
        assert!((number(&of("debt")[0].cells[3]) - 100.0 * a.debt_gdp[1]).abs() < 0.006);
        let maturity = a.effects.iter().find(|e| e.name == "maturity").unwrap();
        let shown = number(&mechanisms.iter().find(|r| r.name == "maturity").unwrap().cells[3]);
        assert!(
            (shown + 100.0 * maturity.change[1]).abs() < 0.006,
            "{name}: maturity {shown} vs {:?}",
            maturity.change
        );
    }
}
