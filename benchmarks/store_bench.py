#!/usr/bin/env python3
"""Store benchmark: stores of 100k, 1M and 10M quads made from real builds; load rate and size of
each load path; every ready query cold and warm.

    nice python benchmarks/store_bench.py                          # 100k and 1M quads
    nice python benchmarks/store_bench.py --sizes 100k,1M,10M --json results.json
    nice python benchmarks/store_bench.py --sizes 1M --keep /tmp/kgbench   # keep the files and stores
    python benchmarks/store_bench.py --tables results.json             # the tables of an earlier run

The corpus: the dev and dev2 articles (../shared/corpus) built by the real pipeline, then copied
until the store holds the size asked for. Every copy gets new IRIs for its articles and what they
hold (events, figures, evidence, merges); entities are shared between copies the way a newspaper
archive shares them: about one in ten (and the ones the queries ask for) is the same entity in every
copy, the others come in ``ceil(sqrt(copies))`` variants (new IRIs and names), so the entity set
grows with the archive and each variant recurs in many articles.

Loading, each into a new store, from the same N-Quads file (the blocks ``kg build -o x.nq`` writes):

- ``pyoxigraph bulk_load``: the engine's loader, the reference;
- ``kg load --bulk``: the project's bulk path (kg.store.Store.bulk_load_files);
- ``kg load``: one atomic ``replace_article`` transaction per article (incremental updates); only
  up to ``--incremental-max`` quads, as it is several times slower.

Queries: every ready query (kg/queries) with and without its parameters, on the bulk-loaded store:
cold (a fresh process opens the store read-only and runs the query once; median of 5 processes)
and warm (one process, after a first run; median of 5 runs); wall-clock and CPU seconds.
Run it with ``nice`` on a shared machine; the 10M-quad stage needs about 5 GB of disk.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

ID = "https://cnnews-kg.org/id/"
ARTICLE_SCOPED = ("article", "visit", "meeting", "figure", "evidence", "merge")
ENTITY_KINDS = ("person", "organization", "place", "site", "position", "plan")
IRI = re.compile(r"<" + re.escape(ID) + r"(" + "|".join(ARTICLE_SCOPED + ENTITY_KINDS) + r")/([0-9a-f]+)>")
NAME_LINE = re.compile(r'^(<[^>]+>) (<http://www\.w3\.org/2000/01/rdf-schema#label>|'
                       r'<http://www\.w3\.org/2004/02/skos/core#altLabel>) "((?:[^"\\]|\\.)*)"(@zh) \.$')
POST_IN = "<http://www.w3.org/ns/org#postIn>"
# the entities the parametrised queries ask for: the same node in every copy
QUERY_PARAMS = {
    "visits": {"person": "谌贻琴"},
    "posts": {"person": "谌贻琴"},
    "figures": {"place": "国家级经济技术开发区", "year": "2024"},
    "targets": {"place": "湖南省"},
    "approvals": {"plan": "关于推动疾病预防控制事业高质量发展的指导意见"},
    "entity": {"name": "谌贻琴"},
}


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (100k, 1M, 10M)")
    return int(float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()])


# -- the corpus --------------------------------------------------------------------------------------
def source_blocks(shared: Path, cache: Path) -> list[str]:
    """The dev and dev2 articles built by the pipeline, one N-Quads block each (cached)."""
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from kg.pipeline import iter_results
    from kg.rdfio import nquads_block

    inputs = [shared / "corpus" / "dev" / "articles.jsonl", shared / "corpus" / "dev2" / "articles.jsonl"]
    blocks = [nquads_block(r.iri, r.graph, r.shared) for r in iter_results(inputs)]
    cache.write_text(json.dumps(blocks, ensure_ascii=False), encoding="utf-8")
    return blocks


def fixed_entities(blocks: list[str]) -> set[str]:
    """Entity IRIs that stay one node in every copy: one in ten, and those the queries name."""
    names = {v for params in QUERY_PARAMS.values() for k, v in params.items() if k != "year"}
    out, holders = set(), {}
    for block in blocks:
        for line in block.splitlines():
            m = NAME_LINE.match(line)
            if m and m.group(3) in names:
                out.add(m.group(1))
            if POST_IN in line:
                holders[line.split(" ", 1)[0]] = line.split(" ")[2]
            for kind, h in IRI.findall(line):
                if kind in ENTITY_KINDS and kind != "position" and int(h[:2], 16) % 10 == 0:
                    out.add(f"<{ID}{kind}/{h}>")
    # a post's IRI comes from its holder's: it varies with it (a post without a holder by the rule)
    for block in blocks:
        for kind, h in IRI.findall(block):
            post = f"<{ID}{kind}/{h}>"
            if kind == "position" and (holders[post] in out if post in holders else int(h[:2], 16) % 10 == 0):
                out.add(post)
    return out


def copies(blocks: list[str], target: int, out_path: Path) -> dict:
    """Write copies of the blocks to ``out_path`` (N-Quads) until the store would hold ``target``
    quads. Returns what was written."""
    per_copy_named = sum(1 for b in blocks for line in b.splitlines() if not _default_line(line))
    estimate = max(1, math.ceil(target / (per_copy_named * 1.12)))
    variants = max(1, math.ceil(math.sqrt(estimate)))
    fixed = fixed_entities(blocks)
    seen_default: set[int] = set()
    quads = lines = articles = 0
    k = 0
    with open(out_path, "w", encoding="utf-8") as out:
        while quads < target:
            v = k % variants
            renamed: dict[str, str] = {}

            def rename(m: re.Match) -> str:
                whole = m.group(0)
                r = renamed.get(whole)
                if r is None:
                    kind, h = m.group(1), m.group(2)
                    if kind in ARTICLE_SCOPED:
                        r = f"<{ID}{kind}/{h}c{k}>" if k else whole
                    else:
                        r = whole if (v == 0 or whole in fixed) else f"<{ID}{kind}/{h}v{v}>"
                    renamed[whole] = r
                return r

            for block in blocks:
                text = IRI.sub(rename, block)
                buf = []
                for line in text.splitlines():
                    m = NAME_LINE.match(line) if v else None   # a varied entity's names get its variant
                    if m and m.group(1).endswith(f"v{v}>"):
                        line = f'{m.group(1)} {m.group(2)} "{m.group(3)}·{v}"@zh .'
                    if _default_line(line):
                        h = hash(line)
                        if h in seen_default:
                            buf.append(line)
                            continue
                        seen_default.add(h)
                    quads += 1
                    buf.append(line)
                out.write("\n".join(buf) + "\n")
                lines += len(buf)
                articles += 1
                if quads >= target:
                    break
            k += 1
    return {"quads": quads, "lines": lines, "articles": articles, "copies": k, "variants": variants,
            "bytes": out_path.stat().st_size}


def _default_line(line: str) -> bool:
    from kg.rdfio import graph_of_line

    return graph_of_line(line) is None


# -- measuring -----------------------------------------------------------------------------------------
def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def load_paths(nq: Path, work: Path, quads: int, incremental: bool) -> dict:
    import pyoxigraph as ox

    from kg.store import Store, iter_file_articles

    out = {}
    with open(nq, "rb") as f:  # the file in the page cache for every loader alike
        while f.read(1 << 24):
            pass
    ref = work / "ref"
    wall, cpu = timed(lambda: ox.Store(str(ref)).bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))
    out["pyoxigraph bulk_load"] = {"wall": wall, "cpu": cpu, "rate": quads / wall, "bytes": dir_size(ref)}
    shutil.rmtree(ref)
    bulk = work / "store"   # kept: the queries run on it

    def kg_bulk():
        s = Store(bulk)
        s.bulk_load_files([nq])
        del s
    wall, cpu = timed(kg_bulk)
    n = len(ox.Store.read_only(str(bulk)))
    out["kg load --bulk"] = {"wall": wall, "cpu": cpu, "rate": quads / wall, "bytes": dir_size(bulk), "quads": n}
    if incremental:
        from kg.rdfio import iter_blocks
        from kg.store import BulkWriter

        blocks = list(iter_blocks([nq]))   # as kg build hands them over (read before the clock starts)
        writer_dir = work / "writer"

        def kg_build_bulk():
            s = Store(writer_dir)
            w = BulkWriter(s)
            for graph, block in blocks:
                w.add_block(graph[1:-1], block)
            w.flush()
            del s
        wall, cpu = timed(kg_build_bulk)
        out["kg build --bulk (writer)"] = {"wall": wall, "cpu": cpu, "rate": quads / wall, "bytes": dir_size(writer_dir)}
        shutil.rmtree(writer_dir)
        del blocks
        inc = work / "incremental"

        def kg_load():
            s = Store(inc)
            for graph, triples, shared in iter_file_articles(nq):
                if graph is None:
                    s.add_default(triples)
                else:
                    s.replace_article(graph, triples, shared)
            s.flush()
            del s
        wall, cpu = timed(kg_load)
        out["kg load"] = {"wall": wall, "cpu": cpu, "rate": quads / wall, "bytes": dir_size(inc)}
        wall, _ = timed(lambda: ox.Store(str(inc)).optimize())
        out["kg load"]["bytes after optimize"] = dir_size(inc)
        out["kg load"]["optimize wall"] = wall
        shutil.rmtree(inc)
    return out


COLD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from kg import query as Q
from kg.store import Store
t0 = time.perf_counter()
store = Store({store!r}, read_only=True)
text = Q.prepare(Q.ready_query({name!r}), {params!r}, store)
opened = time.perf_counter() - t0
w, c = time.perf_counter(), time.process_time()
rows = sum(1 for _ in Q.run(store, text))
print(json.dumps({{"wall": time.perf_counter() - w, "cpu": time.process_time() - c, "rows": rows, "open": opened}}))
"""


def query_cases() -> list[tuple[str, dict]]:
    from kg import query as Q

    cases = []
    for name, rq in Q.ready_queries().items():
        if not rq.required:
            cases.append((name, {}))
        if name in QUERY_PARAMS:
            cases.append((name, QUERY_PARAMS[name]))
    return cases


def time_queries(store_dir: Path, repeat: int = 5) -> list[dict]:
    from kg import query as Q
    from kg.store import Store

    results = []
    for name, params in query_cases():
        cold = []
        for _ in range(repeat):
            code = COLD.format(root=str(ROOT), store=str(store_dir), name=name, params=params)
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            cold.append(json.loads(done.stdout))
        store = Store(store_dir, read_only=True)
        text = Q.prepare(Q.ready_query(name), params, store)
        rows = sum(1 for _ in Q.run(store, text))
        warm = []
        for _ in range(repeat):
            w, c = time.perf_counter(), time.process_time()
            sum(1 for _ in Q.run(store, text))
            warm.append({"wall": time.perf_counter() - w, "cpu": time.process_time() - c})
        del store
        results.append({"query": name, "params": params, "rows": rows,
                        "cold wall": statistics.median(x["wall"] for x in cold),
                        "cold cpu": statistics.median(x["cpu"] for x in cold),
                        "open": statistics.median(x["open"] for x in cold),
                        "warm wall": statistics.median(x["wall"] for x in warm),
                        "warm cpu": statistics.median(x["cpu"] for x in warm)})
        print(f"    {name:9s} {json.dumps(params, ensure_ascii=False):60s} rows {rows:7d}  "
              f"cold {results[-1]['cold wall']:7.3f} s  warm {results[-1]['warm wall']:7.3f} s "
              f"(cpu {results[-1]['warm cpu']:7.3f} s)", flush=True)
    return results


def markdown(report: dict) -> str:
    """The tables of a run, for the README and benchmarks/store_results.md."""
    sizes = report["sizes"]
    head = " | ".join(f"{round(s['quads'] / 1e5) / 10:g}M quads" for s in sizes)
    out = ["| load path | " + head + " |", "|---|" + "---:|" * len(sizes)]
    paths = list(dict.fromkeys(k for s in sizes for k in s["load"]))
    for path in paths:
        cells = []
        for s in sizes:
            r = s["load"].get(path)
            cells.append("" if r is None else f"{r['rate']:,.0f} q/s, {r['bytes'] / 2**20:,.0f} MiB")
        out.append(f"| {path} | " + " | ".join(cells) + " |")
    ref = "pyoxigraph bulk_load"
    out.append("| kg load --bulk / bulk_load | " + " | ".join(
        f"{s['load']['kg load --bulk']['rate'] / s['load'][ref]['rate']:.2f}x rate, "
        f"{s['load']['kg load --bulk']['bytes'] / s['load'][ref]['bytes']:.2f}x size" for s in sizes) + " |")
    out += ["", "| ready query | " + " | ".join(f"{round(s['quads'] / 1e5) / 10:g}M: rows, warm wall / cpu, cold wall"
                                                for s in sizes) + " |",
            "|---|" + "---|" * len(sizes)]
    for i, q in enumerate(sizes[0]["queries"]):
        label = q["query"] + (" " + " ".join(f"{k}={v}" for k, v in q["params"].items()) if q["params"] else "")
        cells = [f"{s['queries'][i]['rows']:,}, {s['queries'][i]['warm wall']:.3f} / {s['queries'][i]['warm cpu']:.3f} s, "
                 f"{s['queries'][i]['cold wall']:.3f} s" for s in sizes]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    if all("optimized" in s for s in sizes):
        out += ["", "| after pyoxigraph optimize() | " + " | ".join(f"{round(s['quads'] / 1e5) / 10:g}M quads" for s in sizes) + " |",
                "|---|" + "---:|" * len(sizes),
                "| store size | " + " | ".join(f"{s['optimized']['bytes'] / 2**20:,.0f} MiB "
                                              f"({s['optimized']['bytes'] / s['load']['kg load --bulk']['bytes']:.2f}x)"
                                              for s in sizes) + " |"]
        for i, q in enumerate(sizes[0]["queries"]):
            label = q["query"] + (" " + " ".join(f"{k}={v}" for k, v in q["params"].items()) if q["params"] else "")
            out.append(f"| {label} | " + " | ".join(
                f"{s['optimized']['queries'][i]['warm wall']:.3f} / {s['optimized']['queries'][i]['warm cpu']:.3f} s"
                for s in sizes) + " |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1M", help="store sizes in quads, comma-separated (100k,1M,10M)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared material (corpora)")
    ap.add_argument("--keep", type=Path, help="work here and keep the files and stores (default: a temp folder)")
    ap.add_argument("--incremental-max", type=parse_size, default=parse_size("1M"),
                    help="measure the per-article load up to this size (default 1M)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query, cold and warm (median)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--optimize", action="store_true", help="then compact each store with pyoxigraph's optimize() "
                    "and time the queries again")
    ap.add_argument("--tables", type=Path, help="print the tables of the results of an earlier run (--json) and stop")
    args = ap.parse_args(argv)
    if args.tables:
        print(markdown(json.loads(args.tables.read_text(encoding="utf-8"))))
        return 0
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    if not (args.shared / "corpus" / "dev2").is_dir():
        print(f"no corpora at {args.shared}/corpus (dev, dev2): give --shared", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-store-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {"sizes": []}
    try:
        blocks = source_blocks(args.shared, work / "source-blocks.json")
        print(f"source: {len(blocks)} articles built from dev + dev2", flush=True)
        for size in sizes:
            d = work / f"q{size}"
            if d.exists():
                shutil.rmtree(d)
            d.mkdir()
            nq = d / "corpus.nq"
            made = copies(blocks, size, nq)
            print(f"{size:,} quads: {made['articles']:,} articles in {made['copies']} copies, "
                  f"{made['variants']} entity variants, {made['bytes'] / 2**20:.0f} MiB of N-Quads", flush=True)
            loads = load_paths(nq, d, made["quads"], size <= args.incremental_max)
            for how, r in loads.items():
                after = f"  ({r['bytes after optimize'] / 2**20:.1f} MiB after optimize, {r['optimize wall']:.1f} s)" \
                    if "bytes after optimize" in r else ""
                print(f"  load {how:26s} {r['rate']:9,.0f} quads/s  {r['bytes'] / 2**20:7.1f} MiB{after}", flush=True)
            queries = time_queries(d / "store", args.repeat)
            entry = {"quads": made["quads"], "corpus": made, "load": loads, "queries": queries}
            if args.optimize:  # the engine's compaction: bigger, faster lookups
                import pyoxigraph as ox

                wall, cpu = timed(lambda: ox.Store(str(d / "store")).optimize())
                entry["optimized"] = {"wall": wall, "bytes": dir_size(d / "store")}
                print(f"  optimize: {wall:.0f} s, {entry['optimized']['bytes'] / 2**20:,.1f} MiB", flush=True)
                entry["optimized"]["queries"] = time_queries(d / "store", args.repeat)
            report["sizes"].append(entry)
            nq.unlink()
            if not args.keep:
                shutil.rmtree(d)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
