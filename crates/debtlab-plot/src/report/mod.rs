//! The HTML report: one self-contained file (inline SVG and CSS, no script,
//! nothing fetched) with the verdict on every claim, the charts, where each
//! scenario's debt/GDP comes from (parts and mechanisms, [`attribution`]),
//! the assumptions that differ from the baseline, sentences computed from
//! the runs, and a footer that pins down what produced it.

mod assumptions;
pub mod attribution;
pub mod html;
mod narrative;

pub use assumptions::{differences, fnv1a64, scenario_hash, Difference};
pub use narrative::{history_sentence, probability_sentences, scenario_sentence, verdict_sentences};

use debtlab_core::analysis::attribute::Attribution;
use debtlab_core::analysis::AnalysisError;
use debtlab_core::claims::{judge_all, Verdict};
use debtlab_core::mc::McResult;
use debtlab_core::output::Column;
use debtlab_core::{Run, Scenario};
use debtlab_data::Decomposition;

use crate::style::number;
use crate::{render_svg, ClaimBars, Comparison, DecompositionChart, Fan, PlotError, Size};
use html::{escape, figure, paragraph, table, Cell};

/// Everything the report shows about one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioReport {
    pub name: String,
    pub description: String,
    /// Names of the scenario's sources (`preset:NAME` or paths), root first.
    pub sources: Vec<String>,
    /// [`scenario_hash`] of the sources' texts.
    pub hash: String,
    pub run: Run,
    pub verdicts: Vec<Verdict>,
    pub mc: Option<McResult>,
    /// Parameters that differ from the baseline preset.
    pub differences: Vec<Difference>,
    /// Where its debt/GDP comes from ([`attribution::attribution_of`]).
    pub attribution: Attribution,
}

impl ScenarioReport {
    /// Runs `scenario`, judges its claims, compares it with `baseline` and
    /// attributes its debt/GDP against it (1 + 11 runs and the baseline's).
    pub fn new(
        scenario: &Scenario,
        baseline: &Scenario,
        mc: Option<McResult>,
    ) -> Result<ScenarioReport, AnalysisError> {
        let run = scenario.run().map_err(|source| AnalysisError::Run { context: scenario.name.clone(), source })?;
        Ok(ScenarioReport {
            attribution: attribution::attribution_of(scenario, baseline)?,
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            sources: scenario.sources.iter().map(|s| s.name.clone()).collect(),
            hash: scenario_hash(scenario),
            verdicts: judge_all(&scenario.claims, &run),
            run,
            mc,
            differences: differences(scenario, baseline),
        })
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub scenarios: Vec<ScenarioReport>,
    /// Columns of the comparison chart.
    pub columns: Vec<Column>,
    /// The post-war decomposition (FY1946-1974), if wanted.
    pub history: Option<Decomposition>,
    /// First year of the actual debt/GDP drawn before the fan charts.
    pub history_from: i32,
    /// The debtlab version that wrote it.
    pub version: String,
    /// The command that made it, for the footer.
    pub command: String,
}

/// Distinct deadlines (calendar years) of the verdicts.
fn deadlines(scenarios: &[ScenarioReport]) -> Vec<f64> {
    let mut years: Vec<f64> = Vec::new();
    for v in scenarios.iter().flat_map(|s| &s.verdicts) {
        if !years.iter().any(|y| (y - v.year).abs() < 1e-9) {
            years.push(v.year);
        }
    }
    years
}

impl Report {
    /// The report as one HTML document.
    pub fn to_html(&self) -> Result<String, PlotError> {
        if self.scenarios.is_empty() {
            return Err(PlotError::NoData("a report needs at least one scenario".into()));
        }
        let names: Vec<&str> = self.scenarios.iter().map(|s| s.name.as_str()).collect();
        let first = &self.scenarios[0].run;
        let mut body = String::new();
        body.push_str("<h1>Does AI productivity deflation fix the US federal debt?</h1>\n");
        body.push_str(&format!(
            "<p class=\"lede\">debtlab report on {}: model runs from {:.0}, dt = {} yr. Every number \
             below is computed by the model from the scenario files listed at the end.</p>\n",
            escape(&names.join(", ")),
            first.start_year,
            first.dt
        ));
        body.push_str(&self.summary());
        body.push_str(&self.verdict_section());
        body.push_str(&self.charts()?);
        body.push_str(&attribution::section(&self.scenarios)?);
        body.push_str(&self.assumptions());
        body.push_str(&self.footer());
        Ok(html::page("debtlab report", &body))
    }

    fn summary(&self) -> String {
        let by = self.scenarios[0].verdicts.first().map(|v| v.claim.by).unwrap_or(3.0);
        let mut out = String::from("<h2>In brief</h2>\n<div class=\"summary\">\n");
        for s in &self.scenarios {
            out.push_str(&paragraph(&scenario_sentence(&s.name, &s.run, by)));
        }
        for line in verdict_sentences(&self.scenarios) {
            out.push_str(&paragraph(&line));
        }
        let probabilities = probability_sentences(&self.scenarios);
        if let Some((head, rest)) = probabilities.split_first() {
            out.push_str(&paragraph(head));
            out.push_str("<ul>\n");
            for line in rest {
                out.push_str(&format!("<li>{}</li>\n", escape(line)));
            }
            out.push_str("</ul>\n");
        }
        if let Some(dec) = &self.history {
            out.push_str(&paragraph(&history_sentence(dec)));
        }
        out.push_str("</div>\n");
        out
    }

    fn verdict_section(&self) -> String {
        let mc = self.scenarios.iter().any(|s| s.mc.is_some());
        let mut header = vec!["scenario", "claim", "test", "judged in", "value", "threshold", "verdict"];
        if mc {
            header.push("P(holds) +/- 2 s.e.");
        }
        let mut rows = Vec::new();
        for s in &self.scenarios {
            for v in &s.verdicts {
                let class = if v.holds { "holds" } else { "fails" };
                let mut cells = vec![
                    Cell::Text(s.name.clone()),
                    Cell::Raw(format!("<code>{}</code>", escape(&v.claim.name))),
                    Cell::Raw(format!("<code>{}</code>", escape(&v.claim.describe()))),
                    Cell::Number(crate::style::year(v.year)),
                    Cell::Number(number(v.value)),
                    Cell::Number(number(v.threshold)),
                    Cell::Raw(format!("<span class=\"{class}\">{}</span>", if v.holds { "HOLDS" } else { "fails" })),
                ];
                if mc {
                    let p = s.mc.as_ref().and_then(|m| m.claims.iter().find(|c| c.claim.name == v.claim.name));
                    cells.push(match p {
                        Some(p) => Cell::Number(format!("{:.3} +/- {:.3}", p.probability, 2.0 * p.std_error)),
                        None => Cell::Text("-".into()),
                    });
                }
                let attributes = format!(
                    " class=\"claim\" data-scenario=\"{}\" data-claim=\"{}\"",
                    escape(&s.name),
                    escape(&v.claim.name)
                );
                rows.push((attributes, cells));
            }
        }
        format!(
            "<h2>Verdicts</h2>\n<p>Each claim is judged at the step nearest its deadline, on the deterministic run{}.</p>\n{}",
            if mc { " and, for the probability, on every Monte Carlo path" } else { "" },
            table("verdicts", &header, &rows)
        )
    }

    fn charts(&self) -> Result<String, PlotError> {
        let mut out = String::from("<h2>Charts</h2>\n");
        let runs: Vec<(&str, &Run)> = self.scenarios.iter().map(|s| (s.name.as_str(), &s.run)).collect();
        let comparison = Comparison::from_runs("Scenario paths", &runs, &self.columns, deadlines(&self.scenarios));
        out.push_str(&figure(
            &render_svg(&comparison, Size::new(1000, 660))?,
            "The scenarios side by side, one panel per output column (units on each y axis); the dashed red \
             line is the claims' deadline.",
        ));
        for s in &self.scenarios {
            let Some(mc) = &s.mc else { continue };
            let fan = Fan::debt_gdp(&format!("{}: debt/GDP, Monte Carlo", s.name), mc, self.history_from)?;
            out.push_str(&figure(
                &render_svg(&fan, Size::new(1000, 480))?,
                &format!(
                    "{}: median and 25-75% / 5-95% bands of debt held by the public over {} paths; in black, \
                     the actual ratio (OMB, then CBO) up to FY2024.",
                    s.name, mc.paths
                ),
            ));
        }
        let with_mc: Vec<(&str, &McResult)> =
            self.scenarios.iter().filter_map(|s| Some((s.name.as_str(), s.mc.as_ref()?))).collect();
        if !with_mc.is_empty() {
            let bars = ClaimBars::from_results("Probability that each claim holds", &with_mc);
            out.push_str(&figure(
                &render_svg(&bars, Size::new(1000, 480))?,
                "Share of Monte Carlo paths on which each claim holds, per scenario; the error bars span two \
                 standard errors either side.",
            ));
        }
        if let Some(dec) = &self.history {
            let chart = DecompositionChart::from_decomposition(
                &format!("What reduced debt/GDP after the war, FY{}-FY{}", dec.from, dec.to),
                dec,
            );
            out.push_str(&figure(
                &render_svg(&chart, Size::new(1000, 520))?,
                "Each year's change in debt held by the public / GDP, split into interest, inflation, real \
                 growth, primary deficit and residual (points of GDP; bars below zero reduce the ratio).",
            ));
        }
        Ok(out)
    }

    fn assumptions(&self) -> String {
        let mut out = String::from("<h2>Assumptions that differ from the baseline</h2>\n");
        for s in &self.scenarios {
            out.push_str(&format!("<h3>{}</h3>\n", escape(&s.name)));
            if !s.description.is_empty() {
                out.push_str(&paragraph(&s.description));
            }
            if s.differences.is_empty() {
                out.push_str(&paragraph("No parameter differs from the baseline preset."));
                continue;
            }
            let rows: Vec<(String, Vec<Cell>)> = s
                .differences
                .iter()
                .map(|d| {
                    (
                        String::new(),
                        vec![
                            Cell::Raw(format!("<code>{}</code>", escape(&d.name))),
                            Cell::Number(d.value.clone()),
                            Cell::Number(d.baseline.clone()),
                            Cell::Text(d.unit.clone()),
                        ],
                    )
                })
                .collect();
            out.push_str(&table("assumptions", &["parameter", &s.name, "baseline", "unit"], &rows));
        }
        out
    }

    fn footer(&self) -> String {
        let seeds: Vec<String> = self
            .scenarios
            .iter()
            .filter_map(|s| s.mc.as_ref().map(|m| format!("{} ({} paths)", m.seed, m.paths)))
            .collect();
        let mut seeds_unique = seeds.clone();
        seeds_unique.dedup();
        let seed = if seeds.is_empty() {
            "no Monte Carlo in this report (deterministic runs only)".to_string()
        } else {
            seeds_unique.join(", ")
        };
        let rows: Vec<(String, Vec<Cell>)> = self
            .scenarios
            .iter()
            .map(|s| {
                (
                    String::new(),
                    vec![
                        Cell::Text(s.name.clone()),
                        Cell::Raw(format!("<code>{}</code>", escape(&s.hash))),
                        Cell::Text(s.sources.join(", ")),
                    ],
                )
            })
            .collect();
        format!(
            "<footer>\n<p>Made by debtlab {} with <code>{}</code>. Seed: {}. dt = {} yr.</p>\n{}<p>Scenario hash: \
             FNV-1a 64 of the texts of the scenario's files (its <code>extends</code> chain, root first).</p>\n\
             </footer>\n",
            escape(&self.version),
            escape(&self.command),
            escape(&seed),
            self.scenarios[0].run.dt,
            table("provenance", &["scenario", "hash", "files (root first)"], &rows)
        )
    }
}
