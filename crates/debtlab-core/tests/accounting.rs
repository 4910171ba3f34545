//! The model's accounting and the mechanisms of MODEL.md v2, on every preset.

mod common;

use common::{all_presets, identity_errors, preset, run};
use debtlab_core::analysis::convergence::convergence;
use debtlab_core::model;
use debtlab_core::output::Column;

#[test]
fn debt_identity_holds_with_other_financing_on_every_preset_and_step() {
    for scenario in all_presets() {
        for dt in [0.25, 0.125, 0.02] {
            let s = preset(&scenario.name, &[&format!("run.dt={dt}")]);
            let run = run(&s);
            assert_eq!(run.rows.len(), (s.model_params().run.years / run.dt).round() as usize + 1);
            for (step, error) in identity_errors(&run) {
                assert!(error <= 1e-12, "{} dt={}: step {step} identity off by {error:e}", s.name, run.dt);
            }
            for now in &run.rows[..run.rows.len() - 1] {
                let deficit = now.outlays_primary - now.revenue;
                assert!((now.primary_deficit - deficit).abs() <= 1e-12 * now.revenue.abs());
            }
        }
    }
}

#[test]
fn the_baseline_carries_other_financing() {
    let run = run(&preset("baseline", &[]));
    assert!(run.rows.iter().any(|r| r.other_financing > 0.0) && run.rows.iter().any(|r| r.other_financing < 0.0));
}

#[test]
fn r_equal_to_g_with_a_zero_primary_deficit_keeps_debt_to_gdp_flat() {
    // Inflation at target, no gap, no AI: nominal growth is g_base + g_L + target.
    // The natural rate equals real growth, so every rate equals nominal
    // growth (r = g); every line grows with nominal GDP and together they
    // equal revenue (PD = 0). Debt compounds exactly, so nothing drifts.
    let trend = 0.01294 + 0.004;
    let target = 0.02;
    let gdp = 30.0;
    let share = 0.18;
    let mut sets: Vec<String> = vec![
        "policy.rule=taylor".into(),
        format!("start.inflation={target}"),
        format!("prices.target={target}"),
        format!("policy.r_star={trend}"),
        format!("policy.growth_ref={trend}"),
        "rates.term_premium=0".into(),
        "rates.risk_premium_slope=0".into(),
        format!("start.rate_effective={}", trend + target),
        format!("start.bill_rate={}", trend + target),
        format!("start.gdp_nominal={gdp}"),
        format!("fiscal.tax_labor={share}"),
        format!("fiscal.tax_capital={share}"),
        "fiscal.tax_other=0".into(),
        "fiscal.other_financing=0".into(),
        "fiscal.revenue_cyclical=0".into(),
    ];
    for (line, weight) in [("social_security", 0.3), ("health", 0.3), ("defense", 0.2), ("other", 0.2)] {
        sets.push(format!("fiscal.{line}.level0={}", share * gdp * weight));
        sets.push(format!("fiscal.{line}.growth={trend}"));
        sets.push(format!("fiscal.{line}.price_weight=1"));
        sets.push(format!("fiscal.{line}.ratchet_weight=0"));
        sets.push(format!("fiscal.{line}.wage_weight=0"));
    }
    for dt in [0.25, 0.125, 1.0 / 52.0] {
        let mut all = sets.clone();
        all.push(format!("run.dt={dt}"));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = run(&preset("baseline", &all));
        for row in &run.rows {
            assert!(row.primary_deficit.abs() < 1e-12 * row.revenue, "PD = {}", row.primary_deficit);
            assert!(row.r_minus_g.abs() < 1e-12, "r - g = {}", row.r_minus_g);
        }
        let (first, last) = (run.rows[0].debt_gdp, run.rows[run.rows.len() - 1].debt_gdp);
        assert!(((last - first) / first).abs() < 1e-12, "dt = {dt}: debt/GDP moved from {first} to {last}");
    }
}

#[test]
fn a_one_off_doubling_of_velocity_doubles_prices_and_halves_real_debt() {
    // Rule `money`: the velocity shock of step s raises nominal GDP from
    // step s + 1; neither that step's output nor its debt moves, so only P doubles.
    let scenario = preset("musk-abundance", &[]);
    let params = scenario.model_params();
    let shock_step = 8;
    let plain = model::simulate(&params).unwrap();
    let shocked = model::simulate_with(&params, |t| {
        [if t == shock_step { std::f64::consts::LN_2 } else { 0.0 }, 0.0, 0.0, 0.0, 0.0, 0.0]
    })
    .unwrap();
    let after = shock_step + 1;
    let (a, b) = (&plain.rows[after], &shocked.rows[after]);
    assert!((b.price_level / a.price_level - 2.0).abs() < 1e-12);
    assert!((b.debt_public - a.debt_public).abs() < 1e-12 * a.debt_public);
    assert!((b.real_debt / a.real_debt - 0.5).abs() < 1e-12, "{} vs {}", b.real_debt, a.real_debt);
}

/// A spending line indexed only to the COLA index: `outlays / (level0 exp(growth tau))` is `Pmax_t`.
#[test]
fn the_cola_index_never_falls_and_rises_again_only_past_its_last_peak() {
    let mut deflations = 0;
    for scenario in all_presets() {
        let sets = ["fiscal.other.ratchet_weight=1", "fiscal.other.growth=0", "fiscal.automation_cut=0"];
        let s = preset(&scenario.name, &sets);
        let level0 = s.model_params().fiscal.other.level0;
        let run = run(&s);
        let mut peak: f64 = 1.0;
        let mut previous: f64 = 1.0;
        for row in &run.rows {
            let index = row.outlays_other / level0;
            peak = peak.max(row.price_level);
            assert!(index >= previous * (1.0 - 1e-14), "{}: the COLA index fell at step {}", s.name, row.step);
            assert!((index - peak).abs() <= 1e-12 * peak, "{} step {}: index {index} vs peak {peak}", s.name, row.step);
            previous = index;
        }
        deflations += usize::from(run.rows.iter().any(|r| r.price_level < 0.999));
    }
    assert!(deflations > 0, "some preset has falling prices, where the ratchet is tested");
}

#[test]
fn with_no_ai_and_no_shocks_the_money_rule_keeps_nominal_gdp_on_its_money_path() {
    let run = run(&preset("baseline", &["policy.rule=money", "money.growth=0.04"]));
    let (y0, m0) = (run.rows[0].gdp_nominal, run.rows[0].money);
    for row in &run.rows {
        let on_path = (row.gdp_nominal / y0) / (row.money / m0);
        assert!((on_path - 1.0).abs() < 1e-12, "step {}: {on_path}", row.step);
    }
    let last = &run.rows[run.rows.len() - 1];
    assert!((last.money / m0 - (0.04f64 * 10.0).exp()).abs() < 1e-12);
}

#[test]
fn a_fully_expected_wave_adds_no_deflation_through_the_ai_term() {
    // T_z = 0: expected AI growth is actual AI growth, so the Phillips curve's
    // `theta (gZ - gZe)` is zero whatever theta is.
    let expected = ["policy.rule=taylor", "prices.productivity_learning_years=0"];
    let inflation = |theta: &str| {
        let mut sets = expected.to_vec();
        sets.push(theta);
        run(&preset("musk-abundance", &sets)).rows.iter().map(|r| r.inflation).collect::<Vec<f64>>()
    };
    assert_eq!(inflation("prices.pass_through=0"), inflation("prices.pass_through=1"));
    // Learned over a year instead, the same wave is a cost shock and lowers inflation.
    let surprised = run(&preset("musk-abundance", &["policy.rule=taylor"]));
    let calm = run(&preset("musk-abundance", &["policy.rule=taylor", "prices.pass_through=0"]));
    assert!(surprised.rows[12].inflation < calm.rows[12].inflation - 0.05);
}

#[test]
fn the_default_dt_is_within_a_point_of_the_limit_on_every_preset() {
    let column = Column::by_name("debt_gdp").unwrap();
    for scenario in all_presets() {
        let c = convergence(&scenario, column, &[3.0, 10.0]).unwrap();
        assert_eq!(c.dt, 0.125, "{}: the default step", scenario.name);
        for point in &c.points {
            assert!(
                point.error().abs() < 0.01,
                "{} year {}: debt/GDP {} at dt = 1/8, limit {}",
                scenario.name,
                point.at,
                point.values[0],
                point.limit
            );
        }
    }
}

#[test]
fn every_preset_of_2026_starts_from_the_same_stocks() {
    for scenario in all_presets().into_iter().filter(|s| s.model_params().run.start_year == 2026.0) {
        let run = run(&scenario);
        let first = &run.rows[0];
        assert_eq!(first.debt_public, 30.8, "{}", scenario.name);
        assert_eq!(first.price_level, 1.0);
        assert!((first.debt_gross - 38.4).abs() < 1e-12);
    }
}

/// `inflation_yoy` is `P_t / P_{t-n} - 1` with `n = round(1/dt)`, checked
/// against the run's own `price_level` column; in the first year `P_{t-n}`
/// is the back-cast `exp((t - n) dt start.inflation)` (MODEL.md 7).
#[test]
fn inflation_yoy_is_the_price_level_over_its_value_a_year_before() {
    // dt = 0.3: n = 3 steps, 0.9 years; half a year at dt = 1/8: shorter than
    // n, so every row reads the back-cast.
    let cases = [
        ("debt-deflation", 0.125, 9.0),
        ("musk-abundance", 0.25, 9.0),
        ("baseline", 0.3, 9.0),
        ("baseline", 0.125, 0.5),
    ];
    for (name, dt, years) in cases {
        let s = preset(name, &[&format!("run.dt={dt}"), &format!("run.years={years}")]);
        let p = s.model_params();
        let run = run(&s);
        let n = (1.0_f64 / dt).round() as usize;
        for (t, row) in run.rows.iter().enumerate() {
            let year_ago = if t >= n {
                run.rows[t - n].price_level
            } else {
                ((t as f64 - n as f64) * dt * p.start.inflation).exp()
            };
            let expected = row.price_level / year_ago - 1.0;
            assert!(
                (row.inflation_yoy - expected).abs() <= 1e-13,
                "{name} dt={dt} step {t}: {} vs {expected}",
                row.inflation_yoy
            );
        }
    }
    // Where prices fall, the instantaneous rate and the change over a year
    // differ: the year-over-year column is the one that matches the level.
    let run = run(&preset("debt-deflation", &[]));
    let (t, row) =
        run.rows.iter().enumerate().skip(8).find(|(_, r)| r.inflation_yoy < -0.01).expect("prices fall over a year");
    assert!(row.price_level < 0.99 * run.rows[t - 8].price_level);
    assert!((row.inflation - row.inflation_yoy).abs() > 1e-3, "step {t}: the two measures differ");
}

/// Issue 17: the primary-balance shock and a recession's revenue and outlays
/// enter the primary deficit, so the identity closes on shocked paths too;
/// and the recession chain changes the paths.
#[test]
fn debt_identity_holds_on_shocked_paths_with_recessions_on_every_preset() {
    use debtlab_core::mc::engine::{PathRunner, PathSpec};
    for scenario in all_presets() {
        let paths = |sets: &[&str]| {
            let s = preset(&scenario.name, sets);
            let base = s.model_params();
            let table = model::schedule::table(&base);
            let spec =
                PathSpec { base: &base, schedule: &table, uncertain: &s.uncertain, shocks: Some(s.shocks), seed: 3 };
            let mut runner = PathRunner::new(&spec);
            (0..4u64)
                .map(|k| {
                    let mut rows = Vec::new();
                    runner.run(k, |_, row| rows.push(*row)).expect("the path runs");
                    model::Run {
                        dt: base.run.dt,
                        start_year: base.run.start_year,
                        rows,
                        solution: model::Solution::Adaptive,
                    }
                })
                .collect::<Vec<_>>()
        };
        let with = paths(&["shocks.recession.entry=0.5", "shocks.recession.spending=0.02"]);
        for run in &with {
            for (step, error) in identity_errors(run) {
                assert!(error <= 1e-12, "{}: step {step} identity off by {error:e}", scenario.name);
            }
            for now in &run.rows {
                let deficit = now.outlays_primary - now.revenue;
                assert!((now.primary_deficit - deficit).abs() <= 1e-12 * now.revenue.abs());
            }
        }
        let without = paths(&[]);
        assert!(with != without, "{}: the recession chain changed nothing", scenario.name);
    }
}
