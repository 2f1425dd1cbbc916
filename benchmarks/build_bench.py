"""Throughput of `kg build`, per core, against jieba's segmentation of the same text.

    python benchmarks/build_bench.py [--articles 10000] [--chars 1500] [--workers 1] [--no-model]
                                     [--data ../shared/data/ner] [--keep DIR]

Generates a corpus of news articles (about ``--chars`` characters each) from the news sentences
of the NER corpora in ../shared/data/ner (MSRA, People's Daily 1998, CLUENER2020), written as JSON
Lines shards of 1,000 articles into a temporary folder (never into the repository), then:

1. runs ``kg build CORPUS -o out.nq.gz --workers N`` in a subprocess, timing its wall clock and
   the CPU seconds the build used (user + system of the child processes);
   The build runs the committed code (a snapshot of git HEAD; --working-tree for the files as
   they are);
2. in this process, segments the same article texts with ``jieba.lcut`` (jieba's default
   dictionary, HMM on: what any jieba-based pipeline pays at least), timing its CPU seconds.

It prints a table: articles/s and characters/s per core, by wall clock (wall × workers) and by
CPU time, and the build's CPU throughput as a fraction of jieba's. On a shared machine the wall
clock includes waiting for the CPU; the CPU-time figures are the ones to compare across runs.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ner"
SHARD = 1000


def news_sentences(data: Path = DATA) -> list[str]:
    """The sentences of the news NER corpora, as plain text."""
    out: list[str] = []
    msra = data / "msra"
    for name in ("val_sentences.txt", "test_sentences.txt"):
        path = msra / name
        if path.is_file():
            out += [line.replace(" ", "").strip() for line in path.read_text(encoding="utf-8").splitlines()]
    pd = data / "people_daily_1998" / "example.dev"
    if pd.is_file():
        chars: list[str] = []
        for line in pd.read_text(encoding="utf-8").splitlines():
            if line.strip():
                chars.append(line.split()[0])
            elif chars:
                out.append("".join(chars))
                chars = []
        if chars:
            out.append("".join(chars))
    for name in ("train.jsonl", "dev.jsonl"):
        path = data / "cluener2020" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append(json.loads(line)["text"].strip())
    return [s for s in out if len(s) >= 8]


def make_corpus(folder: Path, articles: int, chars: int = 1500, data: Path = DATA, seed: int = 7) -> tuple[int, int]:
    """Write ``articles`` articles of about ``chars`` characters as JSON Lines shards of 1,000.
    Paragraphs of 3-5 sentences; a headline; a publication date. Returns (articles, characters)."""
    sentences = news_sentences(data)
    if not sentences:
        raise SystemExit(f"no NER corpora under {data}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total_chars = 0
    day0 = date(2024, 1, 1)
    out = None
    for i in range(articles):
        if i % SHARD == 0:
            if out:
                out.close()
            out = open(folder / f"shard-{i // SHARD:05d}.jsonl", "w", encoding="utf-8")
        paragraphs, para, size = [], [], 0
        while size < chars:
            s = rng.choice(sentences)
            para.append(s)
            size += len(s)
            if len(para) >= rng.randint(3, 5):
                paragraphs.append("".join(para))
                para = []
        if para:
            paragraphs.append("".join(para))
        text = "\n".join(paragraphs)
        title = paragraphs[0][:18]
        total_chars += len(text)
        obj = {"id": f"bench-{i:06d}", "title": title, "text": text,
               "published": (day0 + timedelta(days=i % 365)).isoformat(), "source": "bench"}
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    if out:
        out.close()
    return articles, total_chars


def iter_texts(folder: Path):
    for shard in sorted(folder.glob("shard-*.jsonl")):
        with open(shard, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["text"]


def snapshot(dest: Path) -> Path:
    """The committed code (git HEAD) exported to ``dest``: the builds run from there, so edits in
    the working tree during a long benchmark cannot change the code between two runs. The
    untracked NER model, if any, is linked in."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD", "kg"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    model, copy = REPO / "kg" / "ner" / "model", dest / "kg" / "ner" / "model"
    if model.is_dir() and not copy.exists():
        copy.symlink_to(model)
    return dest


def kg_command() -> list[str]:
    """`python -m kg.cli`: run with cwd=snapshot(...) it imports the snapshot's kg first."""
    return [sys.executable, "-m", "kg.cli"]


def run_build(corpus: Path, out: Path, extra: list[str], cwd: Path | None = None) -> dict:
    """Run `kg build` in a subprocess: wall seconds, child CPU seconds, peak RSS (KiB) of the
    largest child, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(kg_command() + ["build", str(corpus), "-o", str(out), "-q"] + extra, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "maxrss_kib": after.ru_maxrss}


def jieba_cpu(folder: Path) -> tuple[float, int]:
    """CPU seconds jieba.lcut takes over the corpus (dictionary loaded beforehand)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    n = 0
    t0 = time.process_time()
    for text in iter_texts(folder):
        n += len(jieba.lcut(text))
    return time.process_time() - t0, n


def model_present() -> bool:
    return (REPO / "kg" / "ner" / "model").is_dir()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--chars", type=int, default=1500)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-model", action="store_true", help="pass --no-model to kg build")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    ap.add_argument("--working-tree", action="store_true", help="run the working tree's code, not a snapshot "
                    "of git HEAD")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = args.keep or Path(tmp) / "corpus"
        n, chars = make_corpus(corpus, args.articles, args.chars, args.data)
        extra = ["--workers", str(args.workers), "--executor", "processes" if args.workers > 1 else "local"]
        if args.no_model:
            extra.append("--no-model")
        code = None if args.working_tree else snapshot(Path(tmp) / "code")
        build = run_build(corpus, Path(tmp) / "out.nq.gz", extra, cwd=code)
        jcpu, tokens = jieba_cpu(corpus)

    w = args.workers
    rows = [
        ("kg build, by wall clock", n / build["wall"] / w, chars / build["wall"] / w),
        ("kg build, by CPU time", n / build["cpu"], chars / build["cpu"]),
        ("jieba.lcut, by CPU time", n / jcpu, chars / jcpu),
    ]
    model = "no (--no-model)" if args.no_model else ("yes" if model_present() else "absent (rules only)")
    print(f"corpus: {n} articles, {chars} characters ({chars / n:.0f} per article), {args.data}")
    print(f"kg build --workers {w}: wall {build['wall']:.1f} s, CPU {build['cpu']:.1f} s; NER model: {model}; "
          f"jieba: {tokens} tokens in {jcpu:.1f} s CPU")
    print()
    print("| measure | articles/s per core | characters/s per core |")
    print("|---|---:|---:|")
    for name, a, c in rows:
        print(f"| {name} | {a:,.1f} | {c:,.0f} |")
    print(f"| kg build / jieba (CPU) | {jcpu / build['cpu']:.3f} | {jcpu / build['cpu']:.3f} |")


if __name__ == "__main__":
    main()
