"""Monte Carlo and sweeps on a Dask cluster, bit-identical to ``debtlab.mc``.

The caller passes a ``distributed.Client`` (a ``LocalCluster``, a scheduler
address, or ``dask-jobqueue`` on Slurm or PBS). A run goes out as futures:
one task sets it up (checks, and the pilot that fixes histogram ranges), one
task per block of ``chunk_paths`` paths runs those paths, and one task merges
the blocks. Path ``k``'s randomness depends only on (seed, k), each block's
sums are added in chunk order whatever order the blocks finish in, and claim
tallies and histogram counts are integers: so the answer is the same bits as
the local ``debtlab.mc`` for any number of workers, any finishing order, and
after a worker dies and Dask runs its tasks again. Workers hold no state:
every task gets the scenario (as TOML text) and the options as plain data.
"""

from __future__ import annotations

import itertools
import tomllib
import uuid
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from . import DEFAULT_PERCENTILES, MonteCarlo, _load, _mc_options, _monte_carlo, _native
from ._frames import Output
from ._native import DebtlabError, Scenario

#: Paths per chunk, the unit of reproducibility; ``chunk_paths`` is a multiple of it.
CHUNK: int = _native.CHUNK

#: Blocks per task when none is given: 16 chunks (16,384 paths).
DEFAULT_CHUNK_PATHS = 16 * CHUNK


def _setup(scenario: Scenario, options: dict[str, Any]) -> tuple[bytes, int]:
    return _native.mc_setup(scenario, options)


def _part(scenario: Scenario, setup: tuple[bytes, int], start: int, end: int, options: dict[str, Any]) -> bytes:
    return _native.mc_part(scenario, setup[0], start, end, options)


def _finish(scenario: Scenario, setup: tuple[bytes, int], options: dict[str, Any], *parts: bytes):
    tables = _native.mc_finish(scenario, setup[0], list(parts), options)
    # pyarrow batches pickle; the native ones do not need to.
    return tuple(pa.record_batch(t) for t in tables)


def _sectors(scenario: Scenario) -> list[str]:
    """The scenario's AI sector names (for ``technology.sectors.*.FIELD`` in a grid)."""
    return list(tomllib.loads(scenario.to_toml()).get("technology", {}).get("sectors", {}))


def _expand(point: dict[str, Any], sectors: list[str]) -> dict[str, Any]:
    """``technology.sectors.*.FIELD = v`` as that field of every sector set to ``v``."""
    out: dict[str, Any] = {}
    for name, value in point.items():
        if name.startswith("technology.sectors.*."):
            field = name.removeprefix("technology.sectors.*.")
            out.update({f"technology.sectors.{s}.{field}": value for s in sectors})
        else:
            out[name] = value
    return out


def _client(client: Any) -> Any:
    if client is None:
        try:
            from distributed import get_client

            return get_client()
        except ValueError as e:
            raise DebtlabError(
                "no Dask client: pass client=distributed.Client(...) (a LocalCluster or a scheduler address)"
            ) from e
    status = getattr(client, "status", None)
    if status != "running":
        raise DebtlabError(f"the Dask client is not running (status {status!r}): start it or pass another")
    return client


def _blocks(paths: int, chunk_paths: int) -> list[tuple[int, int]]:
    if isinstance(chunk_paths, bool) or not isinstance(chunk_paths, int) or chunk_paths < CHUNK or chunk_paths % CHUNK:
        raise ValueError(f"chunk_paths must be a positive multiple of {CHUNK}, not {chunk_paths!r}")
    chunks = -(-paths // CHUNK)
    per = chunk_paths // CHUNK
    return [(start, min(start + per, chunks)) for start in range(0, chunks, per)]


def _submit_run(client, scenario: Scenario, options: dict[str, Any], chunk_paths: int, tag: str):
    """Futures of one run: setup, its blocks, and the merge (all on the cluster)."""
    setup = client.submit(_setup, scenario, options, key=f"debtlab-setup-{tag}", retries=3)
    parts = [
        client.submit(_part, scenario, setup, start, end, options, key=f"debtlab-part-{tag}-{start}", retries=3)
        for start, end in _blocks(options["paths"], chunk_paths)
    ]
    return client.submit(_finish, scenario, setup, options, *parts, key=f"debtlab-finish-{tag}", retries=3)


def _gather(client, futures: list, timeout: float) -> list:
    from distributed import wait

    try:
        wait(futures, timeout=timeout)
    except TimeoutError as e:
        for f in futures:
            f.cancel()
        raise DebtlabError(f"the Dask run did not finish within {timeout} s (timeout=...)") from e
    return client.gather(futures)


def mc(
    scenario: Any,
    paths: int = 10_000,
    seed: int = 1,
    client: Any = None,
    chunk_paths: int = DEFAULT_CHUNK_PATHS,
    set: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    draws: bool = True,
    shocks: bool = True,
    percentiles: Sequence[float] = DEFAULT_PERCENTILES,
    percentile_method: str = "auto",
    threads: int | None = 1,
    shape: str = "long",
    output: Output = "pandas",
    timeout: float = 3600.0,
) -> MonteCarlo:
    """``debtlab.mc`` on a Dask cluster: the same arguments and the same bits,
    with the paths split into tasks of ``chunk_paths`` (a multiple of
    ``CHUNK``). ``threads`` is each task's thread count (1: let Dask's worker
    threads give the parallelism). Every wait has ``timeout`` seconds."""
    client = _client(client)
    options = _mc_options(paths, seed, columns, draws, shocks, percentiles, percentile_method, threads)
    s = _load(scenario, set)
    _blocks(paths, chunk_paths)
    future = _submit_run(client, s, options, chunk_paths, uuid.uuid4().hex)
    (tables,) = _gather(client, [future], timeout)
    return _monte_carlo(tables, shape, output)


def sweep(
    scenario: Any,
    grid: Mapping[str, Sequence[Any]],
    paths: int = 10_000,
    seed: int = 1,
    client: Any = None,
    chunk_paths: int = DEFAULT_CHUNK_PATHS,
    set: Mapping[str, Any] | None = None,
    columns: Sequence[str] = ("debt_gdp",),
    at: Sequence[float] = (),
    draws: bool = True,
    shocks: bool = True,
    threads: int | None = 1,
    timeout: float = 3600.0,
) -> pd.DataFrame:
    """Claim probabilities at every point of ``grid`` (the product of each
    parameter's values): the probability frontier over assumptions. One row
    per grid point with a column per parameter, ``P(claim)`` and
    ``se(claim)`` for each claim, and for each of ``columns`` and each year in
    ``at`` (years since the start) its mean and percentiles as
    ``COLUMN@YEAR_STAT``. Every point uses the same seed (common random
    numbers), so differences between points are the parameters', not noise;
    each point's numbers are those of ``debtlab.mc`` with the same ``set``.
    A grid key ``technology.sectors.*.FIELD`` sets that field of every AI sector."""
    client = _client(client)
    if not grid or any(len(v) == 0 for v in grid.values()):
        raise ValueError("grid: give at least one parameter with at least one value")
    names = list(grid)
    points = list(itertools.product(*(list(grid[n]) for n in names)))
    sectors = _sectors(_load(scenario, set))
    options = _mc_options(paths, seed, columns, draws, shocks, DEFAULT_PERCENTILES, "auto", threads)
    _blocks(paths, chunk_paths)
    base = dict(set or {})
    with warnings.catch_warnings():
        # A grid value equal to the scenario's own is expected in a sweep, not a mistake.
        warnings.simplefilter("ignore", UserWarning)
        scenarios = [_load(scenario, {**base, **_expand(dict(zip(names, point)), sectors)}) for point in points]
    tag = uuid.uuid4().hex
    futures = [_submit_run(client, s, options, chunk_paths, f"{tag}-{i}") for i, s in enumerate(scenarios)]
    results = _gather(client, futures, timeout)
    rows = []
    for point, (long, _wide, claims) in zip(points, results):
        row: dict[str, Any] = dict(zip(names, point))
        c = claims.to_pydict()
        for name, p, se in zip(c["claim"], c["probability"], c["std_error"]):
            row[f"P({name})"] = p
            row[f"se({name})"] = se
        if at:
            t = long.to_pandas()
            start = t["year"].min()
            for column in options["columns"]:
                rows_c = t[t["variable"] == column]
                for year in at:
                    nearest = rows_c.iloc[(rows_c["year"] - (start + year)).abs().argsort().iloc[0]]
                    for stat in ("mean", "p5", "p50", "p95"):
                        row[f"{column}@{year:g}_{stat}"] = nearest[stat]
        rows.append(row)
    return pd.DataFrame(rows)


def _sobol_rows(scenario: Scenario, metric: str, at: float, seed: int, start: int, end: int) -> bytes:
    return _native.sobol_rows(scenario, metric, at, seed, start, end)


def sobol(
    scenario: Any,
    metric: str = "debt_gdp",
    at: float = 3.0,
    samples: int = 4096,
    seed: int = 1,
    bootstrap: int = 200,
    client: Any = None,
    chunk_samples: int = 256,
    set: Mapping[str, Any] | None = None,
    output: Output = "pandas",
    timeout: float = 3600.0,
) -> Any:
    """``debtlab.sobol`` on a Dask cluster, with the same bits: the Saltelli
    design's rows (sample ``j`` drawn from stream (seed, j)) go out in blocks
    of ``chunk_samples`` and the indices are computed from all rows in order."""
    from . import _sobol_frame

    client = _client(client)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise ValueError(f"samples must be an integer of at least 2, not {samples!r}")
    if isinstance(chunk_samples, bool) or not isinstance(chunk_samples, int) or chunk_samples < 1:
        raise ValueError(f"chunk_samples must be a positive integer, not {chunk_samples!r}")
    s = _load(scenario, set)
    tag = uuid.uuid4().hex
    futures = [
        client.submit(_sobol_rows, s, metric, float(at), seed, start, min(start + chunk_samples, samples),
                      key=f"debtlab-sobol-{tag}-{start}", retries=3)
        for start in range(0, samples, chunk_samples)
    ]
    parts = _gather(client, futures, timeout)
    return _sobol_frame(_native.sobol_finish(s, metric, float(at), seed, bootstrap, parts), output)
