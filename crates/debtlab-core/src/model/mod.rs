//! The model: one module per block, each a small pure function generic over
//! the number type ([`Real`]: `f64` for one path, a lane vector for eight),
//! and the step below, which runs them in the order of MODEL.md section 3.
//! A deterministic run ([`simulate`]) and the Monte Carlo kernel
//! ([`crate::mc::lanes`]) both call [`step`]: each equation is written once.

pub mod debt;
pub mod energy;
pub mod expectations;
pub mod fiscal;
pub mod foresight;
pub mod labor;
pub mod path;
pub mod prices;
pub mod rates;
pub mod rational;
mod run;
pub mod schedule;
mod state;
pub mod supply;
pub mod technology;

use crate::num::Real;
use crate::params::PolicyRule;
pub use foresight::Foresight;
use path::{PathParams, INTRAGOV, INV_LABOR_FORCE, LABOR_FORCE, LINES, POTENTIAL_TREND};
pub use rational::Unsolved;
pub use run::{simulate, simulate_with, NonFinite, Run, RunError, Solution};
use schedule::Sched;
pub use state::State;
use technology::EnergyLevels;

/// A step's shocks (MODEL.md section 5), already scaled by `sd sqrt(dt)`;
/// all 0 in a deterministic run. `eps_z_next` is the productivity shock of
/// step `t + 1`, drawn a step ahead because AI growth is a forward
/// difference (MODEL.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shocks<V> {
    pub eps_pi: V,
    pub eps_y: V,
    pub eps_tp: V,
    pub eps_z_next: V,
    /// Revenue added, share of GDP: `eps_pb` less a recession's revenue loss (MODEL.md 5.5).
    pub revenue_gdp: V,
    /// Primary outlays added by a recession, share of GDP.
    pub outlays_gdp: V,
}

/// What a step needs to know besides the path's constants and state.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub t: usize,
    /// Calendar year of the step.
    pub year: f64,
    /// Whether to carry the money stock and money growth under `taylor`
    /// (reported only: a run computes them, the kernel when asked).
    pub money: bool,
}

/// The values of one step: the row before its derived columns (see
/// [`crate::output::value`]). Stocks are at the start of the step, flows
/// over it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Values<V> {
    pub t: usize,
    pub year: f64,
    pub debt_public: V,
    pub debt_intragov: V,
    pub gdp_real: V,
    pub gdp_nominal: V,
    /// `Ynom_{t-1}`, for nominal growth.
    pub gdp_nominal_prev: V,
    pub price_level: V,
    /// `P_{t-n}`, the price level a year (`n` steps) before (back-cast
    /// before the start, see [`State::price_year`]).
    pub price_level_year_ago: V,
    pub inflation: V,
    pub money_growth: V,
    /// `ln(M_t / M_0)`.
    pub ln_money: V,
    pub policy_rate: V,
    pub rate_10y: V,
    pub rate_bills: V,
    pub rate_coupons: V,
    pub rate_effective: V,
    pub bill_share: V,
    pub revenue: V,
    pub revenue_labor: V,
    pub revenue_capital: V,
    /// The spending lines, in the order of `SPENDING_LINES`.
    pub lines: [V; 4],
    pub unemployment_cost: V,
    pub automation_savings: V,
    pub spending_cuts: V,
    pub outlays_primary: V,
    pub interest: V,
    pub primary_deficit: V,
    pub other_financing: V,
    pub debt_gdp: V,
    pub output_gap: V,
    pub unemployment: V,
    pub displaced: V,
    /// `Z_eff_t`, with the shock.
    pub ai_index: V,
    pub energy_met_share: V,
    pub energy_price_real: V,
    pub compute_price_real: V,
    pub labor_share: V,
    pub wage_index: V,
    pub r_star: V,
    pub expected_inflation: V,
    pub expected_ai_growth: V,
    /// `gYstar_t`, potential growth (forward, with the shock).
    pub potential_growth: V,
    /// The expectations the step used: `piebar_t`, `gT_t` and the 10-year
    /// rate's expected short rate `E_t` (the adaptive filters' values, or the
    /// forward means it was given under rational expectations).
    pub foresight: Foresight<V>,
}

/// Advances the model one step: computes step `t`'s values from the state
/// (last step's values, this step's stocks), this step's scheduled values
/// `x` (and `s_bill` at `t + 1`) and shocks, and leaves the state at `t + 1`.
/// `fore` is the step's rational expectations (MODEL.md 3.10), `None` under
/// adaptive ones.
#[inline(always)]
pub fn step<V: Real>(
    c: &PathParams<V>,
    clock: Clock,
    x: &Sched<V>,
    bill_share_next: V,
    e: &Shocks<V>,
    fore: Option<&Foresight<V>>,
    s: &mut State<V>,
) -> Values<V> {
    let one = V::splat(1.0);
    let first = s.t == 0;
    let tau = V::splat(s.t as f64) * c.dt;

    // 3.1 technology and 3.2 energy: this step's values came from the last
    // step; the next step's give the forward growth rates.
    if c.clock_shock {
        let shocked = technology::compute_shocked(c, tau);
        for (sector, params) in s.sectors.iter_mut().zip(&c.sectors) {
            sector.u = technology::advance_clock(sector.u, params, shocked);
        }
    } else {
        // The clock runs with the calendar (eps_C = 0 or no shock): one decay per sector.
        for (sector, params) in s.sectors.iter_mut().zip(&c.sectors) {
            sector.u = sector.u * params.decay;
        }
    }
    let levels_next = EnergyLevels::next(&s.levels, &c.growth_factor);
    let tau_next = V::splat((s.t + 1) as f64) * c.dt;
    let next = technology::technology_and_energy(c, &mut s.sectors, &levels_next, tau_next);
    let exo = s.exogenous;
    let ai_index = exo.effective * s.shock_level;
    // `gZ_t = ln(Z_eff_{t+1} / Z_eff_t) / dt`, with `S_{t+1} = S_t exp(eps_Z)`.
    let ai_growth = (next.ln_effective - exo.ln_effective + e.eps_z_next) * c.inv_dt;
    let energy_price_growth = energy::price_growth(c, exo.ln_energy_markup, next.ln_energy_markup);

    // 3.3 labor (the wage index follows 3.5).
    let labor_force = s.levels[LABOR_FORCE];
    let inv_labor_force = s.levels[INV_LABOR_FORCE];
    let flow = labor::displacement_flow(c, &s.sectors, labor_force);
    let displaced = labor::displaced_pool(c, s.displaced_prev, flow);
    let unemployment = labor::unemployment(c, displaced, inv_labor_force, s.gap_prev);
    let employment = labor::employment(labor_force, unemployment);
    let labor_share = labor::labor_share(c, ai_index);

    // 3.4 supply.
    let potential = supply::potential(s.levels[POTENTIAL_TREND], ai_index);
    let potential_growth = supply::potential_growth(c.trend, ai_growth);

    // 3.5 expectations, prices, policy and demand. Under rational
    // expectations a wave seen coming is no surprise: expected AI growth is
    // the path's own without its unforeseen shock, `gZ_t - eps_Z / dt`.
    let (expected_ai_growth, ai_expectation_next) = match fore {
        None => expectations::adaptive(s.expected_ai_growth, ai_growth, c.ai_lam, c.ai_mean),
        Some(_) => ((next.ln_effective - exo.ln_effective) * c.inv_dt, s.expected_ai_growth),
    };
    let (expected_trend, trend_expectation_next) = match fore {
        None => expectations::adaptive(s.expected_trend_growth, potential_growth, c.trend_lam, c.trend_mean),
        Some(f) => (f.trend_growth, s.expected_trend_growth),
    };
    let r_star = expectations::natural_rate(c, x.r_star, expected_trend);
    let demand = prices::Demand {
        gap_prev: s.gap_prev,
        displaced_change: (displaced - s.displaced_prev) * inv_labor_force,
        fiscal_impulse: (s.cuts_prev - s.cuts_prev2) / s.gdp_nominal_prev,
        inflation_surprise: s.surprise_prev,
        shock: x.demand_shock,
        eps_y: e.eps_y,
    };
    let (expected, anchored, inflation, policy_rate, output_gap, gdp_real, gdp_nominal, ln_price, price_level);
    let inflation_expectation_next;
    match c.rule {
        PolicyRule::Taylor => {
            let terms = prices::phillips_terms(
                c,
                s.gap_prev,
                x.pass_through,
                ai_growth - expected_ai_growth,
                energy_price_growth,
                e.eps_pi,
            );
            match fore {
                None => {
                    (expected, inflation) = prices::taylor_inflation(c, s.expected_inflation, x.target, terms);
                    inflation_expectation_next =
                        s.expected_inflation + c.inflation_lam * (inflation - s.expected_inflation);
                    anchored = expectations::anchored(c, expected, x.target);
                }
                Some(f) => {
                    expected = f.inflation;
                    anchored = expectations::anchored(c, expected, x.target);
                    inflation = anchored + terms;
                    inflation_expectation_next = s.expected_inflation;
                }
            }
            policy_rate = prices::taylor_rate(c, r_star, inflation, x.target, s.gap_prev, x.floor);
            output_gap = prices::output_gap(c, policy_rate, anchored, r_star, &demand);
            // `P_t = P_{t-1} exp(pi_{t-1} dt)`, `P_0 = 1`.
            ln_price = if first { V::splat(0.0) } else { s.ln_price_prev + s.inflation_prev * c.dt };
            price_level = ln_price.exp();
            gdp_real = potential * (one + output_gap);
            gdp_nominal = price_level * gdp_real;
        }
        PolicyRule::Money => {
            // `pi_t` comes from the price level, so expectations filter `pi_{t-1}`.
            (expected, inflation_expectation_next) = match fore {
                None => {
                    expectations::adaptive(s.expected_inflation, s.inflation_prev, c.inflation_lam, c.inflation_mean)
                }
                Some(f) => (f.inflation, s.expected_inflation),
            };
            anchored = expectations::anchored(c, expected, x.target);
            policy_rate = prices::money_rule_rate(r_star, anchored, x.floor);
            output_gap = prices::output_gap(c, policy_rate, anchored, r_star, &demand);
            gdp_real = potential * (one + output_gap);
            // `Ynom_t = Ynom_0 (M_t V_t) / (M_0 V_0)`, `Ynom_0 = Y_0` (so `P_0 = 1`).
            gdp_nominal = if first { gdp_real } else { s.gdp_nominal0 * (s.ln_money + s.ln_velocity).exp() };
            price_level = gdp_nominal / gdp_real;
            ln_price = price_level.ln();
            inflation = if first { c.inflation0 } else { (ln_price - s.ln_price_prev) * c.inv_dt };
        }
    }
    let gdp_nominal0 = if first { gdp_nominal } else { s.gdp_nominal0 };
    let money_growth = match c.rule {
        PolicyRule::Money => x.money_growth,
        // Reported: `mu_t = pi_t + gY_t - g_V`, `gY_t = ln(Y_t / Y_{t-1}) / dt` (trend at t = 0).
        PolicyRule::Taylor if clock.money => {
            let output_growth = if first { c.trend } else { (gdp_real / s.gdp_real_prev).ln() * c.inv_dt };
            inflation + output_growth - x.velocity_growth
        }
        PolicyRule::Taylor => V::splat(f64::NAN),
    };

    // 3.3 the wage index: `w_t = (lsh_t Ynom_t / E_t) / (lsh_0 Ynom_0 / E_0)`.
    let pay = labor::average_pay(labor_share, gdp_nominal, employment);
    let inv_pay0 = if first { V::splat(1.0) / pay } else { s.inv_pay0 };
    let wage_index = pay * inv_pay0;

    // 3.6 rates.
    let expected_short = match fore {
        None => {
            rates::expected_short_adaptive(c, policy_rate, r_star, rates::long_run_inflation(c, anchored, x.target))
        }
        Some(f) => f.short_rate,
    };
    let ten_year = rates::ten_year(
        c,
        &rates::TenYearInputs {
            expected_short,
            term_premium: x.term_premium,
            floor: x.floor,
            debt_gdp_prev: s.debt_gdp_prev,
            eps_tp: e.eps_tp,
        },
    );
    let rate_effective = rates::effective(x.bill_share, s.rate_bills, s.rate_coupons);

    // 3.7 fiscal.
    let (revenue, revenue_labor, revenue_capital) = fiscal::revenue(
        c,
        &fiscal::RevenueInputs {
            gdp_nominal,
            output_gap,
            labor_share,
            tax_labor: x.tax_labor,
            tax_capital: x.tax_capital,
            tax_other: x.tax_other,
        },
    );
    let indexes = fiscal::Indexes {
        ln_price,
        ln_peak: fiscal::ratchet(s.ln_peak_prev, ln_price),
        ln_wage: wage_index.ln(),
        ln_health_ai: fiscal::health_ai(c, exo.health_productivity, s.inv_health_productivity0),
    };
    // Written out: a closure here would not inherit the vector build's target features.
    let lines = [
        fiscal::spending_line(c, 0, s.levels[LINES], &indexes),
        fiscal::spending_line(c, 1, s.levels[LINES + 1], &indexes),
        fiscal::spending_line(c, 2, s.levels[LINES + 2], &indexes),
        fiscal::spending_line(c, 3, s.levels[LINES + 3], &indexes),
    ];
    let unemployment_cost = fiscal::unemployment_cost(c, wage_index, unemployment, labor_force);
    let automation_savings = fiscal::automation_savings(
        x.admin_share,
        lines[fiscal::DEFENSE],
        lines[fiscal::OTHER],
        exo.gov_adoption,
        x.automation_cut,
    );
    let spending_cuts = fiscal::spending_cuts(c, x.cut_target, tau, x.cut_achieved);
    let revenue = revenue + e.revenue_gdp * gdp_nominal;
    let outlays_primary =
        lines[0] + lines[1] + lines[2] + lines[3] + unemployment_cost - automation_savings - spending_cuts
            + e.outlays_gdp * gdp_nominal;
    let primary_deficit = outlays_primary - revenue;
    let other_financing = fiscal::other_financing(x.other_financing, gdp_nominal);

    // 3.8 debt, then the pools' rates for the next step.
    let (debt_next, interest) =
        debt::compound(s.debt, rate_effective, primary_deficit + other_financing, c.dt, c.inv_dt);
    let (rate_bills_next, rate_coupons_next) = rates::next_pool_rates(
        c,
        &rates::Pools {
            rate_bills: s.rate_bills,
            rate_coupons: s.rate_coupons,
            policy_rate,
            ten_year,
            bill_share: x.bill_share,
            bill_share_next,
            debt: s.debt,
            debt_next,
        },
    );

    // 3.9 indicators.
    let debt_gdp = s.debt / gdp_nominal;
    // `P_{t-n}` out of its slot, `P_t` in (slot `t mod n`; `t` itself when
    // the run is shorter than `n` steps and keeps only `T + 1` slots).
    let slot = s.t % c.year_steps;
    let year_ago = std::mem::replace(&mut s.price_year[slot], price_level);
    let values = Values {
        t: s.t,
        year: clock.year,
        debt_public: s.debt,
        debt_intragov: s.levels[INTRAGOV],
        gdp_real,
        gdp_nominal,
        // `Ynom_{-1} = Ynom_0 exp(-(g_base + g_L + start.inflation) dt)` at step 0.
        gdp_nominal_prev: if first {
            gdp_nominal * (-(c.trend + c.inflation0) * c.dt).exp()
        } else {
            s.gdp_nominal_prev
        },
        price_level,
        price_level_year_ago: year_ago,
        inflation,
        money_growth,
        ln_money: s.ln_money,
        policy_rate,
        rate_10y: ten_year,
        rate_bills: s.rate_bills,
        rate_coupons: s.rate_coupons,
        rate_effective,
        bill_share: x.bill_share,
        revenue,
        revenue_labor,
        revenue_capital,
        lines,
        unemployment_cost,
        automation_savings,
        spending_cuts,
        outlays_primary,
        interest,
        primary_deficit,
        other_financing,
        debt_gdp,
        output_gap,
        unemployment,
        displaced,
        ai_index,
        energy_met_share: exo.met_share,
        energy_price_real: exo.energy_price_real,
        compute_price_real: exo.compute_price_real,
        labor_share,
        wage_index,
        r_star,
        expected_inflation: anchored,
        expected_ai_growth,
        potential_growth,
        foresight: Foresight { inflation: expected, trend_growth: expected_trend, short_rate: expected_short },
    };

    // Advance: stocks to t + 1, this step's values become last step's.
    for sector in &mut s.sectors {
        sector.effective_prev = sector.effective;
        sector.effective = sector.effective_next;
    }
    s.exogenous = next;
    for (level, factor) in s.levels.iter_mut().zip(&c.growth_factor) {
        *level = *level * *factor;
    }
    s.shock_level = technology::shock_level(s.shock_level, e.eps_z_next);
    s.ln_price_prev = ln_price;
    s.inflation_prev = inflation;
    s.ln_peak_prev = indexes.ln_peak;
    s.debt = debt_next;
    s.rate_bills = rate_bills_next;
    s.rate_coupons = rate_coupons_next;
    s.gap_prev = output_gap;
    s.displaced_prev = displaced;
    s.gdp_real_prev = gdp_real;
    s.gdp_nominal_prev = gdp_nominal;
    let cuts = spending_cuts + automation_savings;
    s.cuts_prev2 = if first { cuts } else { s.cuts_prev };
    s.cuts_prev = cuts;
    s.debt_gdp_prev = debt_gdp;
    s.surprise_prev = inflation - anchored;
    s.expected_inflation = inflation_expectation_next;
    s.expected_ai_growth = ai_expectation_next;
    s.expected_trend_growth = trend_expectation_next;
    // `M_{t+1} = M_t exp(mu_t dt)`; under `money`, `V_{t+1} = V_t exp(g_V dt + eps_pi)`.
    match c.rule {
        PolicyRule::Money => {
            s.ln_money = s.ln_money + x.money_growth * c.dt;
            s.ln_velocity = s.ln_velocity + x.velocity_growth * c.dt + e.eps_pi;
        }
        PolicyRule::Taylor if clock.money => s.ln_money = s.ln_money + money_growth * c.dt,
        PolicyRule::Taylor => {}
    }
    s.gdp_nominal0 = gdp_nominal0;
    s.inv_pay0 = inv_pay0;
    s.t += 1;
    values
}
