"""The probability frontier: how likely is the debt ratio to fall by 2029
(claim `debt_ratio_falling`: debt/GDP below its start value 3 years on) as AI
adoption speed and the share of AI income captured by capital vary?

Runs a 10 x 10 grid of Monte Carlo runs (10,000 paths each, one seed for all:
common random numbers) on a local Dask cluster, prints the wall time and each
worker's utilisation, and saves a heatmap to docs/img/frontier.png.

    python examples/frontier.py [--paths 10000] [--workers 2] [--scenario critics-fair]
"""

from __future__ import annotations

import argparse
import os
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from distributed import Client, LocalCluster, get_task_stream  # noqa: E402

from debtlab import distributed  # noqa: E402

SPEED = "technology.sectors.*.speed"
CAPTURE = "income.ai_capital_capture"
CLAIM = "P(debt_ratio_falling)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="critics-fair")
    ap.add_argument("--paths", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs", "img", "frontier.png"))
    args = ap.parse_args()

    # Adoption speed: a multiple of every sector's adoption clock (1 = the scenario's own).
    speeds = np.round(np.geomspace(0.25, 4.0, 10), 3).tolist()
    captures = np.round(np.linspace(0.05, 0.95, 10), 3).tolist()
    grid = {SPEED: speeds, CAPTURE: captures}

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            start = time.perf_counter()
            with get_task_stream(client) as stream:
                df = distributed.sweep(args.scenario, grid=grid, paths=args.paths, seed=args.seed, client=client)
            wall = time.perf_counter() - start
    busy: dict[str, float] = {}
    for task in stream.data:
        for ss in task["startstops"]:
            if ss["action"] == "compute":
                busy[task["worker"]] = busy.get(task["worker"], 0.0) + ss["stop"] - ss["start"]
    points = len(df)
    print(f"{points} grid points x {args.paths} paths = {points * args.paths:,} paths in {wall:.1f} s wall "
          f"on {args.workers} workers ({points * args.paths / wall:,.0f} paths/s)")
    for worker, seconds in sorted(busy.items()):
        print(f"  {worker}: computing {seconds:.1f} s = {100 * seconds / wall:.0f}% of the wall time")

    z = df.pivot(index=CAPTURE, columns=SPEED, values=CLAIM).sort_index()
    fig, ax = plt.subplots(figsize=(8, 6), dpi=120)
    im = ax.imshow(z.to_numpy(), origin="lower", aspect="auto", vmin=0, vmax=1, cmap="RdYlGn")
    ax.set_xticks(range(len(z.columns)), [f"{v:g}" for v in z.columns], rotation=45)
    ax.set_yticks(range(len(z.index)), [f"{v:g}" for v in z.index])
    ax.set_xlabel("AI adoption speed (multiple of every sector's adoption clock)")
    ax.set_ylabel("share of AI income captured by capital")
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            v = z.iloc[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="black")
    fig.colorbar(im, ax=ax, label="probability")
    ax.set_title(
        f"P(debt/GDP lower in 2029 than at the start) - {args.scenario}\n"
        f"{args.paths:,} Monte Carlo paths per cell, seed {args.seed} (debtlab.distributed.sweep)",
        fontsize=10,
    )
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    fig.savefig(args.out)
    print(f"wrote {os.path.abspath(args.out)}")


if __name__ == "__main__":
    main()
