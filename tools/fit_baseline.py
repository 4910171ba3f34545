#!/usr/bin/env python3
"""Fits the `baseline` preset to CBO's January 2025 baseline (MODEL.md
section 8) and prints the fitted values as TOML for scenarios/baseline.toml.

    cargo build --release -p debtlab-cli
    python3 tools/fit_baseline.py [--debtlab target/release/debtlab]

What is fixed, what is fitted:
- Each spending line's `level0` is its share of GDP in CBO's FY2026 "By the
  Numbers" (timing-adjusted) times `start.gdp_nominal`: an annualised rate
  at the start, consistent with starting GDP (section 8).
- `fiscal.other_financing` follows CBO's implied other means of financing
  year by year (change in debt held by the public less the unadjusted
  deficit, over GDP), placed at mid-fiscal-year; it is not a free residual.
- `fiscal.tax_labor` is a schedule at mid-fiscal-years: each point is set so
  that revenue/GDP meets CBO's in its year (solved directly, not searched).
- `technology.g_base` (with `policy.growth_ref` kept at the baseline's own
  trend g_base + g_L), each line's `growth` and `start.bill_rate` are fitted
  by damped Gauss-Newton to the five series of `debtlab calibrate` (each gap
  over its tolerance) and to each line's FY2035 share of GDP in "By the
  Numbers". The bill rate is held within 1 point of the policy rate at
  t = 0 (section 8).

Only the standard library: the runs go through the `debtlab` binary.
"""

import argparse
import csv
import io
import math
import subprocess
import sys

START_GDP = 30.9
G_LABOR = 0.004
LABOR_SHARE = 0.55
TAX_CAPITAL = 0.075
TAX_OTHER = 0.014
# CBO "By the Numbers" ($bn): FY2026 and FY2035 lines and GDP (cbo-btn-2025, cbo-2025).
LINES = ["social_security", "health", "defense", "other"]
BTN_2026 = {"social_security": 1664, "health": 1832, "defense": 866, "other": 891 + 1031}
BTN_2035 = {"social_security": 2624, "health": 2949, "defense": 1053, "other": 1053 + 1268}
GDP_2026, GDP_2035 = 31340.0, 43933.0
COLUMN = {"social_security": "outlays_social_security", "health": "outlays_health", "defense": "defense",
          "other": "outlays_other"}
# CBO January 2025 baseline ($bn): debt held by the public, total deficit (surplus sign), GDP, FY2025-2035.
CBO = {
    2025: (30103, -1865, 30135), 2026: (31883, -1713, 31340), 2027: (33636, -1687, 32537),
    2028: (35601, -1910, 33763), 2029: (37581, -1938, 35045), 2030: (39748, -2141, 36392),
    2031: (41992, -2233, 37790), 2032: (44372, -2371, 39250), 2033: (46985, -2637, 40765),
    2034: (49556, -2598, 42328), 2035: (52056, -2532, 43933),
}
YEARS = list(range(2026, 2036))


def schedule(points):
    return "[" + ", ".join(f"[{y}, {v:.6g}]" for y, v in points) + "]"


def other_financing():
    """CBO's implied other means of financing, share of GDP, at mid-FY."""
    points = []
    for fy in YEARS:
        change = CBO[fy][0] - CBO[fy - 1][0]
        points.append((fy + 0.25, (change + CBO[fy][1]) / CBO[fy][2]))
    return points


class Model:
    def __init__(self, binary):
        self.binary = binary
        self.fixed = [f"fiscal.{line}.level0={BTN_2026[line] / GDP_2026 * START_GDP:.6g}" for line in LINES]
        self.fixed.append(f"fiscal.other_financing={schedule(other_financing())}")
        self.tax = {fy: 0.2368 for fy in YEARS}

    def sets(self, x):
        g_base, bill_rate, *growth = x
        out = list(self.fixed)
        out += [f"technology.g_base={g_base:.8g}", f"policy.growth_ref={g_base + G_LABOR:.8g}",
                f"start.bill_rate={bill_rate:.8g}"]
        out += [f"fiscal.{line}.growth={g:.8g}" for line, g in zip(LINES, growth)]
        out.append(f"fiscal.tax_labor={schedule([(fy + 0.25, self.tax[fy]) for fy in YEARS])}")
        return out

    def call(self, command, x, extra=()):
        args = [self.binary, command, "baseline", "--format", "csv", *extra]
        for s in self.sets(x):
            args += ["--set", s]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(result.stderr)
        return list(csv.DictReader(io.StringIO(result.stdout)))

    def gaps(self, x):
        return self.call("calibrate", x)

    def line_shares_2035(self, x):
        """Each line's FY2035 mean over FY2035 GDP (trapezoid on the step grid)."""
        columns = "year,gdp_nominal," + ",".join(COLUMN.values())
        rows = self.call("run", x, ["--set", "run.years=11", "--columns", columns])
        window = [r for r in rows if 2034.75 - 1e-9 <= float(r["year"]) <= 2035.75 + 1e-9]

        def mean(name):
            values = [float(r[name]) for r in window]
            return (sum(values) - 0.5 * (values[0] + values[-1])) / (len(values) - 1)

        gdp = mean("gdp_nominal")
        return {line: mean(COLUMN[line]) / gdp for line in LINES}

    def policy_rate0(self, x):
        return float(self.call("run", x, ["--columns", "policy_rate"])[0]["policy_rate"])

    def bounded(self, x):
        """The bill rate held within 1 point (less a margin) of the policy rate at t = 0."""
        limit = self.policy_rate0(x)
        x = list(x)
        x[1] = min(max(x[1], limit - 0.0099), limit + 0.0099)
        return x

    def residuals(self, x):
        gaps = self.gaps(x)
        out = [float(g["gap"]) / float(g["tolerance"]) for g in gaps if g["series"] != "revenue_gdp"]
        shares = self.line_shares_2035(x)
        out += [(shares[line] - BTN_2035[line] / GDP_2035) * 100 / 0.1 for line in LINES]
        return out, gaps

    def fit_taxes(self, x):
        for _ in range(3):
            for g in self.gaps(x):
                if g["series"] == "revenue_gdp":
                    self.tax[int(g["fy"])] -= float(g["gap"]) / 100 / LABOR_SHARE


def solve(a, b):
    """Least squares by the normal equations with Gaussian elimination (small n)."""
    n = len(a[0])
    ata = [[sum(r[i] * r[j] for r in a) + (1e-9 if i == j else 0) for j in range(n)] for i in range(n)]
    atb = [sum(r[i] * v for r, v in zip(a, b)) for i in range(n)]
    for i in range(n):
        pivot = max(range(i, n), key=lambda k: abs(ata[k][i]))
        ata[i], ata[pivot], atb[i], atb[pivot] = ata[pivot], ata[i], atb[pivot], atb[i]
        for k in range(i + 1, n):
            f = ata[k][i] / ata[i][i]
            ata[k] = [u - f * v for u, v in zip(ata[k], ata[i])]
            atb[k] -= f * atb[i]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (atb[i] - sum(ata[i][j] * x[j] for j in range(i + 1, n))) / ata[i][i]
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debtlab", default="target/release/debtlab")
    parser.add_argument("--iterations", type=int, default=8)
    args = parser.parse_args()
    model = Model(args.debtlab)
    x = [0.0139, 0.0445, 0.03, 0.04, 0.02, 0.02]
    steps = [1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4]
    for iteration in range(args.iterations):
        model.fit_taxes(x)
        r, gaps = model.residuals(x)
        cost = sum(v * v for v in r)
        print(f"iteration {iteration}: cost {cost:.4f}", file=sys.stderr)
        jacobian = [[0.0] * len(x) for _ in r]
        for j in range(len(x)):
            shifted = list(x)
            shifted[j] += steps[j]
            rj, _ = model.residuals(shifted)
            for i in range(len(r)):
                jacobian[i][j] = (rj[i] - r[i]) / steps[j]
        delta = solve(jacobian, [-v for v in r])
        scale = 1.0
        while scale > 1e-3:
            trial = model.bounded([xi + scale * di for xi, di in zip(x, delta)])
            rt, _ = model.residuals(trial)
            if sum(v * v for v in rt) < cost:
                x = trial
                break
            scale /= 2
    model.fit_taxes(x)
    _, gaps = model.residuals(x)
    worst = {}
    for g in gaps:
        s = g["series"]
        worst[s] = max(worst.get(s, 0.0), abs(float(g["gap"])))
    print("worst gaps (points):", {k: round(v, 3) for k, v in worst.items()}, file=sys.stderr)
    g_base, bill_rate, *growth = x
    print(f"technology.g_base = {g_base:.5f}")
    print(f"policy.growth_ref = {g_base + G_LABOR:.5f}")
    print(f"start.bill_rate = {bill_rate:.5f}  # policy rate at t = 0: {model.policy_rate0(x):.5f}")
    for line, g in zip(LINES, growth):
        print(f"fiscal.{line}.level0 = {BTN_2026[line] / GDP_2026 * START_GDP:.4f}")
        print(f"fiscal.{line}.growth = {g:.5f}")
    print(f"fiscal.tax_labor = {schedule([(fy + 0.25, round(model.tax[fy], 5)) for fy in YEARS])}")
    print(f"fiscal.other_financing = {schedule([(y, round(v, 5)) for y, v in other_financing()])}")


if __name__ == "__main__":
    main()
