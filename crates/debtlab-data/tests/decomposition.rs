//! The debt decomposition on the bundled data: exact additivity in every row
//! and window, agreement with the published debt ratios, and the post-war
//! replay.

use debtlab_data::{
    bundled, decompose, decompose_all, decompose_nominal, history, history_names, DataError, Decomposition, PartSet,
    Parts,
};

const EXACT: f64 = 1e-12;

fn assert_additive<P: PartSet>(dec: &Decomposition<P>) {
    assert!(!dec.rows.is_empty());
    for r in &dec.rows {
        assert!((r.parts.sum() - r.change).abs() < EXACT, "{} {}: {:?}", dec.dataset, r.year, r);
        assert!((r.d - r.d_prev - r.change).abs() < EXACT);
    }
    for w in dec.rows.windows(2) {
        assert_eq!(w[1].year, w[0].year + 1);
        assert_eq!(w[1].d_prev, w[0].d);
    }
    assert!((dec.cumulative.sum() - dec.change()).abs() < 1e-10, "{}", dec.dataset);
    let by_rows: f64 = dec.rows.iter().map(|r| r.change).sum();
    assert!((by_rows - dec.change()).abs() < 1e-10);
}

/// Every window `(from, to)` of a history with at least one year of change.
fn windows(first: i32, last: i32) -> impl Iterator<Item = (i32, i32)> {
    (first..last).flat_map(move |a| (a + 1..=last).map(move |b| (a, b)))
}

#[test]
fn parts_sum_to_change_in_every_row_and_window() {
    for name in history_names() {
        let h = history(name).unwrap();
        let (first, last) = h.span();
        let full = decompose_all(&h).ok();
        let nominal = decompose_nominal(&h, first, last).unwrap();
        assert_additive(&nominal);
        if let Some(full) = &full {
            assert_additive(full);
        }
        for (a, b) in windows(first, last) {
            assert_additive(&decompose_nominal(&h, a, b).unwrap());
            if let Some(full) = &full {
                let dec = decompose(&h, a, b).unwrap();
                assert_additive(&dec);
                let sub = full.window(a, b).unwrap();
                assert!((sub.cumulative.sum() - dec.cumulative.sum()).abs() < 1e-10);
            }
        }
    }
}

#[test]
fn nominal_decomposition_groups_the_full_one() {
    for name in ["us-1940-2025", "cbo-2025"] {
        let h = history(name).unwrap();
        let (first, last) = h.span();
        // us-1940-2025's price index ends FY2022 (debt and GDP run to FY2024).
        let last = if name == "us-1940-2025" { 2022 } else { last };
        if name == "us-1940-2025" {
            assert!(decompose(&h, first, 2023).is_err(), "FY2023 has no price index");
        }
        let full = decompose(&h, first, last).unwrap();
        let nominal = decompose_nominal(&h, first, last).unwrap();
        for (f, n) in full.rows.iter().zip(&nominal.rows) {
            let p = f.parts;
            let q = n.parts;
            assert!((p.inflation + p.real_growth - q.nominal_growth).abs() < EXACT, "{name}");
            assert!((p.interest + p.primary_deficit - q.overall_deficit).abs() < EXACT);
            assert!((p.residual - q.residual).abs() < EXACT);
        }
    }
}

#[test]
fn computed_ratio_matches_published_ratio() {
    let data = bundled("us-1940-2025").unwrap();
    let published = data.require("debt_public_pct_gdp").unwrap();
    let h = history("us-1940-2025").unwrap();
    for r in &h.rows {
        let p = published.at(r.year).unwrap();
        assert!((100.0 * r.debt_gdp - p).abs() < 0.06, "{}: {} vs {p}", r.year, r.debt_gdp);
    }
    let cbo = bundled("cbo-2025").unwrap();
    let published = cbo.require("debt_pct_gdp").unwrap();
    for r in &history("cbo-2025").unwrap().rows {
        assert!((100.0 * r.debt_gdp - published.at(r.year).unwrap()).abs() < 0.51);
    }
}

/// FY1946 -> FY1974: debt held by the public falls from about 106% to about
/// 23% of (OMB fiscal-year) GDP, the war debt grown and inflated away.
#[test]
fn postwar_replay() {
    let h = history("us-postwar").unwrap();
    assert_eq!(h.span(), (1946, 1974));
    let dec = decompose(&h, 1946, 1974).unwrap();
    let published = bundled("us-postwar").unwrap();
    let published = published.require("debt_public_pct_gdp").unwrap();
    assert_eq!(published.at(1946), Some(106.1));
    assert_eq!(published.at(1974), Some(23.2));
    assert!((100.0 * dec.d_start - 106.1).abs() < 1.0, "{}", dec.d_start);
    assert!((100.0 * dec.d_end - 23.2).abs() < 1.0, "{}", dec.d_end);
    assert_eq!(dec.rows.len(), 28);
    assert_eq!(dec.rows[0].year, 1947);

    // The same numbers from the full history.
    let all = decompose(&history("us-1940-2025").unwrap(), 1946, 1974).unwrap();
    assert_eq!(all.cumulative, dec.cumulative);

    // The story, in points of GDP: inflation and real growth each took out
    // more than 35 points, interest added more than 30, primary surpluses
    // took out about 26, and the residual is small.
    let pts = |x: f64| 100.0 * x;
    let Parts { interest, inflation, real_growth, primary_deficit, residual } = dec.cumulative;
    assert!((30.0..45.0).contains(&pts(interest)), "{}", pts(interest));
    assert!((-55.0..-40.0).contains(&pts(inflation)), "{}", pts(inflation));
    assert!((-45.0..-35.0).contains(&pts(real_growth)), "{}", pts(real_growth));
    assert!((-30.0..-20.0).contains(&pts(primary_deficit)), "{}", pts(primary_deficit));
    assert!(pts(residual).abs() < 8.0, "{}", pts(residual));
}

#[test]
fn thirties_full_decomposition_names_what_is_missing() {
    let h = history("us-1930s").unwrap();
    let err = decompose(&h, 1930, 1940).unwrap_err();
    assert!(matches!(err, DataError::MissingSeries { .. }));
    let msg = err.to_string();
    assert!(msg.contains("us-1930s") && msg.contains("GDP price index"), "{msg}");
    assert!(msg.contains("no such series"), "{msg}");

    // The deflation years: falling nominal GDP raised the ratio.
    let dec = decompose_nominal(&h, 1930, 1933).unwrap();
    assert!(dec.cumulative.nominal_growth > 0.10, "{:?}", dec.cumulative);
    assert!((100.0 * dec.d_end - 38.66).abs() < 0.01);
}

#[test]
fn bad_windows_are_errors() {
    let h = history("us-postwar").unwrap();
    for (a, b) in [(1945, 1950), (1950, 1975), (1960, 1960), (1970, 1960)] {
        let err = decompose(&h, a, b).unwrap_err();
        assert!(matches!(err, DataError::BadWindow { .. }), "{err}");
        assert!(err.to_string().contains("1946..=1974"), "{err}");
    }
    let dec = decompose_all(&h).unwrap();
    assert!(dec.window(1950, 1980).is_err());
    assert_eq!(dec.window(1950, 1960).unwrap().rows.len(), 10);
}
