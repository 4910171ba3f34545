//! The inputs of `track`: the FRED series ids it knows and what they
//! measure, FRED files read into annual series, and the bundled OMB series.

use std::collections::BTreeMap;
use std::path::PathBuf;

use debtlab_core::scenario::error::did_you_mean;
use debtlab_data::{import_text, Dataset, Format, ImportOptions, Series};

/// What a series measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quantity {
    Prices,
    Productivity,
    Defense,
    Interest,
    Revenue,
    Debt,
    Gdp,
    InterestGdp,
}

impl Quantity {
    /// What the bundled series of this quantity is, for the series-age line.
    pub(super) fn bundled_name(self) -> &'static str {
        match self {
            Quantity::Prices => "GDP price index",
            Quantity::Productivity => "productivity",
            Quantity::Defense => "defense",
            Quantity::Interest => "net interest",
            Quantity::Revenue => "receipts",
            Quantity::Debt => "debt held by the public",
            Quantity::Gdp => "GDP",
            Quantity::InterestGdp => "interest/GDP",
        }
    }
}

/// Why the values of a quantity must be positive (all but interest, which
/// is only ever divided).
fn positive_rule(quantity: Quantity) -> Option<&'static str> {
    match quantity {
        Quantity::Prices => Some("a price index must be positive to take its growth"),
        Quantity::Productivity => Some("output per hour must be positive to take its growth"),
        Quantity::Defense => Some("defense spending must be positive to divide interest by it"),
        Quantity::Revenue => Some("receipts must be positive to divide interest by them"),
        Quantity::Debt => Some("debt must be positive to divide the next year's interest by it"),
        Quantity::Gdp => Some("GDP must be positive to divide by it and take its growth"),
        Quantity::Interest | Quantity::InterestGdp => None,
    }
}

/// A FRED series id `track` reads: what it is, and the factor to $bn (or,
/// for percentages, to a ratio).
struct Known {
    id: &'static str,
    quantity: Quantity,
    what: &'static str,
    scale: f64,
}

const KNOWN: [Known; 9] = [
    known("CPIAUCSL", Quantity::Prices, "consumer price index", 1.0),
    known("GDPDEF", Quantity::Prices, "GDP price deflator", 1.0),
    known("OPHNFB", Quantity::Productivity, "output per hour, nonfarm business", 1.0),
    known("FDEFX", Quantity::Defense, "federal defense spending, $bn a year", 1.0),
    known("A091RC1Q027SBEA", Quantity::Interest, "federal interest payments, $bn a year", 1.0),
    known("FGRECPT", Quantity::Revenue, "federal current receipts, $bn a year", 1.0),
    known("GFDEBTN", Quantity::Debt, "total public debt (gross), $ million", 1e-3),
    known("GDP", Quantity::Gdp, "nominal GDP, $bn a year", 1.0),
    known("FYONGDA188S", Quantity::InterestGdp, "federal interest outlays, % of GDP", 0.01),
];

const fn known(id: &'static str, quantity: Quantity, what: &'static str, scale: f64) -> Known {
    Known { id, quantity, what, scale }
}

pub(super) type Annual = BTreeMap<i32, f64>;

/// One annual series with where it came from: a FRED id and file, or
/// (both `None`) the bundled OMB data.
pub(super) struct Input {
    pub(super) quantity: Quantity,
    pub(super) fred: Option<(String, String)>,
    pub(super) values: Annual,
    /// The series as read (its own units, with the file, column and lines
    /// of each year), to name the cells behind a value.
    pub(super) series: Series,
    /// The dataset's name, for values not read from a file.
    pub(super) dataset: String,
}

const OMB_LABEL: &str = "us-1940-2025 (OMB; CBO, MTS from FY2023), fiscal years";

/// `FRED ID1/ID2 (file)`, or the OMB label.
pub(super) fn label(inputs: &[&Input]) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let mut files: Vec<&str> = Vec::new();
    for (id, file) in inputs.iter().filter_map(|i| i.fred.as_ref()) {
        ids.push(id);
        if !files.contains(&file.as_str()) {
            files.push(file);
        }
    }
    if ids.is_empty() {
        OMB_LABEL.to_string()
    } else {
        format!("FRED {} ({})", ids.join("/"), files.join(", "))
    }
}

fn known_list() -> String {
    KNOWN.iter().map(|k| format!("{} ({})", k.id, k.what)).collect::<Vec<_>>().join(", ")
}

/// Read the FRED files into inputs; errors name the file.
pub(super) fn read_files(files: &[PathBuf]) -> Result<(Vec<Input>, Vec<String>), String> {
    let mut inputs: Vec<Input> = Vec::new();
    let mut notes = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for path in files {
        let file = path.display().to_string();
        let text = crate::history::read_text(path)?;
        if debtlab_data::detect_format(&text, &file).map_err(|e| e.to_string())? != Format::Fred {
            return Err(format!(
                "{file}: not a FRED download; track reads FRED CSVs with the header \
                 `observation_date,SERIES_ID,...` (known ids: {})",
                known_list()
            ));
        }
        let options = KNOWN.iter().fold(ImportOptions::default(), |o, k| match positive_rule(k.quantity) {
            Some(rule) => o.require_positive(k.id, rule),
            None => o,
        });
        let data = import_text(&text, &file, &options).map_err(|e| e.to_string())?;
        notes.extend(data.notes.iter().map(|n| format!("note: {file}: {n}")));
        for series in &data.series {
            let id = series.name.to_ascii_uppercase();
            let Some(k) = KNOWN.iter().find(|k| k.id == id) else {
                let hint = did_you_mean(&id, KNOWN.iter().map(|k| k.id)).map(|h| format!(" ({h})")).unwrap_or_default();
                return Err(format!(
                    "{file}: unknown FRED series `{}`{hint}; track knows: {}",
                    series.name,
                    known_list()
                ));
            };
            if let Some(other) = seen.insert(id.clone(), file.clone()) {
                return Err(format!("{file}: series `{id}` is also in `{other}`"));
            }
            inputs.push(Input {
                quantity: k.quantity,
                fred: Some((id.clone(), file.clone())),
                values: series.values.iter().map(|&(y, v)| (y, v * k.scale)).collect(),
                series: series.clone(),
                dataset: data.name.clone(),
            });
        }
    }
    Ok((inputs, notes))
}

/// The bundled OMB data as inputs (money in $bn).
pub(super) fn bundled_inputs(data: &Dataset) -> Result<Vec<Input>, String> {
    let series = |name: &str, scale: f64| -> Result<(Annual, Series), String> {
        let s = data.require(name).map_err(|e| e.to_string())?;
        Ok((s.values.iter().map(|&(y, v)| (y, v * scale)).collect(), s.clone()))
    };
    let input = |quantity, (values, series)| Input { quantity, fred: None, values, series, dataset: data.name.clone() };
    Ok(vec![
        input(Quantity::Prices, series("gdp_chained_price_index_fy2012eq1", 1.0)?),
        input(Quantity::Defense, series("national_defense_outlays_musd", 1e-3)?),
        input(Quantity::Interest, series("net_interest_outlays_musd", 1e-3)?),
        input(Quantity::Revenue, series("receipts_musd", 1e-3)?),
        input(Quantity::Debt, series("debt_held_by_public_musd", 1e-3)?),
        input(Quantity::Gdp, series("gdp_fy_busd", 1.0)?),
    ])
}
