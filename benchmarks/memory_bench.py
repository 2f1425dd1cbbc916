"""Peak memory of `kg build` as the input grows: it should stay nearly flat (streaming).

    python benchmarks/memory_bench.py [--sizes 1000,10000,50000] [--workers 1] [--no-model]
                                      [--corpus dev|sentences]

For each size, generates a corpus of news articles (benchmarks/build_bench.py: the dev and dev2
articles of ../shared/corpus repeated, JSON Lines shards of 1,000) in a temporary folder,
runs ``kg build CORPUS -o out.nq.gz`` in a fresh process and reads the peak resident set size of
that build (getrusage of the waited-for children: the build process and, with --workers, the
largest worker; and the sampled peak of all its processes together, as the sum of their resident
sets, which counts the pages the workers share with the pool's fork server once per process, and
as the sum of their proportional sets, PSS, which counts each page once). Prints one row per size
and the ratio of each peak to the smallest size's.
What may grow: the set of entity IRIs the summary counts (the entity index); everything else is
per article.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import kg_command, make_corpus, snapshot  # noqa: E402

MEASURE = r"""
import json, resource, subprocess, sys, time
import psutil
t0 = time.perf_counter()
p = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
root, cpu, tree_peak, pss_peak = psutil.Process(p.pid), {}, 0, 0
while p.poll() is None:
    try:
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        break
    rss = pss = 0
    for q in procs:
        try:
            with q.oneshot():
                t = q.cpu_times()
                cpu[q.pid] = t.user + t.system
                rss += q.memory_info().rss
                pss += getattr(q.memory_full_info(), "pss", 0)
        except psutil.Error:
            pass
    tree_peak = max(tree_peak, rss)
    pss_peak = max(pss_peak, pss)
    time.sleep(0.25)
err = p.stderr.read()
p.wait()
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "err": err[-400:], "wall": wall, "maxrss_kib": ru.ru_maxrss,
                  "tree_peak_kib": tree_peak // 1024, "tree_pss_kib": pss_peak // 1024,
                  "cpu": max(ru.ru_utime + ru.ru_stime, sum(cpu.values()))}))
"""


def measure(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run ``cmd`` under a fresh Python process so the children's peak RSS is this build's only:
    the exact peak of the largest process (getrusage), the sampled peak of the whole process tree
    (psutil, every 0.25 s: the pool's or cluster's workers too; RSS and PSS) and the CPU seconds of
    the tree."""
    out = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(cmd)], capture_output=True, text=True, check=True,
                         cwd=cwd)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"kg build failed: {result['err']}")
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="comma-separated article counts")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--corpus", choices=("dev", "sentences"), default="dev")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--working-tree", action="store_true", help="run the working tree's code, not git HEAD's")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="kg-mem-") as tmp:
            corpus = Path(tmp) / "corpus"
            _, chars = make_corpus(corpus, n, args.corpus)
            cmd = kg_command() + ["build", str(corpus), "-o", str(Path(tmp) / "out.nq.gz"), "-q",
                                  "--workers", str(args.workers),
                                  "--executor", "processes" if args.workers > 1 else "local"]
            if args.no_model:
                cmd.append("--no-model")
            r = measure(cmd, None if args.working_tree else snapshot(Path(tmp) / "code"))
        rows.append((n, chars, r))
        print(f"{n} articles: peak {r['maxrss_kib'] / 1024:.0f} MiB, wall {r['wall']:.0f} s, CPU {r['cpu']:.0f} s",
              file=sys.stderr, flush=True)

    base = rows[0][2]["maxrss_kib"]
    print(f"kg build --workers {args.workers}{' --no-model' if args.no_model else ''}, output .nq.gz")
    print()
    print("| articles | characters | peak RSS (MiB) | vs smallest | all processes, RSS (MiB) | "
          "all processes, PSS (MiB) | wall (s) | CPU (s) | articles/s (CPU) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, chars, r in rows:
        print(f"| {n:,} | {chars:,} | {r['maxrss_kib'] / 1024:,.0f} | {r['maxrss_kib'] / base:.2f}x | "
              f"{r['tree_peak_kib'] / 1024:,.0f} | {r['tree_pss_kib'] / 1024:,.0f} | {r['wall']:,.0f} | "
              f"{r['cpu']:,.0f} | {n / r['cpu']:.1f} |")


if __name__ == "__main__":
    main()
