"""debtlab from Python: the macro-fiscal model that tests whether AI
productivity deflation fixes the US debt, with results as DataFrames
indexed by time (one column per variable).

>>> import debtlab
>>> df = debtlab.run("musk-abundance", columns=["debt_gdp", "price_level"])
>>> debtlab.claims(["musk-abundance", "baseline"])[["scenario", "claim", "holds"]]

A scenario is a preset name (``debtlab.presets()``), a path to a TOML file,
TOML text, a dict of overrides on a preset (``{"extends": "musk-abundance",
"prices.rule": "taylor"}``; nested dicts become dotted names) or a
``Scenario`` from ``debtlab.load``. Every function takes ``set={...}``
overrides and ``output="pandas" | "polars" | "arrow"``.

Reproducibility: the same scenario, paths and seed give the same bits for
any thread count, and in ``debtlab.distributed`` for any number of Dask
workers and any order their chunks finish in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from . import _native
from ._frames import Output, arrow, frame, meta
from ._native import DebtlabError, RunError, Scenario, ScenarioError
from ._scenario import load as _load

__version__ = _native.__version__
__all__ = [
    "DEFAULT_PERCENTILES",
    "Attribution",
    "DebtlabError",
    "MonteCarlo",
    "RunError",
    "Scenario",
    "ScenarioError",
    "claims",
    "columns",
    "compare",
    "load",
    "mc",
    "params",
    "presets",
    "run",
    "attribute",
    "replay",
    "sensitivity",
    "sobol",
    "solve",
]


def load(scenario: Any, set: Mapping[str, Any] | None = None) -> Scenario:
    """Loads and validates a scenario (see the module docs for what it may be).

    Raises ``ScenarioError`` with ``file``, ``line``, ``column``, ``field``,
    ``rule`` and ``suggestion`` (the nearest valid name for a misspelt one)."""
    return _load(scenario, set)


def run(
    scenario: Any,
    set: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    every: int = 1,
    output: Output = "pandas",
) -> Any:
    """The path of one scenario: one row per step (every ``every``-th), indexed
    by ``year``, with ``step`` and one column per variable (``columns``, default
    all; names and units in ``debtlab.columns()``)."""
    s = _load(scenario, set)
    return frame(_native.run(s, list(columns) if columns is not None else None, every), output, index="year")


def _many(scenarios: Any, set: Mapping[str, Any] | None) -> list[Scenario]:
    if isinstance(scenarios, (str, Mapping, Scenario)):
        scenarios = [scenarios]
    loaded = [_load(s, set) for s in scenarios]
    if not loaded:
        raise ValueError("give at least one scenario")
    return loaded


def claims(scenarios: Any, set: Mapping[str, Any] | None = None, output: Output = "pandas") -> Any:
    """Every claim of each scenario judged on its deterministic run: one row
    per (scenario, claim) with the test, the deciding year, the value, the
    threshold and ``holds``."""
    return frame(_native.claims(_many(scenarios, set)), output)


def compare(
    scenarios: Any,
    columns: Sequence[str] = ("debt_gdp", "gross_gdp", "real_debt", "price_level", "rate_effective"),
    at: Iterable[float] = (0, 3, 5, 10),
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
) -> Any:
    """Chosen columns of several scenarios at chosen years (years since the
    start, or calendar years from 1800): one row per (scenario, year),
    indexed by (``scenario``, ``year``)."""
    at = [float(a) for a in at]
    if not at:
        raise ValueError("at: give at least one year")
    batch = _native.compare(_many(scenarios, set), list(columns), at)
    return frame(batch, output, index=["scenario", "year"])


@dataclass
class MonteCarlo:
    """A Monte Carlo run: ``percentiles`` (the mean and the percentiles asked
    for, p5 ... p95 by default, of each column at every step, long or wide) and ``claims`` (each claim's probability and its
    standard error), with the settings in ``info``. ``tables`` keeps the three
    pyarrow record batches (long, wide, claims) whatever the output."""

    percentiles: Any
    claims: Any
    info: dict[str, str] = field(default_factory=dict)
    tables: tuple[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch] | None = None


def _monte_carlo(native: tuple[Any, Any, Any], shape: str, output: Output) -> MonteCarlo:
    if shape not in ("long", "wide"):
        raise ValueError(f"shape must be 'long' or 'wide', not {shape!r}")
    long, wide, claims_ = (arrow(t) for t in native)
    index = ["variable", "year"] if shape == "long" else "year"
    percentiles = frame(long if shape == "long" else wide, output, index=index)
    return MonteCarlo(percentiles, frame(claims_, output, index="claim"), meta(long), (long, wide, claims_))


DEFAULT_PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
"""The percentiles a Monte Carlo run reports unless asked for others."""


def _percentile_levels(percentiles: Any) -> list[float]:
    """``percentiles`` as the list of levels the extension checks (each in
    (0, 100), increasing); a method name here is a misplaced argument."""
    if isinstance(percentiles, str):
        hint = (f"; {percentiles!r} is a method: use percentile_method={percentiles!r}"
                if percentiles in ("auto", "exact", "sketch") else "")
        raise ValueError(f"percentiles: give a list of levels in percent, e.g. [10, 25, 50, 75, 90]{hint}")
    try:
        levels = [float(q) for q in percentiles]
    except (TypeError, ValueError):
        raise ValueError(f"percentiles: give a list of levels in percent, not {percentiles!r}") from None
    return levels


def _mc_options(paths, seed, columns, draws, shocks, percentiles, percentile_method, threads) -> dict[str, Any]:
    """The options of one Monte Carlo run as the plain dict the extension reads
    (and a Dask task pickles), after the checks Python can make early."""
    if isinstance(paths, bool) or not isinstance(paths, int) or paths < 1:
        raise ValueError(f"paths must be a positive integer, not {paths!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
        raise ValueError(f"seed must be an integer in 0..2**64, not {seed!r}")
    return {
        "paths": paths,
        "seed": seed,
        "columns": list(columns) if columns is not None else None,
        "draws": bool(draws),
        "shocks": bool(shocks),
        "percentiles": _percentile_levels(percentiles),
        "percentile_method": percentile_method,
        "threads": threads,
    }


def mc(
    scenario: Any,
    paths: int = 10_000,
    seed: int = 1,
    set: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    threads: int | None = None,
    draws: bool = True,
    shocks: bool = True,
    percentiles: Sequence[float] = DEFAULT_PERCENTILES,
    percentile_method: str = "auto",
    shape: str = "long",
    output: Output = "pandas",
) -> MonteCarlo:
    """Monte Carlo over the scenario's ``[uncertain]`` parameters and
    ``[shocks]``: ``paths`` paths from ``seed`` on ``threads`` threads (default:
    one per core; the result does not depend on it). ``percentiles``: the
    levels to report, in percent, increasing, each in (0, 100) (columns
    ``p10``, ``p2.5``, ...). ``percentile_method``: ``auto`` (exact when the
    values fit in memory), ``exact`` or ``sketch``."""
    options = _mc_options(paths, seed, columns, draws, shocks, percentiles, percentile_method, threads)
    native = _native.mc(_load(scenario, set), options)
    return _monte_carlo(native, shape, output)


def presets(output: Output = "pandas") -> Any:
    """The embedded presets: name, monetary rule, whose argument each encodes."""
    return frame(_native.presets(), output, index="preset")


def params(output: Output = "pandas") -> Any:
    """Every parameter: dotted name, default, unit, valid range and doc."""
    return frame(_native.params(), output, index="name")


def columns(output: Output = "pandas") -> Any:
    """Every output column: name, unit and doc."""
    return frame(_native.columns(), output, index="name")


def sensitivity(
    scenario: Any,
    metric: str = "debt_gdp",
    at: float = 3.0,
    params: Sequence[str] | str | None = None,
    pct: float = 10.0,
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
) -> Any:
    """One-at-a-time tornado: each parameter (the scenario's ``[uncertain]``
    ones, the names in ``params``, or ``"all"``) moved to the 5th and 95th
    percentiles of its distribution (or -/+ ``pct`` percent), ranked by the
    swing of ``metric`` at ``at`` years; indexed by ``param``."""
    if isinstance(params, str):
        params = [params]
    s = _load(scenario, set)
    batch = _native.sensitivity(s, metric, float(at), list(params) if params is not None else None, float(pct))
    return frame(batch, output, index="param")


def sobol(
    scenario: Any,
    metric: str = "debt_gdp",
    at: float = 3.0,
    samples: int = 4096,
    seed: int = 1,
    bootstrap: int = 200,
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
) -> Any:
    """First- and total-order Sobol indices of ``metric`` at ``at`` years over
    the ``[uncertain]`` parameters, with bootstrap 95% intervals; indexed by
    ``param``. Warns when the intervals are too wide to rank the top three."""
    s = _load(scenario, set)
    return _sobol_frame(_native.sobol(s, metric, float(at), samples, seed, bootstrap), output)


def _sobol_frame(answer: tuple[Any, list[str]], output: Output) -> Any:
    """A Sobol table indexed by ``param``, after warning what the reader must
    know before ranking (the core's advice names the CLI's flag; here it is the keyword)."""
    import warnings as _warnings

    batch, notes = answer
    for note in notes:
        _warnings.warn(note.replace("--samples", "samples="), stacklevel=3)
    return frame(batch, output, index="param")


def solve(
    scenario: Any,
    vary: str | Sequence[str],
    target: str,
    ranges: Sequence[tuple[float, float] | None] = (),
    grid: int = 21,
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
) -> Any:
    """The value of ``vary`` at which the claim ``target`` (e.g. ``"debt_gdp <=
    start*0.5 by 3"``) just holds: a grid scan, then Brent's method. Two names
    give the frontier (for each value of the first, where the claim starts to
    hold as the second moves). ``technology.sectors.*.FIELD`` moves every AI
    sector at once. An ``outcome`` of ``never`` gives the closest value."""
    names = [vary] if isinstance(vary, str) else list(vary)
    s = _load(scenario, set)
    rs = [None if r is None else (float(r[0]), float(r[1])) for r in ranges]
    return frame(_native.solve(s, names, target, rs, grid), output)


@dataclass
class Attribution:
    """Where a verdict comes from: ``parts`` (debt/GDP at each year split into
    the IMF parts, ratios) and ``effects`` (debt/GDP with each mechanism
    switched off alone, minus with it on)."""

    parts: Any
    effects: Any


def attribute(
    scenario: Any,
    against: Any = None,
    at: Iterable[float] = (3, 10),
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
) -> Attribution:
    """Debt/GDP at ``at`` years after the start split into interest,
    inflation, real growth, revenue, each spending line and the rest (against
    another scenario: the parts of the difference), and the effect of
    switching each named mechanism off alone."""
    s = _load(scenario, set)
    other = _load(against, set) if against is not None else None
    parts, effects = _native.attribute(s, other, [float(a) for a in at])
    return Attribution(frame(parts, output, index="year"), frame(effects, output, index="mechanism"))


def replay(
    dataset: Any,
    from_: int | None = None,
    to: int | None = None,
    output: Output = "pandas",
) -> Any:
    """Each year's change in debt/GDP split into interest, inflation, real
    growth, primary deficit and residual, in points of GDP, one row per year
    (indexed by ``year``; the window's totals are the columns' sums). Without a
    price index or interest only the nominal split is possible.

    ``dataset`` is a bundled name (``us-1940-2025``, ``us-postwar``,
    ``us-1930s``, ``cbo-2025``), a path to a CSV file, or a DataFrame, each with
    columns ``year, debt, gdp[, price_index, interest, surplus]`` (debt held by
    the public at year end, nominal GDP, any-base price index, interest
    outlays, overall surplus; $ billion)."""
    import os

    if isinstance(dataset, os.PathLike) or (isinstance(dataset, str) and (dataset.endswith(".csv") or os.sep in dataset)):
        path = os.fspath(dataset)
        with open(path, encoding="utf-8") as f:
            batch = _native.replay(table=f.read(), name=path, from_=from_, to=to)
    elif isinstance(dataset, str):
        batch = _native.replay(dataset=dataset, from_=from_, to=to)
    elif hasattr(dataset, "to_csv"):
        df = dataset.reset_index() if "year" not in dataset.columns else dataset
        batch = _native.replay(table=df.to_csv(index=False), name="<DataFrame>", from_=from_, to=to)
    else:
        raise TypeError(f"dataset must be a bundled name, a CSV path or a DataFrame, not {type(dataset).__name__}")
    return frame(batch, output, index="year")
