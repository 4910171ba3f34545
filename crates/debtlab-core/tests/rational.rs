//! Rational expectations (MODEL.md 3.10, issue 14): what a forward-looking
//! run must show that an adaptive one does not.

mod common;

use common::{all_presets, identity_errors, preset, run};
use debtlab_core::analysis::convergence::convergence;
use debtlab_core::output::{Column, Row};
use debtlab_core::{RunError, Solution};

const WAVE_SECTORS: [&str; 5] =
    ["professional_services", "manufacturing_logistics", "government_admin", "energy", "health_education"];

fn sets(expectations: &str, extra: &[String]) -> Vec<String> {
    let mut all = vec![format!("prices.expectations={expectations}")];
    all.extend_from_slice(extra);
    all
}

fn runs(name: &str, expectations: &str, extra: &[String]) -> Vec<Row> {
    let all = sets(expectations, extra);
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    run(&preset(name, &refs)).rows
}

/// The trapezoid mean of `x[t..=t + n]`, half weights at both ends.
fn trapezoid(x: &[f64], t: usize, n: usize) -> f64 {
    let interior: f64 = x[t + 1..t + n].iter().sum();
    (0.5 * x[t] + interior + 0.5 * x[t + n]) / n as f64
}

#[test]
fn every_preset_solves_and_keeps_its_accounting() {
    for scenario in all_presets() {
        let s = preset(&scenario.name, &["prices.expectations=rational"]);
        let r = run(&s);
        let Solution::Rational { iterations } = r.solution else { panic!("{}: not rational", s.name) };
        assert!((1..=1000).contains(&iterations), "{}: {iterations}", s.name);
        assert_eq!(r.rows.len(), s.model_params().run.steps() + 1, "{}: the extension is not reported", s.name);
        for (step, error) in identity_errors(&r) {
            assert!(error <= 1e-12, "{}: step {step} identity off by {error:e}", s.name);
        }
        let s_adaptive = preset(&scenario.name, &["prices.expectations=adaptive"]);
        assert_eq!(run(&s_adaptive).solution, Solution::Adaptive);
    }
}

/// An AI wave whose midpoint is five years out (ai-goldman's sectors: midpoint
/// 5, speed 0.5) against the same scenario without it.
#[test]
fn an_anticipated_wave_raises_rates_now_only_under_rational_expectations() {
    let no_wave: Vec<String> = WAVE_SECTORS.iter().map(|s| format!("technology.sectors.{s}.ceiling=0")).collect();
    let year1 = 8; // dt = 1/8
    let mut rises = Vec::new();
    for mode in ["adaptive", "rational"] {
        let wave = runs("ai-goldman", mode, &[]);
        let flat = runs("ai-goldman", mode, &no_wave);
        let r_star = wave[year1].r_star - flat[year1].r_star;
        let ten_year = wave[year1].rate_10y - flat[year1].rate_10y;
        // The deepest fall of inflation below the no-wave path.
        let dip = wave.iter().zip(&flat).map(|(w, f)| w.inflation - f.inflation).fold(0.0, f64::min);
        rises.push((r_star, ten_year, dip));
    }
    let [(r_adaptive, ten_adaptive, dip_adaptive), (r_rational, ten_rational, dip_rational)] = rises[..] else {
        unreachable!()
    };
    assert!(r_rational > 0.005, "rational: the natural rate rises {r_rational} in year 1");
    assert!(r_adaptive < 0.2 * r_rational, "adaptive: {r_adaptive} against rational {r_rational}");
    assert!(ten_rational > 0.003, "rational: the 10-year rate rises {ten_rational} in year 1");
    assert!(ten_adaptive <= 0.0, "adaptive: the 10-year rate does not rise in year 1 ({ten_adaptive})");
    assert!(dip_rational > dip_adaptive, "the price dip is smaller: {dip_rational} vs {dip_adaptive}");
}

#[test]
fn the_ten_year_rate_is_the_mean_of_the_solved_short_rates_plus_its_premium() {
    let extra: Vec<String> =
        ["run.years=25", "rates.risk_premium_slope=0", "rates.term_premium=0.007", "policy.floor=0"]
            .map(String::from)
            .to_vec();
    for name in ["baseline", "critics-fair", "abundance-steelman"] {
        let rows = runs(name, "rational", &extra);
        let short: Vec<f64> = rows.iter().map(|r| r.policy_rate).collect();
        let n = 80; // 10 years at dt = 1/8
        for (t, row) in rows.iter().enumerate().take(rows.len() - n) {
            let want = (trapezoid(&short, t, n) + 0.007).max(0.0);
            let got = row.rate_10y;
            assert!((got - want).abs() < 2e-10, "{name} step {t}: {got} vs {want}");
        }
    }
}

#[test]
fn an_announced_rise_in_the_natural_rate_moves_todays_ten_year_rate_only_under_rational_expectations() {
    let announced = vec!["policy.r_star=[[2026, 0.01], [2031, 0.01], [2031.5, 0.02]]".to_string()];
    for (mode, moves) in [("adaptive", false), ("rational", true)] {
        let now = runs("baseline", mode, &announced)[0].rate_10y;
        let before = runs("baseline", mode, &["policy.r_star=0.01".to_string()])[0].rate_10y;
        if moves {
            assert!(now - before > 0.002, "{mode}: {now} vs {before}");
        } else {
            assert_eq!(now, before, "{mode}: today's rate cannot see the announcement");
        }
    }
}

#[test]
fn a_run_that_cannot_be_solved_is_an_error_naming_the_variable_and_its_last_change() {
    // Zero anchoring: nothing ties expected inflation to the target.
    let s = preset("critics-fair", &["prices.expectations=rational", "prices.anchoring=0"]);
    match s.run() {
        Err(RunError::Unsolved(unsolved)) => {
            let message = unsolved.to_string();
            let (variable, change) = unsolved.last_change.expect("an iteration finished");
            assert!(change.is_finite() && change > 1e-10, "{message}");
            assert!(message.contains(variable) && message.contains("MODEL.md 3.10"), "{message}");
            assert!(unsolved.left_range.is_some(), "{message}");
        }
        other => panic!("expected an unsolved run, got {other:?}"),
    }
}

#[test]
fn the_default_dt_is_within_a_point_of_the_limit_on_every_preset_under_rational_expectations() {
    let column = Column::by_name("debt_gdp").unwrap();
    for scenario in all_presets() {
        let s = preset(&scenario.name, &["prices.expectations=rational"]);
        let c = convergence(&s, column, &[3.0, 10.0]).unwrap();
        assert_eq!(c.dt, 0.125, "{}: the default step", s.name);
        for point in &c.points {
            assert!(
                point.error().abs() < 0.01,
                "{} year {}: debt/GDP {} at dt = 1/8, limit {}",
                s.name,
                point.at,
                point.values[0],
                point.limit
            );
        }
    }
}
