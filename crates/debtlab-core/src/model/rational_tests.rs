use super::*;
use crate::model::schedule;
use crate::presets::PresetResolver;

/// A preset's one-path constants and schedule table, rational expectations on.
fn setup(name: &str, sets: &[&str]) -> (crate::params::ModelParams, PathParams<f64>, Vec<[f64; COUNT]>) {
    let mut all: Vec<String> = vec!["prices.expectations=rational".into()];
    all.extend(sets.iter().map(|s| s.to_string()));
    let p = crate::load(name, &PresetResolver, &all).expect("loads").model_params();
    let c = PathParams::<f64>::new(std::slice::from_ref(&p));
    let table = schedule::table(&p);
    (p, c, table)
}

/// The trapezoid mean written out: `x` held at its last value past the end.
fn naive_mean(x: &[f64], t: usize, n: usize) -> f64 {
    let at = |k: usize| x[k.min(x.len() - 1)];
    (0.5 * at(t) + (t + 1..t + n).map(at).sum::<f64>() + 0.5 * at(t + n)) / n as f64
}

/// Re-simulating with the solved expectations reproduces them: each is
/// within the tolerance of the forward mean of the path it produces.
#[test]
fn the_solution_is_a_fixed_point() {
    for name in ["baseline", "musk-abundance", "abundance-steelman", "debt-deflation", "critics-fair", "energy-bound"] {
        let (p, c, table) = setup(name, &[]);
        let (drawn, values, vary) = ([false; COUNT], [[0.0; MAX_LANES]; COUNT], [true; COUNT]);
        let mut sched = Schedules::<f64>::new(&table, &drawn, &values, &vary);
        let (mut state, mut solver) = (State::default(), Solver::default());
        let rows = solved_rows(&p);
        assert_eq!(rows, p.run.steps() + 1 + 80, "{name}: ten years past the horizon at dt = 1/8");
        solver.solve(&c, &mut sched, rows, 1, &mut state).expect("solves");
        let solved = solver.paths().clone();
        let mut path = [vec![0.0; rows], vec![0.0; rows], vec![0.0; rows]];
        let failed = run_quiet(&c, &mut sched, rows, Some(&solved), &mut state, &mut path);
        assert!(failed.iter().all(Option::is_none), "{name}");
        let mut worst = 0.0f64;
        for (v, x) in path.iter().enumerate() {
            for (t, &expected) in solved[v].iter().enumerate() {
                worst = worst.max((naive_mean(x, t, c.windows[v][0]) - expected).abs());
            }
        }
        assert!(worst <= TOLERANCE + 1e-14, "{name}: the expectations miss their own path by {worst:e}");
        // And the guess moved: the adaptive expectations are not a solution.
        let adaptive_start = {
            let mut first = [vec![0.0], vec![0.0], vec![0.0]];
            run_quiet(&c, &mut sched, 1, None, &mut state, &mut first);
            first[2][0]
        };
        assert!((adaptive_start - solved[2][0]).abs() > 1e-6, "{name}: {adaptive_start} vs {}", solved[2][0]);
    }
}

/// At the cap, the error names the path that still moves and by how much.
#[test]
fn a_solve_that_runs_out_of_iterations_names_what_still_moves() {
    let (p, c, table) = setup("critics-fair", &[]);
    let (drawn, values, vary) = ([false; COUNT], [[0.0; MAX_LANES]; COUNT], [true; COUNT]);
    let mut sched = Schedules::<f64>::new(&table, &drawn, &values, &vary);
    let (mut state, mut solver) = (State::default(), Solver::default());
    let (lane, unsolved) =
        solver.solve_within(&c, &mut sched, solved_rows(&p), 1, &mut state, 3).expect_err("three are too few");
    assert_eq!(lane, 0);
    assert_eq!(unsolved.iterations, 3);
    assert!(unsolved.left_range.is_none());
    let (variable, change) = unsolved.last_change.expect("iterations finished");
    assert!(VARIABLES.contains(&variable) && change > TOLERANCE, "{variable} {change}");
    let message = unsolved.to_string();
    assert!(message.contains("did not converge in 3 iterations") && message.contains(variable), "{message}");
}
