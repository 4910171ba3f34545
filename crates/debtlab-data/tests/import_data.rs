//! Importing valid FRED downloads and plain annual tables.

use debtlab_data::{
    annualize, guess_aggregation, history_from, import_text, parse_fred_csv, Aggregation, Date, Frequency, HistorySpec,
    ImportOptions, Unit, YearBasis,
};

fn import(text: &str, options: &ImportOptions) -> debtlab_data::Dataset {
    import_text(text, "t.csv", options).unwrap()
}

/// Monthly rows for `years`, value = 100 * year + month.
fn monthly(id: &str, years: std::ops::RangeInclusive<i32>) -> String {
    let mut s = format!("observation_date,{id}\n");
    for y in years {
        for m in 1..=12 {
            s += &format!("{y}-{m:02}-01,{}\n", 100 * y + m);
        }
    }
    s
}

#[test]
fn quarterly_flow_at_annual_rate_is_averaged() {
    let text = "observation_date,GDP\n2022-01-01,100\n2022-04-01,102\n2022-07-01,104\n\
                2022-10-01,106\n2023-01-01,110\n2023-04-01,.\n";
    let d = import(text, &ImportOptions::default());
    let gdp = d.require("GDP").unwrap();
    assert_eq!(gdp.values, vec![(2022, 103.0)]);
    assert_eq!(gdp.unit, Unit::Other(String::new()));
    assert!(gdp.description.contains("quarterly"), "{}", gdp.description);
    assert!(d.notes.iter().any(|n| n.contains("GDP: incomplete years left out: 2023")));
    assert!(d.source.contains("FRED"));

    let keep = ImportOptions { keep_incomplete_years: true, ..ImportOptions::default() };
    assert_eq!(import(text, &keep).require("GDP").unwrap().at(2023), Some(110.0));
}

#[test]
fn stocks_take_the_last_observation_and_overrides_apply() {
    let text = "DATE,GFDEBTN,FDEFX\n2021-01-01,10,1\n2021-04-01,11,1\n2021-07-01,12,1\n\
                2021-10-01,13,1\n";
    let d = import(text, &ImportOptions::default());
    assert_eq!(d.require("GFDEBTN").unwrap().at(2021), Some(13.0));
    assert_eq!(d.require("FDEFX").unwrap().at(2021), Some(1.0));
    let o = ImportOptions::default().with_aggregation("FDEFX", Aggregation::Sum);
    assert_eq!(import(text, &o).require("FDEFX").unwrap().at(2021), Some(4.0));
    // Fiscal years: Oct-Sep, so FY2021 is incomplete and FY2022 starts in Oct 2021.
    let fiscal = ImportOptions { basis: YearBasis::Fiscal, keep_incomplete_years: true, ..ImportOptions::default() };
    let debt = import(text, &fiscal);
    let debt = debt.require("GFDEBTN").unwrap();
    assert_eq!(debt.values, vec![(2021, 12.0), (2022, 13.0)]);
}

#[test]
fn monthly_with_missing_values() {
    let text = monthly("CPIAUCSL", 2019..=2020).replace("2020-06-01,202006", "2020-06-01,.");
    let d = import(&text, &ImportOptions::default());
    let cpi = d.require("CPIAUCSL").unwrap();
    assert_eq!(cpi.values, vec![(2019, 201_906.5)]);
    let keep = ImportOptions { keep_incomplete_years: true, ..ImportOptions::default() };
    let mean_2020 = (202_001..=202_012).filter(|v| *v != 202_006).sum::<i32>() as f64 / 11.0;
    assert_eq!(import(&text, &keep).require("CPIAUCSL").unwrap().at(2020), Some(mean_2020));
}

#[test]
fn daily_and_weekly_frequencies() {
    let mut daily = String::from("observation_date,DGS10\n");
    let mut weekly = String::from("observation_date,WALCL\n");
    let mut d = Date::new(2023, 1, 2).unwrap();
    while d.year == 2023 {
        // 1970-01-01 was a Thursday, so day numbers 2 and 3 (mod 7) are weekends.
        let weekend = matches!(d.days().rem_euclid(7), 2 | 3);
        let value = if weekend || (d.month, d.day) == (7, 4) { "." } else { "4" };
        daily += &format!("{d},{value}\n");
        if d.days().rem_euclid(7) == 6 {
            weekly += &format!("{d},{}\n", d.month);
        }
        d = next_day(d);
    }
    let data = import(&daily, &ImportOptions::default());
    let dgs10 = data.require("DGS10").unwrap();
    assert!(dgs10.description.contains("daily"), "{}", dgs10.description);
    assert_eq!(dgs10.values, vec![(2023, 4.0)]);
    let data = import(&weekly, &ImportOptions::default());
    let walcl = data.require("WALCL").unwrap();
    assert!(walcl.description.contains("weekly"), "{}", walcl.description);
    assert_eq!(walcl.values, vec![(2023, 12.0)]);
}

fn next_day(d: Date) -> Date {
    Date::new(d.year, d.month, d.day + 1)
        .or_else(|| Date::new(d.year, d.month + 1, 1))
        .unwrap_or_else(|| Date::new(d.year + 1, 1, 1).unwrap())
}

#[test]
fn annual_fred_series_and_frequency_detection() {
    let text = "observation_date,FYGFDPUN,FYFSD\n2020-01-01,21000,-3100\n2021-01-01,22000,-2800\n";
    let fred = parse_fred_csv(text, "t.csv").unwrap();
    assert_eq!(fred.dates.len(), 2);
    let d = import(text, &ImportOptions::default());
    assert_eq!(d.require("FYGFDPUN").unwrap().at(2021), Some(22000.0));
    assert_eq!(d.require("FYFSD").unwrap().at(2020), Some(-3100.0));
    let obs = [(Date::new(2020, 1, 1).unwrap(), 1.0)];
    let a = annualize(&obs, Aggregation::Average, YearBasis::Calendar, false);
    assert_eq!((a.frequency, a.values.clone()), (Frequency::Annual, vec![(2020, 1.0)]));
}

#[test]
fn default_aggregations() {
    use Aggregation::*;
    for (id, agg) in [
        ("GDP", Average),
        ("GFDEBTN", EndOfPeriod),
        ("FYGFDPUN", EndOfPeriod),
        ("CPIAUCSL", Average),
        ("A091RC1Q027SBEA", Average),
        ("FEDFUNDS", Average),
        ("DGS10", Average),
        ("GDPDEF", Average),
        ("OPHNFB", Average),
        ("FDEFX", Average),
        ("M2SL", EndOfPeriod),
        ("MTSDS133FMS", Sum),
        ("FYFSD", Sum),
        ("SOMETHING", Average),
    ] {
        assert_eq!(guess_aggregation(id), agg, "{id}");
    }
    assert_eq!("eop".parse::<Aggregation>(), Ok(EndOfPeriod));
    assert_eq!(Sum.to_string().parse::<Aggregation>(), Ok(Sum));
    assert!("median".parse::<Aggregation>().is_err());
}

#[test]
fn plain_year_table_feeds_a_history() {
    let text = "# source: my spreadsheet\nyear, debt ,gdp,price,interest,surplus\n\
                2000,50,100,1.0,2,-1\n2001,\"55\",110,1.02,2.5,\n2002,60,121,1.05,3,-2\n";
    let mut d = import(text, &ImportOptions::default());
    assert_eq!(d.source, "my spreadsheet");
    assert_eq!(d.require("surplus").unwrap().at(2001), None);
    for s in ["debt", "gdp", "interest", "surplus"] {
        d.set_unit(s, Unit::UsdBillion).unwrap();
    }
    let spec = HistorySpec {
        debt: "debt".into(),
        gdp: "gdp".into(),
        price_index: Some("price".into()),
        interest: Some("interest".into()),
        surplus: Some("surplus".into()),
    };
    let h = history_from(&d, &spec).unwrap();
    assert_eq!(h.rows.len(), 3);
    let err = debtlab_data::decompose(&h, 2000, 2002).unwrap_err().to_string();
    assert!(err.contains("series surplus, interest") && err.contains("in 2001"), "{err}");
    let dec = debtlab_data::decompose(&h, 2001, 2002).unwrap();
    assert_eq!(dec.rows.len(), 1);
    // Without units the history refuses the data, naming the series.
    let raw = import(text, &ImportOptions::default());
    let err = history_from(&raw, &spec).unwrap_err().to_string();
    assert!(err.contains("\"debt\"") && err.contains("expected a USD unit"), "{err}");
}
