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

use debtlab_data::{bundled, US_1940_2022};
use inputs::{bundled_inputs, label, read_files, Annual, Input, Quantity};

use super::show;
use crate::output::{Cell, Table};
use crate::OutputOptions;

/// One indicator: yearly values and how to read a value.
struct Indicator {
    name: &'static str,
    unit: &'static str,
    values: Annual,
    source: String,
    /// Extra yearly values a reading needs (r and g for r - g).
    aux: Vec<Annual>,
}

fn growth(values: &Annual) -> Annual {
    values
        .iter()
        .filter_map(|(&y, &v)| {
            let prev = *values.get(&(y - 1))?;
            (prev != 0.0).then(|| (y, (v / prev - 1.0) * 100.0))
        })
        .collect()
}

fn ratio(a: &Annual, b: &Annual, scale: f64) -> Annual {
    a.iter()
        .filter_map(|(&y, &v)| {
            let d = *b.get(&y)?;
            (d != 0.0).then_some((y, v / d * scale))
        })
        .collect()
}

fn find(set: &[Input], q: Quantity) -> Option<&Input> {
    set.iter().find(|i| i.quantity == q)
}

/// The indicators from `files` where they have every series, else from `omb`.
fn indicators(files: &[Input], omb: &[Input]) -> Vec<Indicator> {
    // The inputs for `needed` from the files if all are there, else from omb.
    let pick = |needed: &[Quantity]| -> Option<Vec<&Input>> {
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
            values: growth(&p.values),
            source: label(&[p]),
            aux: Vec::new(),
        });
    }
    let productivity = find(files, Quantity::Productivity);
    out.push(Indicator {
        name: "productivity_growth",
        unit: "%/yr",
        values: productivity.map(|p| growth(&p.values)).unwrap_or_default(),
        source: productivity.map_or("none bundled".to_string(), |p| label(&[p])),
        aux: Vec::new(),
    });
    use Quantity::*;
    if let Some(i) = pick(&[Interest, Defense]) {
        out.push(Indicator {
            name: "interest_defense",
            unit: "ratio",
            values: ratio(&i[0].values, &i[1].values, 1.0),
            source: label(&i),
            aux: Vec::new(),
        });
    }
    if let Some(i) = pick(&[Interest, Revenue]) {
        out.push(Indicator {
            name: "interest_revenue",
            unit: "% of receipts",
            values: ratio(&i[0].values, &i[1].values, 100.0),
            source: label(&i),
            aux: Vec::new(),
        });
    }
    let interest_gdp = match find(files, InterestGdp) {
        Some(i) => Some((i.values.iter().map(|(&y, &v)| (y, v * 100.0)).collect(), label(&[i]))),
        None => pick(&[Interest, Gdp]).map(|i| (ratio(&i[0].values, &i[1].values, 100.0), label(&i))),
    };
    if let Some((values, source)) = interest_gdp {
        out.push(Indicator { name: "interest_gdp", unit: "% of GDP", values, source, aux: Vec::new() });
    }
    if let Some(i) = pick(&[Interest, Debt, Gdp]) {
        let lagged: Annual = i[1].values.iter().map(|(&y, &v)| (y + 1, v)).collect();
        let r = ratio(&i[0].values, &lagged, 100.0);
        let g = growth(&i[2].values);
        let values = r.iter().filter_map(|(y, rv)| g.get(y).map(|gv| (*y, rv - gv))).collect();
        out.push(Indicator { name: "r_minus_g", unit: "points", values, source: label(&i), aux: vec![r, g] });
    }
    out
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
        "interest_defense" if v > 1.0 => format!("interest exceeds defense ({v:.2}x)"),
        "interest_defense" => format!("interest below defense ({v:.2}x)"),
        "interest_revenue" => format!("interest takes {v:.1}% of receipts"),
        "interest_gdp" => format!("net interest is {v:.2}% of GDP"),
        "r_minus_g" => {
            let r = ind.aux[0].get(&year).copied().unwrap_or(f64::NAN);
            let g = ind.aux[1].get(&year).copied().unwrap_or(f64::NAN);
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

fn row(ind: &Indicator, inflation: Option<&Indicator>) -> Vec<Cell> {
    let text = |s: &str| Cell::Text(s.to_string());
    let Some((&year, &v)) = ind.values.last_key_value() else {
        let missing = if ind.name == "productivity_growth" {
            "not available: pass a FRED OPHNFB file".to_string()
        } else {
            "not available: no overlapping years in the data".to_string()
        };
        return vec![
            text(ind.name),
            Cell::Empty,
            Cell::Empty,
            text(ind.unit),
            Cell::Empty,
            Cell::Empty,
            Cell::Text(missing),
            Cell::Text(ind.source.clone()),
        ];
    };
    let change = |back: i32| ind.values.get(&(year - back)).map_or(Cell::Empty, |old| Cell::Number(v - old));
    vec![
        text(ind.name),
        Cell::Integer(year.into()),
        Cell::Number(v),
        text(ind.unit),
        change(1),
        change(5),
        Cell::Text(reading(ind, year, v, inflation)),
        Cell::Text(ind.source.clone()),
    ]
}

pub fn track(files: &[PathBuf], out: &OutputOptions) -> Result<(), String> {
    let (inputs, mut notes) = read_files(files)?;
    let omb = bundled(US_1940_2022).map_err(|e| e.to_string())?;
    let list = indicators(&inputs, &bundled_inputs(&omb)?);
    let inflation = list.iter().find(|i| i.name == "inflation");
    let rows = list.iter().map(|i| row(i, inflation)).collect();
    let header = ["indicator", "year", "value", "unit", "change_1y", "change_5y", "reading", "source"];
    let table = Table { header: header.iter().map(|s| s.to_string()).collect(), rows };
    let title = "track: the seed articles' watch-list\n\
                 latest year with data (fiscal years for OMB, calendar years for FRED); changes \
                 over 1 and 5 years in the indicator's unit (points for percentages)";
    notes.insert(0, format!("OMB source: {}", omb.source));
    notes.push(
        "note: no productivity series is bundled; the bundled price index is the GDP deflator. \
         r is interest over the previous year's debt (OMB: held by the public; FRED GFDEBTN: \
         gross) and g is nominal GDP growth"
            .to_string(),
    );
    show(&table, out, title, &notes)
}
