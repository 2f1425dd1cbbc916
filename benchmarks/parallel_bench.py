"""Speed-up and CPU overhead of each executor over one process, on the same realistic corpus.

    python benchmarks/parallel_bench.py [--articles 2000] [--workers 2] [--no-model] [--rounds 1]
                                        [--corpus dev|sentences] [--skip local,...] [--working-tree]

The corpus is benchmarks/build_bench.py's (the dev and dev2 articles of ../shared/corpus repeated
to ``--articles`` JSON Lines records). Each build runs from a snapshot of git HEAD, writes
``out.nq.gz`` and is measured as a process tree (wall clock; CPU seconds of every process it
started, sampled, and of the waited-for children):

- ``local``: ``kg build CORPUS --executor local`` (one process: the reference);
- ``processes``: ``--executor processes --workers N``;
- ``independent``: the machine's ceiling, not an executor: N one-process builds at the same time,
  each on its own 1/N of the corpus (wall clock of the last to finish, CPU seconds of all). Two
  processes that share nothing still slow each other down on a shared machine (caches, memory
  bandwidth, the hypervisor), so this is the most any executor can reach here;
- ``dask local``: ``--executor dask --workers N`` (a LocalCluster of N single-threaded workers);
- ``dask scheduler``: ``dask scheduler`` and ``dask worker --nthreads 1 --nworkers N
  --preload-nanny kg.executors.dask`` (as the README starts them) here on loopback, then
  ``--executor dask --scheduler tcp://127.0.0.1:PORT``; the CPU time of the scheduler and workers
  (from their start, so their start-up counts) is added to the build's.

With ``--rounds N`` the builds take turns N times and each keeps its smallest wall and CPU time
(other jobs on a shared machine only ever add to them); an output that differs between rounds
counts as not the same. It prints wall seconds, the speed-up over one process, CPU seconds, the
CPU overhead over one process and over the process pool, and whether the output equals the
one-process file byte for byte. On a shared machine the wall clock includes waiting for the CPU:
the load average is printed, and the CPU columns are the comparable ones.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import kg_command, make_corpus, snapshot  # noqa: E402
from memory_bench import measure  # noqa: E402


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with gzip.open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tree_cpu(procs) -> float:
    import psutil

    total = 0.0
    for p in procs:
        try:
            ps = psutil.Process(p.pid)
            for q in [ps] + ps.children(recursive=True):
                t = q.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            pass
    return total


def with_scheduler(workers: int, cwd: Path | None, build) -> dict:
    """Start a scheduler and ``workers`` worker processes on loopback, run ``build(address)``, and
    add their CPU seconds (start-up included) to the build's."""
    from kg.executors.dask import loopback_cluster

    # the snapshot's kg first (the dask scripts' own sys.path would find the working tree's)
    path = {"PYTHONPATH": os.pathsep.join(filter(None, [str(cwd), os.environ.get("PYTHONPATH")]))} if cwd else {}
    with loopback_cluster(workers, cwd, path) as (address, procs):
        result = build(address)
        cluster = _tree_cpu(procs)
        result["cpu"] += cluster
        result["cluster_cpu"] = cluster
        return result


def split_corpus(corpus: Path, folder: Path, n: int) -> list[Path]:
    """The corpus's records dealt into ``n`` JSON Lines files of about equal characters, in order."""
    lines = [line for shard in sorted(corpus.glob("*.jsonl")) for line in shard.read_text(encoding="utf-8").splitlines()]
    total, done, k = sum(map(len, lines)), 0, 0
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{i}.jsonl" for i in range(n)]
    files = [p.open("w", encoding="utf-8") for p in paths]
    for line in lines:
        while k < n - 1 and done >= total * (k + 1) / n:
            k += 1
        files[k].write(line + "\n")
        done += len(line)
    for f in files:
        f.close()
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", choices=("dev", "sentences"), default="dev")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated builds to leave out: local, processes, "
                    "independent, dask-local, dask-scheduler")
    ap.add_argument("--working-tree", action="store_true", help="run the working tree's code, not git HEAD's")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every build this many times, taking turns, and keep each one's smallest wall and CPU")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    w = str(args.workers)

    with tempfile.TemporaryDirectory(prefix="kg-par-") as tmp:
        t = Path(tmp)
        corpus = t / "corpus"
        n, chars = make_corpus(corpus, args.articles, args.corpus)
        extra = ["--no-model"] if args.no_model else []
        code = None if args.working_tree else snapshot(t / "code")

        def command(out: Path, *opts: str, source: Path = corpus) -> list[str]:
            return kg_command() + ["build", str(source), "-o", str(out), "-q", *opts, *extra]

        parts = split_corpus(corpus, t / "parts", args.workers)

        def independent(out: Path) -> dict:
            """The parts' one-process builds at the same time: the last one's wall, all their CPU."""
            with ThreadPoolExecutor(len(parts)) as threads:
                results = list(threads.map(lambda i: measure(
                    command(out.with_name(f"part-{i}-{out.name}"), "--executor", "local", source=parts[i]), cwd=code),
                    range(len(parts))))
            return {"wall": max(r["wall"] for r in results), "cpu": sum(r["cpu"] for r in results),
                    "independent": True}

        runs = [
            ("local", "1 process (--executor local)",
             lambda out: measure(command(out, "--executor", "local"), cwd=code)),
            ("processes", f"process pool (--workers {w})",
             lambda out: measure(command(out, "--executor", "processes", "--workers", w), cwd=code)),
            ("independent", f"ceiling: {w} independent 1-process builds, 1/{w} of the corpus each",
             independent),
            ("dask-local", f"Dask LocalCluster (--executor dask --workers {w})",
             lambda out: measure(command(out, "--executor", "dask", "--workers", w), cwd=code)),
            ("dask-scheduler", f"Dask scheduler + {w} workers (--scheduler tcp://…)",
             lambda out: with_scheduler(args.workers, code, lambda address: measure(
                 command(out, "--executor", "dask", "--scheduler", address), cwd=code))),
        ]
        best: dict[str, dict] = {}
        digests: dict[str, set[str]] = {}
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        for round_ in range(1, args.rounds + 1):     # the builds take turns: a load falls on each alike
            for key, name, run in runs:
                if key in skip:
                    continue
                out = t / f"{key}.nq.gz"
                r = run(out)
                digests.setdefault(key, set())
                if not r.get("independent"):   # N files of parts: no one output to compare
                    digests[key].add(digest(out))
                kept = best.setdefault(key, dict(r))
                kept["wall"], kept["cpu"] = min(kept["wall"], r["wall"]), min(kept["cpu"], r["cpu"])
                print(f"round {round_}: {name}: wall {r['wall']:.0f} s, CPU {r['cpu']:.0f} s", file=sys.stderr,
                      flush=True)
        load_after = os.getloadavg()[0]
        rows = [(key, name, best[key], digests[key].pop() if len(digests[key]) == 1 else None)
                for key, name, _ in runs if key in best]

    by_key = {key: r for key, _, r, _ in rows}
    ref = rows[0]
    print(f"corpus: {n} articles ({args.corpus}), {chars:,} characters; NER model: {'no' if args.no_model else 'yes'}; "
          f"{args.rounds} round(s), smallest kept; cores: {os.cpu_count()}; "
          f"load average before/after: {load_before:.1f}/{load_after:.1f}; "
          f"{time.perf_counter() - started:.0f} s in all")
    print()
    print(f"| build | wall (s) | speed-up over {ref[0]} | CPU (s) | CPU over {ref[0]} | CPU over the pool | "
          "same output |")
    print("|---|---:|---:|---:|---:|---:|---|")
    pool = by_key.get("processes")
    for key, name, r, d in rows:
        over_pool = f"{r['cpu'] / pool['cpu'] - 1:+.1%}" if pool is not None else ""
        same = "n/a (N files)" if r.get("independent") else "yes" if d is not None and d == ref[3] else "NO"
        print(f"| {name} | {r['wall']:,.0f} | {ref[2]['wall'] / r['wall']:.2f}x | {r['cpu']:,.0f} | "
              f"{r['cpu'] / ref[2]['cpu'] - 1:+.1%} | {over_pool} | {same} |")
    if pool is not None and "independent" in by_key:
        print()
        print(f"The pool reaches {by_key['independent']['wall'] / pool['wall']:.0%} of the ceiling's speed "
              f"(wall of {args.workers} independent builds / the pool's wall).")


if __name__ == "__main__":
    main()
