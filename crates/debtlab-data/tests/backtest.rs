//! The backtest of the model's debt identity on OMB FY1990-2022: the gap is
//! the compounded cumulative stock-flow adjustment, and feeding the SFA in
//! closes it.

use debtlab_data::{backtest, history, Backtest};

const FROM: i32 = 1990;
const TO: i32 = 2022;

fn run(with_sfa: bool) -> Backtest {
    let h = history("us-1940-2025").unwrap();
    backtest(&h, FROM, TO, with_sfa).unwrap()
}

#[test]
fn gap_is_the_compounded_cumulative_sfa() {
    let h = history("us-1940-2025").unwrap();
    let b = run(false);
    assert_eq!(b.rows.len(), (TO - FROM) as usize);
    assert_eq!(b.rows[0].year, FROM + 1);
    // Rebuild C_t from the history alone: SFA_t = D_t - D_{t-1} - (interest_t
    // - pb_t GDP_t), C_t = (1 + i_t) C_{t-1} + SFA_t, and M_t - D_t = -C_t.
    let mut c = 0.0;
    for r in &b.rows {
        let (prev, cur) = (h.row(r.year - 1).unwrap(), h.row(r.year).unwrap());
        let i = cur.interest.unwrap() / prev.debt;
        let sfa = cur.debt - prev.debt - (cur.interest.unwrap() - cur.primary_balance.unwrap() * cur.gdp);
        c = (1.0 + i) * c + sfa;
        assert!((r.sfa - sfa).abs() < 1e-9, "{}", r.year);
        assert!((r.sfa_compounded - c).abs() < 1e-9, "{}", r.year);
        assert!((r.model_debt - (cur.debt - c)).abs() < 1e-6, "{}: $bn", r.year);
        assert!((r.gap - (-c / cur.gdp)).abs() < 1e-9, "{}: gap {} vs -C/GDP {}", r.year, r.gap, -c / cur.gdp);
        assert!((r.model_gdp / r.gdp - 1.0).abs() < 1e-12, "{}", r.year);
        assert!((r.debt_gdp - cur.debt_gdp).abs() < 1e-15);
    }
    let largest = b.largest_gap().unwrap();
    assert!(b.rows.iter().all(|r| r.gap.abs() <= largest.gap.abs()));
    // The SFA over FY1991-2022 is large (credit programs, cash balance,
    // TARP, the 2020 cash build-up): several points of GDP.
    assert!(largest.gap.abs() > 0.01, "{largest:?}");
}

#[test]
fn feeding_the_sfa_reproduces_the_actual_debt() {
    let b = run(true);
    assert!(b.with_sfa);
    for r in &b.rows {
        assert!(r.gap.abs() < 0.001, "FY{}: model {:.4} vs actual {:.4}", r.year, r.model_debt_gdp, r.debt_gdp);
        assert!(r.gap.abs() < 1e-12, "FY{}: {}", r.year, r.gap);
    }
}

#[test]
fn start_and_other_windows() {
    let b = run(false);
    assert_eq!(b.start_debt, 2_411.558);
    assert!((b.start_debt_gdp - 2_411.558 / 5_898.75).abs() < 1e-15);
    // Post-war: same identity, any window.
    let h = history("us-postwar").unwrap();
    let pw = backtest(&h, 1946, 1974, false).unwrap();
    let last = pw.rows.last().unwrap();
    assert!((last.model_debt - (last.debt - last.sfa_compounded)).abs() < 1e-6);
    let exact = backtest(&h, 1946, 1974, true).unwrap();
    assert!(exact.rows.iter().all(|r| r.gap.abs() < 1e-12));
}
