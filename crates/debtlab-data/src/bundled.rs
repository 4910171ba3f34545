//! Historical data compiled into the library with `include_str!`.
//!
//! | name | what |
//! |---|---|
//! | `us-1940-2025` | OMB Historical Tables FY1940-2022, then CBO and Monthly Treasury Statement actuals FY2023-2025 |
//! | `us-postwar` | the same, restricted to FY1946-1974 |
//! | `us-1930s` | Treasury total public debt and OMB GDP, FY1929-1940 |
//! | `cbo-2025` | CBO baseline, January 2025, FY2024-2035 |
//! | `cbo-btn-2025` | the same baseline by revenue source and outlay category, FY2024-2026 and 2035 |
//! | `start-2026` | starting figures around December 2025 (item/value facts) |
//!
//! Each file starts with `# ` comment lines naming its source, units and
//! caveats; they become [`Dataset::source`], [`Dataset::notes`] and the
//! units of each [`crate::Series`].

use crate::dataset::{Dataset, Fact, Unit};
use crate::error::{closest, DataError, Result};
use crate::text::{parse_value, split_table};
use crate::yearcsv::{check_width, year_table, Meta};

/// `us-1940-2025`: OMB Historical Tables FY1940-2022, then CBO and Monthly
/// Treasury Statement actuals FY2023-2025 (each figure cited in the file).
pub const US_1940_2025: &str = "us-1940-2025";
/// `us-postwar`: `us-1940-2025` restricted to FY1946-1974.
pub const US_POSTWAR: &str = "us-postwar";
/// `us-1930s`: FY1929-1940, no price index and no interest series.
pub const US_1930S: &str = "us-1930s";
/// `cbo-2025`: CBO's January 2025 baseline, FY2024-2035.
pub const CBO_2025: &str = "cbo-2025";
/// `cbo-btn-2025`: CBO's "By the Numbers" of the same baseline (timing-adjusted).
pub const CBO_BTN_2025: &str = "cbo-btn-2025";
/// `start-2026`: item/value figures for the start of 2026.
pub const START_2026: &str = "start-2026";

/// First and last fiscal year of `us-postwar`.
pub const POSTWAR_YEARS: (i32, i32) = (1946, 1974);

/// A bundled file: dataset name, file name and text.
struct Bundled {
    name: &'static str,
    file: &'static str,
    text: &'static str,
}

const FILES: [Bundled; 5] = [
    Bundled {
        name: US_1940_2025,
        file: "us_fiscal_fy1940_2025.csv",
        text: include_str!("../data/us_fiscal_fy1940_2025.csv"),
    },
    Bundled { name: US_1930S, file: "us_1929_1940.csv", text: include_str!("../data/us_1929_1940.csv") },
    Bundled {
        name: CBO_2025,
        file: "cbo_baseline_jan2025.csv",
        text: include_str!("../data/cbo_baseline_jan2025.csv"),
    },
    Bundled { name: CBO_BTN_2025, file: "cbo_btn_jan2025.csv", text: include_str!("../data/cbo_btn_jan2025.csv") },
    Bundled { name: START_2026, file: "us_start_2025.csv", text: include_str!("../data/us_start_2025.csv") },
];

/// Names accepted by [`bundled`], in a stable order.
pub fn bundled_names() -> &'static [&'static str] {
    &[US_1940_2025, US_POSTWAR, US_1930S, CBO_2025, CBO_BTN_2025, START_2026]
}

/// The raw text of a bundled file (with its comment lines), e.g. to show or
/// export it. `us-postwar` gives the text of `us-1940-2025`.
pub fn bundled_text(name: &str) -> Result<&'static str> {
    let name = if name == US_POSTWAR { US_1940_2025 } else { name };
    FILES.iter().find(|b| b.name == name).map(|b| b.text).ok_or_else(|| unknown(name))
}

/// Load a bundled dataset by name (see [`bundled_names`]).
pub fn bundled(name: &str) -> Result<Dataset> {
    if name == US_POSTWAR {
        let (from, to) = POSTWAR_YEARS;
        let mut data = bundled(US_1940_2025)?.window(from, to);
        data.name = US_POSTWAR.to_string();
        data.description = format!("{} (restricted to FY{from}-FY{to})", data.description);
        return Ok(data);
    }
    let file = FILES.iter().find(|b| b.name == name).ok_or_else(|| unknown(name))?;
    let mut data = if file.name == START_2026 {
        parse_facts(file.text, file.file)?
    } else {
        year_table(&split_table(file.text, file.file)?, file.file)?
    };
    data.name = file.name.to_string();
    Ok(data)
}

/// The `start-2026` facts (item, value, unit, as_of, source, confidence).
pub fn start_facts() -> Result<Vec<Fact>> {
    Ok(bundled(START_2026)?.facts)
}

fn unknown(name: &str) -> DataError {
    DataError::UnknownDataset {
        name: name.to_string(),
        suggestion: closest(name, bundled_names().iter().copied()),
        known: bundled_names().iter().map(|s| s.to_string()).collect(),
    }
}

/// Parse an `item,value,unit,as_of,source,confidence` file.
fn parse_facts(text: &str, file: &str) -> Result<Dataset> {
    let table = split_table(text, file)?;
    const HEADER: [&str; 6] = ["item", "value", "unit", "as_of", "source", "confidence"];
    for (i, expected) in HEADER.iter().enumerate() {
        if table.header.cells.get(i).map(String::as_str) != Some(*expected) {
            return Err(DataError::BadHeader {
                file: file.to_string(),
                line: table.header.line,
                column: i + 1,
                problem: format!("expected the header {}", HEADER.join(",")),
            });
        }
    }
    let mut data = Meta::from_comments(&table.comments).dataset(file);
    for row in &table.rows {
        check_width(row, HEADER.len(), file)?;
        let value = match parse_value(&row.cells[1]) {
            Ok(Some(v)) => v,
            _ => {
                return Err(DataError::NonNumeric {
                    file: file.to_string(),
                    line: row.line,
                    column: 2,
                    series: row.cells[0].clone(),
                    text: row.cells[1].clone(),
                })
            }
        };
        data.facts.push(Fact {
            item: row.cells[0].clone(),
            value,
            unit: Unit::parse(&row.cells[2]),
            as_of: row.cells[3].clone(),
            source: row.cells[4].clone(),
            confidence: row.cells[5].clone(),
        });
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_dataset_loads_with_a_source() {
        for name in bundled_names() {
            let data = bundled(name).unwrap();
            assert_eq!(data.name, *name);
            assert!(!data.source.is_empty() && data.source != data.name, "{name}");
            assert!(!data.description.is_empty(), "{name}");
            assert!(bundled_text(name).unwrap().starts_with("# dataset: "));
            for s in &data.series {
                assert!(!matches!(&s.unit, Unit::Other(u) if u.is_empty()), "{name}.{}", s.name);
                assert!(!s.description.is_empty(), "{name}.{}", s.name);
            }
        }
    }

    #[test]
    fn us_history_shape() {
        let us = bundled(US_1940_2025).unwrap();
        assert!(us.source.starts_with("OMB Historical Tables"));
        assert_eq!(us.span(), Some((1940, 2025)));
        let debt = us.require("debt_held_by_public_musd").unwrap();
        assert_eq!(debt.unit, Unit::UsdMillion);
        // FY1940-2024: FY2025's debt held by the public is not in (no final figure cited).
        assert_eq!(debt.values.len(), 85);
        assert_eq!(debt.at(2025), None);
        // The price index ends with OMB's tables.
        assert_eq!(us.require("gdp_chained_price_index_fy2012eq1").unwrap().span(), Some((1940, 2022)));
        assert_eq!(debt.at(1946), Some(241_861.0));
        let pw = bundled(US_POSTWAR).unwrap();
        assert_eq!(pw.span(), Some(POSTWAR_YEARS));
    }

    #[test]
    fn missing_cells_are_absent() {
        let d = bundled(US_1930S).unwrap();
        let gdp = d.require("omb_gdp_busd").unwrap();
        assert_eq!(gdp.at(1929), None);
        assert_eq!(gdp.at(1930), Some(98.4));
        assert_eq!(d.require("total_public_debt_usd").unwrap().unit, Unit::Usd);
        let cbo = bundled(CBO_2025).unwrap();
        assert_eq!(cbo.require("real_gdp_growth_pct").unwrap().at(2024), None);
    }

    #[test]
    fn start_facts_key_value() {
        let start = bundled(START_2026).unwrap();
        assert!(start.series.is_empty());
        assert_eq!(start.fact_value("debt_held_by_public"), Some(30.8));
        let rate = start.fact("average_rate_marketable_debt").unwrap();
        assert_eq!((rate.value, rate.as_of.as_str()), (3.382, "2025-11"));
        assert_eq!(start.facts_named("average_rate_marketable_debt").count(), 2);
        assert_eq!(rate.unit, Unit::Percent);
        let claim = start.fact("doge_target_cuts_quoted_in_seed").unwrap();
        assert_eq!(claim.confidence, "claim");
        assert_eq!(start_facts().unwrap().len(), 17);
    }

    #[test]
    fn unknown_name_suggests() {
        let err = bundled("us-1940-2023").unwrap_err().to_string();
        assert!(err.contains("did you mean \"us-1940-2025\""), "{err}");
        assert!(err.contains("start-2026"), "{err}");
    }
}
