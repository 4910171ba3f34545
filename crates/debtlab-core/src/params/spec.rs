//! The parameter table: the single source of every parameter's dotted name,
//! default, unit, one-line doc and valid range (MODEL.md section 8).

/// The valid range of a numeric parameter. Bounds are closed unless marked open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub min_open: bool,
    pub max_open: bool,
}

impl Range {
    pub const fn closed(min: f64, max: f64) -> Self {
        Range { min, max, min_open: false, max_open: false }
    }
    /// `(min, max]`: for quantities that must be strictly positive.
    pub const fn above(min: f64, max: f64) -> Self {
        Range { min, max, min_open: true, max_open: false }
    }
    pub fn contains(&self, value: f64) -> bool {
        let low_ok = if self.min_open { value > self.min } else { value >= self.min };
        let high_ok = if self.max_open { value < self.max } else { value <= self.max };
        low_ok && high_ok
    }
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = if self.min_open { '(' } else { '[' };
        let close = if self.max_open { ')' } else { ']' };
        write!(f, "{open}{}, {}{close}", self.min, self.max)
    }
}

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number; `schedulable` ones may also be a list of `[year, value]` points.
    Number { default: f64, range: Range, schedulable: bool },
    /// One of a fixed set of words.
    Choice { default: &'static str, choices: &'static [&'static str] },
    /// The name of a sector in `technology.sectors`.
    SectorName { default: &'static str },
}

/// One row of the parameter table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub unit: &'static str,
    pub doc: &'static str,
}

impl ParamSpec {
    pub fn default_text(&self) -> String {
        match self.kind {
            Kind::Number { default, .. } => format_number(default),
            Kind::Choice { default, .. } | Kind::SectorName { default } => default.to_string(),
        }
    }
    pub fn range_text(&self) -> String {
        match self.kind {
            Kind::Number { range, schedulable, .. } => {
                if schedulable {
                    format!("{range}, or a schedule")
                } else {
                    range.to_string()
                }
            }
            Kind::Choice { choices, .. } => choices.join(" | "),
            Kind::SectorName { .. } => "a sector name".to_string(),
        }
    }
}

/// Shortest text that reads back to the same number.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 && value.is_sign_negative() {
        // `-0` would read back as the integer 0.
        "-0.0".to_string()
    } else if value != 0.0 && value.is_finite() && !(1e-5..1e16).contains(&magnitude) {
        // `1e300`, not 301 digits; and no integer literal past i64 (TOML's integers are i64).
        format!("{value:e}")
    } else {
        // Rust prints the shortest decimal that reads back to the same bits.
        format!("{value}")
    }
}

const fn num(name: &'static str, default: f64, unit: &'static str, range: Range, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: Kind::Number { default, range, schedulable: false }, unit, doc }
}

/// A number that may also be given as a `[year, value]` schedule.
const fn sched(name: &'static str, default: f64, unit: &'static str, range: Range, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: Kind::Number { default, range, schedulable: true }, unit, doc }
}

const RATE: Range = Range::closed(-0.5, 1.0);
const GROWTH: Range = Range::closed(-0.5, 0.5);
const SHARE: Range = Range::closed(0.0, 1.0);
const YEARS: Range = Range::above(0.0, 200.0);
const MONEY: Range = Range::closed(0.0, 1e5);
const SLOPE: Range = Range::closed(0.0, 10.0);
const LEARNING: Range = Range::closed(0.0, 200.0);

/// Every scalar parameter, grouped by block in the order of MODEL.md
/// section 3. Defaults marked "calibrated" are the `baseline` preset's fit to
/// CBO's January 2025 baseline (MODEL.md section 8, docs/MODEL.md section 6).
#[rustfmt::skip]
pub const SCALAR_PARAMS: &[ParamSpec] = &[
    num("run.start_year", 2026.0, "year", Range::closed(1800.0, 2500.0), "calendar year of step 0"),
    num("run.years", 10.0, "yr", Range::above(0.0, 200.0), "horizon of the run"),
    num("run.dt", 0.125, "yr", Range::above(0.0, 1.0), "step length (1/8: debt/GDP within 1 point of its dt -> 0 limit on every preset)"),
    num("start.debt_public", 30.8, "$T", MONEY, "debt held by the public D_0"),
    num("start.debt_intragov", 7.6, "$T", MONEY, "intragovernmental holdings Dig_0"),
    num("start.gdp_nominal", 30.9, "$T/yr", Range::above(0.0, 1e5), "Y0, annualised nominal GDP at the start (P_0 = 1)"),
    num("start.rate_effective", 0.0338, "1/yr", RATE, "average effective rate on debt held by the public ieff_0"),
    num("start.bill_rate", 0.04279, "1/yr", RATE, "r_b,0, average rate on the bills outstanding at the start (calibrated)"),
    num("start.inflation", 0.025, "1/yr", RATE, "inflation before the start pi_{-1}, and starting expectations pie_{-1}"),
    num("start.output_gap", 0.0, "share of potential", Range::closed(-0.5, 0.5), "output gap before the start gap_{-1}"),
    num("start.money", 22.3, "$T", MONEY, "money stock (M2) M_0"),
    num("start.labor_force", 171.0, "million", Range::above(0.0, 1e4), "labor force L0"),
    num("start.private_debt_gdp", 1.5, "ratio", Range::closed(0.0, 10.0), "d_priv, household and nonfinancial business debt / GDP (Fisher channel)"),
    num("technology.g_base", 0.01294, "1/yr", GROWTH, "trend productivity growth without the AI wave (calibrated)"),
    ParamSpec { name: "technology.gov_sector", kind: Kind::SectorName { default: "government_admin" }, unit: "", doc: "sector whose adoption drives federal automation savings" },
    num("energy.demand0", 4200.0, "TWh/yr", Range::above(0.0, 1e7), "E0, energy demand at the start"),
    num("energy.g_efficiency", 0.01, "1/yr", GROWTH, "g_eff, energy efficiency gain per year"),
    num("energy.g_supply", 0.025, "1/yr", RATE, "g_Es, growth of energy supply"),
    num("energy.ai_intensity", 0.3, "", Range::closed(0.0, 100.0), "eps_E, extra energy demand per unit of AI productivity gain"),
    num("energy.price0", 0.13, "$/kWh", Range::above(0.0, 100.0), "pE0, real energy price at the start"),
    num("energy.g_cost", 0.0, "1/yr", GROWTH, "g_Ec, trend fall of the real energy price"),
    num("energy.supply_elasticity", 0.5, "", Range::above(0.0, 100.0), "eta_E, price elasticity of energy supply"),
    num("energy.cost_share", 0.04, "", Range::closed(0.0, 1.0), "chi_E, pass-through of real energy price growth into inflation"),
    num("compute.price0", 2.0, "$/GPU-hour", Range::above(0.0, 1e4), "pC0, real compute price at the start"),
    num("compute.g_cost", 0.25, "1/yr", Range::closed(-1.0, 5.0), "g_C, trend fall of the real compute price"),
    num("compute.shock_year", 100.0, "yr", Range::closed(0.0, 1000.0), "tau_shock, years after start of a one-off compute price shock (100 = never)"),
    num("compute.shock_factor", 1.0, "", Range::above(0.0, 1e3), "f_shock, multiple of the compute price from the shock on"),
    num("compute.adoption_elasticity", 0.0, "", Range::closed(-10.0, 10.0), "eps_C, how much faster the adoption clock runs per unit of (expected / actual compute price) (0: clock = calendar)"),
    num("robot.kwh_per_hour", 1.0, "kWh/h", Range::closed(0.0, 1e3), "electricity used by one robot hour"),
    num("robot.gpu_hours_per_hour", 0.25, "GPU-h/h", Range::closed(0.0, 1e3), "compute used by one robot hour"),
    num("robot.capital_per_hour", 1.37, "$/h", Range::closed(0.0, 1e3), "capital cost of one robot hour, start-year dollars"),
    num("labor.g_labor_force", 0.004, "1/yr", Range::closed(-0.2, 0.2), "g_L, labor force growth"),
    num("labor.u_natural", 0.044, "share", SHARE, "u_nat, natural rate of unemployment"),
    num("labor.retrain_years", 1.5, "yr", YEARS, "T_retrain, mean time for a displaced worker to be re-employed"),
    num("labor.okun", 0.5, "", SLOPE, "Okun coefficient: unemployment falls by okun x output gap"),
    num("income.labor_share0", 0.55, "share of GDP", Range::above(0.0, 1.0), "lsh0, labor income / GDP at the start (2024: compensation 51.9% of GDI + 2/3 of proprietors' 7.0%; docs/MODEL.md 3.3)"),
    num("income.ai_capital_capture", 0.5, "share", SHARE, "kappa_K, share of labor's part of AI's extra output that goes to capital"),
    sched("prices.target", 0.02, "1/yr", RATE, "pi_star, the inflation target"),
    ParamSpec { name: "prices.expectations", kind: Kind::Choice { default: "adaptive", choices: &["adaptive", "rational"] }, unit: "", doc: "how expectations are formed: `adaptive` (filters of the past) or `rational` (perfect foresight of the run's own path, solved by Fair-Taylor iteration)" },
    num("prices.expectations_years", 1.0, "yr", YEARS, "T_exp, time constant of adaptive inflation expectations"),
    num("prices.productivity_learning_years", 1.0, "yr", LEARNING, "T_z, time constant of expected AI growth (0: the wave is fully expected)"),
    num("prices.trend_learning_years", 5.0, "yr", LEARNING, "T_r, time constant of expected trend growth, which sets the natural rate"),
    num("prices.anchoring", 0.6, "share", SHARE, "a, weight of the target in expectations"),
    num("prices.kappa", 0.3, "", SLOPE, "Phillips curve slope on last step's output gap"),
    sched("prices.pass_through", 0.5, "share", SHARE, "theta, share of unexpected AI cost savings passed into prices (taylor)"),
    sched("prices.velocity_growth", 0.0, "1/yr", GROWTH, "g_V, growth of money velocity"),
    sched("money.growth", 0.05, "1/yr", Range::closed(-1.0, 5.0), "mu, money growth (rule `money`)"),
    ParamSpec { name: "policy.rule", kind: Kind::Choice { default: "taylor", choices: &["taylor", "money"] }, unit: "", doc: "monetary policy: `taylor` (a rate rule with a floor) or `money` (money growth sets nominal GDP)" },
    sched("policy.r_star", 0.01, "1/yr", Range::closed(-0.1, 0.2), "natural real rate at the reference growth g_ref"),
    num("policy.r_star_growth", 0.5, "", Range::closed(0.0, 5.0), "rho_g, natural rate per unit of expected trend growth above g_ref"),
    num("policy.growth_ref", 0.01694, "1/yr", GROWTH, "g_ref, trend real growth that r_star belongs to (calibrated: the baseline's g_base + g_L)"),
    sched("policy.floor", 0.0, "1/yr", Range::closed(-0.1, 0.2), "lower bound on the policy rate and the 10-year rate"),
    num("policy.phi_pi", 0.5, "", SLOPE, "Taylor rule response to inflation above target"),
    num("policy.phi_y", 0.5, "", SLOPE, "Taylor rule response to the output gap"),
    num("demand.gap_years", 1.5, "yr", YEARS, "T_gap, time constant of the output gap's return to zero"),
    num("demand.rate_sensitivity", 0.5, "", SLOPE, "sigma, output gap response to the real rate gap"),
    num("demand.displacement_drag", 0.5, "", SLOPE, "zeta, output gap fall per displaced worker (share of labor force)"),
    num("demand.fiscal_multiplier", 0.8, "", Range::closed(0.0, 5.0), "m_G, output gap fall per unit of GDP of new cuts and automation savings"),
    num("demand.fisher", 0.1, "", Range::closed(0.0, 5.0), "f_F, demand response to surprise inflation per unit of private debt/GDP"),
    sched("demand.shock", 0.0, "share of potential per yr", Range::closed(-1.0, 1.0), "shock_t, a demand shock to the output gap, per year"),
    num("rates.long_weight_short", 0.3, "share", SHARE, "w_L, weight of the policy rate in the 10-year rate"),
    num("rates.long_expectations_weight", 0.5, "share", SHARE, "lambda_L, weight of expectations (vs target) in long-run inflation"),
    sched("rates.term_premium", 0.006, "1/yr", Range::closed(-0.05, 0.2), "tp, term premium on the 10-year rate"),
    num("rates.risk_premium_slope", 0.025, "1/yr per unit", Range::closed(0.0, 1.0), "phi_d, 10-year rate premium per unit of debt/GDP above the threshold"),
    num("rates.risk_threshold", 1.0, "ratio", Range::closed(0.0, 10.0), "d_thr, debt/GDP above which the risk premium starts"),
    sched("debt.bill_share", 0.21, "share", SHARE, "s_bill, share of debt held by the public in bills (repriced at the policy rate)"),
    num("debt.bill_maturity_years", 0.3, "yr", Range::above(0.0, 100.0), "average maturity of bills"),
    num("debt.coupon_wam_years", 7.5, "yr", Range::above(0.0, 100.0), "average maturity of notes and bonds (repriced at the 10-year rate)"),
    num("debt.g_intragov", 0.0, "1/yr", GROWTH, "g_ig, growth of intragovernmental holdings"),
    sched("fiscal.tax_labor", 0.2403, "share of labor income", SHARE, "tau_L, federal taxes on labor income (calibrated)"),
    sched("fiscal.tax_capital", 0.075, "share of capital income", SHARE, "tau_K, federal taxes on capital income"),
    sched("fiscal.tax_other", 0.014, "share of GDP", Range::closed(-0.5, 0.5), "tau_O, other revenue (excise, customs, Fed remittances...)"),
    num("fiscal.revenue_cyclical", 1.0, "", Range::closed(-10.0, 10.0), "eps_R, extra revenue response to the output gap"),
    num("fiscal.social_security.level0", 1.6406, "$T/yr", MONEY, "Social Security outlays at the start (annualised)"),
    num("fiscal.social_security.growth", 0.02545, "1/yr", GROWTH, "growth of Social Security before its indexes (calibrated)"),
    num("fiscal.social_security.price_weight", 0.0, "", SHARE, "weight of the price level P_t"),
    num("fiscal.social_security.ratchet_weight", 0.65, "", SHARE, "weight of the COLA index Pmax_t (the highest price level so far)"),
    num("fiscal.social_security.wage_weight", 0.35, "", SHARE, "weight of the wage index w_t (new awards)"),
    num("fiscal.health.level0", 1.8063, "$T/yr", MONEY, "federal health outlays at the start (annualised)"),
    num("fiscal.health.growth", 0.02569, "1/yr", GROWTH, "growth of health outlays before their indexes (calibrated)"),
    num("fiscal.health.price_weight", 0.5, "", SHARE, "weight of the price level P_t"),
    num("fiscal.health.ratchet_weight", 0.0, "", SHARE, "weight of the COLA index Pmax_t"),
    num("fiscal.health.wage_weight", 0.5, "", SHARE, "weight of the wage index w_t (payment updates follow input costs)"),
    ParamSpec { name: "fiscal.health.ai_sector", kind: Kind::SectorName { default: "health_education" }, unit: "", doc: "sector whose energy-limited AI productivity lowers health outlays" },
    num("fiscal.health.ai_weight", 0.5, "", Range::closed(0.0, 5.0), "h_ai, health outlays fall as (z_h / z_h0)^-h_ai"),
    num("fiscal.defense.level0", 0.8538, "$T/yr", Range::above(0.0, 1e5), "defense outlays at the start (annualised; > 0: interest/defense is reported)"),
    num("fiscal.defense.growth", 0.02285, "1/yr", GROWTH, "growth of defense outlays before their indexes (calibrated)"),
    num("fiscal.defense.price_weight", 0.0, "", SHARE, "weight of the price level P_t"),
    num("fiscal.defense.ratchet_weight", 0.0, "", SHARE, "weight of the COLA index Pmax_t"),
    num("fiscal.defense.wage_weight", 0.0, "", SHARE, "weight of the wage index w_t"),
    num("fiscal.other.level0", 1.8950, "$T/yr", MONEY, "other primary outlays at the start (annualised)"),
    num("fiscal.other.growth", 0.01549, "1/yr", GROWTH, "growth of other outlays before their indexes (calibrated)"),
    num("fiscal.other.price_weight", 0.0, "", SHARE, "weight of the price level P_t"),
    num("fiscal.other.ratchet_weight", 0.3, "", SHARE, "weight of the COLA index Pmax_t (federal retirement and veterans' COLAs)"),
    num("fiscal.other.wage_weight", 0.0, "", SHARE, "weight of the wage index w_t"),
    sched("fiscal.other_financing", 0.0, "share of GDP", Range::closed(-0.5, 0.5), "omf, other means of financing (adds to borrowing), per year"),
    sched("fiscal.admin_share", 0.10, "share", SHARE, "share of defense and other outlays that is administrative workflow"),
    sched("fiscal.automation_cut", 0.0, "share", SHARE, "cost_cut_gov, cost cut on automated federal workflows"),
    num("fiscal.ui_cost", 0.03, "$T/yr per million", Range::closed(0.0, 1.0), "cost per million unemployed above the natural rate, at start-year wages"),
    sched("fiscal.cut_target", 0.0, "$T/yr", Range::closed(-1e3, 1e3), "DOGE-style targeted spending cuts when fully phased in"),
    num("fiscal.cut_phase_years", 3.0, "yr", Range::closed(0.0, 200.0), "years to phase the cuts in linearly (0 = at once)"),
    sched("fiscal.cut_achieved", 1.0, "share", SHARE, "share of the targeted cuts actually achieved"),
];

/// The spending lines of MODEL.md 3.7, in output order.
pub const SPENDING_LINES: [&str; 4] = ["social_security", "health", "defense", "other"];

/// v1 names that v2 removed, with what replaces them (a scenario that uses
/// one gets an error naming its replacement).
pub const RENAMED: &[(&str, &str)] = &[
    ("run.regime", "`policy.rule` (`quantity` is now `money`: a quantity equation in levels with the IS curve)"),
    (
        "fiscal.revenue_share",
        "`fiscal.tax_labor`, `fiscal.tax_capital` and `fiscal.tax_other` (revenue by income type)",
    ),
    ("fiscal.indexed0", "`fiscal.social_security.level0`"),
    ("fiscal.g_indexed", "`fiscal.social_security.growth`"),
    ("fiscal.health0", "`fiscal.health.level0`"),
    ("fiscal.g_health", "`fiscal.health.growth`"),
    ("fiscal.defense0", "`fiscal.defense.level0`"),
    ("fiscal.g_defense", "`fiscal.defense.growth`"),
    ("fiscal.other0", "`fiscal.other.level0`"),
    ("fiscal.g_other", "`fiscal.other.growth`"),
    (
        "debt.wam_years",
        "`debt.coupon_wam_years` (bills and coupons now roll over separately: see `debt.bill_maturity_years`)",
    ),
];

/// Whether `prefix` is a group of parameters written as a sub-table
/// (`fiscal.health` for `[fiscal.health]`).
pub fn is_group(prefix: &str) -> bool {
    let dotted = format!("{prefix}.");
    SCALAR_PARAMS.iter().any(|p| p.name.starts_with(&dotted))
}

/// What replaced a v1 name, if it was renamed.
pub fn renamed(name: &str) -> Option<&'static str> {
    RENAMED.iter().find(|(old, _)| *old == name).map(|(_, new)| *new)
}

/// Name, unit, valid range and doc of a sector field.
pub type SectorField = (&'static str, &'static str, Range, &'static str);

/// The fields of one sector table `[technology.sectors.NAME]`.
#[rustfmt::skip]
pub const SECTOR_FIELDS: &[SectorField] = &[
    ("share", "share", SHARE, "w, value-added share (sectors sum to 1)"),
    ("jobs", "share", SHARE, "n, employment share (sectors sum to 1)"),
    ("ceiling", "share", SHARE, "c, adoption ceiling"),
    ("speed", "1/yr", Range::above(0.0, 100.0), "k, logistic adoption speed"),
    ("midpoint", "yr", Range::closed(-100.0, 200.0), "tau0, years after start when adoption reaches half its ceiling"),
    ("multiple", "", Range::above(0.0, 1e3), "m, productivity multiple at full adoption"),
    ("displaceable", "share", SHARE, "delta, share of the sector's jobs that adoption displaces"),
];

/// Default sectors: name and (share, jobs, ceiling, speed, midpoint, multiple, displaceable).
/// Baseline has every ceiling at 0, so there is no AI wave.
#[rustfmt::skip]
pub const DEFAULT_SECTORS: &[(&str, [f64; 7])] = &[
    ("rest", [0.45, 0.42, 0.0, 1.0, 5.0, 1.0, 0.0]),
    ("professional_services", [0.20, 0.18, 0.0, 1.0, 5.0, 4.0, 0.3]),
    ("manufacturing_logistics", [0.17, 0.14, 0.0, 1.0, 5.0, 2.1, 0.4]),
    ("government_admin", [0.05, 0.05, 0.0, 1.0, 5.0, 4.2, 0.3]),
    ("energy", [0.03, 0.01, 0.0, 1.0, 5.0, 1.55, 0.2]),
    ("health_education", [0.10, 0.20, 0.0, 1.0, 5.0, 1.5, 0.1]),
];

/// Defaults for a sector a scenario adds by a new name.
pub const NEW_SECTOR_DEFAULTS: [f64; 7] = [0.0, 0.0, 0.0, 1.0, 5.0, 1.0, 0.0];

/// The spec of a scalar parameter by dotted name.
pub fn scalar(name: &str) -> Option<&'static ParamSpec> {
    SCALAR_PARAMS.iter().find(|p| p.name == name)
}

/// The spec of a sector field (`share`, `jobs`, ...).
pub fn sector_field(field: &str) -> Option<(usize, &'static SectorField)> {
    SECTOR_FIELDS.iter().enumerate().find(|(_, f)| f.0 == field)
}

/// Every valid dotted name, for listings and "did you mean" hints.
pub fn all_names() -> Vec<String> {
    let mut names: Vec<String> = SCALAR_PARAMS.iter().map(|p| p.name.to_string()).collect();
    for (sector, _) in DEFAULT_SECTORS {
        for (field, ..) in SECTOR_FIELDS {
            names.push(format!("technology.sectors.{sector}.{field}"));
        }
    }
    names
}
