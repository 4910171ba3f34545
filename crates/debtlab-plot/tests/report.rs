//! The HTML report is well-formed, self-contained, and holds every claim row
//! and every chart.

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
                let options =
                    McOptions { paths, seed: 3, columns, draws: true, shocks: true, percentiles: PercentileMode::Auto };
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
/// `data-claim` of every claim row, the page's text).
struct Parsed {
    svg: usize,
    figures: usize,
    claim_rows: Vec<(String, String)>,
    text: String,
    attributes: Vec<(String, String)>,
}

fn parse(html: &str) -> Parsed {
    assert!(html.starts_with("<!DOCTYPE html>"));
    let mut reader = quick_xml::Reader::from_str(html);
    let mut stack: Vec<String> = Vec::new();
    let mut parsed = Parsed { svg: 0, figures: 0, claim_rows: vec![], text: String::new(), attributes: vec![] };
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
                parsed.claim_rows.push((scenario, claim));
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
            }
            Event::Text(t) => parsed.text.push_str(&t.xml10_content()),
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
    // Comparison, three fans, claim bars, decomposition.
    assert_eq!(parsed.svg, 6);
    assert_eq!(parsed.figures, 6);
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
    assert_eq!(parsed.svg, 2, "comparison and decomposition only");
    assert!(!html.contains("P(holds)"));
    assert!(parsed.text.contains("deterministic runs only"));
    assert_eq!(parsed.claim_rows.len(), 2 * 5, "the five default claims of each scenario");
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
