//! Rough per-core speed of the deterministic step loop (the criterion
//! benches in bench/ are the reference figures).
use debtlab_core::model::{self, timeline::Timeline, Shocks, State};
use debtlab_core::presets::PresetResolver;

fn main() {
    let s = debtlab_core::load("musk-abundance", &PresetResolver, &[]).unwrap();
    let p = s.model_params();
    let timeline = Timeline::build(&p);
    let n = 200_000;
    let start = std::time::Instant::now();
    let mut acc = 0.0;
    for _ in 0..n {
        let mut state = State::start(&p);
        for x in &timeline.steps {
            acc += model::step(&p, &timeline.constants, x, &mut state, &Shocks::default()).debt_gdp;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("{:.3e} path-steps/s on one core (checksum {acc})", (n * timeline.steps.len()) as f64 / seconds);
    let mut buffer = Timeline::build(&p);
    let start = std::time::Instant::now();
    for _ in 0..20_000 {
        buffer.rebuild(std::hint::black_box(&p));
    }
    println!("timeline rebuild: {:.2} us", start.elapsed().as_secs_f64() / 20_000.0 * 1e6);
}
