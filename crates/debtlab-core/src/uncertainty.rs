//! Uncertainty (MODEL.md section 5): parameter draws, once per path, from
//! `[uncertain]`, and per-step shocks with an optional correlation from
//! `[shocks]`.

use rand::RngExt;
use rand_distr::{Beta, Distribution as _, LogNormal, Normal, Triangular};

use crate::params::Range;

/// A distribution of a parameter across paths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    Normal { mean: f64, sd: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Uniform { lo: f64, hi: f64 },
    Triangular { lo: f64, mode: f64, hi: f64 },
    Beta { a: f64, b: f64, lo: f64, hi: f64 },
}

/// How many standard deviations of a normal (or of the log of a lognormal)
/// must lie inside the parameter's valid range.
pub const SIGMAS_INSIDE_RANGE: f64 = 6.0;

impl Distribution {
    /// The names and argument lists, for messages.
    pub const FORMS: &'static str =
        "normal(mean, sd), lognormal(mu, sigma), uniform(lo, hi), triangular(lo, mode, hi), beta(a, b, lo, hi)";

    /// Builds a distribution from its name and arguments, checking them.
    pub fn new(name: &str, args: &[f64]) -> Result<Distribution, String> {
        let want = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!("{name} takes {n} arguments, got {}", args.len()))
            }
        };
        let d = match name {
            "normal" => {
                want(2)?;
                Distribution::Normal { mean: args[0], sd: args[1] }
            }
            "lognormal" => {
                want(2)?;
                Distribution::LogNormal { mu: args[0], sigma: args[1] }
            }
            "uniform" => {
                want(2)?;
                Distribution::Uniform { lo: args[0], hi: args[1] }
            }
            "triangular" => {
                want(3)?;
                Distribution::Triangular { lo: args[0], mode: args[1], hi: args[2] }
            }
            "beta" => {
                want(4)?;
                Distribution::Beta { a: args[0], b: args[1], lo: args[2], hi: args[3] }
            }
            other => return Err(format!("unknown distribution `{other}`; use one of {}", Self::FORMS)),
        };
        d.check()?;
        Ok(d)
    }

    /// Parses `normal(0.1, 0.02)` and the like.
    pub fn parse(text: &str) -> Result<Distribution, String> {
        let text = text.trim();
        let (name, rest) = text
            .split_once('(')
            .ok_or_else(|| format!("`{text}` is not a distribution; use one of {}", Self::FORMS))?;
        let inner = rest.strip_suffix(')').ok_or_else(|| format!("`{text}`: missing closing parenthesis"))?;
        let args = inner
            .split(',')
            .map(|a| a.trim().parse::<f64>().map_err(|_| format!("`{}` is not a number", a.trim())))
            .collect::<Result<Vec<f64>, String>>()?;
        Distribution::new(name.trim(), &args)
    }

    fn check(&self) -> Result<(), String> {
        let all_finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
        match *self {
            Distribution::Normal { mean, sd } if all_finite(&[mean, sd]) && sd > 0.0 => Ok(()),
            Distribution::Normal { .. } => Err("normal(mean, sd) needs a finite mean and sd > 0".into()),
            Distribution::LogNormal { mu, sigma } if all_finite(&[mu, sigma]) && sigma > 0.0 => Ok(()),
            Distribution::LogNormal { .. } => Err("lognormal(mu, sigma) needs a finite mu and sigma > 0".into()),
            Distribution::Uniform { lo, hi } if all_finite(&[lo, hi]) && lo < hi => Ok(()),
            Distribution::Uniform { .. } => Err("uniform(lo, hi) needs lo < hi".into()),
            Distribution::Triangular { lo, mode, hi }
                if all_finite(&[lo, mode, hi]) && lo < hi && lo <= mode && mode <= hi =>
            {
                Ok(())
            }
            Distribution::Triangular { .. } => {
                Err("triangular(lo, mode, hi) needs lo <= mode <= hi and lo < hi".into())
            }
            Distribution::Beta { a, b, lo, hi } if all_finite(&[a, b, lo, hi]) && a > 0.0 && b > 0.0 && lo < hi => {
                Ok(())
            }
            Distribution::Beta { .. } => Err("beta(a, b, lo, hi) needs a > 0, b > 0 and lo < hi".into()),
        }
    }

    /// The interval that must lie inside the parameter's valid range: the
    /// support for bounded distributions, `mean +/- 6 sd` for a normal.
    pub fn effective_support(&self) -> (f64, f64) {
        let k = SIGMAS_INSIDE_RANGE;
        match *self {
            Distribution::Normal { mean, sd } => (mean - k * sd, mean + k * sd),
            Distribution::LogNormal { mu, sigma } => ((mu - k * sigma).exp(), (mu + k * sigma).exp()),
            Distribution::Uniform { lo, hi }
            | Distribution::Triangular { lo, hi, .. }
            | Distribution::Beta { lo, hi, .. } => (lo, hi),
        }
    }

    /// Checks that draws stay in the parameter's valid range.
    pub fn check_range(&self, range: &Range) -> Result<(), String> {
        let (lo, hi) = self.effective_support();
        if range.contains(lo) && range.contains(hi) {
            Ok(())
        } else {
            let what = match self {
                Distribution::Normal { .. } => "mean +/- 6 sd",
                Distribution::LogNormal { .. } => "exp(mu +/- 6 sigma)",
                _ => "the support",
            };
            Err(format!(
                "{what} is [{lo}, {hi}], which leaves the valid range {range}; narrow it or use a bounded distribution"
            ))
        }
    }

    /// One draw.
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Distribution::Normal { mean, sd } => Normal::new(mean, sd).map(|d| d.sample(rng)).unwrap_or(mean),
            Distribution::LogNormal { mu, sigma } => {
                LogNormal::new(mu, sigma).map(|d| d.sample(rng)).unwrap_or(mu.exp())
            }
            Distribution::Uniform { lo, hi } => lo + (hi - lo) * rng.random::<f64>(),
            Distribution::Triangular { lo, mode, hi } => {
                Triangular::new(lo, hi, mode).map(|d| d.sample(rng)).unwrap_or(mode)
            }
            Distribution::Beta { a, b, lo, hi } => {
                lo + (hi - lo) * Beta::new(a, b).map(|d| d.sample(rng)).unwrap_or(a / (a + b))
            }
        }
    }

    /// The distribution as written in a scenario file.
    pub fn describe(&self) -> String {
        match *self {
            Distribution::Normal { mean, sd } => format!("normal({mean}, {sd})"),
            Distribution::LogNormal { mu, sigma } => format!("lognormal({mu}, {sigma})"),
            Distribution::Uniform { lo, hi } => format!("uniform({lo}, {hi})"),
            Distribution::Triangular { lo, mode, hi } => format!("triangular({lo}, {mode}, {hi})"),
            Distribution::Beta { a, b, lo, hi } => format!("beta({a}, {b}, {lo}, {hi})"),
        }
    }
}

pub mod historical;
pub mod recession;

pub use recession::RecessionSpec;

/// The five per-step shocks, in the order of [`ShockSpec::NAMES`].
pub const SHOCK_COUNT: usize = 5;
/// What a step reads from the shock source: the five shocks, with the
/// primary-balance slot carrying `eps_pb` less a recession's revenue loss,
/// and a recession's rise in primary outlays (share of GDP) as the sixth
/// (MODEL.md section 5.2).
pub const SHOCK_INPUTS: usize = SHOCK_COUNT + 1;
/// Index of `eps_pb` (and of the revenue input) in [`ShockSpec::NAMES`].
pub const PB: usize = 4;
/// Index of the recession's outlays input.
pub const OUTLAYS: usize = 5;

/// `[shocks]`: annualised standard deviations, optional annual persistence,
/// the Cholesky factor of the correlation matrix and the recession chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShockSpec {
    pub sd: [f64; SHOCK_COUNT],
    /// `None`: the shock is white noise per step, `sd sqrt(dt) (L z)`, so a
    /// year of steps sums to `sd` (a shock to a level's growth). `Some(rho)`:
    /// the shock is a deviation with annual AR(1) coefficient `rho` and
    /// annual innovation `sd`, sampled exactly at every step (a shock to a
    /// rate or a ratio; see [`ShockSpec::step_constants`]).
    pub persistence: [Option<f64>; SHOCK_COUNT],
    /// The correlation matrix as given (written back by `show` as it was read).
    pub correlation: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
    /// Lower-triangular `L` with `L L' = correlation`.
    pub cholesky: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
    /// `[shocks.recession]`: the two-state recession chain (off by default).
    pub recession: RecessionSpec,
}

/// The identity matrix of the shocks.
pub fn identity() -> [[f64; SHOCK_COUNT]; SHOCK_COUNT] {
    let mut m = [[0.0; SHOCK_COUNT]; SHOCK_COUNT];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    m
}

impl Default for ShockSpec {
    fn default() -> Self {
        ShockSpec {
            sd: [0.0; SHOCK_COUNT],
            persistence: [None; SHOCK_COUNT],
            correlation: identity(),
            cholesky: identity(),
            recession: RecessionSpec::default(),
        }
    }
}

impl ShockSpec {
    pub const NAMES: [&'static str; SHOCK_COUNT] = ["eps_pi", "eps_y", "eps_tp", "eps_Z", "eps_pb"];
    /// The persistence keys of `[shocks]`, in the order of [`ShockSpec::NAMES`].
    pub const PERSISTENCE_NAMES: [&'static str; SHOCK_COUNT] =
        ["eps_pi_persistence", "eps_y_persistence", "eps_tp_persistence", "eps_Z_persistence", "eps_pb_persistence"];

    pub fn index(name: &str) -> Option<usize> {
        Self::NAMES.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// Whether a path draws anything: a shock with `sd > 0` or the recession chain.
    pub fn any(&self) -> bool {
        self.sd.iter().any(|&s| s > 0.0) || self.recession.is_on()
    }

    /// Per step, for every shock: the carry `phi` and the scale of its
    /// mixed normal, so that `eps_t = phi eps_{t-1} + scale (L z)_t`.
    /// White noise: `phi = 0`, `scale = sd sqrt(dt)`. Persistence `rho`:
    /// `phi = rho^dt` and `scale = sd sqrt((1 - phi^2) / (1 - rho^2))`, the
    /// exact sampling at interval `dt` of the continuous process whose
    /// sampling once a year is the AR(1) `x_y = rho x_{y-1} + u_y`,
    /// `sd(u) = sd`; at `dt = 1` it is that AR(1).
    pub fn step_constants(&self, dt: f64) -> ([f64; SHOCK_COUNT], [f64; SHOCK_COUNT]) {
        let mut phi = [0.0; SHOCK_COUNT];
        let mut scale = [0.0; SHOCK_COUNT];
        for i in 0..SHOCK_COUNT {
            match self.persistence[i] {
                None => scale[i] = self.sd[i] * dt.sqrt(),
                Some(rho) => {
                    phi[i] = rho.powf(dt);
                    scale[i] = self.sd[i] * ((1.0 - phi[i] * phi[i]) / (1.0 - rho * rho)).sqrt();
                }
            }
        }
        (phi, scale)
    }

    /// Which standard normals a step needs: one for every shock that is on,
    /// and one for every shock that one of those is correlated with (even
    /// when that one is off), so that an active shock keeps its full variance.
    pub fn needed(&self) -> [bool; SHOCK_COUNT] {
        std::array::from_fn(|j| (j..SHOCK_COUNT).any(|i| self.sd[i] > 0.0 && self.cholesky[i][j] != 0.0))
    }

    /// This step's innovations `sd sqrt(dt) (L z)` from standard normals `z`
    /// (entries that [`ShockSpec::needed`] leaves out are ignored).
    pub fn mix(&self, z: &[f64; SHOCK_COUNT], sqrt_dt: f64) -> [f64; SHOCK_COUNT] {
        let mut out = [0.0; SHOCK_COUNT];
        for (i, slot) in out.iter_mut().enumerate() {
            if self.sd[i] > 0.0 {
                *slot = self.sd[i] * sqrt_dt * mixed(&self.cholesky[i], z, i);
            }
        }
        out
    }

    /// Draws this step's innovations, taking the needed normals from `normal` in shock order.
    pub fn draw(&self, mut normal: impl FnMut() -> f64, sqrt_dt: f64) -> [f64; SHOCK_COUNT] {
        let mut z = [0.0; SHOCK_COUNT];
        for (zj, needed) in z.iter_mut().zip(self.needed()) {
            if needed {
                *zj = normal();
            }
        }
        self.mix(&z, sqrt_dt)
    }
}

/// `sum_{j <= i} L_ij z_j`, summed in `j` order from 0 (the lane kernel sums alike).
#[inline(always)]
pub fn mixed(row: &[f64; SHOCK_COUNT], z: &[f64; SHOCK_COUNT], i: usize) -> f64 {
    let mut sum = 0.0;
    for (weight, zj) in row[..=i].iter().zip(z) {
        sum += weight * zj;
    }
    sum
}

/// Cholesky factor of a correlation matrix, allowing positive semi-definite
/// (singular) matrices. Errors say which rule is broken.
#[allow(clippy::needless_range_loop)] // index arithmetic reads like the textbook algorithm
pub fn cholesky(matrix: &[[f64; SHOCK_COUNT]; SHOCK_COUNT]) -> Result<[[f64; SHOCK_COUNT]; SHOCK_COUNT], String> {
    const TOLERANCE: f64 = 1e-10;
    for i in 0..SHOCK_COUNT {
        if (matrix[i][i] - 1.0).abs() > TOLERANCE {
            return Err(format!("the diagonal must be 1, but entry [{i}][{i}] is {}", matrix[i][i]));
        }
        for j in 0..SHOCK_COUNT {
            if !(-1.0..=1.0).contains(&matrix[i][j]) {
                return Err(format!("entry [{i}][{j}] = {} is not a correlation in [-1, 1]", matrix[i][j]));
            }
            if (matrix[i][j] - matrix[j][i]).abs() > TOLERANCE {
                return Err(format!(
                    "the matrix is not symmetric: [{i}][{j}] = {} but [{j}][{i}] = {}",
                    matrix[i][j], matrix[j][i]
                ));
            }
        }
    }
    let mut l = [[0.0; SHOCK_COUNT]; SHOCK_COUNT];
    for j in 0..SHOCK_COUNT {
        let pivot = matrix[j][j] - (0..j).map(|k| l[j][k] * l[j][k]).sum::<f64>();
        if pivot < -TOLERANCE {
            return Err("the correlation matrix is not positive semi-definite".into());
        }
        let diagonal = pivot.max(0.0).sqrt();
        l[j][j] = diagonal;
        for i in j + 1..SHOCK_COUNT {
            let rest = matrix[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if diagonal <= TOLERANCE.sqrt() {
                if rest.abs() > 1e-8 {
                    return Err("the correlation matrix is not positive semi-definite".into());
                }
                l[i][j] = 0.0;
            } else {
                l[i][j] = rest / diagonal;
            }
        }
    }
    Ok(l)
}

/// A parameter drawn once per path.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainParam {
    /// Dotted name.
    pub name: String,
    pub slot: crate::params::slots::Slot,
    pub distribution: Distribution,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::StandardNormal;

    #[test]
    fn parses_every_form_and_rejects_bad_arguments() {
        assert_eq!(Distribution::parse("normal(0.1, 0.02)"), Ok(Distribution::Normal { mean: 0.1, sd: 0.02 }));
        assert!(Distribution::parse("beta(2, 5, 0, 1)").is_ok());
        assert!(Distribution::parse("triangular(0, 0.5, 1)").is_ok());
        assert!(Distribution::parse("normal(0.1, -1)").unwrap_err().contains("sd > 0"));
        assert!(Distribution::parse("uniform(2, 1)").unwrap_err().contains("lo < hi"));
        assert!(Distribution::parse("triangular(0, 2, 1)").unwrap_err().contains("mode"));
        assert!(Distribution::parse("gamma(1, 2)").unwrap_err().contains("unknown distribution"));
        assert!(Distribution::parse("normal(1)").unwrap_err().contains("takes 2 arguments"));
    }

    #[test]
    fn draws_stay_in_the_support() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let d = Distribution::Beta { a: 2.0, b: 5.0, lo: 0.5, hi: 1.5 };
        let draws: Vec<f64> = (0..10_000).map(|_| d.sample(&mut rng)).collect();
        assert!(draws.iter().all(|&x| (0.5..=1.5).contains(&x)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - (0.5 + 2.0 / 7.0)).abs() < 0.01, "beta mean {mean}");
    }

    #[test]
    fn ranges_are_checked_with_six_sigmas() {
        let share = Range::closed(0.0, 1.0);
        assert!(Distribution::Normal { mean: 0.5, sd: 0.05 }.check_range(&share).is_ok());
        assert!(Distribution::Normal { mean: 0.5, sd: 0.1 }.check_range(&share).is_err());
        assert!(Distribution::Uniform { lo: 0.2, hi: 1.2 }.check_range(&share).is_err());
    }

    #[test]
    fn a_shock_correlated_with_one_that_is_off_keeps_its_variance() {
        let mut matrix = identity();
        matrix[0][1] = 0.8;
        matrix[1][0] = 0.8;
        let spec = ShockSpec {
            sd: [0.0, 0.01, 0.0, 0.0, 0.0],
            correlation: matrix,
            cholesky: cholesky(&matrix).unwrap(),
            ..ShockSpec::default()
        };
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let n = 200_000;
        let variance = (0..n).map(|_| spec.draw(|| rng.sample(StandardNormal), 1.0)[1].powi(2)).sum::<f64>() / n as f64;
        assert!((variance.sqrt() / 0.01 - 1.0).abs() < 0.01, "sd {}", variance.sqrt());
    }

    #[test]
    fn cholesky_accepts_semi_definite_and_rejects_indefinite() {
        let mut m = identity();
        m[0][1] = 1.0;
        m[1][0] = 1.0;
        let l = cholesky(&m).unwrap();
        assert_eq!(l[1][0], 1.0);
        assert_eq!(l[1][1], 0.0);
        let mut bad = m;
        bad[0][2] = 0.9;
        bad[2][0] = 0.9;
        bad[1][2] = -0.9;
        bad[2][1] = -0.9;
        assert!(cholesky(&bad).unwrap_err().contains("positive semi-definite"));
        let mut asym = m;
        asym[0][3] = 0.5;
        assert!(cholesky(&asym).unwrap_err().contains("symmetric"));
    }

    /// A year of steps gives the annual figures the table states: a white
    /// noise shock sums to `sd` over the year, and a persistent one sampled
    /// once a year is the AR(1) with coefficient `rho` and innovation `sd`.
    #[test]
    fn a_year_of_steps_gives_the_annual_sizes() {
        let spec = ShockSpec {
            sd: [0.02, 0.03, 0.0, 0.0, 0.0],
            persistence: [Some(0.7), None, None, None, None],
            ..ShockSpec::default()
        };
        let dt = 0.125;
        let (phi, scale) = spec.step_constants(dt);
        assert_eq!(phi[1], 0.0);
        assert!((scale[1] - 0.03 * dt.sqrt()).abs() < 1e-15);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        let years = 100_000;
        let (mut x, mut last_year, mut u2, mut sum2) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..years {
            let mut year_sum = 0.0;
            for _ in 0..8 {
                let z: [f64; 2] = [rng.sample(StandardNormal), rng.sample(StandardNormal)];
                x = phi[0] * x + scale[0] * z[0];
                year_sum += scale[1] * z[1];
            }
            u2 += (x - 0.7 * last_year).powi(2);
            sum2 += year_sum * year_sum;
            last_year = x;
        }
        // 100,000 years: an sd's relative standard error is 1/sqrt(2e5) = 0.22%.
        let (innovation, white) = ((u2 / years as f64).sqrt(), (sum2 / years as f64).sqrt());
        assert!((innovation / 0.02 - 1.0).abs() < 0.01, "annual innovation {innovation}");
        assert!((white / 0.03 - 1.0).abs() < 0.01, "a year's sum {white}");
        // At dt = 1 the step is the annual AR(1) itself.
        let (phi1, scale1) = spec.step_constants(1.0);
        assert!((phi1[0] - 0.7).abs() < 1e-15 && (scale1[0] - 0.02).abs() < 1e-15);
    }
}
