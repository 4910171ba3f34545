//! "Where the verdict comes from": for each scenario, the attribution chart
//! (its debt/GDP split into parts against the baseline, and what each
//! mechanism adds) and the same numbers as a table, in points of GDP.

use debtlab_core::analysis::attribute::{attribute, Attribution, PARTS};
use debtlab_core::analysis::AnalysisError;
use debtlab_core::Scenario;

use super::html::{escape, figure, paragraph, table, Cell};
use super::ScenarioReport;
use crate::{render_svg, AttributionChart, PlotError, Size};

/// Years after the start the report reads.
pub const ATTRIBUTION_YEARS: [f64; 2] = [3.0, 10.0];

/// `scenario`'s attribution at [`ATTRIBUTION_YEARS`] (those within its
/// horizon, else its last year) against `baseline`; against nothing when it
/// is the baseline itself (same name) or when the baseline cannot be
/// subtracted (another step length or a shorter horizon).
pub fn attribution_of(scenario: &Scenario, baseline: &Scenario) -> Result<Attribution, AnalysisError> {
    let (p, q) = (scenario.model_params(), baseline.model_params());
    let mut years: Vec<f64> = ATTRIBUTION_YEARS.iter().copied().filter(|y| *y <= p.run.years + 1e-9).collect();
    if years.is_empty() {
        years.push(p.run.years);
    }
    let comparable = scenario.name != baseline.name && q.run.dt == p.run.dt && q.run.years >= p.run.years - 1e-9;
    attribute(scenario, comparable.then_some(baseline), &years)
}

/// Points of GDP for a table cell: two decimals, or what floating point left.
pub fn points(ratio: f64) -> String {
    let v = ratio * 100.0;
    if v == 0.0 {
        "0".to_string()
    } else if v.abs() < 0.005 {
        format!("{v:.1e}")
    } else {
        format!("{v:.2}")
    }
}

/// The table: debt/GDP, every part (they add up to the difference, or to
/// debt/GDP against nothing), their sum, and each mechanism's on - off.
pub fn attribution_table(a: &Attribution) -> String {
    let years: Vec<String> = a.years.iter().map(|y| format!("year {}", crate::style::number(*y))).collect();
    let mut header = vec!["kind", "name"];
    header.extend(years.iter().map(String::as_str));
    header.push("meaning");
    let scenario = escape(&a.scenario);
    let row = |kind: &str, name: &str, values: &[f64], meaning: &str| {
        let mut cells = vec![Cell::Text(kind.to_string()), Cell::Raw(format!("<code>{}</code>", escape(name)))];
        cells.extend(values.iter().map(|v| Cell::Number(points(*v))));
        cells.push(Cell::Text(meaning.to_string()));
        let class = if kind == "debt/GDP" { "debt" } else { kind };
        let attributes = format!(" class=\"{class}\" data-scenario=\"{scenario}\" data-name=\"{}\"", escape(name));
        (attributes, cells)
    };
    let mut rows = vec![row("debt/GDP", &a.scenario, &a.debt_gdp, "debt held by the public / GDP")];
    if let (Some(other), Some(theirs)) = (&a.against, &a.against_debt_gdp) {
        rows.push(row("debt/GDP", other, theirs, "debt held by the public / GDP"));
        let difference: Vec<f64> = a.debt_gdp.iter().zip(theirs).map(|(d, t)| d - t).collect();
        rows.push(row("difference", &format!("{} - {other}", a.scenario), &difference, "what the parts add up to"));
    }
    for ((name, meaning), values) in PARTS.iter().zip(&a.parts) {
        rows.push(row("part", name, values, meaning));
    }
    let sums: Vec<f64> = (0..a.years.len()).map(|k| a.parts.iter().map(|p| p[k]).sum()).collect();
    rows.push(row("sum", "sum of the parts", &sums, "equals the line it explains, up to floating point"));
    for e in &a.effects {
        let adds: Vec<f64> = e.change.iter().map(|c| -c).collect();
        rows.push(row("mechanism", e.name, &adds, &format!("{}; off: {}", e.what, e.off)));
    }
    table("attribution", &header, &rows)
}

/// The section: a chart and a table per scenario.
pub(super) fn section(scenarios: &[ScenarioReport]) -> Result<String, PlotError> {
    let mut out = String::from("<h2>Where the verdict comes from</h2>\n");
    out.push_str(&paragraph(
        "For each scenario, at years 3 and 10, in points of GDP. The parts split its debt/GDP less the \
         baseline's, step by step, into interest, inflation, real growth, revenue, each spending line and \
         the rest; they add up to the difference (for the baseline itself, to its debt/GDP: the ratio at \
         the start plus its change since). Each mechanism's value is what it adds to the scenario's debt/GDP: \
         debt/GDP with it on, minus with it switched off alone (the opposite sign of the switched_off rows of \
         `debtlab attribute`). Positive raises debt/GDP; in the charts, bars to the right.",
    ));
    for (i, s) in scenarios.iter().enumerate() {
        let a = &s.attribution;
        let title = match &a.against {
            Some(other) => format!("{} vs {other}: where its debt/GDP comes from", a.scenario),
            None => format!("{}: where its debt/GDP comes from", a.scenario),
        };
        let chart = AttributionChart::from_attribution(&title, a, i);
        let caption = match &a.against {
            Some(other) => format!(
                "{}: left, its debt/GDP less {other}'s split into parts (rounding, ~1e-13, not drawn); right, \
                 what each mechanism adds to its debt/GDP. The lighter bar is year {}, the darker year {}.",
                a.scenario,
                crate::style::number(*a.years.first().unwrap_or(&0.0)),
                crate::style::number(*a.years.last().unwrap_or(&0.0)),
            ),
            None => format!(
                "{}: left, the parts of its change in debt/GDP since the start (the start itself and rounding \
                 not drawn); right, what each mechanism adds to its debt/GDP.",
                a.scenario
            ),
        };
        out.push_str(&format!("<section class=\"attribution\" data-scenario=\"{}\">\n", escape(&s.name)));
        out.push_str(&format!("<h3>{}</h3>\n", escape(&s.name)));
        out.push_str(&figure(&render_svg(&chart, Size::new(1000, 560))?, &caption));
        out.push_str(&attribution_table(a));
        out.push_str("</section>\n");
    }
    Ok(out)
}
