//! Import never panics: any bytes or CSV-like text gives `Ok` or `Err`.

use debtlab_data::{
    backtest, decompose_all, decompose_nominal, history_from, import_bytes, import_text, DataError, Date,
    Decomposition, HistorySpec, ImportOptions, PartSet, Unit, YearBasis,
};
use proptest::prelude::*;

fn options(fiscal: bool, keep: bool) -> ImportOptions {
    ImportOptions {
        basis: if fiscal { YearBasis::Fiscal } else { YearBasis::Calendar },
        keep_incomplete_years: keep,
        ..ImportOptions::default()
    }
}

/// Headers that get past the header checks, so the body is exercised.
fn header() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "observation_date,GDP\n",
        "DATE,GFDEBTN,FYFSD\n",
        "year,x\n",
        "fy,a,b,c\n",
        "# source: test\nyear,debt,gdp,price,interest,surplus\n",
    ])
}

/// Lines that look like dated or yearly rows, valid or not.
fn row() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(1i32), 1900..2030i32, Just(9999i32)],
        0..14u32,
        0..33u32,
        "[0-9.\\-e]{0,6}",
        "[0-9.,\\-]{0,8}",
        any::<bool>(),
    )
        .prop_map(
            |(y, m, d, v, rest, dated)| {
                if dated {
                    format!("{y:04}-{m:02}-{d:02},{v}{rest}")
                } else {
                    format!("{y},{v}{rest}")
                }
            },
        )
}

proptest! {
    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), fiscal: bool, keep: bool) {
        let _ = import_bytes(&bytes, "r.bin", &options(fiscal, keep));
    }

    #[test]
    fn csv_alphabet(head in header(), body in "[0-9,.\\-\n]{0,300}", fiscal: bool, keep: bool) {
        let text = format!("{head}{body}");
        let _ = import_text(&text, "r.csv", &options(fiscal, keep));
    }

    #[test]
    fn csv_alphabet_with_quotes_and_comments(text in "[0-9a-z,.\\-\n\r \"#\t]{0,300}") {
        let _ = import_text(&text, "r.csv", &ImportOptions::default());
    }

    #[test]
    fn date_like_rows(head in header(), rows in prop::collection::vec(row(), 0..40), fiscal: bool, keep: bool) {
        let text = format!("{head}{}", rows.join("\n"));
        let _ = import_text(&text, "r.csv", &options(fiscal, keep));
    }

    /// Valid annual tables of random numbers, ordinary or extreme (zero,
    /// negative, 1e308, 1e-308), go through history, both decompositions
    /// and the backtest without panicking, giving either finite numbers
    /// only or an error that names the file, a line and a column.
    #[test]
    fn random_tables_through_the_decomposition(
        start in 1900..2000i32,
        values in prop::collection::vec(prop::array::uniform5(value()), 1..20),
        gaps in prop::collection::vec(0..3i32, 20),
    ) {
        let mut text = String::from("year,debt,gdp,price,interest,surplus\n");
        let mut year = start;
        for (v, gap) in values.iter().zip(&gaps) {
            text += &format!("{year},{:e},{:e},{:e},{:e},{:e}\n", v[0], v[1], v[2], v[3], v[4]);
            year += 1 + i32::from(*gap == 2);
        }
        let mut data = import_text(&text, "r.csv", &ImportOptions::default()).unwrap();
        for s in ["debt", "gdp", "interest"] {
            data.set_unit(s, Unit::UsdBillion).unwrap();
        }
        data.set_unit("surplus", Unit::PercentOfGdp).unwrap();
        let spec = HistorySpec {
            debt: "debt".into(),
            gdp: "gdp".into(),
            price_index: Some("price".into()),
            interest: Some("interest".into()),
            surplus: Some("surplus".into()),
        };
        let h = match history_from(&data, &spec) {
            Ok(h) => h,
            Err(e) => return named(&e),
        };
        for r in &h.rows {
            let all = [Some(r.debt), Some(r.gdp), Some(r.debt_gdp), r.nominal_growth, r.real_growth, r.inflation,
                r.interest, r.effective_rate, r.balance, r.primary_balance];
            prop_assert!(all.iter().flatten().all(|v| v.is_finite()), "{r:?}");
        }
        let (first, last) = h.span();
        match decompose_all(&h) {
            Ok(d) => prop_assert!(parts_finite(&d)),
            Err(e) => named(&e)?,
        }
        match decompose_nominal(&h, first, last) {
            Ok(d) => prop_assert!(parts_finite(&d)),
            Err(e) => named(&e)?,
        }
        match backtest(&h, first, last, true) {
            Ok(b) => {
                for r in &b.rows {
                    let all = [r.model_gdp, r.model_debt, r.model_debt_gdp, r.gap, r.sfa, r.sfa_compounded];
                    prop_assert!(all.iter().all(|v| v.is_finite()), "{r:?}");
                }
                prop_assert!(b.sfa_sum().is_finite());
            }
            Err(e) => named(&e)?,
        }
    }

    /// FRED files of extreme values import as finite annual values, or fail
    /// naming the file, a line and a column.
    #[test]
    fn extreme_fred_values(values in prop::collection::vec(value(), 1..12), sum: bool) {
        let mut text = String::from("observation_date,X\n");
        for (i, v) in values.iter().enumerate() {
            text += &format!("{}-{:02}-01,{v:e}\n", 2000 + i / 4, 1 + 3 * (i % 4));
        }
        let aggregation = if sum { "sum" } else { "average" };
        let o = ImportOptions::default().with_aggregation("X", aggregation.parse().unwrap());
        match import_text(&text, "x.csv", &o) {
            Ok(data) => prop_assert!(data.require("X").unwrap().values.iter().all(|(_, v)| v.is_finite())),
            Err(e) => named(&e)?,
        }
    }

    /// Well-formed FRED files with any spacing of dates and missing values
    /// always import, giving finite annual values in increasing years.
    #[test]
    fn valid_fred_files_import(
        start_year in 1900..2100i32,
        steps in prop::collection::vec((1..120u32, prop::option::of(-1e6..1e6f64)), 1..60),
        fiscal: bool,
        keep: bool,
        aggregation in prop::sample::select(vec!["average", "end-of-period", "sum"]),
    ) {
        let mut text = String::from("observation_date,X\n");
        let mut date = Date::new(start_year, 1, 1).unwrap();
        for (step, value) in &steps {
            match value {
                Some(v) => text += &format!("{date},{v}\n"),
                None => text += &format!("{date},.\n"),
            }
            for _ in 0..*step {
                date = next_day(date);
            }
        }
        let o = options(fiscal, keep).with_aggregation("X", aggregation.parse().unwrap());
        let data = import_text(&text, "v.csv", &o).unwrap();
        let x = data.require("X").unwrap();
        prop_assert!(x.values.windows(2).all(|w| w[0].0 < w[1].0));
        prop_assert!(x.values.iter().all(|(_, v)| v.is_finite()));
    }
}

/// Ordinary numbers, and the extremes that make ratios undefined.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1e3..1e4f64,
        1 => Just(0.0),
        1 => Just(1e308),
        1 => Just(-1e308),
        1 => Just(1e-308),
        1 => Just(f64::MAX),
        1 => prop::num::f64::NORMAL,
    ]
}

/// An error about a number names the place of a cell: `FILE: line L,
/// column C (NAME)` or `lines A-B`; the others are about the window or
/// missing years, which random tables may well have.
fn named(e: &DataError) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!prints_non_finite(&text), "{text}");
    if matches!(e, DataError::BadWindow { .. } | DataError::MissingSeries { .. } | DataError::NonConsecutive { .. }) {
        return Ok(());
    }
    prop_assert!(matches!(e, DataError::BadValue { .. } | DataError::NotFinite { .. }), "{text}");
    prop_assert!(text.contains(".csv: line") || text.contains(".csv: lines"), "{text}");
    prop_assert!(text.contains(", column "), "{text}");
    Ok(())
}

/// Whether `text` has a word `inf`, `NaN` or `infinity`, as Rust prints them.
fn prints_non_finite(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| ["inf", "NaN", "infinity"].contains(&w))
}

fn parts_finite<P: PartSet>(d: &Decomposition<P>) -> bool {
    let rows = d.rows.iter().all(|r| r.change.is_finite() && r.parts.named().iter().all(|(_, v)| v.is_finite()));
    rows && d.cumulative.named().iter().all(|(_, v)| v.is_finite()) && d.change().is_finite()
}

fn next_day(d: Date) -> Date {
    Date::new(d.year, d.month, d.day + 1)
        .or_else(|| Date::new(d.year, d.month + 1, 1))
        .unwrap_or_else(|| Date::new(d.year + 1, 1, 1).unwrap())
}
