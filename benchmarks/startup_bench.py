"""Start-up cost: CPU seconds of a one-article `kg build` (and of `kg ner FILE`), side by side.

    python benchmarks/startup_bench.py                                   # this checkout
    python benchmarks/startup_bench.py --against ../main/.venv/bin/kg    # and another installation
    python benchmarks/startup_bench.py --ner held-out.txt --runs 3       # `kg ner FILE` too

Every command runs ``--runs`` times, the commands taking turns (so that the load of a shared
machine falls on each alike); the table gives the minimum and the median of the process's user +
system CPU time, start-up included. ``kg build`` runs warm (the per-user cache of kg/cache.py
filled by an untimed first run) and cold (an empty cache folder each run: the first run after an
install). Outputs of the two installations are compared byte for byte.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLE = ROOT.parent / "shared" / "corpus" / "dev" / "001.txt"


def cpu_seconds(command: list[str], env: dict, stdout) -> float:
    proc = subprocess.Popen(command, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--article", type=Path, default=DEFAULT_ARTICLE, help="the one article to build")
    ap.add_argument("--kg", default=str(Path(sys.executable).with_name("kg")), help="this checkout's kg")
    ap.add_argument("--against", help="another installation's kg executable, measured alike")
    ap.add_argument("--ner", type=Path, help="also time `kg ner FILE` (one sentence a line)")
    ap.add_argument("--no-model", action="store_true", help="build with --no-model")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if not args.article.is_file():
        ap.error(f"no article at {args.article} (give --article)")

    tmp = Path(tempfile.mkdtemp(prefix="kg-startup-"))
    try:
        warm = dict(os.environ, KG_CACHE_DIR=str(tmp / "cache"))
        extra = ["--no-model"] if args.no_model else []
        systems = [("this", args.kg)] + ([("against", args.against)] if args.against else [])
        jobs = []       # (label, command, environment or None for a fresh cache each run, output)
        for name, kg in systems:
            out = tmp / f"{name}.nq"
            build = [kg, "build", str(args.article), "-o", str(out), *extra]
            jobs.append((f"{name}: kg build, one article (warm)", build, warm, out))
            if name == "this":
                jobs.append((f"{name}: kg build, one article (cold cache)", build, None, out))
            if args.ner:
                jobs.append((f"{name}: kg ner {args.ner.name}", [kg, "ner", str(args.ner)], warm, tmp / f"{name}.ner"))
        for _, command, env, out in jobs:           # fills the warm cache; not timed
            if env is not None:
                cpu_seconds(command, env, subprocess.DEVNULL)
        times: dict[str, list[float]] = {label: [] for label, *_ in jobs}
        for run in range(args.runs):
            for label, command, env, out in jobs:
                if env is None:
                    cold = tmp / f"cold-{run}"
                    env = dict(os.environ, KG_CACHE_DIR=str(cold))
                with open(out, "wb") if out.suffix == ".ner" else open(os.devnull, "wb") as sink:
                    times[label].append(cpu_seconds(command, env, sink))
        print(f"| command ({args.runs} runs, CPU s) | min | median |\n|---|---:|---:|")
        for label, values in times.items():
            print(f"| {label} | {min(values):.2f} | {statistics.median(values):.2f} |")
        if args.against:
            for suffix in (".nq", ".ner"):
                a, b = tmp / f"this{suffix}", tmp / f"against{suffix}"
                if a.exists() and b.exists():
                    print(f"{suffix[1:]} output: {'identical' if filecmp.cmp(a, b, shallow=False) else 'DIFFERENT'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
