"""A build never loses good work (issue 13): bad articles are isolated in every executor, limits
hold, the -o file is atomic, and killing a build leaves no process behind."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
runner = CliRunner()

# Short reports written for these tests, in the register of the news the tool reads.
GOOD = [
    ("g1", "新华社北京3月5日电 国务院总理李强5日主持召开国务院常务会议，审议通过《关于加快发展先进制造业集群的意见》。",
     "2024-03-05"),
    ("g2", "新华社杭州5月20日电 浙江省委书记王浩20日到宁波舟山港调研。宁波舟山港去年货物吞吐量超过13亿吨。", "2024-05-20"),
    ("g3", "本报讯 上海市统计局日前发布数据，今年前三季度上海市地区生产总值达到3.3万亿元，同比增长5.1%。", "2024-10-25"),
    ("g4", "新华社广州6月12日电 广东省省长王伟中12日在深圳前海深港现代服务业合作区调研。", "2024-06-12"),
    ("g5", "本报北京1月8日电 2023年全国固定资产投资同比增长3%，其中制造业投资增长6.5%。", "2024-01-08"),
    ("g6", "本报讯 某市工业企业利润为-5亿元，同比增长-2.3%。", "2024-02-01"),
]
# Each of the triggers, as a user's corpus brings them: (id, JSON line, what the build says)
TRIGGERS = [
    ("nested", '{"id": "nested", "text": "文本。", "x": ' + "[" * 1000 + "]" * 1000 + "}", "error"),
    ("huge", json.dumps({"id": "huge", "text": "国务院常务会议审议通过。" * 90_000}, ensure_ascii=False), "error"),
    ("year1", json.dumps({"id": "year1", "published": "0001-01-01", "text": "去年底全省投资1亿元。"}, ensure_ascii=False),
     "error"),
    ("year9999", json.dumps({"id": "year9999", "published": "9999-12-31", "text": "1年6月。"}, ensure_ascii=False),
     "error"),
    ("surrogate", '{"id": "surrogate", "text": "李强\\ud800主持召开国务院常务会议。"}', "warning"),
]


def write_corpus(folder: Path, good=GOOD, triggers=TRIGGERS) -> Path:
    lines = []
    for i, (doc_id, text, day) in enumerate(good):
        lines.append(json.dumps({"id": doc_id, "text": text, "published": day}, ensure_ascii=False))
        if i < len(triggers):
            lines.append(triggers[i][1])
    lines += [t[1] for t in triggers[len(good):]]
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def article_ids(path: Path) -> set[str]:
    ds = Dataset()
    ds.parse(str(path), format="nquads")
    return {str(o) for _, _, o, _ in ds.quads((None, KG.articleId, None, None))}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_bad_articles_are_isolated_one_line_each_and_every_good_article_is_built(tmp_path, workers):
    corpus = write_corpus(tmp_path)
    out, store = tmp_path / "out.nq", tmp_path / "store"
    result = runner.invoke(app, ["build", str(corpus), "-o", str(out), "--store", str(store), "-w", workers,
                                 "--no-model"])
    assert result.exit_code == 1
    err = result.stderr
    assert "Traceback" not in err
    lines = err.splitlines()
    for doc_id, _, kind in TRIGGERS:  # one line each, naming the file and line, of the right kind
        where = f"{corpus}:{_line_of(corpus, doc_id)}"
        assert [line.split()[0] for line in lines if where + ":" in line or where + " " in line] == [kind], err
    assert sum(1 for line in lines if line.startswith("error")) == 4
    good = {g[0] for g in GOOD}
    assert article_ids(out) == good | {"surrogate"}
    from kg.store import Store
    graphs = Store(store, read_only=True).query("SELECT DISTINCT ?id WHERE { ?a kg:articleId ?id }")
    assert {s["id"].value for s in graphs} == good | {"surrogate"}


def _line_of(path: Path, doc_id: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if f'"id": "{doc_id}"' in line:
            return n
    raise AssertionError(doc_id)


def test_an_article_that_fails_in_a_stage_is_reported_and_the_others_built():
    """A Document given through the Python API, past ingest: a lone surrogate makes spaCy raise
    (UnicodeEncodeError); a time limit stops an article; a size limit rejects a document."""
    from kg.extract import get_extractors
    from kg.pipeline import Limits, build_document, document_from_text
    from kg.types import InputError

    extractors = get_extractors()
    bad = document_from_text("李强\ud800主持召开国务院常务会议。", doc_id="bad")
    out = list(build_document(bad, extractors, use_model=False))
    assert len(out) == 1 and isinstance(out[0], InputError)
    assert out[0].where == "bad (article bad)" and "UnicodeEncodeError" in out[0].message

    good = document_from_text(GOOD[0][1], doc_id="good", published=date(2024, 3, 5))
    assert not isinstance(next(build_document(good, extractors, use_model=False)), InputError)
    slow = list(build_document(good, extractors, use_model=False, limits=Limits(timeout=1e-4)))
    assert isinstance(slow[0], InputError) and "took longer than" in slow[0].message
    big = list(build_document(good, extractors, use_model=False, limits=Limits(max_chars=20)))
    assert isinstance(big[0], InputError) and "more than the limit of 20" in big[0].message


def test_the_time_limit_also_stops_an_article_in_a_worker_thread():
    """Dask runs tasks in threads, where no signal arrives: the limit is an asynchronous exception."""
    from kg.guard import ArticleTimeout, time_limit

    caught = []

    def spin():
        try:
            with time_limit(0.2):
                while True:
                    sum(range(1000))
        except ArticleTimeout as e:
            caught.append(e)

    t = threading.Thread(target=spin)
    t.start()
    t.join(10)
    assert not t.is_alive() and caught


def test_a_dask_task_isolates_bad_articles(tmp_path):
    """The Dask task function itself (build_partition), run here without a cluster."""
    import gzip

    from kg.parallel import build_partition, plan_partitions

    corpus = write_corpus(tmp_path, GOOD[:2], TRIGGERS)
    parts = tmp_path / "parts"
    parts.mkdir()
    [partition] = plan_partitions([corpus], per_part=100)
    summary = build_partition(partition, str(parts), use_model=False)
    assert summary.articles == 3  # two good ones and the repaired surrogate
    assert sum(1 for e in summary.errors if type(e).__name__ == "InputError") == 4
    with gzip.open(parts / summary.part, "rt", encoding="utf-8") as f:
        assert "g1" in f.read()


def test_a_failed_build_leaves_the_previous_output_byte_identical(tmp_path):
    out = tmp_path / "keep.trig"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--no-model"]).exit_code == 0
    before = out.read_bytes()
    result = runner.invoke(app, ["build", str(tmp_path / "typo.txt"), "-o", str(out), "--no-model"])
    assert result.exit_code != 0 and "no such file" in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    nq = tmp_path / "news.nq"
    nq.write_bytes(b"old\n")
    result = runner.invoke(app, ["build", str(empty), str(tmp_path / "nope.txt"), "-o", str(nq), "--no-model"])
    assert result.exit_code == 1
    assert out.read_bytes() == before and nq.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.jsonl", "keep.trig", "news.nq"]  # no temp left


def test_a_store_in_use_is_a_one_line_error(tmp_path):
    from kg.store import Store

    held = Store(tmp_path / "store")
    result = runner.invoke(app, ["build", str(SAMPLE), "--store", str(tmp_path / "store"), "--no-model"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    del held


def _group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` (the build and everything it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])  # SIGINT takes the SIGTERM path
def test_killing_a_pooled_build_leaves_no_process_behind(tmp_path, signum):
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": GOOD[i % len(GOOD)][1] * 30}, ensure_ascii=False)
                              + "\n" for i in range(40)), encoding="utf-8")
    out = tmp_path / "out.nq"
    out.write_bytes(b"previous\n")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "-w", "2",
                             "--no-model"], start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 120
        while len(_group(proc.pid)) < 5 and time.time() < deadline:  # build, tracker, forkserver, 2 workers
            time.sleep(0.2)
        assert len(_group(proc.pid)) >= 5, "the pool never started"
        os.kill(proc.pid, signum)
        proc.wait(30)
        deadline = time.time() + 5
        while _group(proc.pid) and time.time() < deadline:
            time.sleep(0.2)
        assert _group(proc.pid) == []
        assert out.read_bytes() == b"previous\n"
        if signum != signal.SIGKILL:
            assert proc.returncode == 128 + signum and b"interrupted" in proc.stderr.read()
    finally:
        for pid in _group(proc.pid):
            os.kill(pid, signal.SIGKILL)
        proc.stderr.close()


def _die_on_marker(docs, families, use_model, limits):
    """A pool task that kills its worker on the document with id 'die' (as the OOM killer would)."""
    from kg.parallel import process_documents

    if any(d.doc_id == "die" for d in docs):
        os._exit(3)
    return process_documents(docs, families, use_model, limits)


def test_a_worker_that_dies_costs_only_its_document(tmp_path):
    from kg.parallel import _pooled
    from kg.pipeline import document_from_text

    docs = [document_from_text(GOOD[i % len(GOOD)][1], doc_id=f"d{i}") for i in range(7)]
    docs.insert(3, document_from_text("文本。", doc_id="die"))
    errors: list = []
    results = list(_pooled(docs[:4], iter(docs[4:]), 1, None, False, None, 2, errors, None, task=_die_on_marker))
    assert [r.article.article_id for r in results] == [d.doc_id for d in docs if d.doc_id != "die"]
    assert len(errors) == 1 and errors[0].where == "die" and "died" in errors[0].message


def test_evidence_is_a_window_around_the_span_of_a_long_sentence():
    from kg.types import EVIDENCE_CHARS, EVIDENCE_CONTEXT, evidence_window

    short = "国务院常务会议审议通过《意见》。"
    assert evidence_window(short, 2, 6) == short
    long = "甲" * 5000 + "国务院常务会议" + "乙" * 5000
    window = evidence_window(long, 5000, 5007)
    assert window == "…" + "甲" * EVIDENCE_CONTEXT + "国务院常务会议" + "乙" * EVIDENCE_CONTEXT + "…"
    assert len(evidence_window(long, 0, len(long))) <= EVIDENCE_CHARS + 2


def test_a_long_sentence_without_punctuation_builds_small(tmp_path):
    """One unpunctuated sentence of 8,500 and of 17,000 characters: sentences are cut and evidence
    is windowed, so the output grows with the input (it used to repeat the whole sentence once per
    fact: with the square of the length)."""
    sizes = []
    for reps in (50, 100):
        text = ("上海市市长某某来到临港新片区调研" + "全区投资超过100亿元同比增长5%" * 3) * reps
        path = tmp_path / f"long{reps}.txt"
        path.write_text(text, encoding="utf-8")
        out = tmp_path / f"long{reps}.nq"
        result = runner.invoke(app, ["build", str(path), "-o", str(out), "--no-model", "-w", "1"])
        assert result.exit_code == 0, result.stderr
        sizes.append(out.stat().st_size)
    assert sizes[1] < 2.3 * sizes[0]
    ds = Dataset()
    ds.parse(str(out), format="nquads")
    sentences = [str(o) for _, _, o, _ in ds.quads((None, KG.sentence, None, None))]
    assert sentences and max(len(s) for s in sentences) <= 502


def test_a_stop_signal_is_not_taken_for_an_article_failure(monkeypatch):
    """SIGTERM/SIGINT raise Interrupted (a BaseException) wherever the build is: the isolation of
    articles must let it through, or a one-process build would go on after Ctrl-C."""
    import kg.pipeline
    from kg.commands.build import Interrupted
    from kg.pipeline import build_document, document_from_text

    def stopped(*a, **k):
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(kg.pipeline, "process_article", stopped)
    with pytest.raises(Interrupted):
        list(build_document(document_from_text(GOOD[0][1], doc_id="x"), [], use_model=False))


def test_export_and_query_outputs_are_atomic_too(tmp_path):
    out = tmp_path / "graph.trig"
    out.write_bytes(b"previous\n")
    bad = tmp_path / "broken.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")   # not N-Quads
    assert runner.invoke(app, ["export", str(bad), "-o", str(out)]).exit_code != 0
    assert runner.invoke(app, ["query", str(bad), "SELECT * WHERE { ?s ?p ?o }", "-o", str(out)]).exit_code != 0
    assert out.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.nq", "graph.trig"]
    good = tmp_path / "page.nq"
    assert runner.invoke(app, ["build", str(SAMPLE), "-o", str(good), "--no-model", "-w", "1"]).exit_code == 0
    assert runner.invoke(app, ["export", str(good), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() != b"previous\n" and b"@prefix" in out.read_bytes()
