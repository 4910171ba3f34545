#!/usr/bin/env python3
"""A numpy reference of `debtlab mc`: the same model (v2) and the same
statistics, vectorised over paths, as an economist would prototype it.

Input is a scenario resolved into one file by `debtlab show SCENARIO`:

    debtlab show musk-abundance > musk.toml
    python3 bench/reference_numpy.py musk.toml --paths 100000 --out musk.json

The time loop runs in Python; every quantity is an array over paths (shape
`(paths,)`), or a plain number when it is the same on every path. Drawn
parameters are arrays too, so the per-path constants (filters, rollover
shares, growth factors, sector logistics) are computed once per run as
arrays, and the exogenous paths (technology, energy, compute) inside the step
loop by the same recurrences as the Rust step. Only the current step is kept:
each step's means, percentiles (np.percentile, linear) and claim tests are
taken as the loop goes.

The equations follow model v2 (MODEL.md sections 2-4 and 8) as
crates/debtlab-core/src/model implements it: mod.rs (the step, block by
block, and the start state), path.rs (per-path constants: filters
lam = 1 - exp(-dt/T) and m = 1 - lam T/dt, rollover 1 - exp(-dt/maturity),
levels x0 exp(g tau) advanced by exp(g dt) each step), technology.rs and
energy.rs (computed one step ahead: AI and energy price growth are forward
differences), labor.rs, expectations.rs, prices.rs (the closed-form taylor
pair; the money rule in ln M and ln V), rates.rs (bills and coupons),
fiscal.rs, debt.rs (exact compounding), schedule.rs; the columns of
output.rs; claims.rs (`start`, `at(Y)`, `by`/`always`/`ever`); and
mc/engine.rs, mc/lanes and uncertainty.rs for the draws and the shocks:
shocks are zero at step 0, and the productivity shock eps_Z of step t + 1
enters step t's AI growth, so a path draws shocks for steps 1..T+1.
The random numbers are numpy's own (PCG64), not the Rust streams: with draws
or shocks on, the results agree with Rust in distribution, not path by path.
With `--no-draws --no-shocks` every path is the deterministic run and the
means agree to rounding (well inside 1e-9).

Output: JSON shaped like `debtlab mc --format json` (scenario, paths, seed, dt,
exact, years, columns with mean and p5..p95 per step, claims), plus `timing`.
"""

import argparse
import bisect
import decimal
import json
import math
import sys
import time
import tomllib

import numpy as np

# The columns `debtlab mc` summarises by default (debtlab_core::mc::DEFAULT_COLUMNS).
DEFAULT_COLUMNS = [
    "debt_gdp", "gross_gdp", "real_debt", "price_level", "inflation",
    "rate_effective", "interest_revenue", "unemployment", "output_gap", "ai_index",
]

# Every output column, in output order (debtlab_core::output).
ALL_COLUMNS = [
    "step", "year", "debt_public", "debt_gross", "gdp_real", "gdp_nominal", "price_level", "inflation",
    "money_growth", "policy_rate", "rate_10y", "rate_new", "rate_effective", "revenue", "outlays_primary",
    "interest", "defense", "spending_cuts", "automation_savings", "primary_deficit", "debt_gdp", "gross_gdp",
    "real_debt", "r_minus_g", "pb_stabilizing", "interest_revenue", "interest_defense", "output_gap",
    "unemployment", "displaced", "ai_index", "aipi_cpi_spread", "energy_price", "energy_met_share",
    "compute_price", "robot_hour_cost", "debt_kwh", "debt_gpu_hours", "labor_share", "wage_index", "r_star",
    "expected_inflation", "expected_ai_growth", "rate_bills", "rate_coupons", "outlays_social_security",
    "outlays_health", "outlays_other", "revenue_labor", "revenue_capital", "other_financing", "money",
]

PERCENTILES = [5.0, 25.0, 50.0, 75.0, 95.0]
SHOCK_NAMES = ["eps_pi", "eps_y", "eps_tp", "eps_Z"]
GAP_LIMIT = 0.5            # model::prices::GAP_LIMIT
UNEMPLOYMENT_LIMIT = 0.95  # model::labor::UNEMPLOYMENT_LIMIT
MAX_REDRAWS = 1000

# The schedulable parameters (model::schedule::NAMES, params/spec.rs `sched`):
# a number or [year, value] points, evaluated at each step's start.
SCHEDULABLE = [
    "prices.target", "prices.pass_through", "prices.velocity_growth", "money.growth", "policy.r_star",
    "policy.floor", "rates.term_premium", "debt.bill_share", "fiscal.tax_labor", "fiscal.tax_capital",
    "fiscal.tax_other", "fiscal.other_financing", "fiscal.admin_share", "fiscal.automation_cut",
    "fiscal.cut_target", "fiscal.cut_achieved", "demand.shock",
]

# The spending lines (params::spec::SPENDING_LINES), in output order.
SPENDING_LINES = ["social_security", "health", "defense", "other"]
HEALTH, DEFENSE, OTHER = 1, 2, 3

# Valid ranges (min, max, min_open) from params/spec.rs: a draw outside its
# parameter's range is drawn again, as mc/engine.rs does. No range is open at the top.
RANGES = {
    "start.debt_public": (0.0, 1e5, False),
    "start.debt_intragov": (0.0, 1e5, False),
    "start.gdp_nominal": (0.0, 1e5, True),
    "start.rate_effective": (-0.5, 1.0, False),
    "start.bill_rate": (-0.5, 1.0, False),
    "start.inflation": (-0.5, 1.0, False),
    "start.output_gap": (-0.5, 0.5, False),
    "start.money": (0.0, 1e5, False),
    "start.labor_force": (0.0, 1e4, True),
    "start.private_debt_gdp": (0.0, 10.0, False),
    "technology.g_base": (-0.5, 0.5, False),
    "energy.demand0": (0.0, 1e7, True),
    "energy.g_efficiency": (-0.5, 0.5, False),
    "energy.g_supply": (-0.5, 1.0, False),
    "energy.ai_intensity": (0.0, 100.0, False),
    "energy.price0": (0.0, 100.0, True),
    "energy.g_cost": (-0.5, 0.5, False),
    "energy.supply_elasticity": (0.0, 100.0, True),
    "energy.cost_share": (0.0, 1.0, False),
    "compute.price0": (0.0, 1e4, True),
    "compute.g_cost": (-1.0, 5.0, False),
    "compute.shock_year": (0.0, 1000.0, False),
    "compute.shock_factor": (0.0, 1000.0, True),
    "compute.adoption_elasticity": (-10.0, 10.0, False),
    "robot.kwh_per_hour": (0.0, 1000.0, False),
    "robot.gpu_hours_per_hour": (0.0, 1000.0, False),
    "robot.capital_per_hour": (0.0, 1000.0, False),
    "labor.g_labor_force": (-0.2, 0.2, False),
    "labor.u_natural": (0.0, 1.0, False),
    "labor.retrain_years": (0.0, 200.0, True),
    "labor.okun": (0.0, 10.0, False),
    "income.labor_share0": (0.0, 1.0, True),
    "income.ai_capital_capture": (0.0, 1.0, False),
    "prices.target": (-0.5, 1.0, False),
    "prices.expectations_years": (0.0, 200.0, True),
    "prices.productivity_learning_years": (0.0, 200.0, False),
    "prices.trend_learning_years": (0.0, 200.0, False),
    "prices.anchoring": (0.0, 1.0, False),
    "prices.kappa": (0.0, 10.0, False),
    "prices.pass_through": (0.0, 1.0, False),
    "prices.velocity_growth": (-0.5, 0.5, False),
    "money.growth": (-1.0, 5.0, False),
    "policy.r_star": (-0.1, 0.2, False),
    "policy.r_star_growth": (0.0, 5.0, False),
    "policy.growth_ref": (-0.5, 0.5, False),
    "policy.floor": (-0.1, 0.2, False),
    "policy.phi_pi": (0.0, 10.0, False),
    "policy.phi_y": (0.0, 10.0, False),
    "demand.gap_years": (0.0, 200.0, True),
    "demand.rate_sensitivity": (0.0, 10.0, False),
    "demand.displacement_drag": (0.0, 10.0, False),
    "demand.fiscal_multiplier": (0.0, 5.0, False),
    "demand.fisher": (0.0, 5.0, False),
    "demand.shock": (-1.0, 1.0, False),
    "rates.long_weight_short": (0.0, 1.0, False),
    "rates.long_expectations_weight": (0.0, 1.0, False),
    "rates.term_premium": (-0.05, 0.2, False),
    "rates.risk_premium_slope": (0.0, 1.0, False),
    "rates.risk_threshold": (0.0, 10.0, False),
    "debt.bill_share": (0.0, 1.0, False),
    "debt.bill_maturity_years": (0.0, 100.0, True),
    "debt.coupon_wam_years": (0.0, 100.0, True),
    "debt.g_intragov": (-0.5, 0.5, False),
    "fiscal.tax_labor": (0.0, 1.0, False),
    "fiscal.tax_capital": (0.0, 1.0, False),
    "fiscal.tax_other": (-0.5, 0.5, False),
    "fiscal.revenue_cyclical": (-10.0, 10.0, False),
    "fiscal.social_security.level0": (0.0, 1e5, False),
    "fiscal.social_security.growth": (-0.5, 0.5, False),
    "fiscal.social_security.price_weight": (0.0, 1.0, False),
    "fiscal.social_security.ratchet_weight": (0.0, 1.0, False),
    "fiscal.social_security.wage_weight": (0.0, 1.0, False),
    "fiscal.health.level0": (0.0, 1e5, False),
    "fiscal.health.growth": (-0.5, 0.5, False),
    "fiscal.health.price_weight": (0.0, 1.0, False),
    "fiscal.health.ratchet_weight": (0.0, 1.0, False),
    "fiscal.health.wage_weight": (0.0, 1.0, False),
    "fiscal.health.ai_weight": (0.0, 5.0, False),
    "fiscal.defense.level0": (0.0, 1e5, True),
    "fiscal.defense.growth": (-0.5, 0.5, False),
    "fiscal.defense.price_weight": (0.0, 1.0, False),
    "fiscal.defense.ratchet_weight": (0.0, 1.0, False),
    "fiscal.defense.wage_weight": (0.0, 1.0, False),
    "fiscal.other.level0": (0.0, 1e5, False),
    "fiscal.other.growth": (-0.5, 0.5, False),
    "fiscal.other.price_weight": (0.0, 1.0, False),
    "fiscal.other.ratchet_weight": (0.0, 1.0, False),
    "fiscal.other.wage_weight": (0.0, 1.0, False),
    "fiscal.other_financing": (-0.5, 0.5, False),
    "fiscal.admin_share": (0.0, 1.0, False),
    "fiscal.automation_cut": (0.0, 1.0, False),
    "fiscal.ui_cost": (0.0, 1.0, False),
    "fiscal.cut_target": (-1000.0, 1000.0, False),
    "fiscal.cut_phase_years": (0.0, 200.0, False),
    "fiscal.cut_achieved": (0.0, 1.0, False),
}

SECTOR_FIELDS = ["share", "jobs", "ceiling", "speed", "midpoint", "multiple", "displaceable"]
# Sector fields a draw may set (params::slots: not `share` or `jobs`, which sum to 1).
SECTOR_RANGES = {
    "ceiling": (0.0, 1.0, False),
    "speed": (0.0, 100.0, True),
    "midpoint": (-100.0, 200.0, False),
    "multiple": (0.0, 1000.0, True),
    "displaceable": (0.0, 1.0, False),
}


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def rust_number(v):
    """A number as Rust's `{}` prints an f64 (no trailing `.0`, no exponent)."""
    v = float(v)
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if v.is_integer():
        return str(int(v))
    return format(decimal.Decimal(repr(v)), "f")


def rust_round(x):
    """f64::round: half away from zero."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


# ---------------------------------------------------------------- scenario


def value_at(number, year):
    """A schedulable number at a calendar year (params::schedule::Schedule::value_at)."""
    if not isinstance(number, list):
        return float(number)
    years = [float(p[0]) for p in number]
    values = [float(p[1]) for p in number]
    if year <= years[0]:
        return values[0]
    if year >= years[-1]:
        return values[-1]
    after = bisect.bisect_right(years, year)
    y0, v0, y1, v1 = years[after - 1], values[after - 1], years[after], values[after]
    return v0 + (v1 - v0) * (year - y0) / (y1 - y0)


def parse_distribution(text):
    """`normal(0.1, 0.02)` and the like (uncertainty::Distribution::parse)."""
    name, _, rest = text.strip().partition("(")
    args = [float(a) for a in rest.rstrip().removesuffix(")").split(",")]
    want = {"normal": 2, "lognormal": 2, "uniform": 2, "triangular": 3, "beta": 4}
    name = name.strip()
    if want.get(name) != len(args):
        fail(f"bad distribution `{text}`")
    return name, args


def flatten_uncertain(table, prefix=""):
    """[uncertain] as (dotted name, distribution): quoted dotted keys (as
    `debtlab show` writes them), nested tables, strings or {dist = ...} tables."""
    out = []
    for key, item in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(item, str):
            if item.strip() != "fixed":
                out.append((name, parse_distribution(item)))
        elif isinstance(item, dict) and "dist" in item:
            names = {"normal": ["mean", "sd"], "lognormal": ["mu", "sigma"], "uniform": ["lo", "hi"],
                     "triangular": ["lo", "mode", "hi"], "beta": ["a", "b", "lo", "hi"]}[item["dist"]]
            out.append((name, (item["dist"], [float(item[a]) for a in names])))
        elif isinstance(item, dict):
            out.extend(flatten_uncertain(item, name))
        else:
            fail(f"uncertain.{name}: expected a distribution")
    return out


def flatten_params(table, prefix, out):
    """A parameter section as dotted names; sub-tables (`fiscal.health.level0`) nest."""
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            flatten_params(value, name, out)
        else:
            out[name] = value


def parse_threshold(value):
    """A claim's value (claims::Threshold): a number, "start", "at(Y)", either
    times a factor ("start*0.5", "0.5*start", "at(5)*1.02") -> dict."""
    if not isinstance(value, str):
        return {"kind": "value", "value": float(value)}
    compact = "".join(value.split())
    base, factor = compact, 1.0
    if "*" in compact:
        a, b = compact.split("*", 1)

        def number(s):
            try:
                return float(s)
            except ValueError:
                return None
        fa, fb = number(a), number(b)
        if fa is None and fb is not None:
            base, factor = a, fb
        elif fa is not None and fb is None:
            base, factor = b, fa
        else:
            fail(f"bad claim value `{value}`")
    if not math.isfinite(factor):
        fail(f"bad claim value `{value}`")
    if base == "start":
        return {"kind": "start", "factor": factor, "years": 0.0}
    if base.startswith("at(") and base.endswith(")"):
        try:
            years = float(base[3:-1])
        except ValueError:
            years = -1.0
        if math.isfinite(years) and years >= 0.0:
            return {"kind": "at", "factor": factor, "years": years}
    fail(f"bad claim value `{value}`")


def describe_threshold(threshold):
    """claims::Threshold::describe."""
    if threshold["kind"] == "value":
        return rust_number(threshold["value"])
    base = "start" if threshold["kind"] == "start" else f"at({rust_number(threshold['years'])})"
    return base if threshold["factor"] == 1.0 else f"{base}*{rust_number(threshold['factor'])}"


def cholesky(matrix):
    """uncertainty::cholesky: lower-triangular L with L L' = C, allowing
    positive semi-definite (singular) correlation matrices."""
    tol = 1e-10
    n = len(matrix)
    l = [[0.0] * n for _ in range(n)]
    for j in range(n):
        pivot = matrix[j][j] - sum(l[j][k] * l[j][k] for k in range(j))
        if pivot < -tol:
            fail("the correlation matrix is not positive semi-definite")
        diagonal = math.sqrt(max(pivot, 0.0))
        l[j][j] = diagonal
        for i in range(j + 1, n):
            rest = matrix[i][j] - sum(l[i][k] * l[j][k] for k in range(j))
            if diagonal <= math.sqrt(tol):
                if abs(rest) > 1e-8:
                    fail("the correlation matrix is not positive semi-definite")
                l[i][j] = 0.0
            else:
                l[i][j] = rest / diagonal
    return l


def load_scenario(path):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    name = path
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if first.startswith("# debtlab scenario `"):
        name = first.split("`")[1]
    if "extends" in doc:
        fail("give a resolved scenario (`debtlab show SCENARIO`), not one with `extends`")
    params = {}
    for section, table in doc.items():
        if section in ("description", "claims", "uncertain", "shocks") or not isinstance(table, dict):
            continue
        if section == "technology":
            table = {k: v for k, v in table.items() if k != "sectors"}
        flatten_params(table, section, params)
    for old in ("run.regime", "fiscal.revenue_share", "fiscal.indexed0", "fiscal.health0", "fiscal.defense0",
                "fiscal.other0", "debt.wam_years"):
        if old in params:
            fail(f"`{old}` is a model v1 parameter; give a v2 scenario (`debtlab show SCENARIO`)")
    sectors = []
    for sector_name, fields in doc["technology"]["sectors"].items():
        sector = {"name": sector_name}
        sector.update({f: float(fields[f]) for f in SECTOR_FIELDS})
        sectors.append(sector)
    claims = []
    for c in doc.get("claims", []):
        when = c.get("when", "by")
        if when not in ("by", "always", "ever"):
            fail(f"claim `{c['name']}`: bad `when` `{when}`")
        claims.append({
            "name": c["name"], "metric": c["metric"], "op": c["op"],
            "threshold": parse_threshold(c["value"]), "by": float(c["by"]), "when": when,
        })
    shocks = doc.get("shocks", {})
    sd = [float(shocks.get(n, shocks.get(n.lower(), 0.0))) for n in SHOCK_NAMES]
    corr = shocks.get("correlation", [[float(i == j) for j in range(4)] for i in range(4)])
    return {
        "name": name,
        "params": params,
        "sectors": sectors,
        "claims": claims,
        "uncertain": flatten_uncertain(doc.get("uncertain", {})),
        "shock_sd": sd,
        "cholesky": cholesky([[float(x) for x in row] for row in corr]),
    }


# ---------------------------------------------------------------- draws


def sample(rng, dist, n):
    name, a = dist
    if name == "normal":
        return rng.normal(a[0], a[1], n)
    if name == "lognormal":
        return rng.lognormal(a[0], a[1], n)
    if name == "uniform":
        return a[0] + (a[1] - a[0]) * rng.random(n)
    if name == "triangular":
        return rng.triangular(a[0], a[1], a[2], n)
    return a[2] + (a[3] - a[2]) * rng.beta(a[0], a[1], n)


def in_range(values, rng_spec):
    lo, hi, lo_open = rng_spec
    low_ok = values > lo if lo_open else values >= lo
    return low_ok & (values <= hi)


def draw_parameters(scenario, rng, n):
    """Per-path arrays for the [uncertain] parameters, redrawn (up to 1000
    times) where they fall outside the parameter's valid range."""
    params = dict(scenario["params"])
    sectors = [dict(s) for s in scenario["sectors"]]
    names = [s["name"] for s in sectors]
    for name, dist in scenario["uncertain"]:
        if name.startswith("technology.sectors."):
            sector, field = name[len("technology.sectors."):].rsplit(".", 1)
            if sector not in names or field not in SECTOR_RANGES:
                fail(f"uncertain `{name}` cannot be drawn")
            valid = SECTOR_RANGES[field]
        elif name in RANGES:
            valid = RANGES[name]
        else:
            fail(f"uncertain `{name}` cannot be drawn")
        values = sample(rng, dist, n)
        for _ in range(MAX_REDRAWS - 1):
            bad = np.flatnonzero(~in_range(values, valid))
            if bad.size == 0:
                break
            values[bad] = sample(rng, dist, bad.size)
        else:
            bad = np.flatnonzero(~in_range(values, valid))
            if bad.size:
                fail(f"path {bad[0]}: could not draw `{name}` inside its valid range in {MAX_REDRAWS} tries")
        if name.startswith("technology.sectors."):
            sectors[names.index(sector)][field] = values
        else:
            params[name] = values  # a drawn schedulable parameter is constant along the path
    return params, sectors


# ---------------------------------------------------------------- the model


def as_number(v):
    """A parameter: a numpy scalar (so that x / 0 gives inf, as in Rust) or a per-path array."""
    return v if isinstance(v, np.ndarray) else np.float64(v)


def reprice(rate, new_rate, rollover, stock, stock_next):
    """rates::reprice: one pool's rate next step."""
    growing = (stock_next > stock) & (stock_next > 0.0)
    blended = (rate * stock * (1.0 - rollover) + new_rate * (stock * rollover + stock_next - stock)) / stock_next
    return np.where(growing, blended, rate * (1.0 - rollover) + new_rate * rollover)


def exprel(x):
    """(e^x - 1) / x, 1 at x = 0 (num::math::exprel_v)."""
    return np.where(x == 0.0, 1.0, np.expm1(x) / np.where(x == 0.0, 1.0, x))


def nearest_step(years, dt, last_step):
    """claims::nearest_step: the step nearest `years`, the earlier on a tie."""
    return min(max(math.ceil(years / dt - 0.5), 0), last_step)


def simulate(scenario, n, seed, draws, shocks_on, columns):
    """Runs `n` paths and returns the per-step statistics and claim counts."""
    rng = np.random.default_rng(seed)
    if draws and scenario["uncertain"]:
        p, sectors = draw_parameters(scenario, rng, n)
    else:
        p, sectors = dict(scenario["params"]), [dict(s) for s in scenario["sectors"]]
    c = lambda name: as_number(p[name])  # noqa: E731

    if p.get("prices.expectations", "adaptive") != "adaptive":
        fail("only `prices.expectations = \"adaptive\"` is implemented (as in debtlab)")
    rule = p.get("policy.rule", "taylor")
    if rule not in ("taylor", "money"):
        fail(f"unknown policy.rule `{rule}`")
    money_rule = rule == "money"

    dt = float(p["run.dt"])
    inv_dt = 1.0 / dt
    start_year = float(p["run.start_year"])
    last = int(rust_round(float(p["run.years"]) / dt))  # T; the run has T + 1 rows
    sqrt_dt = math.sqrt(dt)
    names = [s["name"] for s in sectors]
    gov = names.index(p["technology.gov_sector"]) if p["technology.gov_sector"] in names else 0
    health = names.index(p["fiscal.health.ai_sector"]) if p["fiscal.health.ai_sector"] in names else 0

    # Scheduled values at steps 0..T + 1 (schedule::table); a drawn one is a per-path constant.
    drawn = {name: p[name] for name in SCHEDULABLE if isinstance(p[name], np.ndarray)}
    table = [{name: drawn[name] if name in drawn else value_at(p[name], start_year + t * dt)
              for name in SCHEDULABLE} for t in range(last + 2)]

    sd = scenario["shock_sd"]
    L = scenario["cholesky"]
    use_shocks = shocks_on and any(s > 0 for s in sd)
    z_needed = [any(sd[i] > 0 and L[i][j] != 0.0 for i in range(j, 4)) for j in range(4)]
    scale = [s * sqrt_dt for s in sd]

    def draw_shocks():
        """One step's shocks sd sqrt(dt) (L z) (ShockSpec::draw): a normal z_j
        for every shock that is on or that a shock which is on is correlated with."""
        z = [rng.standard_normal(n) if z_needed[j] else 0.0 for j in range(4)]
        out = [0.0, 0.0, 0.0, 0.0]
        for i in range(4):
            if sd[i] > 0:
                mixed = 0.0
                for j in range(i + 1):
                    mixed = mixed + L[i][j] * z[j]
                out[i] = scale[i] * mixed
        return out

    # ---- per-path constants (model::path::PathParams)
    debt0, gdp0 = c("start.debt_public"), c("start.gdp_nominal")
    rate_effective0, bill_rate0 = c("start.rate_effective"), c("start.bill_rate")
    inflation0, output_gap0, money0 = c("start.inflation"), c("start.output_gap"), c("start.money")

    # 3.1: the adoption clock runs f_shock^-eps_C times the calendar once the compute shock hits.
    clock_after_shock = np.exp(-c("compute.adoption_elasticity") * np.log(c("compute.shock_factor")))
    sec = []
    start_productivity = 0.0
    for s in sectors:
        speed, ceiling = as_number(s["speed"]), as_number(s["ceiling"])
        u0 = np.exp(speed * as_number(s["midpoint"]))
        multiple_less_one = as_number(s["multiple"]) - 1.0
        share = as_number(s["share"])
        start_productivity = start_productivity + share * (1.0 + multiple_less_one * (ceiling / (1.0 + u0)))
        sec.append({
            "share": share, "mlo": multiple_less_one, "ceiling": ceiling,
            "jobs_displaceable": as_number(s["jobs"]) * as_number(s["displaceable"]),
            # u = exp(-k (A_t - tau0)), a = c / (1 + u), advanced by exp(-k dA) per step.
            "u": u0, "decay": np.exp(-speed * dt), "decay_shocked": np.exp(-speed * dt * clock_after_shock),
        })
    inv_start = 1.0 / start_productivity
    for s in sec:
        s["share"] = s["share"] * inv_start  # so that Z_t = sum_s share z_s,t

    ai_intensity = c("energy.ai_intensity")
    inv_supply_elasticity = 1.0 / c("energy.supply_elasticity")
    g_energy_cost = c("energy.g_cost")
    energy_cost_share = c("energy.cost_share")
    shock_year, shock_factor = c("compute.shock_year"), c("compute.shock_factor")
    robot = (c("robot.kwh_per_hour"), c("robot.gpu_hours_per_hour"), c("robot.capital_per_hour"))

    g_labor = c("labor.g_labor_force")
    trend = c("technology.g_base") + g_labor
    labor_force0 = c("start.labor_force")
    # The paths x0 exp(g tau), advanced by exp(g dt) each step (path::LEVELS).
    ENERGY_BASELINE, ENERGY_SUPPLY, ENERGY_COST, COMPUTE_REFERENCE = 0, 1, 2, 3
    LABOR_FORCE, INV_LABOR_FORCE, POTENTIAL_TREND, LINES, INTRAGOV = 4, 5, 6, 7, 11
    levels_and_growth = [
        (c("energy.demand0"), trend - c("energy.g_efficiency")),
        (c("energy.demand0"), c("energy.g_supply")),
        (c("energy.price0"), -g_energy_cost),
        (c("compute.price0"), -c("compute.g_cost")),
        (labor_force0, g_labor),
        (1.0 / labor_force0, -g_labor),
        (gdp0, trend),
        *[(c(f"fiscal.{line}.level0"), c(f"fiscal.{line}.growth")) for line in SPENDING_LINES],
        (c("start.debt_intragov"), c("debt.g_intragov")),
    ]
    levels = [start for start, _ in levels_and_growth]
    factor = [np.exp(growth * dt) for _, growth in levels_and_growth]

    u_natural, okun = c("labor.u_natural"), c("labor.okun")
    inv_retrain_years = 1.0 / c("labor.retrain_years")
    labor_share0, capital_capture = c("income.labor_share0"), c("income.ai_capital_capture")

    def adaptive_filter(years):
        """lam = 1 - exp(-dt/T) carried, m = 1 - lam T/dt the step's average (T = 0: both 1)."""
        lam = 1.0 - np.exp(-dt / years)
        return lam, 1.0 - lam * years / dt

    ai_lam, ai_mean = adaptive_filter(c("prices.productivity_learning_years"))
    trend_lam, trend_mean = adaptive_filter(c("prices.trend_learning_years"))
    inflation_lam, inflation_mean = adaptive_filter(c("prices.expectations_years"))
    growth_ref, r_star_growth = c("policy.growth_ref"), c("policy.r_star_growth")
    anchoring, kappa = c("prices.anchoring"), c("prices.kappa")
    phi_pi, phi_y = c("policy.phi_pi"), c("policy.phi_y")
    gap_persistence = np.exp(-dt / c("demand.gap_years"))
    rate_sensitivity, displacement_drag = c("demand.rate_sensitivity"), c("demand.displacement_drag")
    fiscal_multiplier = c("demand.fiscal_multiplier")
    fisher_debt = c("demand.fisher") * c("start.private_debt_gdp")

    long_weight_short, long_expectations_weight = c("rates.long_weight_short"), c("rates.long_expectations_weight")
    risk_premium_slope, risk_threshold = c("rates.risk_premium_slope"), c("rates.risk_threshold")
    bill_rollover = 1.0 - np.exp(-dt / c("debt.bill_maturity_years"))
    coupon_rollover = 1.0 - np.exp(-dt / c("debt.coupon_wam_years"))

    revenue_cyclical = c("fiscal.revenue_cyclical")
    weights = [(c(f"fiscal.{line}.price_weight"), c(f"fiscal.{line}.ratchet_weight"),
                c(f"fiscal.{line}.wage_weight")) for line in SPENDING_LINES]
    line_indexed = [bool(np.any(wp != 0.0) or np.any(wr != 0.0) or np.any(ww != 0.0)) for wp, wr, ww in weights]
    health_ai_weight = c("fiscal.health.ai_weight")
    ui_cost = c("fiscal.ui_cost")
    cut_phase_years = c("fiscal.cut_phase_years")

    def technology_and_energy(baseline, supply, energy_cost, compute_reference, tau):
        """3.1 and 3.2 at one step (technology::technology_and_energy): adoption
        from each sector's u, Z, energy met share and prices, Z_eff; and each
        sector's energy-limited adoption q a_s."""
        ai_index = 0.0
        adoption = []
        for s in sec:
            a = s["ceiling"] / (1.0 + s["u"])
            ai_index = ai_index + s["share"] * (1.0 + s["mlo"] * a)
            adoption.append(a)
        with_ai = baseline * (1.0 + ai_intensity * (ai_index - 1.0))
        met_share = np.where(with_ai <= baseline, 1.0,
                             np.clip((supply - baseline) / (with_ai - baseline), 0.0, 1.0))
        effective_adoption = [met_share * a for a in adoption]
        effective = 1.0 + (ai_index - 1.0) * met_share
        shortage = with_ai / supply
        short = shortage > 1.0
        if np.any(short):
            ln_markup = np.where(short, np.log(shortage) * inv_supply_elasticity, 0.0)
            markup = np.exp(ln_markup)
        else:
            ln_markup, markup = 0.0, 1.0
        exogenous = {
            "met_share": met_share,
            "effective": effective,
            "ln_effective": np.log(effective),
            "ln_energy_markup": ln_markup,
            "energy_price_real": energy_cost * markup,
            "compute_price_real": compute_reference * np.where(tau >= shock_year, shock_factor, 1.0),
            "gov_adoption": effective_adoption[gov],
            "health_productivity": 1.0 + sec[health]["mlo"] * effective_adoption[health],
        }
        return exogenous, effective_adoption

    # ---- the state at t = 0 (model::State::restart)
    exo, effective_adoption = technology_and_energy(
        levels[ENERGY_BASELINE], levels[ENERGY_SUPPLY], levels[ENERGY_COST], levels[COMPUTE_REFERENCE], 0.0)
    adoption_now = adoption_prev = effective_adoption  # no displacement before the start
    shock_level = 1.0
    ln_price_prev, inflation_prev, ln_peak_prev = 0.0, inflation0, 0.0
    debt = debt0
    rate_bills = bill_rate0
    bill_share0 = table[0]["debt.bill_share"]
    rest = 1.0 - bill_share0
    with np.errstate(all="ignore"):
        rate_coupons = np.where(rest > 0.0, (rate_effective0 - bill_share0 * bill_rate0) / rest, rate_effective0)
    gap_prev, displaced_prev, gdp_real_prev = output_gap0, 0.0, gdp0
    gdp_nominal_prev = gdp0 * np.exp(-(trend + inflation0) * dt)  # Ynom_{-1}
    cuts_prev, cuts_prev2 = 0.0, 0.0
    debt_gdp_prev = debt0 / gdp0
    surprise_prev = 0.0
    expected_inflation, expected_ai, expected_trend = inflation0, 0.0, growth_ref
    ln_money, ln_velocity = 0.0, 0.0
    gdp_nominal0 = pay0 = None
    health_productivity0 = exo["health_productivity"]

    need = set(columns) | {cl["metric"] for cl in scenario["claims"]}
    carry_money = bool(need & {"money", "money_growth"})  # model::Clock::money
    claims = []
    for cl in scenario["claims"]:
        th = cl["threshold"]
        claims.append(dict(
            cl,
            deadline=nearest_step(cl["by"], dt, last),
            reference=None if th["kind"] == "value" else nearest_step(th["years"], dt, last),
            cut=th["value"] if th["kind"] == "value" else None,
            pending=[],
            result=np.full(n, cl["when"] == "always"),
        ))
    stats = {name: {"mean": [], "p": []} for name in columns}
    years = []
    current = [0.0, 0.0, 0.0, 0.0]  # step 0 has no shocks

    for t in range(last + 1):
        first = t == 0
        tau = t * dt
        year = start_year + t * dt
        years.append(year)
        x = table[t]
        bill_share_next = table[t + 1]["debt.bill_share"]

        # Shocks: this step's eps_pi, eps_y, eps_tp, and the productivity shock
        # of step t + 1, drawn a step ahead (AI growth is a forward difference).
        following = draw_shocks() if use_shocks else [0.0, 0.0, 0.0, 0.0]
        eps_pi, eps_y, eps_tp = current[0], current[1], current[2]
        eps_z_next = following[3]

        # ---- 3.1 technology and 3.2 energy: this step's values came from the
        # last step; the next step's give the forward growth rates.
        shocked = tau >= shock_year
        for s in sec:
            s["u"] = s["u"] * np.where(shocked, s["decay_shocked"], s["decay"])
        nxt, adoption_next = technology_and_energy(
            levels[ENERGY_BASELINE] * factor[ENERGY_BASELINE], levels[ENERGY_SUPPLY] * factor[ENERGY_SUPPLY],
            levels[ENERGY_COST] * factor[ENERGY_COST], levels[COMPUTE_REFERENCE] * factor[COMPUTE_REFERENCE],
            tau + dt)
        ai_index = exo["effective"] * shock_level
        # gZ_t = ln(Z_eff_{t+1} / Z_eff_t) / dt with S_{t+1} = S_t exp(eps_Z).
        ai_growth = (nxt["ln_effective"] - exo["ln_effective"] + eps_z_next) * inv_dt
        energy_price_growth = -g_energy_cost + (nxt["ln_energy_markup"] - exo["ln_energy_markup"]) * inv_dt

        # ---- 3.3 labor (the wage index follows 3.5)
        labor_force, inv_labor_force = levels[LABOR_FORCE], levels[INV_LABOR_FORCE]
        rate = 0.0
        for s, now, prev in zip(sec, adoption_now, adoption_prev):
            rate = rate + s["jobs_displaceable"] * np.maximum(now - prev, 0.0)
        flow = labor_force * rate * inv_dt
        displaced = displaced_prev + dt * (flow - displaced_prev * inv_retrain_years)
        unemployment = np.clip(u_natural + displaced * inv_labor_force - okun * gap_prev, 0.0, UNEMPLOYMENT_LIMIT)
        employment = labor_force * (1.0 - unemployment)
        labor_share = labor_share0 * (1.0 - capital_capture * (1.0 - 1.0 / ai_index))

        # ---- 3.4 supply
        potential = levels[POTENTIAL_TREND] * ai_index
        potential_growth = trend + ai_growth

        # ---- 3.5 expectations, prices, policy and demand
        surprise = ai_growth - expected_ai
        expected_ai_growth = expected_ai + ai_mean * surprise
        expected_ai_next = expected_ai + ai_lam * surprise
        surprise = potential_growth - expected_trend
        expected_trend_growth = expected_trend + trend_mean * surprise
        expected_trend_next = expected_trend + trend_lam * surprise
        target, floor = x["prices.target"], x["policy.floor"]
        r_star = x["policy.r_star"] + r_star_growth * (expected_trend_growth - growth_ref)
        # The IS curve's terms besides the rate (prices::Demand, prices::output_gap).
        demand = (gap_prev * gap_persistence, (displaced - displaced_prev) * inv_labor_force,
                  (cuts_prev - cuts_prev2) / gdp_nominal_prev)

        def output_gap_of(rate, anchored):
            persistent, displaced_change, fiscal_impulse = demand
            gap = (persistent - rate_sensitivity * dt * (rate - anchored - r_star)
                   - displacement_drag * displaced_change - fiscal_multiplier * fiscal_impulse
                   + fisher_debt * dt * surprise_prev + dt * x["demand.shock"] + eps_y)
            return np.clip(gap, -GAP_LIMIT, GAP_LIMIT)

        if money_rule:
            # pi_t comes from the price level, so expectations filter pi_{t-1}.
            surprise = inflation_prev - expected_inflation
            expected = expected_inflation + inflation_mean * surprise
            expected_inflation_next = expected_inflation + inflation_lam * surprise
            anchored = (1.0 - anchoring) * expected + anchoring * target
            policy_rate = np.maximum(r_star + anchored, floor)
            output_gap = output_gap_of(policy_rate, anchored)
            gdp_real = potential * (1.0 + output_gap)
            # Ynom_t = Ynom_0 (M_t V_t) / (M_0 V_0), Ynom_0 = Y_0 (so P_0 = 1).
            gdp_nominal = gdp_real if first else gdp_nominal0 * np.exp(ln_money + ln_velocity)
            price_level = gdp_nominal / gdp_real
            ln_price = np.log(price_level)
            inflation = inflation0 if first else (ln_price - ln_price_prev) * inv_dt
        else:
            # Phillips curve and expected inflation, the closed-form pair.
            terms = (kappa * gap_prev - x["prices.pass_through"] * (ai_growth - expected_ai_growth)
                     + energy_cost_share * energy_price_growth + eps_pi)
            a, m = anchoring, inflation_mean
            expected = (expected_inflation * (1.0 - m) + m * (a * target + terms)) / (1.0 - m * (1.0 - a))
            inflation = (1.0 - a) * expected + a * target + terms
            expected_inflation_next = expected_inflation + inflation_lam * (inflation - expected_inflation)
            anchored = (1.0 - anchoring) * expected + anchoring * target
            policy_rate = np.maximum(r_star + inflation + phi_pi * (inflation - target) + phi_y * gap_prev, floor)
            output_gap = output_gap_of(policy_rate, anchored)
            # P_t = P_{t-1} exp(pi_{t-1} dt), P_0 = 1.
            ln_price = 0.0 if first else ln_price_prev + inflation_prev * dt
            price_level = np.exp(ln_price)
            gdp_real = potential * (1.0 + output_gap)
            gdp_nominal = price_level * gdp_real
        if first:
            gdp_nominal0 = gdp_nominal
        if money_rule:
            money_growth = x["money.growth"]
        elif carry_money:
            # Reported: mu_t = pi_t + gY_t - g_V, gY_t = ln(Y_t / Y_{t-1}) / dt (trend at t = 0).
            output_growth = trend if first else np.log(gdp_real / gdp_real_prev) * inv_dt
            money_growth = inflation + output_growth - x["prices.velocity_growth"]
        else:
            money_growth = np.nan

        # 3.3 the wage index w_t = (lsh_t Ynom_t / E_t) / (lsh_0 Ynom_0 / E_0).
        pay = labor_share * gdp_nominal / employment
        if first:
            pay0 = pay
        wage_index = pay / pay0

        # ---- 3.6 rates
        long_run_inflation = long_expectations_weight * anchored + (1.0 - long_expectations_weight) * target
        risk_premium = risk_premium_slope * np.maximum(debt_gdp_prev - risk_threshold, 0.0)
        w = long_weight_short
        rate_10y = np.maximum(w * policy_rate + (1.0 - w) * (r_star + long_run_inflation)
                              + x["rates.term_premium"] + risk_premium + eps_tp, floor)
        bill_share = x["debt.bill_share"]
        rate_effective = bill_share * rate_bills + (1.0 - bill_share) * rate_coupons

        # ---- 3.7 fiscal
        base = gdp_nominal * (1.0 + revenue_cyclical * output_gap)
        revenue_labor = base * x["fiscal.tax_labor"] * labor_share
        revenue_capital = base * x["fiscal.tax_capital"] * (1.0 - labor_share)
        revenue = revenue_labor + revenue_capital + base * x["fiscal.tax_other"]
        ln_peak = np.maximum(ln_peak_prev, ln_price)  # the COLA law: Pmax_t = max(Pmax_{t-1}, P_t)
        ln_wage = np.log(wage_index)
        ln_health_ai = -health_ai_weight * np.log(exo["health_productivity"] / health_productivity0)
        lines = []
        for i, (wp, wr, ww) in enumerate(weights):
            level = levels[LINES + i]
            if i != HEALTH and not line_indexed[i]:
                lines.append(level)
                continue
            exponent = wp * ln_price + wr * ln_peak + ww * ln_wage
            if i == HEALTH:
                exponent = exponent + ln_health_ai
            lines.append(level * np.exp(exponent))
        unemployment_cost = ui_cost * wage_index * np.maximum(unemployment - u_natural, 0.0) * labor_force
        automation_savings = (x["fiscal.admin_share"] * (lines[DEFENSE] + lines[OTHER]) * exo["gov_adoption"]
                              * x["fiscal.automation_cut"])
        phased = np.where(cut_phase_years > 0.0, np.minimum(tau / cut_phase_years, 1.0), 1.0)  # 0 years: at once
        spending_cuts = x["fiscal.cut_target"] * phased * x["fiscal.cut_achieved"]
        outlays_primary = (lines[0] + lines[1] + lines[2] + lines[3] + unemployment_cost - automation_savings
                           - spending_cuts)
        primary_deficit = outlays_primary - revenue
        other_financing = x["fiscal.other_financing"] * gdp_nominal

        # ---- 3.8 debt, compounded exactly over the step; then the pools' rates.
        flows = primary_deficit + other_financing
        growth_step = rate_effective * dt
        relative = exprel(growth_step)
        debt_next = debt * (1.0 + growth_step * relative) + flows * dt * relative
        interest = (debt_next - debt) * inv_dt - flows
        rate_bills_next = reprice(rate_bills, policy_rate, bill_rollover, bill_share * debt,
                                  bill_share_next * debt_next)
        rate_coupons_next = reprice(rate_coupons, rate_10y, coupon_rollover, (1.0 - bill_share) * debt,
                                    (1.0 - bill_share_next) * debt_next)

        # ---- 3.9 indicators
        debt_gdp = debt / gdp_nominal
        v = {
            "t": t, "year": year, "debt": debt, "debt_intragov": levels[INTRAGOV], "gdp_real": gdp_real,
            "gdp_nominal": gdp_nominal,
            # Ynom_{-1} = Ynom_0 exp(-(g_base + g_L + start.inflation) dt) at step 0.
            "gdp_nominal_prev": gdp_nominal * np.exp(-(trend + inflation0) * dt) if t == 0 else gdp_nominal_prev, "price_level": price_level,
            "inflation": inflation, "money_growth": money_growth, "ln_money": ln_money, "policy_rate": policy_rate,
            "rate_10y": rate_10y, "rate_bills": rate_bills, "rate_coupons": rate_coupons,
            "rate_effective": rate_effective, "bill_share": bill_share, "revenue": revenue,
            "revenue_labor": revenue_labor, "revenue_capital": revenue_capital, "lines": lines,
            "automation_savings": automation_savings, "spending_cuts": spending_cuts,
            "outlays_primary": outlays_primary, "interest": interest, "primary_deficit": primary_deficit,
            "other_financing": other_financing, "debt_gdp": debt_gdp, "output_gap": output_gap,
            "unemployment": unemployment, "displaced": displaced, "ai_index": ai_index,
            "energy_met_share": exo["met_share"], "energy_price_real": exo["energy_price_real"],
            "compute_price_real": exo["compute_price_real"], "labor_share": labor_share, "wage_index": wage_index,
            "r_star": r_star, "expected_inflation": anchored, "expected_ai_growth": expected_ai_growth,
            "inv_dt": inv_dt, "robot": robot, "money0": money0,
        }
        row = {name: column(name, v) for name in need}

        # A path fails when its carried debt or pool rates, its price level,
        # its debt_gdp or a summarised column is not finite (mc::lanes, mc::job).
        ok = (np.isfinite(debt_next) & np.isfinite(rate_bills_next) & np.isfinite(rate_coupons_next)
              & np.isfinite(price_level) & np.isfinite(debt_gdp))
        for name in columns:
            ok = ok & np.isfinite(row[name])
        if not np.all(ok):
            bad = int(np.flatnonzero(~np.broadcast_to(ok, (n,)))[0])
            fail(f"path {bad}: the run left the finite range at step {t} (year {year:.3f})")

        for name in columns:
            value = row[name]
            if np.ndim(value) == 0 or np.size(value) == 1:
                value = float(np.asarray(value).reshape(-1)[0])
                stats[name]["mean"].append(value)
                stats[name]["p"].append([value] * 5)
            else:
                stats[name]["mean"].append(float(np.mean(value)))
                stats[name]["p"].append([float(q) for q in np.percentile(value, PERCENTILES)])
        for cl in claims:
            judge_step(cl, t, row[cl["metric"]], n)

        # ---- advance: stocks to t + 1, this step's values become last step's.
        adoption_prev, adoption_now = adoption_now, adoption_next
        exo = nxt
        levels = [level * f for level, f in zip(levels, factor)]
        shock_level = shock_level * np.exp(eps_z_next)
        ln_price_prev, inflation_prev, ln_peak_prev = ln_price, inflation, ln_peak
        debt, rate_bills, rate_coupons = debt_next, rate_bills_next, rate_coupons_next
        gap_prev, displaced_prev = output_gap, displaced
        gdp_real_prev, gdp_nominal_prev = gdp_real, gdp_nominal
        cuts = spending_cuts + automation_savings
        cuts_prev2 = cuts if first else cuts_prev  # K_{-1} = K_{-2} = K_0
        cuts_prev = cuts
        debt_gdp_prev = debt_gdp
        surprise_prev = inflation - anchored
        expected_inflation, expected_ai, expected_trend = (expected_inflation_next, expected_ai_next,
                                                           expected_trend_next)
        # M_{t+1} = M_t exp(mu_t dt); under `money`, V_{t+1} = V_t exp(g_V dt + eps_pi).
        if money_rule:
            ln_money = ln_money + x["money.growth"] * dt
            ln_velocity = ln_velocity + x["prices.velocity_growth"] * dt + eps_pi
        elif carry_money:
            ln_money = ln_money + money_growth * dt
        current = following

    for cl in claims:
        cl["holds"] = int(np.count_nonzero(cl["result"]))
    return dt, years, stats, claims


OPS = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater}


def judge_step(cl, t, value, n):
    """claims::judge_path, one step at a time: `by` judges the deadline,
    `always` every step 1..=deadline (all must hold), `ever` the same steps
    (one must); a relative threshold is known from its reference step on,
    and steps read before it wait for it."""
    deadline, reference, when = cl["deadline"], cl["reference"], cl["when"]
    in_window = t == deadline if when == "by" else 1 <= t <= deadline
    if not (in_window or t == reference):
        return
    value = np.broadcast_to(np.asarray(value, dtype=float), (n,))
    if t == reference:
        cl["cut"] = cl["threshold"]["factor"] * value
        for waiting in cl["pending"]:
            record(cl, waiting)
        cl["pending"] = []
    if in_window:
        if cl["cut"] is None:
            cl["pending"].append(value.copy())
        else:
            record(cl, value)


def record(cl, value):
    held = OPS[cl["op"]](value, cl["cut"])
    if cl["when"] == "by":
        cl["result"] = held
    elif cl["when"] == "always":
        cl["result"] = cl["result"] & held
    else:
        cl["result"] = cl["result"] | held


def column(name, v):
    """Column `name` of one step (output::value), from the step's values."""
    lines = v["lines"]
    if name in ("gdp_real", "gdp_nominal", "price_level", "inflation", "money_growth", "policy_rate", "rate_10y",
                "rate_effective", "revenue", "outlays_primary", "interest", "spending_cuts", "automation_savings",
                "primary_deficit", "debt_gdp", "output_gap", "unemployment", "displaced", "ai_index",
                "energy_met_share", "labor_share", "wage_index", "r_star", "expected_inflation",
                "expected_ai_growth", "rate_bills", "rate_coupons", "revenue_labor", "revenue_capital",
                "other_financing"):
        return v[name]
    if name == "step":
        return float(v["t"])
    if name == "year":
        return v["year"]
    if name == "debt_public":
        return v["debt"]
    if name == "debt_gross":
        return v["debt"] + v["debt_intragov"]
    if name == "rate_new":
        return v["bill_share"] * v["policy_rate"] + (1.0 - v["bill_share"]) * v["rate_10y"]
    if name == "defense":
        return lines[DEFENSE]
    if name == "gross_gdp":
        return (v["debt"] + v["debt_intragov"]) / v["gdp_nominal"]
    if name == "real_debt":
        return v["debt"] / v["price_level"]
    if name in ("r_minus_g", "pb_stabilizing"):
        # Nominal growth over the step just ended, ln(Ynom_t / Ynom_{t-1}) / dt.
        nominal_growth = np.log(v["gdp_nominal"] / v["gdp_nominal_prev"]) * v["inv_dt"]
        gap = v["rate_effective"] - nominal_growth
        return gap if name == "r_minus_g" else gap * v["debt_gdp"]
    if name == "interest_revenue":
        return v["interest"] / v["revenue"]
    if name == "interest_defense":
        return v["interest"] / lines[DEFENSE]
    if name == "aipi_cpi_spread":
        return 100.0 * v["ai_index"] - 100.0 * v["price_level"]
    if name == "energy_price":
        return v["price_level"] * v["energy_price_real"]
    if name == "compute_price":
        return v["price_level"] * v["compute_price_real"]
    if name == "robot_hour_cost":
        kwh, gpu, capital = v["robot"]
        return v["price_level"] * (kwh * v["energy_price_real"] + gpu * v["compute_price_real"] + capital)
    if name == "debt_kwh":
        return v["debt"] * 1e12 / (v["price_level"] * v["energy_price_real"])
    if name == "debt_gpu_hours":
        return v["debt"] * 1e12 / (v["price_level"] * v["compute_price_real"])
    if name == "outlays_social_security":
        return lines[0]
    if name == "outlays_health":
        return lines[HEALTH]
    if name == "outlays_other":
        return lines[OTHER]
    if name == "money":
        return v["money0"] * np.exp(v["ln_money"])
    fail(f"unknown column `{name}`")


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", help="a resolved scenario TOML (from `debtlab show SCENARIO`)")
    ap.add_argument("--paths", type=int, default=10_000, help="number of paths (default 10000, as debtlab mc)")
    ap.add_argument("--seed", type=int, default=1, help="seed of numpy's generator (not the Rust streams)")
    ap.add_argument("--no-draws", action="store_true", help="do not draw the [uncertain] parameters")
    ap.add_argument("--no-shocks", action="store_true", help="switch the [shocks] off")
    ap.add_argument("--columns", help="comma-separated columns, or `all` (default: debtlab mc's defaults)")
    ap.add_argument("--out", help="write the JSON here (default: stdout)")
    args = ap.parse_args()
    if args.paths < 1:
        fail("--paths must be at least 1")
    if args.columns is None:
        columns = DEFAULT_COLUMNS
    elif args.columns == "all":
        columns = ALL_COLUMNS
    else:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        for c in columns:
            if c not in ALL_COLUMNS:
                fail(f"unknown column `{c}`")

    scenario = load_scenario(args.scenario)
    for cl in scenario["claims"]:
        if cl["metric"] not in ALL_COLUMNS:
            fail(f"claim `{cl['name']}`: unknown metric `{cl['metric']}`")
    started = time.perf_counter()
    with np.errstate(all="ignore"):
        dt, years, stats, claims = simulate(
            scenario, args.paths, args.seed, not args.no_draws, not args.no_shocks, columns)
    seconds = time.perf_counter() - started

    n = args.paths
    path_steps = n * len(years)
    result = {
        "scenario": scenario["name"],
        "paths": n,
        "seed": args.seed,
        "dt": dt,
        "exact": True,
        "years": years,
        "columns": [
            {
                "name": name,
                "error_bound": 0.0,
                "outside_range_steps": [],
                "mean": stats[name]["mean"],
                **{f"p{int(q)}": [row[i] for row in stats[name]["p"]] for i, q in enumerate(PERCENTILES)},
            }
            for name in columns
        ],
        "claims": [
            {
                "name": cl["name"],
                "test": f"{cl['metric']} {cl['op']} {describe_threshold(cl['threshold'])} "
                        + ("" if cl["when"] == "by" else f"{cl['when']} ")
                        + f"by {rust_number(cl['by'])}",
                "probability": cl["holds"] / n,
                "std_error": math.sqrt((cl["holds"] / n) * (1.0 - cl["holds"] / n) / n),
                "holds": cl["holds"],
            }
            for cl in claims
        ],
        "timing": {
            "seconds": seconds,
            "path_steps": path_steps,
            "path_steps_per_second": path_steps / seconds,
            "numpy": np.__version__,
        },
    }
    text = json.dumps(result, indent=2) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"{scenario['name']}: {n} paths x {len(years)} steps in {seconds:.3f} s = "
          f"{path_steps / seconds:.3e} path-steps/s (numpy {np.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
