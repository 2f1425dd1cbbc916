"""Speed-up of parallel builds: 2 worker processes over 1, and a 2-worker Dask LocalCluster over
one process, on the same generated corpus.

    python benchmarks/parallel_bench.py [--articles 2000] [--no-model]

Generates the corpus as benchmarks/build_bench.py does (JSON Lines shards of 1,000 articles of
about 1,500 characters), then runs, each in a subprocess:

- ``kg build CORPUS -o out.nq.gz --executor local``                  (one process, the reference)
- ``kg build CORPUS -o out.nq.gz --workers 2``                       (process pool)
- ``kg build CORPUS -o out.nq.gz --executor dask --workers 2 --parts DIR`` (LocalCluster, 2 workers)

(all from a snapshot of git HEAD, so that edits in the working tree cannot change the code
between runs) and checks that every output holds the same quads as the reference (the two N-Quads files are
compared byte for byte). Prints wall-clock seconds, articles/s, the speed-up over one process and
the CPU seconds used. The speed-up is bounded by the cores the machine really gives: on a shared
machine the wall clock includes waiting for CPU (compare the CPU column and the load average,
which is printed too).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import DATA, kg_command, make_corpus, snapshot  # noqa: E402
from memory_bench import measure  # noqa: E402


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with gzip.open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--chars", type=int, default=1500)
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--working-tree", action="store_true", help="run the working tree's code, not git HEAD's")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-par-") as tmp:
        t = Path(tmp)
        corpus = t / "corpus"
        n, chars = make_corpus(corpus, args.articles, args.chars, args.data)
        extra = ["--no-model"] if args.no_model else []
        code = None if args.working_tree else snapshot(t / "code")
        runs = [
            ("1 process (--executor local)", ["--executor", "local"], t / "local.nq.gz"),
            ("2 worker processes (--workers 2)", ["--workers", "2", "--executor", "processes"], t / "pool.nq.gz"),
            ("Dask LocalCluster, 2 workers", ["--executor", "dask", "--workers", "2", "--parts", str(t / "parts")],
             t / "dask.nq.gz"),
        ]
        rows = []
        load_before = os.getloadavg()[0]
        for name, opts, out in runs:
            r = measure(kg_command() + ["build", str(corpus), "-o", str(out), "-q"] + opts + extra, cwd=code)
            rows.append((name, r, digest(out)))
            print(f"{name}: wall {r['wall']:.0f} s, CPU {r['cpu']:.0f} s", file=sys.stderr, flush=True)
        load_after = os.getloadavg()[0]

    ref_wall, ref_digest = rows[0][1]["wall"], rows[0][2]
    print(f"corpus: {n} articles, {chars:,} characters; cores: {os.cpu_count()}; "
          f"load average before/after: {load_before:.1f}/{load_after:.1f}")
    print()
    print("| build | wall (s) | articles/s | speed-up | CPU (s) | same output |")
    print("|---|---:|---:|---:|---:|---|")
    for name, r, d in rows:
        print(f"| {name} | {r['wall']:,.0f} | {n / r['wall']:.1f} | {ref_wall / r['wall']:.2f}x | {r['cpu']:,.0f} | "
              f"{'yes' if d == ref_digest else 'NO'} |")


if __name__ == "__main__":
    main()
