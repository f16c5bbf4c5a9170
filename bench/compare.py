"""This checkout's service benchmark beside another checkout's (e.g. a release), run
alternately on the same machine in the same minutes.

Each round runs `bench/service.py` of both checkouts, one after the other, the order
swapped every round (ABBA...), so a neighbour's load falls on both alike. Only the
throughput table is used (ops/s at 1, 8 and 32 clients); the event-delay part runs with
few calls to keep a round short. Prints every round, then the median and the best of each.

    .venv/bin/python bench/compare.py /tmp/v010 --rounds 6 [--seconds 5]

(make the other checkout with e.g. `git worktree add /tmp/v010 fbe3dfe`, release 0.1.0)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CLIENTS = (1, 8, 32)


def run(checkout: Path, seconds: float, python: str) -> dict[int, float]:
    """ops/s by clients, from one run of the checkout's own bench/service.py."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([python, "bench/service.py", "--seconds", str(seconds), "--calls", "20"],
                         cwd=checkout, env=env, capture_output=True, text=True, timeout=60 + 10 * seconds).stdout
    figures = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) == 4 and cells[0].isdigit() and int(cells[0]) in CLIENTS:
            figures[int(cells[0])] = float(cells[3])
    if set(figures) != set(CLIENTS):
        raise RuntimeError(f"no throughput table from {checkout}:\n{out}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (its bench/service.py is run)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    checkouts = {"other": args.other.resolve(), "this": HERE}
    names = {"other": args.other.name, "this": HERE.name}
    runs: dict[str, list[dict[int, float]]] = {"other": [], "this": []}
    print(f"{'round':>5} {'checkout':>10} " + " ".join(f"{c:>8}" for c in CLIENTS), flush=True)
    for r in range(args.rounds):
        order = ("other", "this") if r % 2 == 0 else ("this", "other")
        for which in order:
            figures = run(checkouts[which], args.seconds, args.python)
            runs[which].append(figures)
            print(f"{r + 1:>5} {names[which]:>10} " + " ".join(f"{figures[c]:>8.0f}" for c in CLIENTS), flush=True)

    print(f"\nops/s, {args.rounds} rounds of {args.seconds:.0f} s per figure, alternated")
    print(f"{'clients':>7} {names['other'] + ' median':>16} {names['this'] + ' median':>16} {'ratio':>6}"
          f" {names['other'] + ' best':>14} {names['this'] + ' best':>14} {'ratio':>6}")
    for c in CLIENTS:
        med = {w: statistics.median(f[c] for f in runs[w]) for w in runs}
        best = {w: max(f[c] for f in runs[w]) for w in runs}
        print(f"{c:>7} {med['other']:>16.0f} {med['this']:>16.0f} {med['this'] / med['other']:>6.2f}"
              f" {best['other']:>14.0f} {best['this']:>14.0f} {best['this'] / best['other']:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
