"""Python-side figures for issue 15, printed side by side from one process:

1. the overhead of `debtlab.run` over the Rust run it wraps: the native call
   (Rust simulate + Arrow batch, GIL released) against the whole Python call
   (scenario already loaded) to pyarrow and to pandas;
2. `debtlab.mc` throughput against the CLI's `debtlab mc` on the same
   scenario, paths, seed and threads (alternating runs, best of N each).

    python bench/python_overhead.py [--cli target/release/debtlab] [--paths 200000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import subprocess
import time

import debtlab
from debtlab import _native


def best(f, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="target/release/debtlab")
    ap.add_argument("--scenario", default="critics-fair")
    ap.add_argument("--paths", type=int, default=200_000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    s = debtlab.load("baseline")
    n = 200
    native = best(lambda: _native.run(s), n)
    arrow = best(lambda: debtlab.run(s, output="arrow"), n)
    pandas = best(lambda: debtlab.run(s), n)
    print(f"run baseline (81 steps, all columns), best of {n}:")
    print(f"  native (Rust run + Arrow batch): {native * 1e3:.3f} ms")
    print(f"  debtlab.run(output='arrow'):     {arrow * 1e3:.3f} ms  (overhead {1e3 * (arrow - native):.3f} ms)")
    print(f"  debtlab.run() to pandas:         {pandas * 1e3:.3f} ms  (overhead {1e3 * (pandas - native):.3f} ms)")

    cols = "debt_gdp,inflation,price_level"
    cmd = [args.cli, "mc", args.scenario, "--paths", str(args.paths), "--seed", "1", "--threads",
           str(args.threads), "--columns", cols, "--format", "csv", "--out", "/dev/null"]
    py, cli = [], []
    for _ in range(args.rounds):
        t = time.perf_counter()
        debtlab.mc(args.scenario, paths=args.paths, seed=1, threads=args.threads, columns=cols.split(","))
        py.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        cli.append(time.perf_counter() - t)
    p, c = min(py), min(cli)
    print(f"mc {args.scenario}, {args.paths} paths, {args.threads} threads, best of {args.rounds} (alternating):")
    print(f"  debtlab.mc:  {p:.3f} s = {args.paths / p:,.0f} paths/s")
    print(f"  CLI mc:      {c:.3f} s = {args.paths / c:,.0f} paths/s (process start and CSV included)")
    print(f"  Python / CLI throughput: {c / p:.3f}")


if __name__ == "__main__":
    main()
