//! Import never panics: any bytes or CSV-like text gives `Ok` or `Err`.

use debtlab_data::{
    decompose_all, decompose_nominal, history_from, import_bytes, import_text, Date, HistorySpec, ImportOptions, Unit,
    YearBasis,
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

    /// Valid annual tables of random numbers go through history and both
    /// decompositions without panicking.
    #[test]
    fn random_tables_through_the_decomposition(
        start in 1900..2000i32,
        values in prop::collection::vec(prop::array::uniform5(-1e3..1e4f64), 1..20),
        gaps in prop::collection::vec(0..3i32, 20),
    ) {
        let mut text = String::from("year,debt,gdp,price,interest,surplus\n");
        let mut year = start;
        for (v, gap) in values.iter().zip(&gaps) {
            text += &format!("{year},{},{},{},{},{}\n", v[0], v[1], v[2], v[3], v[4]);
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
        let h = history_from(&data, &spec).unwrap();
        let _ = decompose_all(&h);
        let (first, last) = h.span();
        let _ = decompose_nominal(&h, first, last);
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

fn next_day(d: Date) -> Date {
    Date::new(d.year, d.month, d.day + 1)
        .or_else(|| Date::new(d.year, d.month + 1, 1))
        .unwrap_or_else(|| Date::new(d.year + 1, 1, 1).unwrap())
}
