"""Dask: the same bits as the local run for 1 worker, 2 workers, a real
scheduler with 2 worker processes, and after a worker is killed mid-run."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import nullcontext

import pyarrow as pa
import pytest
from distributed import Client, LocalCluster

import debtlab
from debtlab import distributed as dd

SCENARIO = "critics-fair"
PATHS = 5 * dd.CHUNK + 300
COLUMNS = ["debt_gdp", "inflation"]


def column_bytes(batch: pa.RecordBatch) -> list[bytes]:
    """Every column's buffers as bytes: the values' exact bits (schema
    metadata is a map whose serialised order is not fixed, so it is compared
    as a map, not as bytes)."""
    return [b"" if buf is None else buf.to_pybytes() for col in batch.columns for buf in col.buffers()]


def same_bits(a, b):
    for x, y in zip(a.tables, b.tables, strict=True):
        assert x.schema.equals(y.schema, check_metadata=True)
        assert column_bytes(x) == column_bytes(y)


@pytest.fixture(scope="module")
def local():
    return debtlab.mc(SCENARIO, paths=PATHS, seed=9, columns=COLUMNS)


@pytest.mark.parametrize("workers", [1, 2])
def test_local_cluster_gives_the_local_bits(local, workers):
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            r = dd.mc(SCENARIO, paths=PATHS, seed=9, columns=COLUMNS, client=client, chunk_paths=dd.CHUNK)
    same_bits(r, local)


def test_sketch_percentiles_too():
    local = debtlab.mc(SCENARIO, paths=2 * dd.CHUNK, seed=2, columns=COLUMNS, percentile_method="sketch")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            r = dd.mc(SCENARIO, paths=2 * dd.CHUNK, seed=2, columns=COLUMNS, percentile_method="sketch",
                      client=client, chunk_paths=dd.CHUNK)
    same_bits(r, local)


def test_sweep_points_are_the_local_runs():
    grid = {"income.ai_capital_capture": [0.2, 0.6], "policy.rule": ["taylor", "money"]}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            df = dd.sweep(SCENARIO, grid=grid, paths=2000, seed=4, client=client, chunk_paths=dd.CHUNK,
                          columns=["debt_gdp"], at=[3])
    assert len(df) == 4 and list(df.columns[:2]) == list(grid)
    for _, row in df.iterrows():
        point = {k: row[k] for k in grid}
        with pytest.warns(UserWarning) if point["policy.rule"] == "taylor" else nullcontext():
            one = debtlab.mc(SCENARIO, paths=2000, seed=4, set=point, columns=["debt_gdp"])
        for claim, p in one.claims["probability"].items():
            assert row[f"P({claim})"] == p
    assert "debt_gdp@3_p50" in df.columns


def test_bad_requests_are_clear_errors():
    with pytest.raises(ValueError, match="chunk_paths"):
        with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as c:
            dd.mc(SCENARIO, paths=100, client=c, chunk_paths=1000)
    cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=None)
    client = Client(cluster)
    with pytest.raises(ValueError, match="grid"):
        dd.sweep(SCENARIO, grid={}, client=client)
    client.close()
    cluster.close()
    with pytest.raises(debtlab.DebtlabError, match="not running"):
        dd.mc(SCENARIO, paths=100, client=client)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def real_cluster():
    """A `dask scheduler` and two `dask worker` processes on loopback."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = os.path.dirname(sys.executable)
    dask = [os.path.join(bin_dir, "dask")] if os.path.exists(os.path.join(bin_dir, "dask")) else ["dask"]
    procs = [subprocess.Popen(dask + ["scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--dashboard-address", ":0", "--no-show"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    client = Client(address, timeout=60)
    workers = [subprocess.Popen(dask + ["worker", address, "--nthreads", "1", "--nworkers", "1",
                                        "--no-nanny", "--dashboard-address", ":0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    client.wait_for_workers(2, timeout=120)
    try:
        yield client, workers
    finally:
        client.close()
        for p in workers + procs:
            p.kill()
            p.wait(timeout=30)


def test_real_scheduler_and_worker_processes(local, real_cluster):
    client, _ = real_cluster
    r = dd.mc(SCENARIO, paths=PATHS, seed=9, columns=COLUMNS, client=client, chunk_paths=dd.CHUNK, timeout=300)
    same_bits(r, local)


def test_a_worker_killed_mid_run_changes_nothing(real_cluster):
    client, workers = real_cluster
    paths = 200 * dd.CHUNK
    expected = debtlab.mc(SCENARIO, paths=paths, seed=21, columns=["debt_gdp"])
    future_result = {}

    import threading

    def go():
        future_result["r"] = dd.mc(SCENARIO, paths=paths, seed=21, columns=["debt_gdp"], client=client,
                                   chunk_paths=dd.CHUNK, timeout=600)

    t = threading.Thread(target=go)
    t.start()
    # Kill one worker once some tasks are running or done.
    deadline = time.time() + 60
    while time.time() < deadline:
        processing = client.processing()
        if any(processing.values()):
            break
        time.sleep(0.05)
    # The kill must land while the run is going on, or it proves nothing.
    assert t.is_alive(), "the run finished before the worker could be killed"
    workers[0].send_signal(signal.SIGKILL)
    t.join(timeout=600)
    assert "r" in future_result, "the run did not finish after a worker was killed"
    same_bits(future_result["r"], expected)


@pytest.mark.filterwarnings("ignore:first-order indices are noisier")
def test_sobol_on_the_cluster_is_the_local_sobol():
    local = debtlab.sobol(SCENARIO, samples=300, seed=3, bootstrap=40, output="arrow")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            remote = dd.sobol(SCENARIO, samples=300, seed=3, bootstrap=40, client=client, chunk_samples=70,
                              output="arrow")
    assert column_bytes(remote) == column_bytes(local)
