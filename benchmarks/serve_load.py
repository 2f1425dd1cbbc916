"""Load benchmark: `kg serve` against Oxigraph's own server (`oxigraph serve-read-only`, from the
`oxigraph` package of the test extras) on the same store, side by side in one run.

Both serve one Oxigraph store on loopback (a synthetic graph after docs/MODEL.md, made by
benchmarks/store_bench.py's generator, ~200k triples by default). A bounded closed-loop load:
C clients, each sending the next query of a fixed mix (ready queries with parameters and the store
benchmark's queries and look-ups) as soon as its previous answer arrived, for S seconds; while it runs, a
separate process sends a health query (`ASK {}`) every half second and records its latency. Each
phase runs on a freshly started server; phases alternate between the two servers, and the whole
cycle repeats (--rounds), so that drift on a shared machine hits both alike.

    .venv/bin/python benchmarks/serve_load.py                        # 32 and 200 clients, 20 s each
    .venv/bin/python benchmarks/serve_load.py --clients 32 --seconds 60 --json out.json

Reported per server and client count: requests/s, errors (any non-200 answer), dropped
connections (refused, reset, timed out), p50/p99 latency, the slowest health query, and the ratio
kg / oxigraph of requests/s. Nothing leaves the machine: every request goes to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from store_bench import queries as bench_queries  # noqa: E402
from store_bench import synthesize  # noqa: E402

HEALTH = "ASK {}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_mix(probe: dict) -> list[str]:
    """The store benchmark's four queries (a selective join, a filter, two aggregates) and two
    point look-ups by IRI, as the explorer sends them. The ready queries of kg/queries are left out
    until they are rewritten for speed (issue 16): some take minutes on this store."""
    from kg.store import PREFIX_MAP

    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIX_MAP.items())
    lookups = [f"SELECT ?p ?o WHERE {{ <{PREFIX_MAP['id']}person/{i:06x}> ?p ?o }}" for i in (1, 2)]
    return [prologue + q for q in list(bench_queries(probe).values()) + lookups]


async def wait_up(url: str, seconds: float = 120) -> None:
    import aiohttp

    end = time.monotonic() + seconds
    async with aiohttp.ClientSession() as s:
        while time.monotonic() < end:
            try:
                async with s.get(url, params={"query": HEALTH}, headers={"Accept": "application/sparql-results+json"}) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def health_probe(url: str, seconds: float) -> list[float]:
    """In a process of its own (so that the load clients' event loop does not delay it): a health
    query every half second; its latencies (inf: failed)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    out = []
    stop = time.monotonic() + seconds
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": HEALTH}),
                                 headers={"Accept": "application/sparql-results+json"})
    while time.monotonic() < stop:
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
            out.append(time.perf_counter() - t)
        except (urllib.error.URLError, OSError):
            out.append(float("inf"))
        time.sleep(0.5)
    return out


async def load(url: str, mix: list[str], clients: int, seconds: float) -> dict:
    import aiohttp

    lat: list[float] = []
    errors = dropped = 0
    stop = time.monotonic() + seconds
    headers = {"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"}
    connector = aiohttp.TCPConnector(limit=clients + 2, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as s:
        async def client(i: int) -> None:
            nonlocal errors, dropped
            k = i
            while time.monotonic() < stop:
                q = mix[k % len(mix)]
                k += 1
                t = time.perf_counter()
                try:
                    async with s.post(url, data=q.encode("utf-8"), headers=headers) as r:
                        await r.read()
                        if r.status != 200:
                            errors += 1
                            continue
                except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError):
                    dropped += 1
                    continue
                lat.append(time.perf_counter() - t)

        probe = multiprocessing.get_context("spawn").Pool(1)
        pending = probe.apply_async(health_probe, (url, seconds))
        t0 = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        elapsed = time.perf_counter() - t0
        health = pending.get(30)
        probe.close()
    lat.sort()
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(lat),
            "rps": len(lat) / elapsed, "errors": errors, "dropped": dropped,
            "p50_ms": 1000 * statistics.median(lat) if lat else None,
            "p99_ms": 1000 * lat[int(0.99 * (len(lat) - 1))] if lat else None,
            "health_p50_ms": 1000 * statistics.median(health) if health else None,
            "health_max_ms": 1000 * max(health) if health else None}


def start_oxigraph(store: Path, port: int) -> subprocess.Popen:
    exe = shutil.which("oxigraph", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if exe is None:
        sys.exit("the oxigraph server binary is missing: pip install -e '.[test]' installs it")
    return subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph", "--timeout-s", "10"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_kg(store: Path, port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "kg"), "serve", str(store), "--port", str(port),
                             "--workers", str(workers), "--timeout", "10"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=200_000)
    ap.add_argument("--clients", type=int, nargs="+", default=[32, 200])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="kg serve --workers")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    data, probe = synthesize(args.triples)
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-bench-"))
    store = tmp / "store"
    s = ox.Store(str(store))
    s.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    s.flush()
    del s
    mix = query_mix(probe)
    quads = data.count(b"\n")
    print(f"store: {quads:,} quads, {probe['articles']:,} article graphs; {len(mix)} queries in the mix; "
          f"{os.cpu_count()} cores; kg serve --workers {args.workers}", flush=True)
    results: list[dict] = []
    try:
        for rnd in range(args.rounds):
            for clients in args.clients:
                for name in ("oxigraph", "kg"):
                    port = free_port()
                    proc = start_oxigraph(store, port) if name == "oxigraph" else start_kg(store, port, args.workers)
                    try:
                        url = f"http://127.0.0.1:{port}/" + ("query" if name == "oxigraph" else "sparql")
                        asyncio.run(wait_up(url))
                        r = asyncio.run(load(url, mix, clients, args.seconds))
                    finally:
                        stop(proc)
                    r.update(server=name, round=rnd + 1)
                    results.append(r)
                    print(f"round {rnd + 1}  {name:8s} {clients:4d} clients  {r['rps']:7.1f} req/s  errors {r['errors']}  "
                          f"dropped {r['dropped']}  p50 {r['p50_ms'] or 0:7.0f} ms  p99 {r['p99_ms'] or 0:7.0f} ms  "
                          f"health query p50 {r['health_p50_ms'] or 0:5.0f} ms, slowest {r['health_max_ms'] or 0:6.0f} ms", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    for clients in args.clients:
        ox_rps = sum(r["rps"] for r in results if r["server"] == "oxigraph" and r["clients"] == clients)
        kg_rps = sum(r["rps"] for r in results if r["server"] == "kg" and r["clients"] == clients)
        print(f"{clients:4d} clients: kg serve / oxigraph serve-read-only = {kg_rps / ox_rps:.2f} (requests/s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
