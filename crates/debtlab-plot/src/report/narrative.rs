//! Plain sentences computed from the runs: what happened to prices, nominal
//! and real debt by the deadline, which claims hold, how likely they are,
//! and what the post-war precedent says.

use debtlab_core::Run;
use debtlab_data::{Decomposition, PartSet};

use super::ScenarioReport;

/// "39%" or "3.1%" (of a ratio change, sign dropped).
fn pct(change: f64) -> String {
    let p = change.abs() * 100.0;
    if p >= 9.95 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A probability in percent: whole percents, one decimal near 0 and 1 (so
/// that 0.2% is not shown as 0%).
fn probability(p: f64) -> String {
    let percent = p * 100.0;
    if percent > 0.0 && percent < 100.0 && !(1.0..=99.0).contains(&percent) {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.0}%")
    }
}

/// "prices fall 39%", "nominal debt rises 9.0%", "prices are unchanged".
fn moves(subject: &str, change: f64, plural: bool) -> String {
    let (up, down, flat) = if plural { ("rise", "fall", "are") } else { ("rises", "falls", "is") };
    if change.abs() < 0.0005 {
        format!("{subject} {flat} unchanged")
    } else if change > 0.0 {
        format!("{subject} {up} {}", pct(change))
    } else {
        format!("{subject} {down} {}", pct(change))
    }
}

/// The step nearest `years` after the start.
fn step_at(run: &Run, years: f64) -> usize {
    debtlab_core::claims::deadline_step(years, run.dt, run.rows.len() - 1)
}

/// The main sentence about one scenario at `by` years after its start.
pub fn scenario_sentence(name: &str, run: &Run, by: f64) -> String {
    let (first, at) = (&run.rows[0], &run.rows[step_at(run, by)]);
    let last = &run.rows[run.rows.len() - 1];
    let price = at.price_level / first.price_level - 1.0;
    let debt = at.debt_public / first.debt_public - 1.0;
    let real = at.real_debt / first.real_debt - 1.0;
    let link = if (price < 0.0) == (debt < 0.0) { "and" } else { "while" };
    format!(
        "Under {name}, {} by {:.0} {link} {}, so {} (in {:.0} dollars). Debt held by the public goes from {:.0}% \
         of GDP at the start to {:.0}% in {:.0} and {:.0}% in {:.0}.",
        moves("prices", price, true),
        at.year,
        moves("nominal debt held by the public", debt, false),
        moves("real debt", real, false),
        first.year,
        first.debt_gdp * 100.0,
        at.debt_gdp * 100.0,
        at.year,
        last.debt_gdp * 100.0,
        last.year,
    ) + &expectations_clause(run)
}

/// What the run's expectations were: nothing for adaptive ones (the
/// default), a sentence for rational ones (MODEL.md 3.10).
fn expectations_clause(run: &Run) -> String {
    match run.solution.iterations() {
        None => String::new(),
        Some(n) => format!(
            " Expectations are rational: people and markets foresee this path (solved in {n} iterations), so \
             expected inflation, the natural rate and the 10-year rate move before the wave arrives."
        ),
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Which claims each scenario meets in its deterministic run, and which
/// claims no scenario (or every scenario) meets.
pub fn verdict_sentences(scenarios: &[ScenarioReport]) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<String> = scenarios
        .iter()
        .map(|s| {
            let held: Vec<String> = s.verdicts.iter().filter(|v| v.holds).map(|v| v.claim.name.clone()).collect();
            let detail = if held.is_empty() { String::new() } else { format!(" ({})", list(&held)) };
            format!("{} meets {} of {} claims{detail}", s.name, held.len(), s.verdicts.len())
        })
        .collect();
    out.push(format!("Without uncertainty: {}.", list(&parts)));
    let mut names: Vec<(String, String)> = Vec::new();
    for v in scenarios.iter().flat_map(|s| &s.verdicts) {
        if !names.iter().any(|(n, _)| *n == v.claim.name) {
            names.push((v.claim.name.clone(), v.claim.describe()));
        }
    }
    for (name, test) in names {
        let judged: Vec<bool> = scenarios
            .iter()
            .filter_map(|s| s.verdicts.iter().find(|v| v.claim.name == name))
            .map(|v| v.holds)
            .collect();
        if judged.len() > 1 && judged.iter().all(|h| !h) {
            out.push(format!("No scenario meets {name} ({test})."));
        } else if judged.len() > 1 && judged.iter().all(|h| *h) {
            out.push(format!("Every scenario meets {name} ({test}), so it does not tell the stories apart."));
        }
    }
    out
}

/// One sentence per claim with its Monte Carlo probability in each scenario.
pub fn probability_sentences(scenarios: &[ScenarioReport]) -> Vec<String> {
    let with_mc: Vec<&ScenarioReport> = scenarios.iter().filter(|s| s.mc.is_some()).collect();
    let Some(first) = with_mc.first().and_then(|s| s.mc.as_ref()) else { return Vec::new() };
    let mut out = vec![format!(
        "With uncertain parameters and shocks ({} paths per scenario, seed {}), the probability that each claim holds (+/- two standard errors) is:",
        first.paths, first.seed
    )];
    let mut names: Vec<String> = Vec::new();
    for c in with_mc.iter().flat_map(|s| &s.mc.as_ref().expect("filtered").claims) {
        if !names.contains(&c.claim.name) {
            names.push(c.claim.name.clone());
        }
    }
    for name in names {
        let parts: Vec<String> = with_mc
            .iter()
            .filter_map(|s| {
                let c = s.mc.as_ref()?.claims.iter().find(|c| c.claim.name == name)?;
                let margin =
                    if c.std_error > 0.0 { format!(" (+/- {:.1} points)", 200.0 * c.std_error) } else { String::new() };
                Some(format!("{} under {}{margin}", probability(c.probability), s.name))
            })
            .collect();
        out.push(format!("{name}: {}.", list(&parts)));
    }
    out
}

fn part_label(name: &str) -> &str {
    match name {
        "primary_deficit" => "the primary balance",
        "real_growth" => "real growth",
        "nominal_growth" => "nominal growth",
        "overall_deficit" => "the overall balance",
        "residual" => "other debt changes (residual)",
        other => other,
    }
}

/// What the post-war fall in debt/GDP was made of.
pub fn history_sentence<P: PartSet>(dec: &Decomposition<P>) -> String {
    let change = dec.change();
    let named = dec.cumulative.named();
    let parts: Vec<String> = named
        .iter()
        .map(|(name, v)| {
            let verb = if *v < 0.0 { "took off" } else { "added" };
            format!("{} {verb} {:.0} points", part_label(name), v.abs() * 100.0)
        })
        .collect();
    let mut text = format!(
        "The precedent: from FY{} to FY{} ({} years) debt held by the public fell from {:.0}% to {:.0}% of GDP, \
         {:.0} points. Of that, {}.",
        dec.from,
        dec.to,
        dec.to - dec.from,
        dec.d_start * 100.0,
        dec.d_end * 100.0,
        -change * 100.0,
        list(&parts)
    );
    let inflation = named.iter().find(|(n, _)| *n == "inflation").map(|(_, v)| *v);
    if let Some(inflation) = inflation.filter(|v| *v < 0.0 && change < 0.0) {
        text.push_str(&format!(
            " Rising prices, not falling ones, did {:.0}% of the net reduction.",
            100.0 * inflation / change
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_use_the_right_verbs() {
        assert_eq!(moves("prices", -0.123, true), "prices fall 12%");
        assert_eq!(moves("nominal debt", 0.09, false), "nominal debt rises 9.0%");
        assert_eq!(moves("prices", 0.0, true), "prices are unchanged");
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(probability(0.0), "0%");
        assert_eq!(probability(0.002), "0.2%");
        assert_eq!(probability(0.771), "77%");
        assert_eq!(probability(0.9991), "99.9%");
        assert_eq!(probability(1.0), "100%");
    }

    #[test]
    fn history_sentence_states_the_post_war_fall() {
        let h = debtlab_data::history("us-postwar").unwrap();
        let dec = debtlab_data::decompose(&h, 1946, 1974).unwrap();
        let text = history_sentence(&dec);
        assert!(text.contains("from FY1946 to FY1974 (28 years)"), "{text}");
        assert!(text.contains("inflation took off"), "{text}");
    }
}
