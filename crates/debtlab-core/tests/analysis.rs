//! The solver on a setup whose answer is known in closed form, its reports
//! when no value works, and target parsing.

mod common;

use common::{preset, run};
use debtlab_core::analysis::solve::{frontier, parse_target, solve, Outcome};
use debtlab_core::Scenario;

/// The baseline with no interest at all: a zero effective rate that stays
/// zero (the policy and 10-year rates sit on a zero floor: the money rule,
/// r* and the term premium at their lowest, no risk premium; both debt pools
/// start at 0) and cuts in full from step 0. With no fiscal multiplier no
/// block feeds spending back into output, so debt held by the public after
/// `s` steps is `D_s(0) - s dt cut`: at year 1 exactly one year's cut lower.
fn no_interest(extra: &[&str]) -> Scenario {
    let mut sets = vec![
        "policy.rule=money",
        "policy.r_star=-0.1",
        "policy.floor=0",
        "rates.term_premium=-0.05",
        "rates.risk_premium_slope=0",
        "start.rate_effective=0",
        "start.bill_rate=0",
        "demand.fiscal_multiplier=0",
        "fiscal.cut_phase_years=0",
    ];
    sets.extend_from_slice(extra);
    preset("baseline", &sets)
}

fn debt_at_year_1(s: &Scenario) -> f64 {
    let r = run(s);
    // Interest is the step's average flow `(D_{t+1} - D_t)/dt - F_t`: zero up to rounding.
    assert!(r.rows.iter().all(|row| row.rate_effective == 0.0 && row.interest.abs() < 1e-12), "no interest");
    r.rows[(1.0 / r.dt) as usize].debt_public
}

#[test]
fn solve_recovers_the_cut_that_meets_a_debt_target() {
    let uncut = debt_at_year_1(&no_interest(&[]));
    let cut = debt_at_year_1(&no_interest(&["fiscal.cut_target=0.5"]));
    assert!((uncut - cut - 0.5).abs() < 1e-12, "debt is linear in the cut: {uncut} - {cut}");
    let target = uncut - 0.7;
    let claim = parse_target(&format!("debt_public <= {target} by 1")).unwrap();
    let (knob, solution) = solve(&no_interest(&[]), "fiscal.cut_target", &claim, None, 21).unwrap();
    assert_eq!(knob.name, "fiscal.cut_target");
    assert_eq!(solution.range, (-1000.0, 1000.0));
    let Outcome::Crossings(crossings) = &solution.outcome else { panic!("{:?}", solution.outcome) };
    assert_eq!(crossings.len(), 1);
    let c = crossings[0];
    assert!((c.value - 0.7).abs() < 1e-8, "cut {}", c.value);
    assert!(c.holds_above, "bigger cuts, lower debt");
    assert!((c.metric - target).abs() < 1e-8 && c.threshold == target);

    // The same target as a floor holds below the cut.
    let floor = parse_target(&format!("debt_public >= {target} by 1")).unwrap();
    let (_, solution) = solve(&no_interest(&[]), "fiscal.cut_target", &floor, Some((-5.0, 5.0)), 7).unwrap();
    let Outcome::Crossings(crossings) = &solution.outcome else { panic!("{:?}", solution.outcome) };
    assert!((crossings[0].value - 0.7).abs() < 1e-8 && !crossings[0].holds_above);
}

#[test]
fn the_frontier_follows_the_starting_debt_one_for_one() {
    // Each extra $1T of starting debt needs an extra $1T/yr of cuts for one year.
    let uncut = debt_at_year_1(&no_interest(&[]));
    let claim = parse_target(&format!("debt_public <= {} by 1", uncut - 0.7)).unwrap();
    let f =
        frontier(&no_interest(&[]), ["start.debt_public", "fiscal.cut_target"], &claim, [Some((29.8, 31.8)), None], 5)
            .unwrap();
    assert_eq!(f.rows.len(), 5);
    for (debt, solution) in &f.rows {
        let Outcome::Crossings(c) = &solution.outcome else { panic!("{:?}", solution.outcome) };
        let expected = 0.7 + (debt - 30.8);
        assert!((c[0].value - expected).abs() < 1e-8, "at {debt}: {} vs {expected}", c[0].value);
    }
}

#[test]
fn unreachable_and_always_met_targets_are_reported() {
    let s = no_interest(&[]);
    let uncut = debt_at_year_1(&s);
    let claim = parse_target("debt_public <= -1e6 by 1").unwrap();
    let (_, solution) = solve(&s, "fiscal.cut_target", &claim, Some((-10.0, 10.0)), 11).unwrap();
    let Outcome::Never { value, metric, .. } = solution.outcome else { panic!("{:?}", solution.outcome) };
    assert!((value - 10.0).abs() < 1e-6, "the biggest cut comes closest: {value}");
    assert!((metric - (uncut - value)).abs() < 1e-9);
    let claim = parse_target("debt_public <= 1e6 by 1").unwrap();
    let (_, solution) = solve(&s, "fiscal.cut_target", &claim, Some((-10.0, 10.0)), 11).unwrap();
    assert_eq!(solution.outcome, Outcome::Always);
    assert!(solve(&s, "fiscal.cut_target", &claim, Some((0.0, 2000.0)), 11).unwrap_err().to_string().contains("valid"));
}

#[test]
fn group_knobs_move_every_ai_sector() {
    // More productivity at full adoption lowers debt/GDP at year 3 in the claim's scenario.
    let s = preset("musk-abundance", &[]);
    let claim = parse_target("debt_gdp <= start*0.9 by 3").unwrap();
    let (knob, solution) = solve(&s, "technology.sectors.*.multiple", &claim, Some((1.0, 20.0)), 11).unwrap();
    assert_eq!(knob.slots.len(), 5);
    assert!(solution.grid.iter().all(|g| g.result.is_some()));
}

#[test]
fn targets_parse_like_claims() {
    let claim = parse_target("gross_gdp <= start*0.5 by 3").unwrap();
    assert_eq!(claim.describe(), "gross_gdp <= start*0.5 by 3");
    assert_eq!(parse_target("real_debt<start by 2.5").unwrap().describe(), "real_debt < start by 2.5");
    assert_eq!(parse_target("interest_defense >= 1 by 1").unwrap().describe(), "interest_defense >= 1 by 1");
    let err = |t: &str| parse_target(t).unwrap_err().to_string();
    assert!(err("debt_gpd <= start by 3").contains("did you mean `debt_gdp`?"));
    assert!(err("debt_gdp <= strat by 3").contains("did you mean `start`?"));
    assert!(err("debt_gdp <= start").contains("by YEARS"));
    assert!(err("debt_gdp = start by 3").contains("no comparison"));
}
