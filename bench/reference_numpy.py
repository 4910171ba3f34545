#!/usr/bin/env python3
"""A numpy reference of `debtlab mc`: the same model and the same statistics,
vectorised over paths, as an economist would prototype it.

Input is a scenario resolved into one file by `debtlab show SCENARIO`:

    debtlab show musk-abundance > musk.toml
    python3 bench/reference_numpy.py musk.toml --paths 100000 --out musk.json

The time loop runs in Python; every quantity is an array over paths (shape
`(paths,)`), or a plain number when it is the same on every path. Drawn
parameters, including those that feed the time-only inputs (sector speeds,
`energy.g_supply`, ...), are arrays too, so the time-only inputs are computed
inside the step loop by the same recurrences as `model::timeline`. Only the
current step is kept: each step's means, percentiles (np.percentile, linear)
and claim tests are taken as the loop goes.

The equations follow crates/debtlab-core/src/model (step, timeline and the
block modules), mc/engine.rs (draws, then per-step correlated shocks that are
zero at step 0), claims.rs and uncertainty.rs. The random numbers are numpy's
own (PCG64), not the Rust streams: with draws or shocks on, the results agree
with Rust in distribution, not path by path. With `--no-draws --no-shocks`
every path is the deterministic run and the means agree to rounding.

Output: JSON shaped like `debtlab mc --format json` (scenario, paths, seed, dt,
exact, years, columns with mean and p5..p95 per step, claims), plus `timing`.
"""

import argparse
import bisect
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
    "compute_price", "robot_hour_cost", "debt_kwh", "debt_gpu_hours",
]

PERCENTILES = [5.0, 25.0, 50.0, 75.0, 95.0]
SHOCK_NAMES = ["eps_pi", "eps_y", "eps_tp", "eps_Z"]
GAP_LIMIT = 0.5
MAX_REDRAWS = 1000

# Parameters that may be a [year, value] schedule (params/spec.rs `sched`).
SCHEDULABLE = [
    "prices.target", "prices.pass_through", "prices.velocity_growth", "money.growth", "policy.r_star",
    "policy.floor", "rates.term_premium", "fiscal.revenue_share", "fiscal.admin_share",
    "fiscal.automation_cut", "fiscal.cut_target", "fiscal.cut_achieved",
]

# Valid ranges (min, max, min_open) from params/spec.rs: a draw outside its
# parameter's range is drawn again, as mc/engine.rs does. No range is open at the top.
RANGES = {
    "start.debt_public": (0.0, 1e5, False),
    "start.debt_intragov": (0.0, 1e5, False),
    "start.gdp_nominal": (0.0, 1e5, True),
    "start.rate_effective": (-0.5, 1.0, False),
    "start.inflation": (-0.5, 1.0, False),
    "start.output_gap": (-0.5, 0.5, False),
    "start.money": (0.0, 1e5, False),
    "start.labor_force": (0.0, 1e4, True),
    "technology.g_base": (-0.5, 0.5, False),
    "energy.demand0": (0.0, 1e7, True),
    "energy.g_efficiency": (-0.5, 0.5, False),
    "energy.g_supply": (-0.5, 1.0, False),
    "energy.ai_intensity": (0.0, 100.0, False),
    "energy.price0": (0.0, 100.0, True),
    "energy.g_cost": (-0.5, 0.5, False),
    "energy.supply_elasticity": (0.0, 100.0, True),
    "compute.price0": (0.0, 1e4, True),
    "compute.g_cost": (-1.0, 5.0, False),
    "compute.shock_year": (0.0, 1000.0, False),
    "compute.shock_factor": (0.0, 1000.0, True),
    "robot.kwh_per_hour": (0.0, 1000.0, False),
    "robot.gpu_hours_per_hour": (0.0, 1000.0, False),
    "robot.capital_per_hour": (0.0, 1000.0, False),
    "labor.g_labor_force": (-0.2, 0.2, False),
    "labor.u_natural": (0.0, 1.0, False),
    "labor.retrain_years": (0.0, 200.0, True),
    "labor.okun": (0.0, 10.0, False),
    "prices.target": (-0.5, 1.0, False),
    "prices.expectations_years": (0.0, 200.0, True),
    "prices.anchoring": (0.0, 1.0, False),
    "prices.kappa": (0.0, 10.0, False),
    "prices.pass_through": (0.0, 1.0, False),
    "prices.velocity_growth": (-0.5, 0.5, False),
    "money.growth": (-1.0, 5.0, False),
    "policy.r_star": (-0.1, 0.2, False),
    "policy.floor": (-0.1, 0.2, False),
    "policy.phi_pi": (0.0, 10.0, False),
    "policy.phi_y": (0.0, 10.0, False),
    "demand.gap_years": (0.0, 200.0, True),
    "demand.rate_sensitivity": (0.0, 10.0, False),
    "demand.displacement_drag": (0.0, 10.0, False),
    "rates.long_weight_short": (0.0, 1.0, False),
    "rates.long_expectations_weight": (0.0, 1.0, False),
    "rates.term_premium": (-0.05, 0.2, False),
    "rates.risk_premium_slope": (0.0, 1.0, False),
    "rates.risk_threshold": (0.0, 10.0, False),
    "debt.wam_years": (0.0, 100.0, True),
    "debt.bill_share": (0.0, 1.0, False),
    "debt.g_intragov": (-0.5, 0.5, False),
    "fiscal.revenue_share": (0.0, 1.0, True),
    "fiscal.revenue_cyclical": (-10.0, 10.0, False),
    "fiscal.indexed0": (0.0, 1e5, False),
    "fiscal.g_indexed": (-0.5, 0.5, False),
    "fiscal.health0": (0.0, 1e5, False),
    "fiscal.g_health": (-0.5, 0.5, False),
    "fiscal.defense0": (0.0, 1e5, True),
    "fiscal.g_defense": (-0.5, 0.5, False),
    "fiscal.other0": (0.0, 1e5, False),
    "fiscal.g_other": (-0.5, 0.5, False),
    "fiscal.admin_share": (0.0, 1.0, False),
    "fiscal.automation_cut": (0.0, 1.0, False),
    "fiscal.ui_cost": (0.0, 1.0, False),
    "fiscal.cut_target": (-1000.0, 1000.0, False),
    "fiscal.cut_phase_years": (0.0, 200.0, False),
    "fiscal.cut_achieved": (0.0, 1.0, False),
}
SECTOR_FIELDS = ["share", "jobs", "ceiling", "speed", "midpoint", "multiple", "displaceable"]
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
    """A number as Rust's `{}` prints an f64 (no trailing `.0`)."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)


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


def parse_threshold(value):
    """A claim's value: a number, "start", "start*F" or "F*start" -> (kind, number)."""
    if not isinstance(value, str):
        return ("value", float(value))
    compact = "".join(value.split())
    if compact == "start":
        return ("start", 1.0)
    if compact.startswith("start*"):
        return ("start", float(compact[len("start*"):]))
    if compact.endswith("*start"):
        return ("start", float(compact[: -len("*start")]))
    fail(f"bad claim value `{value}`")


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
    params = {}
    for section, table in doc.items():
        if section in ("description", "claims", "uncertain", "shocks", "extends"):
            continue
        for key, value in table.items():
            if section == "technology" and key == "sectors":
                continue
            params[f"{section}.{key}"] = value
    if "extends" in doc:
        fail("give a resolved scenario (`debtlab show SCENARIO`), not one with `extends`")
    sectors = []
    for sector_name, fields in doc["technology"]["sectors"].items():
        sector = {"name": sector_name}
        sector.update({f: float(fields[f]) for f in SECTOR_FIELDS})
        sectors.append(sector)
    claims = []
    for c in doc.get("claims", []):
        claims.append({
            "name": c["name"], "metric": c["metric"], "op": c["op"],
            "threshold": parse_threshold(c["value"]), "by": float(c["by"]),
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
            valid = SECTOR_RANGES[field]
        else:
            valid = RANGES[name]
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


def simulate(scenario, n, seed, draws, shocks_on, columns):
    """Runs `n` paths and returns the per-step statistics and claim counts."""
    rng = np.random.default_rng(seed)
    if draws and scenario["uncertain"]:
        p, sectors = draw_parameters(scenario, rng, n)
    else:
        p, sectors = dict(scenario["params"]), [dict(s) for s in scenario["sectors"]]
    # A parameter: a numpy scalar (so that x / 0 gives inf, as in Rust) or a per-path array.
    c = lambda name: np.float64(p[name]) if isinstance(p[name], (int, float)) else p[name]  # noqa: E731
    schedule = {name: p[name] for name in SCHEDULABLE}

    dt = float(p["run.dt"])
    start_year = float(p["run.start_year"])
    steps = int(rust_round(float(p["run.years"]) / dt)) + 1
    sqrt_dt = math.sqrt(dt)
    quantity = p["run.regime"] == "quantity"
    gov = next((i for i, s in enumerate(sectors) if s["name"] == p["technology.gov_sector"]), 0)

    sd = scenario["shock_sd"]
    L = scenario["cholesky"]
    use_shocks = shocks_on and any(s > 0 for s in sd)
    z_needed = [any(sd[i] > 0 and L[i][j] != 0.0 for i in range(j, 4)) for j in range(4)]

    g_base, g_labor = c("technology.g_base"), c("labor.g_labor_force")
    trend_real = g_base + g_labor
    y0 = c("start.gdp_nominal")

    # Per-run constants (timeline::StepConstants).
    expectations_adjustment = 1.0 - np.exp(-dt / c("prices.expectations_years"))
    gap_persistence = np.exp(-dt / c("demand.gap_years"))
    rollover = np.minimum(dt / c("debt.wam_years"), 1.0)

    # Sector logistics by recurrence: u = exp(-k (tau - tau0)), a = c / (1 + u).
    for s in sectors:
        s["u"] = np.exp(s["speed"] * s["midpoint"])
        s["decay"] = np.exp(-s["speed"] * dt)
        s["prev"] = s["ceiling"] / (1.0 + s["u"])
    start_productivity = 0.0
    for s in sectors:
        start_productivity = start_productivity + s["share"] * (1.0 + (s["multiple"] - 1.0) * s["prev"])

    # Levels x0 exp(g tau), advanced by exp(g dt) each step.
    growth = lambda g: np.exp(g * dt)  # noqa: E731
    level = {
        "energy_baseline": c("energy.demand0"), "energy_supply": c("energy.demand0"),
        "energy_cost": c("energy.price0"), "compute_cost": c("compute.price0"),
        "labor_force": c("start.labor_force"), "potential_trend": y0,
        "indexed_real": c("fiscal.indexed0"), "health_real": c("fiscal.health0"),
        "defense": c("fiscal.defense0"), "other": c("fiscal.other0"),
        "debt_intragov": c("start.debt_intragov"),
    }
    factor = {
        "energy_baseline": growth(g_base + g_labor - c("energy.g_efficiency")),
        "energy_supply": growth(c("energy.g_supply")),
        "energy_cost": growth(-c("energy.g_cost")),
        "compute_cost": growth(-c("compute.g_cost")),
        "labor_force": growth(g_labor), "potential_trend": growth(g_base + g_labor),
        "indexed_real": growth(c("fiscal.g_indexed")), "health_real": growth(c("fiscal.g_health")),
        "defense": growth(c("fiscal.g_defense")), "other": growth(c("fiscal.g_other")),
        "debt_intragov": growth(c("debt.g_intragov")),
    }

    ai_intensity, elasticity = c("energy.ai_intensity"), c("energy.supply_elasticity")
    shock_year, shock_factor = c("compute.shock_year"), c("compute.shock_factor")
    u_nat, retrain, okun = c("labor.u_natural"), c("labor.retrain_years"), c("labor.okun")
    anchoring, kappa = c("prices.anchoring"), c("prices.kappa")
    phi_pi, phi_y = c("policy.phi_pi"), c("policy.phi_y")
    sigma, drag = c("demand.rate_sensitivity"), c("demand.displacement_drag")
    w_short, lam_long = c("rates.long_weight_short"), c("rates.long_expectations_weight")
    rp_slope, rp_threshold = c("rates.risk_premium_slope"), c("rates.risk_threshold")
    bill_share = c("debt.bill_share")
    cyclical, ui_cost = c("fiscal.revenue_cyclical"), c("fiscal.ui_cost")
    cut_phase = c("fiscal.cut_phase_years")
    start_inflation = c("start.inflation")
    robot = (c("robot.kwh_per_hour"), c("robot.gpu_hours_per_hour"), c("robot.capital_per_hour"))

    # State at t = 0 (model::State::start).
    price_level, cola = 1.0, 1.0
    debt = c("start.debt_public")
    rate_eff = c("start.rate_effective")
    gap_prev = c("start.output_gap")
    displaced_prev = 0.0
    shock_level = 1.0
    gdp_real_prev = y0
    expected_prev = start_inflation
    inflation_prev = start_inflation
    debt_gdp_prev = debt / y0
    effective_prev = 1.0

    need = set(columns) | {cl["metric"] for cl in scenario["claims"]}
    claims = []
    for cl in scenario["claims"]:
        step = min(max(int(rust_round(cl["by"] / dt)), 0), steps - 1)
        claims.append(dict(cl, step=step, start=None, holds=0))
    stats = {name: {"mean": [], "p": []} for name in columns}
    years = []
    shocks = [0.0, 0.0, 0.0, 0.0]

    for t in range(steps):
        first = t == 0
        tau = t * dt
        year = start_year + tau
        years.append(year)
        sched = {name: (v if isinstance(v, np.ndarray) else value_at(v, year)) for name, v in schedule.items()}

        # ---- time-only inputs (model::timeline), per path
        productivity = 0.0
        displacement = 0.0
        gov_adoption = 0.0
        for i, s in enumerate(sectors):
            adoption = s["ceiling"] / (1.0 + s["u"])
            productivity = productivity + s["share"] * (1.0 + (s["multiple"] - 1.0) * adoption)
            displacement = displacement + s["jobs"] * s["displaceable"] * np.maximum(adoption - s["prev"], 0.0)
            if i == gov:
                gov_adoption = adoption
            s["prev"] = adoption
            s["u"] = s["u"] * s["decay"]
        ai_raw = productivity / start_productivity
        displacement_rate = displacement / dt

        baseline, supply = level["energy_baseline"], level["energy_supply"]
        with_ai = baseline * (1.0 + ai_intensity * (ai_raw - 1.0))
        met_share = np.where(with_ai <= baseline, 1.0,
                             np.clip((supply - baseline) / (with_ai - baseline), 0.0, 1.0))
        shortage = np.maximum(with_ai / supply, 1.0)
        markup = np.where(shortage > 1.0, shortage ** (1.0 / elasticity), 1.0)
        energy_price_real = level["energy_cost"] * markup
        compute_price_real = level["compute_cost"] * np.where(tau >= shock_year, shock_factor, 1.0)
        effective = 1.0 + (ai_raw - 1.0) * met_share
        ln_effective_growth = 0.0 if first else np.log(effective / effective_prev)
        effective_prev = effective

        labor_force = level["labor_force"]
        potential_trend = level["potential_trend"]
        defense, other = level["defense"], level["other"]
        automation_savings = sched["fiscal.admin_share"] * (defense + other) * gov_adoption * sched["fiscal.automation_cut"]
        phased = np.where(cut_phase > 0.0, np.minimum(tau / cut_phase, 1.0), 1.0)  # a 0-year phase cuts at once
        spending_cuts = sched["fiscal.cut_target"] * phased * sched["fiscal.cut_achieved"]
        indexed_real, health_real = level["indexed_real"], level["health_real"]
        debt_intragov = level["debt_intragov"]
        for k in level:
            level[k] = level[k] * factor[k]

        # ---- shocks (mc::engine, ShockSpec::draw): zero at step 0, then
        # sd sqrt(dt) (L z), with a normal z_j for every shock that is on or
        # that a shock which is on is correlated with.
        if use_shocks and not first:
            z = [rng.standard_normal(n) if z_needed[j] else 0.0 for j in range(4)]
            for i in range(4):
                if sd[i] > 0:
                    mixed = 0.0
                    for j in range(i + 1):
                        if L[i][j] != 0.0 and z_needed[j]:
                            mixed = mixed + L[i][j] * z[j]
                    shocks[i] = sd[i] * sqrt_dt * mixed
        eps_pi, eps_y, eps_tp, eps_z = shocks

        # ---- model::step
        # 3.1-3.2: shocked effective AI index and its growth
        shock_level = 1.0 if first else shock_level * np.exp(eps_z)
        ai_index = effective * shock_level
        ai_growth = (0.0 if first else ln_effective_growth + eps_z) / dt

        # 3.3 labor
        flow = labor_force * displacement_rate
        displaced = displaced_prev + dt * (flow - displaced_prev / retrain)
        unemployment = np.clip(u_nat + displaced / labor_force - okun * gap_prev, 0.0, 1.0)

        # 3.4 supply
        potential = potential_trend * ai_index
        potential_growth = trend_real + ai_growth

        # 3.5 prices, policy and demand
        expected = expected_prev if first else expected_prev + expectations_adjustment * (inflation_prev - expected_prev)
        target = sched["prices.target"]
        anchored = (1.0 - anchoring) * expected + anchoring * target
        r_star, floor = sched["policy.r_star"], sched["policy.floor"]
        gap_common = gap_prev * gap_persistence - drag * ((displaced - displaced_prev) / labor_force) + eps_y
        if quantity:
            inflation = sched["money.growth"] + sched["prices.velocity_growth"] - potential_growth + eps_pi
            policy_rate = np.maximum(floor, r_star + anchored)
            output_gap = np.clip(gap_common, -GAP_LIMIT, GAP_LIMIT)
        else:
            inflation = anchored + kappa * gap_prev - sched["prices.pass_through"] * ai_growth + eps_pi
            policy_rate = np.maximum(floor, r_star + inflation + phi_pi * (inflation - target) + phi_y * gap_prev)
            real_rate_gap = policy_rate - anchored - r_star
            output_gap = np.clip(gap_common - sigma * dt * real_rate_gap, -GAP_LIMIT, GAP_LIMIT)
        gdp_real = potential * (1.0 + output_gap)
        gdp_nominal = price_level * gdp_real
        output_growth = trend_real if first else np.log(gdp_real / gdp_real_prev) / dt

        # 3.6 rates
        long_run_inflation = lam_long * anchored + (1.0 - lam_long) * target
        risk_premium = rp_slope * np.maximum(debt_gdp_prev - rp_threshold, 0.0)
        rate_10y = np.maximum(floor, w_short * policy_rate + (1.0 - w_short) * (r_star + long_run_inflation)
                              + sched["rates.term_premium"] + risk_premium + eps_tp)
        rate_new = bill_share * policy_rate + (1.0 - bill_share) * rate_10y

        # 3.7 fiscal
        revenue = sched["fiscal.revenue_share"] * gdp_nominal * (1.0 + cyclical * output_gap)
        unemployment_cost = ui_cost * price_level * np.maximum(unemployment - u_nat, 0.0) * labor_force
        outlays = (indexed_real * cola + health_real * price_level + defense + other - automation_savings
                   + unemployment_cost - spending_cuts)
        interest = rate_eff * debt
        primary_deficit = outlays - revenue

        # 3.8 debt and the effective rate
        debt_next = debt + dt * (interest + primary_deficit)
        grows = (debt_next > debt) & (debt_next > 0.0)
        blended = rate_eff * (1.0 - rollover) + rate_new * rollover
        with_new = (rate_eff * debt * (1.0 - rollover) + rate_new * (debt * rollover + debt_next - debt)) / np.where(grows, debt_next, 1.0)
        rate_next = np.where(grows, with_new, blended)

        # 3.9 indicators
        debt_gdp = debt / gdp_nominal
        price_factor = np.exp(inflation * dt)
        price_next = price_level * price_factor

        row = {}
        for name in need:
            if name == "debt_gdp":
                v = debt_gdp
            elif name == "gross_gdp":
                v = (debt + debt_intragov) / gdp_nominal
            elif name == "real_debt":
                v = debt / price_level
            elif name == "price_level":
                v = price_level
            elif name == "inflation":
                v = inflation
            elif name == "rate_effective":
                v = rate_eff
            elif name == "interest_revenue":
                v = interest / revenue
            elif name == "unemployment":
                v = unemployment
            elif name == "output_gap":
                v = output_gap
            elif name == "ai_index":
                v = ai_index
            else:
                v = other_column(name, locals())
            row[name] = v

        # A path fails when its carried debt or price level, its debt_gdp or a
        # summarised column is not finite (mc::engine and mc::Job::chunk).
        ok = np.isfinite(debt_next) & np.isfinite(price_next) & np.isfinite(debt_gdp)
        for name in columns:
            ok = ok & np.isfinite(row[name])
        if not np.all(ok):
            bad = int(np.flatnonzero(~np.broadcast_to(ok, (n,)))[0])
            fail(f"path {bad}: the run left the finite range at step {t} (year {year:.2f})")

        for name in columns:
            v = row[name]
            if np.ndim(v) == 0 or np.size(v) == 1:
                v = float(np.asarray(v).reshape(-1)[0])
                stats[name]["mean"].append(v)
                stats[name]["p"].append([v] * 5)
            else:
                stats[name]["mean"].append(float(np.mean(v)))
                stats[name]["p"].append([float(x) for x in np.percentile(v, PERCENTILES)])
        for cl in claims:
            if first:
                cl["start"] = row[cl["metric"]]
            if t == cl["step"]:
                kind, number = cl["threshold"]
                threshold = number if kind == "value" else number * cl["start"]
                value = row[cl["metric"]]
                held = {"<=": value <= threshold, "<": value < threshold,
                        ">=": value >= threshold, ">": value > threshold}[cl["op"]]
                cl["holds"] = int(np.count_nonzero(np.broadcast_to(held, (n,))))

        # Advance (stocks to t + 1; this step's values become last step's).
        cola = np.where(inflation > 0.0, cola * price_factor, cola)
        price_level = price_next
        debt, rate_eff = debt_next, rate_next
        gap_prev, displaced_prev, gdp_real_prev = output_gap, displaced, gdp_real
        expected_prev, inflation_prev, debt_gdp_prev = expected, inflation, debt_gdp

    return dt, years, stats, claims


def other_column(name, v):
    """The columns outside the default set, from the step's local values."""
    if name == "step":
        return float(v["t"])
    if name == "year":
        return v["year"]
    if name == "debt_public":
        return v["debt"]
    if name == "debt_gross":
        return v["debt"] + v["debt_intragov"]
    if name in ("gdp_real", "gdp_nominal", "policy_rate", "rate_10y", "rate_new", "revenue", "interest",
                "defense", "primary_deficit", "displaced"):
        return v[name]
    if name == "money_growth":
        if v["quantity"]:
            return v["sched"]["money.growth"]
        return v["inflation"] + v["output_growth"] - v["sched"]["prices.velocity_growth"]
    if name == "outlays_primary":
        return v["outlays"]
    if name == "spending_cuts":
        return v["spending_cuts"]
    if name == "automation_savings":
        return v["automation_savings"]
    nominal_growth = (v["trend_real"] + v["start_inflation"]) if v["first"] else v["inflation_prev"] + v["output_growth"]
    if name == "r_minus_g":
        return v["rate_eff"] - nominal_growth
    if name == "pb_stabilizing":
        return (v["rate_eff"] - nominal_growth) * v["debt_gdp"]
    if name == "interest_defense":
        return v["interest"] / v["defense"]
    if name == "aipi_cpi_spread":
        return 100.0 * v["ai_index"] - 100.0 * v["price_level"]
    if name == "energy_price":
        return v["price_level"] * v["energy_price_real"]
    if name == "energy_met_share":
        return v["met_share"]
    if name == "compute_price":
        return v["price_level"] * v["compute_price_real"]
    if name == "robot_hour_cost":
        kwh, gpu, capital = v["robot"]
        return v["price_level"] * (kwh * v["energy_price_real"] + gpu * v["compute_price_real"] + capital)
    if name == "debt_kwh":
        return v["debt"] * 1e12 / (v["price_level"] * v["energy_price_real"])
    if name == "debt_gpu_hours":
        return v["debt"] * 1e12 / (v["price_level"] * v["compute_price_real"])
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
                "mean": stats[name]["mean"],
                **{f"p{int(q)}": [row[i] for row in stats[name]["p"]] for i, q in enumerate(PERCENTILES)},
            }
            for name in columns
        ],
        "claims": [
            {
                "name": cl["name"],
                "test": f"{cl['metric']} {cl['op']} "
                        + (rust_number(cl["threshold"][1]) if cl["threshold"][0] == "value"
                           else "start" if cl["threshold"][1] == 1.0 else f"start*{rust_number(cl['threshold'][1])}")
                        + f" by {rust_number(cl['by'])}",
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
