//! `[shocks.recession]`: a two-state Markov chain (expansion, recession) per
//! Monte Carlo path (MODEL.md section 5.5). Defaults come from the NBER's
//! post-war business-cycle dates (docs/recessions.md).

use crate::analysis::quantile::normal_quantile;
use crate::num::Real;

/// The recession chain's parameters. Off unless a scenario writes
/// `[shocks.recession]`; the other fields then default to the NBER figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecessionSpec {
    /// Whether the chain runs (`[shocks.recession]` present).
    pub enabled: bool,
    /// Probability per year that an expansion turns into a recession.
    pub entry: f64,
    /// Mean length of a recession, years.
    pub duration: f64,
    /// Demand shock per year while in recession (share of potential output; negative lowers output).
    pub depth: f64,
    /// Revenue lost while in recession beyond what the output gap already takes, share of GDP.
    pub revenue: f64,
    /// Primary outlays added while in recession beyond unemployment costs, share of GDP.
    pub spending: f64,
}

/// NBER post-war cycles, troughs October 1945 to April 2020: 12 recessions
/// of 124 months in all and 770 months of expansion (docs/recessions.md).
pub const NBER_RECESSIONS: f64 = 12.0;
pub const NBER_RECESSION_MONTHS: f64 = 124.0;
pub const NBER_EXPANSION_MONTHS: f64 = 770.0;

impl Default for RecessionSpec {
    fn default() -> Self {
        // Entry rate per year of expansion: 12 starts in 770/12 years.
        let entry_rate = NBER_RECESSIONS / (NBER_EXPANSION_MONTHS / 12.0);
        RecessionSpec {
            enabled: false,
            entry: 1.0 - (-entry_rate).exp(),
            duration: NBER_RECESSION_MONTHS / NBER_RECESSIONS / 12.0,
            // Judgment: a 3% of potential per year demand shock over a
            // 0.86-year recession takes the gap down about 2.5 points.
            depth: -0.03,
            // Judgment: half a point of GDP each on revenue (capital gains,
            // corporate profits) and discretionary spending.
            revenue: 0.005,
            spending: 0.005,
        }
    }
}

impl RecessionSpec {
    /// The keys of `[shocks.recession]`, in field order.
    pub const KEYS: [&'static str; 5] = ["entry", "duration", "depth", "revenue", "spending"];

    pub fn is_on(&self) -> bool {
        self.enabled && self.entry > 0.0
    }

    /// Sets a field by key; the error says the rule broken.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), String> {
        let (slot, ok, rule) = match key {
            "entry" => (&mut self.entry, (0.0..=1.0).contains(&value), "a probability per year in [0, 1]"),
            "duration" => (&mut self.duration, value > 0.0 && value <= 50.0, "years in (0, 50]"),
            "depth" => (&mut self.depth, (-0.5..=0.5).contains(&value), "a share of potential per year in [-0.5, 0.5]"),
            "revenue" => (&mut self.revenue, (-0.2..=0.2).contains(&value), "a share of GDP in [-0.2, 0.2]"),
            "spending" => (&mut self.spending, (-0.2..=0.2).contains(&value), "a share of GDP in [-0.2, 0.2]"),
            _ => return Err("unknown key".into()),
        };
        if !value.is_finite() || !ok {
            return Err(format!("{value} is outside the valid range: {rule}"));
        }
        *slot = value;
        Ok(())
    }

    pub fn get(&self, key: &str) -> f64 {
        match key {
            "entry" => self.entry,
            "duration" => self.duration,
            "depth" => self.depth,
            "revenue" => self.revenue,
            _ => self.spending,
        }
    }

    /// Per-step probabilities of entering (from expansion) and leaving (from
    /// recession): `1 - (1 - entry)^dt` and `1 - exp(-dt / duration)`.
    pub fn step_probabilities(&self, dt: f64) -> (f64, f64) {
        (1.0 - (1.0 - self.entry).powf(dt), 1.0 - (-dt / self.duration).exp())
    }

    /// The thresholds a standard normal is compared with: a step changes
    /// state when its normal is below the threshold of its state.
    pub fn thresholds(&self, dt: f64) -> (f64, f64) {
        let (enter, leave) = self.step_probabilities(dt);
        (normal_quantile(enter), normal_quantile(leave))
    }

    /// The long-run share of time in recession of the chain at step `dt`.
    pub fn long_run_share(&self, dt: f64) -> f64 {
        let (enter, leave) = self.step_probabilities(dt);
        enter / (enter + leave)
    }
}

/// One step of the chain: `state` is 1 in recession, 0 in expansion; `z` a
/// standard normal; thresholds from [`RecessionSpec::thresholds`].
#[inline(always)]
pub fn advance<V: Real>(state: V, z: V, enter: f64, leave: f64) -> V {
    let (one, zero) = (V::splat(1.0), V::splat(0.0));
    let in_recession = state.gt(V::splat(0.5));
    let stays = V::select(z.lt(V::splat(leave)), zero, one);
    let starts = V::select(z.lt(V::splat(enter)), one, zero);
    V::select(in_recession, stays, starts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mc::engine::ShockStream;
    use rand::SeedableRng;

    #[test]
    fn the_nber_defaults_give_their_post_war_share_of_time_in_recession() {
        let spec = RecessionSpec { enabled: true, ..RecessionSpec::default() };
        // 124 of 894 post-war months were in recession (13.9%); the chain's
        // continuous-time share is the same by construction.
        let share = spec.long_run_share(1e-6);
        assert!((share - 124.0 / 894.0).abs() < 1e-4, "share {share}");
        assert!((spec.duration - 0.8611).abs() < 1e-3);
    }

    /// Runs the chain on one path's normals and returns (share of steps in
    /// recession, mean recession length in years, recessions per year).
    fn run_chain(spec: &RecessionSpec, dt: f64, steps: usize) -> (f64, f64, f64) {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(17);
        let mut stream = ShockStream::after_draws(&mut rng);
        let (enter, leave) = spec.thresholds(dt);
        let (mut state, mut inside, mut spells) = (0.0, 0usize, 0usize);
        for _ in 0..steps {
            let next = advance::<f64>(state, stream.normal(), enter, leave);
            if next == 1.0 && state == 0.0 {
                spells += 1;
            }
            inside += (next == 1.0) as usize;
            state = next;
        }
        let years = steps as f64 * dt;
        (inside as f64 / steps as f64, inside as f64 * dt / spells as f64, spells as f64 / years)
    }

    #[test]
    fn the_chains_long_run_share_and_spell_length_match_its_parameters() {
        let spec = RecessionSpec { enabled: true, entry: 0.2, duration: 1.0, ..RecessionSpec::default() };
        let dt = 0.125;
        // 400,000 years: about 71,000 recessions. Spell lengths are roughly
        // geometric, sd about their mean, so the mean length's standard error
        // is about 1/sqrt(71,000) = 0.4%; the share's about twice that (the
        // states are correlated). Tolerances are 3% (several standard errors).
        let (share, length, rate) = run_chain(&spec, dt, 3_200_000);
        let want = spec.long_run_share(dt);
        assert!((share / want - 1.0).abs() < 0.03, "share {share} vs {want}");
        let (_, leave) = spec.step_probabilities(dt);
        assert!((length / (dt / leave) - 1.0).abs() < 0.03, "length {length}");
        // Starts per year of expansion: -ln(1 - 0.2) = 0.223.
        let per_expansion_year = rate / (1.0 - share);
        assert!((per_expansion_year / -(0.8f64.ln()) - 1.0).abs() < 0.03, "rate {per_expansion_year}");
    }

    #[test]
    fn a_bad_probability_is_refused_with_its_rule() {
        let mut spec = RecessionSpec::default();
        assert!(spec.set("entry", 1.5).unwrap_err().contains("[0, 1]"));
        assert!(spec.set("duration", 0.0).unwrap_err().contains("(0, 50]"));
        assert_eq!(spec.set("entrie", 0.1).unwrap_err(), "unknown key");
        spec.set("entry", 0.3).unwrap();
        assert_eq!(spec.get("entry"), 0.3);
    }
}
