//! The model's accounting and its basic economics, on every preset.

mod common;

use common::{all_presets, preset, run};
use debtlab_core::model::{self, timeline::Timeline, Shocks, State};
use debtlab_core::params::ModelParams;

#[test]
fn debt_identity_holds_on_every_preset_and_step() {
    for scenario in all_presets() {
        for dt in [0.25, 0.125, 0.02] {
            let s = preset(&scenario.name, &[&format!("run.dt={dt}")]);
            let run = run(&s);
            assert_eq!(run.rows.len(), (10.0 / run.dt).round() as usize + 1);
            for pair in run.rows.windows(2) {
                let (now, next) = (&pair[0], &pair[1]);
                let expected = now.debt_public + run.dt * (now.interest + now.primary_deficit);
                let error = (next.debt_public - expected).abs() / expected.abs().max(1e-300);
                assert!(error <= 1e-12, "{} dt={}: step {} identity off by {error:e}", s.name, run.dt, now.step);
                let deficit = now.outlays_primary - now.revenue;
                assert!((now.primary_deficit - deficit).abs() <= 1e-12 * now.revenue.abs());
            }
        }
    }
}

#[test]
fn r_equal_to_g_with_a_zero_primary_deficit_keeps_debt_to_gdp_flat() {
    // Inflation at target, no gap, no AI: nominal growth is g_base + g_L + target.
    // The neutral rate equals real growth, so every rate equals nominal growth (r = g).
    // Every program grows with nominal GDP and together they equal revenue (PD = 0).
    let g_real = 0.018 + 0.004;
    let target = 0.02;
    let gdp = 30.0;
    let revenue_share = 0.18;
    let sets = [
        "run.regime=taylor".to_string(),
        format!("start.inflation={target}"),
        format!("prices.target={target}"),
        "prices.anchoring=1".to_string(),
        format!("policy.r_star={g_real}"),
        "rates.term_premium=0".to_string(),
        "rates.risk_premium_slope=0".to_string(),
        format!("start.rate_effective={}", g_real + target),
        format!("start.gdp_nominal={gdp}"),
        format!("fiscal.revenue_share={revenue_share}"),
        "fiscal.revenue_cyclical=0".to_string(),
        format!("fiscal.g_indexed={g_real}"),
        format!("fiscal.g_health={g_real}"),
        format!("fiscal.g_defense={}", g_real + target),
        format!("fiscal.g_other={}", g_real + target),
        format!("fiscal.indexed0={}", revenue_share * gdp * 0.3),
        format!("fiscal.health0={}", revenue_share * gdp * 0.3),
        format!("fiscal.defense0={}", revenue_share * gdp * 0.2),
        format!("fiscal.other0={}", revenue_share * gdp * 0.2),
    ];
    let drift = |dt: f64| {
        let mut all: Vec<String> = sets.to_vec();
        all.push(format!("run.dt={dt}"));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = run(&preset("baseline", &all));
        for row in &run.rows {
            assert!(row.primary_deficit.abs() < 1e-12 * row.revenue, "PD = {}", row.primary_deficit);
            assert!((row.r_minus_g).abs() < 1e-12, "r - g = {}", row.r_minus_g);
        }
        let (first, last) = (run.rows[0].debt_gdp, run.rows[run.rows.len() - 1].debt_gdp);
        (last - first) / first
    };
    // Euler compounding of interest vs exponential growth leaves a drift of
    // order r^2 dt / 2 per year, which vanishes as dt -> 0.
    let coarse = drift(0.25);
    let fine = drift(0.0625);
    assert!(coarse.abs() < 3e-3, "debt/GDP moved {coarse:e} over 10 years");
    assert!(fine.abs() < 1e-3, "debt/GDP moved {fine:e} over 10 years");
    assert!((coarse / fine - 4.0).abs() < 0.1, "drift is first order in dt: {coarse:e} vs {fine:e}");
}

#[test]
fn a_one_off_doubling_of_the_price_level_halves_real_debt() {
    // Quantity regime: this step's inflation moves neither this step's rates nor
    // its flows, so nominal debt next step is unchanged and only P doubles.
    let scenario = preset("musk-abundance", &[]);
    let params = scenario.model_params();
    let shock_step = 8;
    let ln2_per_step = std::f64::consts::LN_2 / params.run.dt;
    let plain = model::simulate(&params).unwrap();
    let shocked = model::simulate_with(&params, |t| Shocks {
        eps_pi: if t == shock_step { ln2_per_step } else { 0.0 },
        ..Shocks::default()
    })
    .unwrap();
    let after = shock_step + 1;
    let (a, b) = (&plain.rows[after], &shocked.rows[after]);
    assert!((b.price_level / a.price_level - 2.0).abs() < 1e-12);
    assert!((b.debt_public - a.debt_public).abs() < 1e-12 * a.debt_public);
    assert!((b.real_debt / a.real_debt - 0.5).abs() < 1e-12, "{} vs {}", b.real_debt, a.real_debt);
}

#[test]
fn the_cola_never_falls_even_in_a_deflation() {
    for scenario in all_presets() {
        let params: ModelParams = scenario.model_params();
        let timeline = Timeline::build(&params);
        let mut state = State::start(&params);
        let mut deflation_seen = false;
        for x in &timeline.steps {
            let cola_before = state.cola;
            let row = model::step(&params, &timeline.constants, x, &mut state, &Shocks::default());
            deflation_seen |= row.inflation < 0.0;
            assert!(state.cola >= cola_before, "{}: COLA fell at step {}", scenario.name, row.step);
        }
        if scenario.name == "debt-deflation" {
            assert!(deflation_seen, "debt-deflation should have falling prices");
        }
    }
}

#[test]
fn euler_scheme_converges_at_first_order_on_every_preset() {
    for scenario in all_presets() {
        let at_year_10 = |dt: f64| {
            let run = run(&preset(&scenario.name, &[&format!("run.dt={dt}")]));
            run.rows[run.rows.len() - 1].debt_gdp
        };
        let (quarter, eighth, sixteenth) = (at_year_10(0.25), at_year_10(0.125), at_year_10(0.0625));
        let ratio = (quarter - eighth) / (eighth - sixteenth);
        assert!(
            (1.6..=2.5).contains(&ratio),
            "{}: halving dt shrank the change by {ratio} ({quarter}, {eighth}, {sixteenth})",
            scenario.name
        );
    }
}

#[test]
fn every_preset_starts_from_the_same_stocks() {
    for scenario in all_presets() {
        let run = run(&scenario);
        let first = &run.rows[0];
        assert_eq!(first.debt_public, 30.8, "{}", scenario.name);
        assert_eq!(first.price_level, 1.0);
        assert!((first.debt_gross - 38.4).abs() < 1e-12);
    }
}
