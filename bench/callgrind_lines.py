#!/usr/bin/env python3
"""Instructions per source line of debtlab, from a callgrind profile: where
the Monte Carlo kernel's instructions go, with inlined code charged to the
innermost line of the project's own source (the vector builds' one-line
wrappers, simd.rs and avx2.rs, are skipped so that an operation is charged to
the line that uses it).

    SKETCH=1 RAYON_NUM_THREADS=1 valgrind --tool=callgrind --dump-instr=yes \\
        --compress-pos=no --compress-strings=no --callgrind-out-file=cg.out \\
        target/release/examples/mc_speed musk-abundance 100000
    python3 bench/callgrind_lines.py cg.out target/release/examples/mc_speed \\
        --per 4100000 --files

`--per N` divides the counts by N (paths x steps gives instructions per
path-step); `--files` adds up each file's lines. Needs addr2line (binutils).
"""

import argparse
import collections
import os
import subprocess

# The project's own sources (the standard library's paths have "crates/" too).
OWN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "crates") + "/"
SKIPPED = ("avx2.rs", "portable.rs", "simd.rs")


def instruction_counts(profile, binary):
    """Instructions executed at each address of `binary` (calls' inclusive costs left out)."""
    counts = collections.Counter()
    in_binary = False
    after_call = False
    name = binary.rsplit("/", 1)[-1]
    with open(profile) as lines:
        for line in lines:
            if line.startswith("ob="):
                in_binary = line.strip().endswith(name)
            elif line.startswith("calls="):
                after_call = True  # the next cost line is the call's inclusive cost
            elif line.startswith("0x"):
                if after_call:
                    after_call = False
                    continue
                fields = line.split()
                if in_binary and len(fields) >= 3:
                    counts[int(fields[0], 16)] += int(fields[2])
    return counts


def source_lines(binary, addresses):
    """The innermost project source line of each address (through inlining)."""
    query = "\n".join(hex(a) for a in addresses)
    out = subprocess.run(
        ["addr2line", "-e", binary, "-a", "-i", "-f", "-C"], input=query, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    frames, current, i = {}, None, 0
    while i < len(out):
        if out[i].startswith("0x"):
            current = int(out[i], 16)
            frames[current] = []
            i += 1
        else:
            frames[current].append((out[i], out[i + 1] if i + 1 < len(out) else ""))
            i += 2
    where = {}
    for address, stack in frames.items():
        place = next(
            (loc.split(OWN, 1)[1].split(" ")[0] for _, loc in stack if OWN in loc and not loc.split(":")[0].endswith(SKIPPED)),
            None,
        )
        where[address] = place or "(outside) " + (stack[0][0][:60] if stack else "?")
    return where


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile")
    parser.add_argument("binary")
    parser.add_argument("--per", type=float, default=1.0, help="divide the counts by this (e.g. path-steps)")
    parser.add_argument("--top", type=int, default=40, help="lines (and files) listed")
    parser.add_argument("--files", action="store_true", help="totals per file first")
    args = parser.parse_args()
    counts = instruction_counts(args.profile, args.binary)
    where = source_lines(args.binary, sorted(counts))
    by_line = collections.Counter()
    for address, count in counts.items():
        by_line[where.get(address, "?")] += count
    total = sum(counts.values())
    print(f"total {total} instructions, {total / args.per:.1f} per unit")
    if args.files:
        by_file = collections.Counter()
        for line, count in by_line.items():
            by_file[line.rsplit(":", 1)[0]] += count
        for name, count in by_file.most_common(args.top):
            print(f"{count / args.per:10.1f}  {100 * count / total:5.1f}%  {name}")
        print()
    for line, count in by_line.most_common(args.top):
        print(f"{count / args.per:10.1f}  {100 * count / total:5.1f}%  {line}")


if __name__ == "__main__":
    main()
