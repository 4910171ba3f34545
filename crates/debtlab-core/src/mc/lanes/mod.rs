//! The Monte Carlo kernel: [`LANES`] paths advanced together, each value
//! held as `[f64; LANES]` so that every block's arithmetic, `exp`, `ln` and
//! the normal generator run as vector instructions.
//!
//! A group of lanes is paths `k..k + LANES` (a short last group repeats its
//! last path in the spare lanes, whose results are dropped). Each lane does
//! exactly what the scalar reference [`super::engine::PathRunner`] does for
//! its path: the same parameter draws from the same stream, the same shock
//! normals (bit for bit), and the same equations; only `exp` and `ln` differ
//! in their last bits (see [`math`]), which the tests bound.
//!
//! Results do not depend on how paths are grouped into threads: lanes never
//! mix, and each path's numbers come from its own stream.

#[cfg(target_arch = "x86_64")]
mod avx2;
pub mod kernel;
pub(crate) mod math;
pub mod params;
pub(crate) mod simd;
#[cfg(test)]
mod tests;

use super::engine::{path_stream, ParamDraws, PathError, PathRunner, PathSpec, ShockStream};
use crate::model::NonFinite;
use crate::output::{Column, COLUMNS};
use crate::params::ModelParams;
use crate::uncertainty::SHOCK_COUNT;
use kernel::{LaneRow, LaneState, Scheduled, StepClock};
use math::{box_muller_v, xoshiro_next_v};
use params::{scheduled_values, LaneParams, SCHEDULED};
use simd::{F64x4, U64x4};

/// Paths per group.
pub const LANES: usize = 8;
/// One value per lane.
pub type Lane = [f64; LANES];

/// The shock streams of a group, one xoshiro256++ state per lane.
#[derive(Debug, Clone, Default)]
struct LaneStreams {
    s0: [u64; LANES],
    s1: [u64; LANES],
    s2: [u64; LANES],
    s3: [u64; LANES],
    /// The second normal of the last pair, per lane.
    spare: Lane,
    has_spare: bool,
}

impl LaneStreams {
    fn seed(&mut self, lane: usize, state: [u64; 4]) {
        [self.s0[lane], self.s1[lane], self.s2[lane], self.s3[lane]] = state;
    }

    /// The next standard normal of every lane (as [`ShockStream::normal`]).
    #[inline(always)]
    fn normal<V: F64x4>(&mut self, out: &mut Lane) {
        if self.has_spare {
            *out = self.spare;
            self.has_spare = false;
            return;
        }
        for v in (0..LANES).step_by(V::WIDTH) {
            let load = |s: &[u64; LANES]| V::Bits::load(&s[v..]);
            let (mut a, mut b, mut c, mut d) = (load(&self.s0), load(&self.s1), load(&self.s2), load(&self.s3));
            let first = xoshiro_next_v(&mut a, &mut b, &mut c, &mut d);
            let second = xoshiro_next_v(&mut a, &mut b, &mut c, &mut d);
            a.store(&mut self.s0[v..]);
            b.store(&mut self.s1[v..]);
            c.store(&mut self.s2[v..]);
            d.store(&mut self.s3[v..]);
            let (z0, z1) = box_muller_v::<V>(first, second);
            z0.store(&mut out[v..]);
            z1.store(&mut self.spare[v..]);
        }
        self.has_spare = true;
    }
}

/// Whether this processor runs the kernel's AVX2 build.
pub fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Per-thread scratch for running groups of paths; allocates nothing per group.
pub struct LaneRunner<'a> {
    spec: &'a PathSpec<'a>,
    draws: ParamDraws,
    /// Each lane's parameters after its draws.
    paths: Vec<ModelParams>,
    lane: LaneParams,
    state: LaneState,
    row: LaneRow,
    streams: LaneStreams,
    /// Every step's shocks of the current group, kept to reuse the buffer.
    eps: Vec<[Lane; SHOCK_COUNT]>,
    /// Scheduled values per step of the base timeline, and which are drawn (then per-lane constants).
    base_scheduled: Vec<[f64; 12]>,
    drawn_scheduled: [bool; 12],
    needed: [bool; SHOCK_COUNT],
    /// `sd_i sqrt(dt)` of every shock, and the Cholesky factor.
    scale: [f64; SHOCK_COUNT],
    cholesky: [[f64; SHOCK_COUNT]; SHOCK_COUNT],
    taylor: bool,
    /// Whether a wanted column needs nominal growth.
    output_growth: bool,
}

impl<'a> LaneRunner<'a> {
    /// A runner whose rows will be read for `columns` (a column not listed
    /// may be left out of the rows: see [`LaneColumn::needs_output_growth`]).
    pub fn new(spec: &'a PathSpec<'a>, columns: &[LaneColumn]) -> Self {
        let base = spec.base;
        let sectors = base.technology.sectors.len();
        let drawn_scheduled = SCHEDULED.map(|name| spec.uncertain.iter().any(|u| u.name == name));
        let shocks = spec.shocks.unwrap_or_default();
        let sqrt_dt = base.run.dt.sqrt();
        LaneRunner {
            spec,
            draws: ParamDraws::new(spec.uncertain),
            paths: vec![base.clone(); LANES],
            lane: LaneParams::new(sectors),
            state: LaneState::new(sectors),
            row: LaneRow::default(),
            streams: LaneStreams::default(),
            eps: Vec::new(),
            base_scheduled: spec.base_timeline.steps.iter().map(scheduled_values).collect(),
            drawn_scheduled,
            needed: if spec.shocks.is_some() { shocks.needed() } else { [false; SHOCK_COUNT] },
            scale: shocks.sd.map(|sd| sd * sqrt_dt),
            cholesky: shocks.cholesky,
            taylor: kernel::is_taylor(base),
            output_growth: columns.iter().any(|c| c.needs_output_growth()),
        }
    }

    /// Steps per path.
    pub fn steps(&self) -> usize {
        self.base_scheduled.len()
    }

    /// Runs paths `first..first + count` (`1 <= count <= LANES`), handing
    /// each step's values to `visit(step, row, lane parameters)`; lanes `count..` are padding.
    /// `V` is the vector build; the caller picks [`simd::Avx2`] only on a
    /// processor with AVX2 (see [`has_avx2`]).
    #[inline(always)]
    pub(crate) fn run<V: F64x4>(
        &mut self,
        first: u64,
        count: usize,
        mut visit: impl FnMut(usize, &LaneRow, &LaneParams),
    ) -> Result<(), PathError> {
        self.draw_group(first, count)?;
        let dt = self.spec.base.run.dt;
        let gov_sector = self.spec.base.technology.gov_sector;
        self.lane.derive::<V>(dt);
        self.state.start(&self.lane);
        // Every step's shocks first (step 0 has none): the normals' long
        // chains of dependent operations then overlap one another instead of
        // holding up each step.
        let mut eps_all = std::mem::take(&mut self.eps);
        eps_all.resize(self.steps(), [[0.0; LANES]; SHOCK_COUNT]);
        let mut z = [[0.0; LANES]; SHOCK_COUNT];
        for eps in eps_all.iter_mut().skip(1) {
            self.shocks::<V>(&mut z, eps);
        }
        for (t, eps) in eps_all.iter().enumerate() {
            let tau = self.spec.base_timeline.steps[t].tau;
            let clock = StepClock { t, tau, dt, gov_sector, output_growth: self.output_growth };
            let scheduled =
                Scheduled { step: &self.base_scheduled[t], lanes: &self.lane.scheduled, drawn: &self.drawn_scheduled };
            let (lane, state, row) = (&self.lane, &mut self.state, &mut self.row);
            if self.taylor {
                kernel::step::<V, true>(lane, clock, scheduled, eps, state, row);
            } else {
                kernel::step::<V, false>(lane, clock, scheduled, eps, state, row);
            }
            visit(t, &self.row, &self.lane);
        }
        self.eps = eps_all;
        self.check_finite(first, count)
    }

    /// Draws every lane's parameters and seeds its shock stream.
    fn draw_group(&mut self, first: u64, count: usize) -> Result<(), PathError> {
        for lane in 0..LANES {
            let k = first + lane.min(count - 1) as u64;
            let mut rng = path_stream(self.spec.seed, k);
            self.draws.apply(self.spec.uncertain, k, &mut rng, &mut self.paths[lane], |_, _| {})?;
            self.lane.gather(lane, &self.paths[lane]);
            self.streams.seed(lane, ShockStream::after_draws(&mut rng).state());
        }
        self.streams.has_spare = false;
        Ok(())
    }

    /// This step's shocks of every lane (as [`crate::uncertainty::ShockSpec::draw`]).
    #[inline(always)]
    fn shocks<V: F64x4>(&mut self, z: &mut [Lane; SHOCK_COUNT], eps: &mut [Lane; SHOCK_COUNT]) {
        for (zj, needed) in z.iter_mut().zip(self.needed) {
            if needed {
                self.streams.normal::<V>(zj);
            }
        }
        for (i, (out, (&scale, row))) in eps.iter_mut().zip(self.scale.iter().zip(&self.cholesky)).enumerate() {
            if scale > 0.0 {
                for v in (0..LANES).step_by(V::WIDTH) {
                    let mut sum = V::splat(0.0);
                    for (&weight, zj) in row[..=i].iter().zip(z.iter()) {
                        sum = sum + V::splat(weight) * V::load(&zj[v..]);
                    }
                    (V::splat(scale) * sum).store(&mut out[v..]);
                }
            }
        }
    }

    /// The first real lane (in path order) that left the finite range, as the
    /// reference path reports it.
    fn check_finite(&self, first: u64, count: usize) -> Result<(), PathError> {
        let Some(lane) = (0..count).find(|&l| self.state.first_non_finite[l].is_finite()) else {
            return Ok(());
        };
        let k = first + lane as u64;
        let step = self.state.first_non_finite[lane] as usize;
        let mut reference = PathRunner::new(self.spec);
        reference.run(k, |_, _| {})?;
        // The reference stayed finite where the kernel did not (they differ in
        // the last bits of exp and ln): report the kernel's step.
        let year = self.spec.base_timeline.steps[step.min(self.steps() - 1)].year;
        let source = NonFinite { step, year, variable: "debt_public", value: self.state.debt_public[lane] };
        Err(PathError::NonFinite { path: k, source })
    }
}

/// A column as the kernel computes it (resolved once from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneColumn {
    Step,
    Year,
    DebtPublic,
    DebtGross,
    GdpReal,
    GdpNominal,
    PriceLevel,
    Inflation,
    MoneyGrowth,
    PolicyRate,
    Rate10Y,
    RateNew,
    RateEffective,
    Revenue,
    OutlaysPrimary,
    Interest,
    Defense,
    SpendingCuts,
    AutomationSavings,
    PrimaryDeficit,
    DebtGdp,
    GrossGdp,
    RealDebt,
    RMinusG,
    PbStabilizing,
    InterestRevenue,
    InterestDefense,
    OutputGap,
    Unemployment,
    Displaced,
    AiIndex,
    AipiCpiSpread,
    EnergyPrice,
    EnergyMetShare,
    ComputePrice,
    RobotHourCost,
    DebtKwh,
    DebtGpuHours,
}

impl LaneColumn {
    /// Whether the column reads nominal growth, which needs output growth's
    /// `ln` under the quantity regime.
    pub fn needs_output_growth(self) -> bool {
        matches!(self, LaneColumn::RMinusG | LaneColumn::PbStabilizing)
    }

    /// Every column of [`COLUMNS`] has a lane formula (a test checks them all
    /// against the scalar rows), so this is `None` only for a column added to
    /// the table and not here.
    pub fn of(column: Column) -> Option<LaneColumn> {
        Some(match COLUMNS.get(column.0)?.name {
            "step" => LaneColumn::Step,
            "year" => LaneColumn::Year,
            "debt_public" => LaneColumn::DebtPublic,
            "debt_gross" => LaneColumn::DebtGross,
            "gdp_real" => LaneColumn::GdpReal,
            "gdp_nominal" => LaneColumn::GdpNominal,
            "price_level" => LaneColumn::PriceLevel,
            "inflation" => LaneColumn::Inflation,
            "money_growth" => LaneColumn::MoneyGrowth,
            "policy_rate" => LaneColumn::PolicyRate,
            "rate_10y" => LaneColumn::Rate10Y,
            "rate_new" => LaneColumn::RateNew,
            "rate_effective" => LaneColumn::RateEffective,
            "revenue" => LaneColumn::Revenue,
            "outlays_primary" => LaneColumn::OutlaysPrimary,
            "interest" => LaneColumn::Interest,
            "defense" => LaneColumn::Defense,
            "spending_cuts" => LaneColumn::SpendingCuts,
            "automation_savings" => LaneColumn::AutomationSavings,
            "primary_deficit" => LaneColumn::PrimaryDeficit,
            "debt_gdp" => LaneColumn::DebtGdp,
            "gross_gdp" => LaneColumn::GrossGdp,
            "real_debt" => LaneColumn::RealDebt,
            "r_minus_g" => LaneColumn::RMinusG,
            "pb_stabilizing" => LaneColumn::PbStabilizing,
            "interest_revenue" => LaneColumn::InterestRevenue,
            "interest_defense" => LaneColumn::InterestDefense,
            "output_gap" => LaneColumn::OutputGap,
            "unemployment" => LaneColumn::Unemployment,
            "displaced" => LaneColumn::Displaced,
            "ai_index" => LaneColumn::AiIndex,
            "aipi_cpi_spread" => LaneColumn::AipiCpiSpread,
            "energy_price" => LaneColumn::EnergyPrice,
            "energy_met_share" => LaneColumn::EnergyMetShare,
            "compute_price" => LaneColumn::ComputePrice,
            "robot_hour_cost" => LaneColumn::RobotHourCost,
            "debt_kwh" => LaneColumn::DebtKwh,
            "debt_gpu_hours" => LaneColumn::DebtGpuHours,
            _ => return None,
        })
    }
}

impl LaneRow {
    /// Column `column` of every lane at step `t`, `year`, into `out`.
    #[inline(always)]
    pub fn column(&self, column: LaneColumn, t: usize, year: f64, p: &LaneParams, out: &mut Lane) {
        macro_rules! each {
            (|$l:ident| $value:expr) => {
                for $l in 0..LANES {
                    out[$l] = $value;
                }
            };
        }
        let c = &p.scalars;
        match column {
            LaneColumn::Step => each!(|l| t as f64),
            LaneColumn::Year => each!(|l| year),
            LaneColumn::DebtPublic => *out = self.debt_public,
            LaneColumn::DebtGross => each!(|l| self.debt_public[l] + self.debt_intragov[l]),
            LaneColumn::GdpReal => *out = self.gdp_real,
            LaneColumn::GdpNominal => *out = self.gdp_nominal,
            LaneColumn::PriceLevel => *out = self.price_level,
            LaneColumn::Inflation => *out = self.inflation,
            LaneColumn::MoneyGrowth => *out = self.money_growth,
            LaneColumn::PolicyRate => *out = self.policy_rate,
            LaneColumn::Rate10Y => *out = self.rate_10y,
            LaneColumn::RateNew => *out = self.rate_new,
            LaneColumn::RateEffective => *out = self.rate_effective,
            LaneColumn::Revenue => *out = self.revenue,
            LaneColumn::OutlaysPrimary => *out = self.outlays_primary,
            LaneColumn::Interest => *out = self.interest,
            LaneColumn::Defense => *out = self.defense,
            LaneColumn::SpendingCuts => *out = self.spending_cuts,
            LaneColumn::AutomationSavings => *out = self.automation_savings,
            LaneColumn::PrimaryDeficit => *out = self.primary_deficit,
            LaneColumn::DebtGdp => *out = self.debt_gdp,
            LaneColumn::GrossGdp => each!(|l| (self.debt_public[l] + self.debt_intragov[l]) / self.gdp_nominal[l]),
            LaneColumn::RealDebt => each!(|l| self.debt_public[l] / self.price_level[l]),
            LaneColumn::RMinusG => each!(|l| self.rate_effective[l] - self.nominal_growth[l]),
            LaneColumn::PbStabilizing => {
                each!(|l| (self.rate_effective[l] - self.nominal_growth[l]) * self.debt_gdp[l])
            }
            LaneColumn::InterestRevenue => each!(|l| self.interest[l] / self.revenue[l]),
            LaneColumn::InterestDefense => each!(|l| self.interest[l] / self.defense[l]),
            LaneColumn::OutputGap => *out = self.output_gap,
            LaneColumn::Unemployment => *out = self.unemployment,
            LaneColumn::Displaced => *out = self.displaced,
            LaneColumn::AiIndex => *out = self.ai_index,
            LaneColumn::AipiCpiSpread => each!(|l| 100.0 * self.ai_index[l] - 100.0 * self.price_level[l]),
            LaneColumn::EnergyPrice => each!(|l| self.price_level[l] * self.energy_price_real[l]),
            LaneColumn::EnergyMetShare => *out = self.energy_met_share,
            LaneColumn::ComputePrice => each!(|l| self.price_level[l] * self.compute_price_real[l]),
            LaneColumn::RobotHourCost => each!(|l| self.price_level[l]
                * (c.robot_kwh[l] * self.energy_price_real[l]
                    + c.robot_gpu_hours[l] * self.compute_price_real[l]
                    + c.robot_capital[l])),
            LaneColumn::DebtKwh => {
                each!(|l| self.debt_public[l] * 1e12 / (self.price_level[l] * self.energy_price_real[l]))
            }
            LaneColumn::DebtGpuHours => {
                each!(|l| self.debt_public[l] * 1e12 / (self.price_level[l] * self.compute_price_real[l]))
            }
        }
    }
}
