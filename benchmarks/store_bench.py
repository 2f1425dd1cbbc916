"""Benchmark: load and query a synthetic graph of ~1M triples in the Oxigraph store (on disk, as
`kg build --store` uses it) versus rdflib's in-memory Dataset, in one run, and print the ratios.

The synthetic graph follows docs/MODEL.md: one named graph per article, each with its article
node, people with posts, visits to sites with evidence, and figures of places by year; entities
are drawn from shared pools so queries join across articles, as in a real corpus.

    .venv/bin/python benchmarks/store_bench.py                 # 1,000,000 triples
    .venv/bin/python benchmarks/store_bench.py --triples 100000 --json out.json

Timings are wall-clock seconds of one run on whatever machine runs it; the ratios (rdflib time /
Oxigraph time) are what to compare across machines.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

KG = "https://cnnews-kg.org/ontology#"
ID = "https://cnnews-kg.org/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志强海涛晓华文军明红伟丽静敏勇磊洋艳娟杰超秀英桂兰玉芳平刚斌鹏飞辉宇浩然思远嘉欣子涵一鸣"
POSTS = ["市委书记", "市长", "副市长", "区委书记", "区长", "党工委副书记", "省长", "副省长", "国务委员", "部长"]
PLACES = ["区", "县", "市", "新区", "开发区"]
SITES = ["纪念馆", "产业园", "科技园", "实验室", "社区服务中心", "港口", "集团", "医院", "学校", "博物馆"]
METRICS = ["产业规模", "地区生产总值", "固定资产投资", "外贸进出口", "新增就业"]
STATUS = ["actual", "forecast", "target"]
COMPARATORS = ["=", "<", ">", "~", ">="]


def _iri(path: str) -> str:
    return f"<{ID}{path}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthesize(target: int, seed: int = 1) -> tuple[bytes, dict]:
    """N-Quads of about ``target`` triples, and the names the queries look for."""
    rng = random.Random(seed)
    people = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(3000)]
    places = [f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(PLACES)}" for _ in range(600)]
    sites = [f"{rng.choice(places)[:2]}{rng.choice(GIVEN)}{rng.choice(SITES)}" for _ in range(4000)]
    lines: list[str] = []
    per_article: list[tuple[str, list[str]]] = []
    first: dict = {}
    n = 0
    a = 0
    while n < target:
        art = _iri(f"article/{a:08x}")
        g = art
        out = []

        def q(s, p, o):
            out.append(f"{s} <{p}> {o} {g} .")

        q(art, RDF_TYPE, f"<{KG}Article>")
        q(art, LABEL, _lit(f"第{a}篇报道"))
        year = 2015 + a % 12
        q(art, KG + "published", f'"{year}-{1 + a % 12:02d}-{1 + a % 28:02d}"^^<{XSD}date>')
        q(art, KG + "sha256", _lit(f"{a:064x}"))
        for k in range(3):
            pi = rng.randrange(len(people))
            first.setdefault("person", people[pi])
            person = _iri(f"person/{pi:06x}")
            post = _iri(f"position/{pi % len(POSTS):02x}")
            q(person, RDF_TYPE, f"<{KG}Person>")
            q(person, LABEL, _lit(people[pi]))
            q(person, KG + "mentionedIn", art)
            q(post, RDF_TYPE, f"<{KG}Position>")
            q(post, LABEL, _lit(POSTS[pi % len(POSTS)]))
            q(person, KG + "holdsPosition", post)
            si = rng.randrange(len(sites))
            site = _iri(f"site/{si:06x}")
            q(site, RDF_TYPE, f"<{KG}Site>")
            q(site, LABEL, _lit(sites[si]))
            visit = _iri(f"visit/{a:08x}{k}")
            q(visit, RDF_TYPE, f"<{KG}Visit>")
            q(visit, KG + "agent", person)
            q(visit, KG + "site", site)
            q(visit, KG + "date", f'"{year}-{1 + k:02d}-15"^^<{XSD}date>')
            q(person, KG + "visited", site)
            ev = _iri(f"evidence/{a:08x}v{k}")
            q(visit, KG + "hasEvidence", ev)
            q(ev, RDF_TYPE, f"<{KG}Evidence>")
            q(ev, KG + "sentence", _lit(f"{POSTS[pi % len(POSTS)]}{people[pi]}来到{sites[si]}调研。"))
            q(ev, KG + "startOffset", f'"{k * 40}"^^<{XSD}integer>')
            q(ev, KG + "endOffset", f'"{k * 40 + 30}"^^<{XSD}integer>')
            q(ev, "http://www.w3.org/ns/prov#wasDerivedFrom", art)
        for k in range(2):
            li = rng.randrange(len(places))
            status = rng.choice(STATUS)
            if status == "target":
                first.setdefault("place", places[li])
            place = _iri(f"place/{li:05x}")
            q(place, RDF_TYPE, f"<{KG}Place>")
            q(place, LABEL, _lit(places[li]))
            fig = _iri(f"figure/{a:08x}f{k}")
            q(place, KG + "hasFigure", fig)
            q(fig, RDF_TYPE, f"<{KG}Figure>")
            q(fig, KG + "value", f'"{rng.randrange(1, 10_000)}00000000"^^<{XSD}decimal>')
            q(fig, KG + "unit", _lit("CNY"))
            q(fig, KG + "year", f'"{2018 + rng.randrange(10)}"^^<{XSD}gYear>')
            q(fig, KG + "status", _lit(status))
            q(fig, KG + "comparator", _lit(rng.choice(COMPARATORS)))
            q(fig, KG + "metric", _lit(rng.choice(METRICS)))
        out = list(dict.fromkeys(out))  # a graph is a set: the same person twice in one article is one node
        lines.extend(out)
        per_article.append((art, out))
        n += len(out)
        a += 1
    probe = {"person": first["person"], "place": first["place"], "articles": a, "per_article": per_article}
    return ("\n".join(lines) + "\n").encode("utf-8"), probe


REPEAT = 3
PREFIX = f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def queries(probe: dict) -> dict[str, str]:
    return {
        "count visits per person (aggregate, top 10)": PREFIX + """
            SELECT ?name (COUNT(?v) AS ?n) WHERE { ?v a kg:Visit ; kg:agent ?p . ?p rdfs:label ?name }
            GROUP BY ?name ORDER BY DESC(?n) LIMIT 10""",
        "visits of one person (selective join)": PREFIX + f"""
            SELECT DISTINCT ?site ?date WHERE {{ ?p rdfs:label "{probe['person']}" . ?v kg:agent ?p ; kg:site ?s ; kg:date ?date .
              ?s rdfs:label ?site }}""",
        "targets of one place by year (filter)": PREFIX + f"""
            SELECT DISTINCT ?year ?metric ?value WHERE {{ ?pl rdfs:label "{probe['place']}" ; kg:hasFigure ?f .
              ?f kg:year ?year ; kg:metric ?metric ; kg:value ?value ; kg:status ?st . FILTER(STR(?st) = "target") }}
            ORDER BY ?year""",
        "articles per year (scan + group)": PREFIX + """
            SELECT ?y (COUNT(*) AS ?n) WHERE { ?a a kg:Article ; kg:published ?d . BIND(YEAR(?d) AS ?y) } GROUP BY ?y ORDER BY ?y""",
    }


def timed(fn):
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    import pyoxigraph as ox
    import rdflib

    t_gen, (data, probe) = timed(lambda: synthesize(args.triples))
    nquads = data.count(b"\n")
    print(f"synthetic graph: {nquads:,} quads in {probe['articles']:,} article graphs "
          f"({len(data) / 1e6:.0f} MB of N-Quads, made in {t_gen:.1f} s)", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    results: dict = {"triples": nquads, "articles": probe["articles"], "load": {}, "queries": {}}
    try:
        # --- load
        def ox_load():
            s = ox.Store(str(tmp / "store"))
            s.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            s.flush()
            return s
        t_ox, store = timed(ox_load)
        print(f"load  oxigraph (disk, bulk_load) {t_ox:8.2f} s", flush=True)
        gc.collect()
        t_rd, ds = timed(lambda: rdflib.Dataset(default_union=True).parse(data=data.decode("utf-8"), format="nquads"))
        print(f"load  rdflib Dataset (memory)    {t_rd:8.2f} s", flush=True)
        results["load"] = {"oxigraph_s": t_ox, "rdflib_s": t_rd, "ratio": t_rd / t_ox}

        # the way `kg build --store` writes: one transaction (DROP GRAPH + INSERT DATA) per article
        def per_article_load():
            s = ox.Store(str(tmp / "store2"))
            for g, quads in probe["per_article"]:
                body = "\n".join(line[: line.rindex(g)] + "." for line in quads)
                s.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            s.flush()
            return len(s)
        t_tx, n_tx = timed(per_article_load)
        assert n_tx == results["triples"], (n_tx, results["triples"])
        results["load"]["oxigraph_per_article_s"] = t_tx
        print(f"load  oxigraph, one transaction per article {t_tx:8.2f} s", flush=True)
        assert len(store) == results["triples"] == sum(1 for _ in ds.quads((None, None, None, None)))

        # --- survive a restart: close and reopen the store
        del store
        gc.collect()
        t_open, store = timed(lambda: ox.Store(str(tmp / "store")))
        assert len(store) == results["triples"]
        results["reopen_s"] = t_open
        print(f"reopen oxigraph store            {t_open:8.2f} s ({len(store):,} quads back)", flush=True)

        # --- queries
        # each query runs REPEAT times on each engine; the table quotes the best (warm) time, and
        # the store's first (cold: right after reopening) time is kept too
        for name, q in queries(probe).items():
            t_os, t_rs = [], []
            for _ in range(REPEAT):
                t_o, rows_o = timed(lambda: [tuple(str(v) for v in sol) for sol in store.query(q, use_default_graph_as_union=True)])
                t_os.append(t_o)
            for _ in range(REPEAT):
                t_r, rows_r = timed(lambda: [tuple(str(v) for v in row) for row in ds.query(q)])
                t_rs.append(t_r)
            if len(rows_o) != len(rows_r):
                print(f"  (row counts differ: oxigraph {len(rows_o)}, rdflib {len(rows_r)})")
            t_o, t_r = min(t_os), min(t_rs)
            results["queries"][name] = {"oxigraph_s": t_o, "oxigraph_first_s": t_os[0], "rdflib_s": t_r,
                                        "ratio": t_r / max(t_o, 1e-9), "rows": len(rows_o)}
            print(f"query {name:45s} oxigraph {t_o:8.4f} s (first {t_os[0]:.4f})  rdflib {t_r:8.4f} s"
                  f"  x{t_r / max(t_o, 1e-9):,.1f}  ({len(rows_o)} rows)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("| step | Oxigraph store (s) | rdflib in-memory (s) | rdflib / Oxigraph |")
    print("|---|---:|---:|---:|")
    q_note = f" (best of {REPEAT})"
    print(f"| load {results['triples']:,} quads (bulk) | {results['load']['oxigraph_s']:.2f} | {results['load']['rdflib_s']:.2f} | {results['load']['ratio']:.1f}x |")
    t_tx = results['load']['oxigraph_per_article_s']
    print(f"| load, one transaction per article ({results['articles']:,}) | {t_tx:.2f} | {results['load']['rdflib_s']:.2f} | {results['load']['rdflib_s'] / t_tx:.1f}x |")
    print(f"| reopen the store after a restart | {results['reopen_s']:.2f} | (reload: {results['load']['rdflib_s']:.2f}) | |")
    for name, r in results["queries"].items():
        print(f"| query: {name}{q_note} | {r['oxigraph_s']:.4f} | {r['rdflib_s']:.4f} | {r['ratio']:,.1f}x |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
