#!/usr/bin/env python3
"""Compares two `debtlab mc --format json` results (or the numpy reference's):
the largest absolute difference of each column's mean and percentiles over
the steps, and each claim's probability.

    python3 bench/compare_mc.py rust.json numpy.json            # a table
    python3 bench/compare_mc.py rust.json numpy.json --value debt_gdp   # one number:
        the largest |difference| of debt_gdp's mean over the steps
    python3 bench/compare_mc.py rust.json numpy.json --largest          # `COLUMN NUMBER`:
        the column whose mean differs most, and by how much
"""

import argparse
import json
import sys

STATS = ["mean", "p5", "p25", "p50", "p75", "p95"]


def largest(a, b):
    return max((abs(x - y) for x, y in zip(a, b)), default=0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--value", metavar="COLUMN", help="print only the largest mean difference of COLUMN")
    ap.add_argument("--largest", action="store_true", help="print the column whose mean differs most, and by how much")
    args = ap.parse_args()
    with open(args.a, encoding="utf-8") as f:
        a = json.load(f)
    with open(args.b, encoding="utf-8") as f:
        b = json.load(f)
    if len(a["years"]) != len(b["years"]):
        sys.exit(f"error: {len(a['years'])} steps against {len(b['years'])}")
    cols_a = {c["name"]: c for c in a["columns"]}
    cols_b = {c["name"]: c for c in b["columns"]}
    if args.value:
        if args.value not in cols_a or args.value not in cols_b:
            sys.exit(f"error: column `{args.value}` is not in both files")
        print(repr(largest(cols_a[args.value]["mean"], cols_b[args.value]["mean"])))
        return
    if args.largest:
        diffs = [(largest(ca["mean"], cols_b[name]["mean"]), name) for name, ca in cols_a.items() if name in cols_b]
        diff, name = max(diffs)
        print(f"{name} {diff!r}")
        return
    print(f"{'column':<20}" + "".join(f"{s:>11}" for s in STATS) + "   (largest |a - b| over steps)")
    for name, ca in cols_a.items():
        cb = cols_b.get(name)
        if cb is None:
            continue
        print(f"{name:<20}" + "".join(f"{largest(ca[s], cb[s]):>11.2e}" for s in STATS))
    claims_b = {c["name"]: c for c in b["claims"]}
    for c in a["claims"]:
        other = claims_b.get(c["name"])
        if other is not None:
            print(f"claim {c['name']:<30} {c['probability']:.6f} vs {other['probability']:.6f}")


if __name__ == "__main__":
    main()
