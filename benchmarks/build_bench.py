"""What a build costs next to bare segmentation: jieba, `kg build --no-model` and `kg build` side by
side in one run, on the same realistic articles, one core, CPU time.

    python benchmarks/build_bench.py [--articles 480] [--rounds 2] [--first 48] [--lengths 1000,15000,45000]
                                     [--corpus dev|sentences] [--working-tree] [--keep DIR]

The corpus (written to a temporary folder, never into the repository) is the dev and dev2
articles of ../shared/corpus (48 articles, 1,430 characters on average, 10.9 facts per 1,000
characters) repeated to ``--articles`` JSON Lines records, each repetition with ids of its own
(``--corpus sentences``: the earlier corpus of random NER-corpus sentences, see
:func:`sentence_corpus`). Every round measures, each in a fresh process running a snapshot of
git HEAD (``--working-tree``: the files as they are):

- **jieba**: ``jieba.lcut`` of every text (default dictionary, HMM on), dictionary loaded first;
- **tokenizer**: the pipeline's own tokenizer (``get_nlp(components=False)``: jieba with the
  project's words, as a spaCy Doc), loaded first;
- **rules**: ``kg build CORPUS -o out.nq --executor local --no-model``, the whole command;
- **full**: the same with the NER model;
- **start-up**: both builds on a one-article corpus (import, dictionaries, model, first article);
- **first M**: both builds on the corpus's first M articles (``--first``, default 48: the dev
  texts once).

CPU seconds are user + system of the process (the builds: of the child). A build's
**steady-state** cost is what its articles cost once every fixed cost is paid: the cost of an
article, (CPU of all N - CPU of the first M) / (N - M), times N. Its **fixed cost** is the rest.
A one-article build pays less than a longer build's fixed cost (kg/nlp/dictionary.py builds
jieba's dicts and loads rjieba only once a process has looked up or cut enough), so the CPU
time less the one-article build's is also shown but overstates the steady state. The smallest
of ``--rounds`` is kept (the machine is shared: other jobs only ever add). It prints each
measure, the ratios to jieba, and the outputs' identity across rounds.

``--lengths`` adds a table of characters/s by article length: the dev texts joined into articles
of about each length (one JSON Lines record each, so one article), about the same characters in
all, built with the full pipeline (less the fixed cost); the ratio to the first length shows
whether the cost per character grows with the article.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
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
SHARED = REPO.parent / "shared"
DATA = SHARED / "data" / "ner"
CORPUS_SETS = ("dev", "dev2")
SHARD = 1000


# -- corpora ---------------------------------------------------------------------------------------
def dev_articles(shared: Path = SHARED) -> list[dict]:
    """The dev and dev2 articles (id, text, published, source) of ../shared/corpus."""
    rows = []
    for name in CORPUS_SETS:
        path = shared / "corpus" / name / "articles.jsonl"
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise SystemExit(f"no articles under {shared / 'corpus'} (dev/articles.jsonl, dev2/articles.jsonl)")
    return rows


def write_jsonl(folder: Path, records) -> tuple[int, int]:
    """Records as JSON Lines shards of SHARD; returns (records, characters of their texts)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = chars = 0
    out = None
    for record in records:
        if n % SHARD == 0:
            if out:
                out.close()
            out = open(folder / f"shard-{n // SHARD:05d}.jsonl", "w", encoding="utf-8")
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
        chars += len(record["text"])
    if out:
        out.close()
    return n, chars


def make_corpus(folder: Path, articles: int, source: str = "dev", chars: int = 1500) -> tuple[int, int]:
    """``articles`` records in ``folder``: the dev articles repeated (``source="dev"``) or random
    NER-corpus sentences (``"sentences"``, about ``chars`` characters each)."""
    if source == "sentences":
        return write_jsonl(folder, sentence_corpus(articles, chars))
    base = dev_articles()

    def records():
        for i in range(articles):
            row = dict(base[i % len(base)])
            row["id"] = f"{row['id']}~{i // len(base)}"
            yield row

    return write_jsonl(folder, records())


def long_articles(length: int, total: int) -> list[dict]:
    """Articles of about ``length`` characters (dev texts joined by a blank line), about ``total``
    characters in all."""
    base = dev_articles()
    out, text, k = [], [], 0
    while sum(len(r["text"]) for r in out) < total:
        row = base[k % len(base)]
        text.append(row["text"].strip())
        k += 1
        if sum(len(t) for t in text) >= length:
            out.append({"id": f"long-{len(out)}", "text": "\n\n".join(text), "published": row["published"]})
            text = []
    return out


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
    return [s for s in out if len(s) >= 8]


def sentence_corpus(articles: int, chars: int = 1500, seed: int = 7):
    """Articles of random NER-corpus sentences (the earlier benchmark corpus: 3.4 facts per 1,000
    characters against 10.9 in real articles, so it hides the extraction's cost)."""
    sentences = news_sentences()
    if not sentences:
        raise SystemExit(f"no NER corpora under {DATA}")
    rng = random.Random(seed)
    day0 = date(2024, 1, 1)
    for i in range(articles):
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
        yield {"id": f"bench-{i:06d}", "title": paragraphs[0][:18], "text": "\n".join(paragraphs),
               "published": (day0 + timedelta(days=i % 365)).isoformat(), "source": "bench"}


def iter_texts(folder: Path):
    for shard in sorted(folder.glob("shard-*.jsonl")):
        with open(shard, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["text"]


# -- running the code under test -------------------------------------------------------------------
def snapshot(dest: Path) -> Path:
    """The committed code (git HEAD) exported to ``dest``: the builds run from there, so edits in
    the working tree during a long benchmark cannot change the code between two runs."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD", "kg"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def kg_command() -> list[str]:
    """`python -m kg.cli`: run with cwd=snapshot(...) it imports the snapshot's kg first."""
    return [sys.executable, "-m", "kg.cli"]


def run_build(corpus: Path, out: Path, extra: list[str], cwd: Path | None = None) -> dict:
    """Run `kg build` in a subprocess: wall seconds, CPU seconds (user + system of the child and
    its children), exit status; raises on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(kg_command() + ["build", str(corpus), "-o", str(out), "-q"] + extra, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


SEGMENT = r"""
import json, sys, time
corpus, which = sys.argv[1], sys.argv[2]
texts = []
import glob
for shard in sorted(glob.glob(corpus + "/shard-*.jsonl")):
    texts += [json.loads(line)["text"] for line in open(shard, encoding="utf-8")]
if which == "jieba":
    import logging, jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    cut = jieba.lcut
else:
    from kg.nlp.pipeline import get_nlp
    cut = get_nlp(use_model=False, components=False)
    cut("预热")
t0 = time.process_time()
tokens = sum(len(cut(t)) for t in texts)
print(json.dumps({"cpu": time.process_time() - t0, "tokens": tokens}))
"""


def segment_cpu(corpus: Path, which: str, cwd: Path | None) -> dict:
    """CPU seconds of segmenting every text of the corpus in a fresh process (what loads first
    is not counted): ``which`` is "jieba" or "tokenizer" (the pipeline's)."""
    proc = subprocess.run([sys.executable, "-c", SEGMENT, str(corpus), which], cwd=cwd, capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# -- the benchmark ---------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=480, help="articles in the corpus (default: the 48 dev "
                    "articles 10 times)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of every measure; the smallest is kept")
    ap.add_argument("--first", type=int, default=48, help="the smaller corpus of the steady state: the first "
                    "FIRST articles")
    ap.add_argument("--corpus", choices=("dev", "sentences"), default="dev")
    ap.add_argument("--lengths", help="also chars/s by article length, e.g. 1000,15000,45000")
    ap.add_argument("--length-chars", type=int, default=180_000, help="characters per length (--lengths)")
    ap.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    ap.add_argument("--working-tree", action="store_true", help="run the working tree's code, not a snapshot "
                    "of git HEAD")
    args = ap.parse_args(argv)
    if args.articles < 2 or args.first < 1:
        ap.error("--articles must be at least 2 and --first at least 1 (the steady state compares two builds)")

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        t = Path(tmp)
        corpus = args.keep or t / "corpus"
        n, chars = make_corpus(corpus, args.articles, args.corpus)
        one = t / "one"
        write_jsonl(one, [next(iter(_records(corpus)))])
        first = t / "first"
        m, _ = write_jsonl(first, itertools.islice(_records(corpus), max(1, min(args.first, n // 2))))
        code = None if args.working_tree else snapshot(t / "code")
        measures: dict[str, list] = {}
        outputs: dict[str, set] = {"rules": set(), "full": set()}
        for r in range(args.rounds):
            for name, run in (
                    ("jieba", lambda: segment_cpu(corpus, "jieba", code)),
                    ("tokenizer", lambda: segment_cpu(corpus, "tokenizer", code)),
                    ("rules", lambda: run_build(corpus, t / "rules.nq", ["--executor", "local", "--no-model"], code)),
                    ("full", lambda: run_build(corpus, t / "full.nq", ["--executor", "local"], code)),
                    ("start-up, rules", lambda: run_build(one, t / "one.nq", ["--executor", "local", "--no-model"],
                                                          code)),
                    ("start-up, full", lambda: run_build(one, t / "one.nq", ["--executor", "local"], code)),
                    ("first, rules", lambda: run_build(first, t / "first.nq", ["--executor", "local", "--no-model"],
                                                       code)),
                    ("first, full", lambda: run_build(first, t / "first.nq", ["--executor", "local"], code))):
                result = run()
                measures.setdefault(name, []).append(result)
                if name in outputs:
                    outputs[name].add(digest(t / f"{name}.nq"))
                print(f"round {r + 1}: {name}: {result['cpu']:.2f} s CPU", file=sys.stderr, flush=True)
        lengths = []
        if args.lengths:
            for length in [int(x) for x in args.lengths.split(",") if x.strip()]:
                folder = t / f"len-{length}"
                k, c = write_jsonl(folder, long_articles(length, args.length_chars))
                best = min((run_build(folder, t / "len.nq", ["--executor", "local"], code)
                            for _ in range(args.rounds)), key=lambda m: m["cpu"])
                lengths.append((length, k, c, best["cpu"]))
                print(f"length {length}: {k} articles, {c} characters, {best['cpu']:.1f} s CPU", file=sys.stderr,
                      flush=True)

    best = {name: min(runs, key=lambda m: m["cpu"]) for name, runs in measures.items()}
    jieba = best["jieba"]["cpu"]
    less_one = {kind: best[kind]["cpu"] - best[f"start-up, {kind}"]["cpu"] for kind in ("rules", "full")}
    per_article = {kind: (best[kind]["cpu"] - best[f"first, {kind}"]["cpu"]) / (n - m) for kind in ("rules", "full")}
    steady = {kind: per_article[kind] * n for kind in ("rules", "full")}
    fixed = {kind: best[kind]["cpu"] - steady[kind] for kind in ("rules", "full")}
    print(f"corpus: {n} articles ({args.corpus}), {chars:,} characters ({chars / n:,.0f} an article); "
          f"{args.rounds} rounds, smallest CPU time kept; code: {'working tree' if args.working_tree else 'git HEAD'}")
    print()
    print("| measure | CPU (s) | characters/s (CPU) | / jieba |")
    print("|---|---:|---:|---:|")
    rows = [("jieba.lcut", jieba), ("the pipeline's tokenizer", best["tokenizer"]["cpu"]),
            ("kg build --no-model (whole command)", best["rules"]["cpu"]),
            ("kg build (whole command)", best["full"]["cpu"]),
            ("kg build --no-model, less a one-article build", less_one["rules"]),
            ("kg build, less a one-article build", less_one["full"]),
            (f"kg build --no-model, steady state ({n} less the first {m})", steady["rules"]),
            (f"kg build, steady state ({n} less the first {m})", steady["full"])]
    for name, cpu in rows:
        print(f"| {name} | {cpu:,.2f} | {chars / cpu:,.0f} | {cpu / jieba:.2f}x |")
    print(f"| start-up: one-article build, --no-model / full | {best['start-up, rules']['cpu']:.2f} / "
          f"{best['start-up, full']['cpu']:.2f} | | |")
    print(f"| fixed cost of the {n}-article build, --no-model / full | {fixed['rules']:.2f} / {fixed['full']:.2f} | | |")
    same = all(len(d) == 1 for d in outputs.values())
    print()
    print(f"outputs identical across rounds: {'yes' if same else 'NO'}")
    if lengths:
        print()
        print("| article length | articles | characters | CPU (s), less the fixed cost | characters/s (CPU) | vs first |")
        print("|---:|---:|---:|---:|---:|---:|")
        start = fixed["full"]
        first_rate = lengths[0][2] / (lengths[0][3] - start)
        for length, k, c, cpu in lengths:
            rate = c / (cpu - start)
            print(f"| ~{length:,} | {k} | {c:,} | {cpu - start:,.1f} | {rate:,.0f} | {rate / first_rate:.2f}x |")


def _records(folder: Path):
    for shard in sorted(folder.glob("shard-*.jsonl")):
        with open(shard, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


if __name__ == "__main__":
    main()
