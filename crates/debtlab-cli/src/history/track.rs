//! `debtlab track`: the watch-list of the seed articles. For each
//! indicator: the latest value, its 1-year and 5-year change and a reading
//! in plain words.
//!
//! | indicator | from the bundled OMB data (fiscal years) | from FRED files (calendar years) |
//! |---|---|---|
//! | `inflation` | GDP chained price index | `GDPDEF` and/or `CPIAUCSL` (one row each) |
//! | `productivity_growth` | not available | `OPHNFB` |
//! | `interest_defense` | net interest / national defense outlays | `A091RC1Q027SBEA` / `FDEFX` |
//! | `interest_revenue` | net interest / receipts | `A091RC1Q027SBEA` / `FGRECPT` |
//! | `interest_gdp` | net interest / FY GDP | `FYONGDA188S`, else `A091RC1Q027SBEA` / `GDP` |
//! | `r_minus_g` | interest_t / debt held by the public_{t-1} - FY GDP growth | `A091RC1Q027SBEA` / `GFDEBTN`_{t-1} - `GDP` growth |
//!
//! An indicator whose series are all in the files is computed from them;
//! otherwise it comes from the bundled data.

mod inputs;

use std::path::PathBuf;

use debtlab_data::{bundled, US_1940_2025};
use inputs::{bundled_inputs, label, read_files, Annual, Input, Quantity};

use super::show;
use crate::output::{Cell, Table};
use crate::OutputOptions;

/// One indicator: yearly values and how to read a value.
struct Indicator<'a> {
    name: &'static str,
    unit: &'static str,
    values: Annual,
    source: String,
    /// Extra yearly values a reading needs (r and g for r - g).
    aux: Vec<Annual>,
    /// The inputs it is computed from, to name the cells behind a number.
    inputs: Vec<&'a Input>,
}

/// `value` if finite; else the error naming the most extreme of the input
/// `cells` (input and year) by file, line and column, for the number `what`
/// of `year`.
fn finite(value: f64, what: &str, year: i32, cells: &[(&Input, i32)]) -> Result<f64, String> {
    if value.is_finite() {
        return Ok(value);
    }
    let series: Vec<(&debtlab_data::Series, i32)> = cells.iter().map(|(i, y)| (&i.series, *y)).collect();
    let dataset = cells.first().map_or("", |(i, _)| i.dataset.as_str());
    Err(debtlab_data::not_finite(dataset, what, value, year, &series).to_string())
}

/// Every input of `inputs` in every year of `years`.
fn cells<'a>(inputs: &[&'a Input], years: &[i32]) -> Vec<(&'a Input, i32)> {
    inputs.iter().flat_map(|&i| years.iter().map(move |&y| (i, y))).collect()
}

/// Percent growth from the year before.
fn growth(input: &Input, what: &str) -> Result<Annual, String> {
    let values = &input.values;
    let mut out = Annual::new();
    for (&y, &v) in values {
        let Some(&prev) = values.get(&(y - 1)) else { continue };
        out.insert(y, finite((v / prev - 1.0) * 100.0, what, y, &[(input, y), (input, y - 1)])?);
    }
    Ok(out)
}

/// `a_t / b_{t-lag} * scale`.
fn ratio(a: &Input, b: &Input, lag: i32, scale: f64, what: &str) -> Result<Annual, String> {
    let mut out = Annual::new();
    for (&y, &v) in &a.values {
        let Some(&d) = b.values.get(&(y - lag)) else { continue };
        out.insert(y, finite(v / d * scale, what, y, &[(a, y), (b, y - lag)])?);
    }
    Ok(out)
}

fn find(set: &[Input], q: Quantity) -> Option<&Input> {
    set.iter().find(|i| i.quantity == q)
}

/// The indicators from `files` where they have every series, else from `omb`.
fn indicators<'a>(files: &'a [Input], omb: &'a [Input]) -> Result<Vec<Indicator<'a>>, String> {
    // The inputs for `needed` from the files if all are there, else from omb.
    let pick = |needed: &[Quantity]| -> Option<Vec<&'a Input>> {
        for set in [files, omb] {
            let found: Option<Vec<&Input>> = needed.iter().map(|&q| find(set, q)).collect();
            if found.is_some() {
                return found;
            }
        }
        None
    };
    let mut out = Vec::new();
    let file_prices: Vec<&Input> = files.iter().filter(|i| i.quantity == Quantity::Prices).collect();
    let prices = if file_prices.is_empty() {
        omb.iter().filter(|i| i.quantity == Quantity::Prices).collect()
    } else {
        file_prices
    };
    for p in prices {
        out.push(Indicator {
            name: "inflation",
            unit: "%/yr",
            values: growth(p, "inflation")?,
            source: label(&[p]),
            aux: Vec::new(),
            inputs: vec![p],
        });
    }
    let productivity = find(files, Quantity::Productivity);
    out.push(Indicator {
        name: "productivity_growth",
        unit: "%/yr",
        values: productivity.map(|p| growth(p, "productivity growth")).transpose()?.unwrap_or_default(),
        source: productivity.map_or("none bundled".to_string(), |p| label(&[p])),
        aux: Vec::new(),
        inputs: productivity.into_iter().collect(),
    });
    use Quantity::*;
    if let Some(i) = pick(&[Interest, Defense]) {
        out.push(Indicator {
            name: "interest_defense",
            unit: "ratio",
            values: ratio(i[0], i[1], 0, 1.0, "interest / defense")?,
            source: label(&i),
            aux: Vec::new(),
            inputs: i,
        });
    }
    if let Some(i) = pick(&[Interest, Revenue]) {
        out.push(Indicator {
            name: "interest_revenue",
            unit: "% of receipts",
            values: ratio(i[0], i[1], 0, 100.0, "interest / receipts")?,
            source: label(&i),
            aux: Vec::new(),
            inputs: i,
        });
    }
    let interest_gdp = match find(files, InterestGdp) {
        Some(i) => {
            let mut values = Annual::new();
            for (&y, &v) in &i.values {
                values.insert(y, finite(v * 100.0, "interest / GDP", y, &[(i, y)])?);
            }
            Some((values, vec![i]))
        }
        None => match pick(&[Interest, Gdp]) {
            Some(i) => Some((ratio(i[0], i[1], 0, 100.0, "interest / GDP")?, i)),
            None => None,
        },
    };
    if let Some((values, inputs)) = interest_gdp {
        let source = label(&inputs);
        out.push(Indicator { name: "interest_gdp", unit: "% of GDP", values, source, aux: Vec::new(), inputs });
    }
    if let Some(i) = pick(&[Interest, Debt, Gdp]) {
        let r = ratio(i[0], i[1], 1, 100.0, "interest / the previous year's debt")?;
        let g = growth(i[2], "nominal GDP growth")?;
        let mut values = Annual::new();
        for (&y, &rv) in &r {
            let Some(&gv) = g.get(&y) else { continue };
            let inputs = [(i[0], y), (i[1], y - 1), (i[2], y), (i[2], y - 1)];
            values.insert(y, finite(rv - gv, "r - g", y, &inputs)?);
        }
        out.push(Indicator {
            name: "r_minus_g",
            unit: "points",
            values,
            source: label(&i),
            aux: vec![r, g],
            inputs: i,
        });
    }
    Ok(out)
}

/// The plain-words reading of `ind` in `year`; `inflation` is the first
/// inflation indicator, for the productivity reading.
fn reading(ind: &Indicator, year: i32, v: f64, inflation: Option<&Indicator>) -> String {
    match ind.name {
        "inflation" if v < 0.0 => format!("prices falling ({v:.1}%/yr): deflation"),
        "inflation" => format!("prices rising ({v:+.1}%/yr): no deflation"),
        "productivity_growth" => {
            let pi = inflation.and_then(|i| i.values.get(&year)).copied();
            match pi {
                Some(pi) if v > 0.0 && pi < 0.0 => {
                    format!("output per hour {v:+.1}%/yr and prices {pi:+.1}%/yr: productivity deflation")
                }
                Some(pi) if v > 0.0 => {
                    format!("output per hour {v:+.1}%/yr but prices {pi:+.1}%/yr: no productivity deflation")
                }
                _ if v <= 0.0 => format!("output per hour falling ({v:.1}%/yr)"),
                _ => format!("output per hour {v:+.1}%/yr (no price series for {year})"),
            }
        }
        "interest_defense" => {
            let word = |x: f64| if x > 1.0 { "above" } else { "below" };
            let mut text = format!("interest {} defense in {year} ({v:.2}x)", word(v));
            if let Some(&p) = ind.values.get(&(year - 1)) {
                text.push_str(&format!(", {} in {} ({p:.2}x)", word(p), year - 1));
            }
            text
        }
        "interest_revenue" => format!("interest takes {v:.1}% of receipts"),
        "interest_gdp" => format!("net interest is {v:.2}% of GDP"),
        "r_minus_g" => {
            // r - g is computed only where both are.
            let (Some(r), Some(g)) = (ind.aux[0].get(&year), ind.aux[1].get(&year)) else {
                return format!("r - g {v:+.2} points");
            };
            if v > 0.0 {
                format!(
                    "r {r:.2}% > g {g:.2}%: interest outruns growth by {v:.2} points \
                     (debt/GDP rises with a balanced primary budget)"
                )
            } else {
                format!(
                    "r {r:.2}% < g {g:.2}%: growth outruns interest by {:.2} points \
                     (debt/GDP falls with a balanced primary budget)",
                    -v
                )
            }
        }
        _ => String::new(),
    }
}

fn row(ind: &Indicator, inflation: Option<&Indicator>) -> Result<Vec<Cell>, String> {
    let text = |s: &str| Cell::Text(s.to_string());
    let Some((&year, &v)) = ind.values.last_key_value() else {
        let missing = if ind.name == "productivity_growth" {
            "not available: pass a FRED OPHNFB file".to_string()
        } else {
            "not available: no overlapping years in the data".to_string()
        };
        return Ok(vec![
            text(ind.name),
            Cell::Empty,
            Cell::Empty,
            text(ind.unit),
            Cell::Empty,
            Cell::Empty,
            Cell::Text(missing),
            Cell::Text(ind.source.clone()),
        ]);
    };
    let change = |back: i32| -> Result<Cell, String> {
        let Some(old) = ind.values.get(&(year - back)) else { return Ok(Cell::Empty) };
        let what = format!("the {back}-year change in {}", ind.name);
        let years = [year, year - 1, year - back, year - back - 1];
        Ok(Cell::Number(finite(v - old, &what, year, &cells(&ind.inputs, &years))?))
    };
    Ok(vec![
        text(ind.name),
        Cell::Integer(year.into()),
        Cell::Number(v),
        text(ind.unit),
        change(1)?,
        change(5)?,
        Cell::Text(reading(ind, year, v, inflation)),
        Cell::Text(ind.source.clone()),
    ])
}

/// How old each input is: the last year of each series (bundled, and of
/// each FRED file given), grouped by year, newest first.
fn series_age(files: &[Input], bundled: &[Input]) -> String {
    let mut by_year: std::collections::BTreeMap<i32, Vec<String>> = std::collections::BTreeMap::new();
    for input in files.iter().chain(bundled) {
        let Some((&year, _)) = input.values.last_key_value() else { continue };
        let name = match &input.fred {
            Some((id, file)) => format!("FRED {id} ({file})"),
            None => input.quantity.bundled_name().to_string(),
        };
        by_year.entry(year).or_default().push(name);
    }
    let parts: Vec<String> =
        by_year.iter().rev().map(|(year, names)| format!("{} to {year}", names.join(", "))).collect();
    format!("series age (last year with data; fiscal years for bundled series): {}", parts.join("; "))
}

pub fn track(files: &[PathBuf], out: &OutputOptions) -> Result<(), String> {
    let (inputs, mut notes) = read_files(files)?;
    let omb = bundled(US_1940_2025).map_err(|e| e.to_string())?;
    let omb_inputs = bundled_inputs(&omb)?;
    let list = indicators(&inputs, &omb_inputs)?;
    let inflation = list.iter().find(|i| i.name == "inflation");
    let rows = list.iter().map(|i| row(i, inflation)).collect::<Result<_, _>>()?;
    let header = ["indicator", "year", "value", "unit", "change_1y", "change_5y", "reading", "source"];
    let table = Table::new(header, rows);
    let title = "track: the seed articles' watch-list\n\
                 latest year with data (fiscal years for the bundled data, calendar years for FRED); changes \
                 over 1 and 5 years in the indicator's unit (points for percentages)";
    notes.insert(0, format!("bundled data ({}): {}", omb.name, omb.source));
    notes.insert(1, series_age(&inputs, &omb_inputs));
    if list.iter().any(|i| i.name == "interest_defense" && i.inputs.iter().all(|x| x.fred.is_none())) {
        notes.push(
            "note: bundled defense is OMB's national defense to FY2022 and the Monthly Treasury Statement's \
             DoD military programs from FY2024 (about 5% narrower, an estimate; on OMB's definition interest \
             would still be above defense in FY2024 and FY2025), so interest_defense's change_5y spans the two"
                .to_string(),
        );
    }
    notes.push(
        "note: no productivity series is bundled; the bundled price index is the GDP deflator. \
         r is interest over the previous year's debt (OMB: held by the public; FRED GFDEBTN: \
         gross) and g is nominal GDP growth"
            .to_string(),
    );
    show(&table, out, title, &notes)
}
