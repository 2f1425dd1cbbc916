"""Every executor gives the one-process build, byte for byte: `kg build --workers 2`, the Dask
executor on a LocalCluster and on a scheduler with two workers started as separate processes,
parts and their entity index, `kg merge`; JSON Lines partitions read what ingest reads."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
runner = CliRunner()

# Short reports in the register of Xinhua / People's Daily, written for these tests.
ARTICLES = [
    ("xh-001", "新华社北京3月5日电 国务院总理李强5日在人民大会堂主持召开国务院常务会议，审议通过《关于加快发展"
               "先进制造业集群的意见》。会议指出，要加大对中小企业的支持力度。", "2024-03-05"),
    ("xh-002", "新华社杭州5月20日电 浙江省委书记王浩20日到宁波舟山港调研，察看集装箱码头运营情况。"
               "宁波舟山港位于浙江省宁波市，去年货物吞吐量超过13亿吨。", "2024-05-20"),
    ("rmrb-003", "本报讯 上海市统计局（以下简称市统计局）日前发布数据，今年前三季度上海市地区生产总值达到"
                 "3.3万亿元，同比增长5.1%。市统计局有关负责人表示，经济运行总体平稳。", "2024-10-25"),
    ("xh-004", "新华社广州6月12日电 广东省省长王伟中12日在深圳前海深港现代服务业合作区调研，"
               "并主持召开座谈会。深圳市委书记孟凡利参加调研。", "2024-06-12"),
    ("rmrb-005", "本报北京1月8日电 记者从国家发展和改革委员会获悉，2023年全国固定资产投资同比增长3%，"
                 "其中制造业投资增长6.5%。国家发展改革委副主任刘苏社表示，将继续扩大有效投资。", "2024-01-08"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The sample page, a JSON Lines file of five reports (one line of it broken, the last one a
    second article with the first one's id), and a file that does not exist: six documents and
    three input errors."""
    folder = tmp_path_factory.mktemp("corpus")
    jsonl = folder / "reports.jsonl"
    lines = [json.dumps({"id": i, "text": t, "published": d, "source": "新华社"}, ensure_ascii=False)
             for i, t, d in ARTICLES]
    lines.insert(2, '{"id": "broken", "text": ')  # line 3: not JSON
    lines.insert(4, "")                           # a blank line is skipped silently
    lines.append(json.dumps({"id": "xh-001", "text": "另一篇报道。"}, ensure_ascii=False))  # line 8: id again
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [SAMPLE, jsonl, folder / "missing.txt"]


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("one") / "one.nq"
    result = runner.invoke(app, ["build", *map(str, corpus), "-o", str(out), "--no-model", "--executor", "local"])
    assert result.exit_code == 1, result.output  # the three bad inputs
    return out, result.stderr


def error_lines(stderr: str) -> list[str]:
    return sorted(line.strip() for line in stderr.splitlines() if line.startswith("error"))


def test_one_process_build_is_the_reference(one_process):
    out, stderr = one_process
    text = out.read_text(encoding="utf-8")
    assert "8 articles from 6 inputs" in stderr  # the page's three and the five good JSONL lines
    assert len(error_lines(stderr)) == 3
    assert "reports.jsonl:3" in stderr and "reports.jsonl:8: duplicate id 'xh-001'" in stderr
    assert "missing.txt" in stderr
    assert "国务院常务会议" in text and "宁波舟山港" in text and "另一篇报道" not in text


def test_two_workers_write_the_same_file_byte_for_byte(corpus, one_process, tmp_path):
    reference, ref_err = one_process
    out = tmp_path / "two.nq"
    result = runner.invoke(app, ["build", *map(str, corpus), "-o", str(out), "--no-model", "--workers", "2"])
    assert result.exit_code == 1, result.output
    assert out.read_bytes() == reference.read_bytes()
    assert error_lines(result.stderr) == error_lines(ref_err)
    assert "8 articles from 6 inputs" in result.stderr


def test_the_pool_really_runs_and_small_inputs_skip_it(corpus):
    from kg.executors.processes import run
    from kg.pipeline import DocumentOutcome, Job

    job = Job(use_model=False)
    pooled = [o for o in run([str(p) for p in corpus], job, workers=2) if isinstance(o, DocumentOutcome)]
    results = [r for o in pooled for r in o.results]
    assert len(pooled) == 6 and len(results) == 8
    assert all(r._graphs is None for r in results)  # came back from worker processes: the block only
    small = [r for o in run([str(SAMPLE)], job, workers=2) for r in o.results]  # one document: no pool
    assert [r._graphs is not None for r in small] == [True] * 3
    # a worker's block is exactly what the same article gives in this process
    assert [r.nquads for r in results[:3]] == [r.nquads for r in small]
    assert set(results[0].graph) == set(small[0].graph)
    assert set(results[0].shared) == set(small[0].shared) and len(small[0].shared)


def test_jsonl_partitions_read_exactly_what_ingest_reads(tmp_path):
    """Line ranges (with a byte-order mark, blank and bad lines, a last line without newline)
    give the same Documents, line numbers and errors as kg.ingest."""
    from kg.executors.dask import plan
    from kg.ingest import iter_documents, read

    path = tmp_path / "mixed.jsonl"
    rows = [json.dumps({"id": f"a{i}", "text": f"第{i}条：国家统计局{i}日发布数据。"}, ensure_ascii=False) for i in range(7)]
    rows.insert(3, "")
    rows.insert(5, "not json")
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode("utf-8"))  # no final newline
    expected_errors: list = []
    expected = [(d.doc_id, d.line, d.text, d.path) for d in iter_documents([path], errors=expected_errors)]
    for size in (1, 2, 3, 4, 100):
        errors, parts = plan([path], per_part=size)
        assert errors == [] and len(parts) == -(-len(rows) // size)
        got, raw_errors, seen = [], [], set()
        for part in parts:
            for source in part.sources:
                for item in read(source, seen=seen):
                    if isinstance(item, Exception):
                        raw_errors.append(str(item))
                    else:
                        got.append((item.doc_id, item.line, item.text, item.path))
        assert got == expected
        assert raw_errors == [str(e) for e in expected_errors]


def test_missing_inputs_are_reported_when_planning_and_empty_files_by_their_task(tmp_path):
    from kg.executors.dask import build_partition, plan
    from kg.pipeline import Job

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    errors, parts = plan([empty, tmp_path / "nope.txt"], per_part=5)
    assert [(Path(e.where).name, e.message) for e in errors] == [("nope.txt", "no such file or directory")]
    assert [(Path(e.where).name, e.message) for p in parts for e in build_partition(p, Job(use_model=False))] == [
        ("empty.jsonl", "empty")]


def built_with(executor, corpus, folder: Path, **options):
    """kg.pipeline.build into an .nq file and parts of three articles; (stats, nq path, parts folder)."""
    from kg.pipeline import build
    from kg.sinks import GraphFileSink, PartsSink

    out, parts = folder / "out.nq", folder / "parts"
    stats = build([str(p) for p in corpus], executor, [GraphFileSink(out), PartsSink(parts, articles=3)],
                  use_model=False, **options)
    return stats, out, parts


@pytest.fixture(scope="module")
def dask_build(corpus, tmp_path_factory):
    """A Dask build on a LocalCluster of two worker processes, two documents per task."""
    from distributed import Client, LocalCluster

    folder = tmp_path_factory.mktemp("dask")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        return built_with("dask", corpus, folder, client=client, partition_size=2)


def read_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


def test_dask_builds_the_one_process_file_and_its_parts(dask_build, one_process):
    stats, out, folder = dask_build
    assert out.read_bytes() == one_process[0].read_bytes()
    reference = one_process[0].read_text(encoding="utf-8").splitlines()
    parts = sorted(folder.glob("part-*.nq.gz"))
    assert len(parts) == 3  # 8 articles, 3 a part
    assert [line for p in parts for line in read_lines(p)] == reference  # in name order: the .nq file
    assert stats.articles == 8 and stats.documents == 6
    # every error of the one-process build, the duplicate id across two tasks included
    assert sorted(f"error {e}" for e in stats.failed) == error_lines(one_process[1])
    manifest = json.loads((folder / "parts.json").read_text(encoding="utf-8"))
    assert manifest["quads"] == len(reference) and manifest["articles"] == 8 and manifest["documents"] == 6


def test_entity_index_lists_every_entity_with_labels_and_aliases(dask_build):
    from rdflib import Dataset
    from rdflib.namespace import RDF, RDFS

    from kg.pipeline import ENTITY_CLASSES
    from kg.vocab import KG

    stats, _, folder = dask_build
    ds = Dataset()
    for p in folder.glob("part-*.nq.gz"):  # one parse each: a second nquads parse into a Dataset drops its default graph
        for q in Dataset().parse(data="\n".join(read_lines(p)), format="nquads").quads((None, None, None, None)):
            ds.add(q)
    typed = {str(s): str(o) for s, _, o, _ in ds.quads((None, RDF.type, None, None)) if o in ENTITY_CLASSES}
    rows = {}
    with gzip.open(folder / "entities.tsv.gz", "rt", encoding="utf-8") as f:
        assert next(f).startswith("iri\ttype\tlabel")
        for line in f:
            iri, type_, label, alts, n = line.rstrip("\n").split("\t")
            rows[iri] = (type_, label, alts.split("|") if alts else [], int(n))
    assert set(rows) == set(typed) == stats.entities
    labels: dict[str, set] = {}
    for s, _, o, _ in ds.quads((None, RDFS.label, None, None)):
        labels.setdefault(str(s), set()).add(str(o))
    for iri, (type_, label, _, n) in rows.items():
        assert typed[iri].endswith("#" + type_) and n >= 1
        assert label in labels[iri]
    # every alias/merge record of the parts is an altLabel of its entity in the index
    into = {m: str(e) for m, _, e, _ in ds.quads((None, KG.into, None, None))}
    merges = [(into[m], str(form)) for m, _, form, _ in ds.quads((None, KG.mergedForm, None, None))]
    assert merges and all(form in rows[into][2] for into, form in merges)
    by_label = {label: alts for _, label, alts, _ in rows.values()}
    assert "周公馆" in by_label["中国共产党代表团驻沪办事处纪念馆"]  # the sample page's （简称）alias
    per_part = sum(len(read_lines(p)) - 1 for p in folder.glob("entities-*.tsv.gz"))
    assert per_part >= len(rows)  # each part's index lists the entities of its articles


def test_kg_merge_unions_parts_and_drops_an_article_given_twice(dask_build, one_process, tmp_path):
    stats, _, folder = dask_build
    out = tmp_path / "merged.nq"
    index = tmp_path / "entities.tsv"
    result = runner.invoke(app, ["merge", str(folder), str(folder / "part-00000.nq.gz"), "-o", str(out),
                                 "--entities", str(index)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == one_process[0].read_bytes()
    assert "8 article graphs" in result.stderr
    assert len(index.read_text(encoding="utf-8").splitlines()) == len(stats.entities) + 1


def test_cli_dask_build_writes_parts_and_the_same_graph(corpus, one_process, tmp_path):
    parts = tmp_path / "parts"
    out = tmp_path / "dask.nq"
    result = runner.invoke(app, ["build", *map(str, corpus[:2]), "-o", str(out), "--parts", str(parts),
                                 "--executor", "dask", "--workers", "1", "--no-model"])
    assert result.exit_code == 1, result.output  # the broken JSONL line and the duplicate id
    assert "reports.jsonl:3" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == one_process[0].read_bytes()
    assert (parts / "entities.tsv.gz").is_file() and list(parts.glob("part-*.nq.gz"))


@pytest.mark.skipif(shutil.which("dask", path=os.path.dirname(sys.executable)) is None,
                    reason="the dask command is not installed beside this Python")
def test_dask_on_a_scheduler_with_two_worker_processes(corpus, one_process, tmp_path):
    """`dask scheduler` and `dask worker --nworkers 2` (two worker processes) on loopback, as a user
    starts them, and `kg build --scheduler tcp://127.0.0.1:PORT`: the same file as one process."""
    from kg.executors.dask import loopback_cluster

    with loopback_cluster(2, cwd=tmp_path, timeout=120) as (address, _):
        out = tmp_path / "cluster.nq"
        result = runner.invoke(app, ["build", *map(str, corpus), "-o", str(out), "--scheduler", address,
                                     "--no-model"])
        assert result.exit_code == 1, result.output
        assert out.read_bytes() == one_process[0].read_bytes()
        assert error_lines(result.stderr) == error_lines(one_process[1])
        from distributed import Client

        def warm_state():     # nested, so that Dask sends it by value (workers cannot import tests)
            import gc

            warm = sys.modules.get("kg.executors.warm")
            return warm is not None and warm.WARM, gc.get_freeze_count() > 0

        with Client(address) as client:      # forked from a server that loaded the pipeline once
            states = client.run(warm_state)
        assert len(states) == 2 and all(state == (True, True) for state in states.values())
    import dask   # the cluster is gone: a one-line error, no traceback

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        dead = runner.invoke(app, ["build", str(SAMPLE), "-o", str(tmp_path / "x.nq"), "--scheduler", address])
    assert dead.exit_code == 2 and "no Dask scheduler reached" in dead.output + dead.stderr
    assert "Traceback" not in dead.output + dead.stderr


def test_bad_executor_options_are_one_line_usage_errors(tmp_path):
    out = str(tmp_path / "x.nq")
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", out, "--executor", "threads"])
    assert result.exit_code == 2 and "unknown executor" in result.output + result.stderr
    result = runner.invoke(app, ["build", str(SAMPLE), "-o", out, "--executor", "processes", "--scheduler",
                                 "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--executor dask" in result.output + result.stderr
    result = runner.invoke(app, ["merge", str(tmp_path / "none"), "-o", out])
    assert result.exit_code == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr


def _warm_state() -> tuple[bool, bool]:
    """In a worker process: whether it came from a fork server that had loaded the pipeline
    (kg.executors.warm) and frozen what it loaded."""
    import gc

    warm = sys.modules.get("kg.executors.warm")
    return warm is not None and warm.WARM, gc.get_freeze_count() > 0


def _how_forked(documents, job):
    """A pool task: whether this worker came from a fork server that had loaded the pipeline."""
    from kg.pipeline import _EXTRACTORS

    return [(*_warm_state(), None in _EXTRACTORS)]


def test_pool_workers_start_from_a_server_that_loaded_the_pipeline():
    from kg.executors.processes import pooled
    from kg.pipeline import Job, document_from_text

    docs = [document_from_text(text, doc_id=doc_id) for doc_id, text, _ in ARTICLES]
    out = list(pooled(docs, 2, Job(use_model=False), chunk=1, task=_how_forked))
    assert out and all(state == (True, True, True) for state in out)


def _chunk_sizes(documents, job):
    """A pool task: the number and characters of the documents of the chunk it was given."""
    return [(len(documents), sum(len(d.text) for d in documents))]


def test_pool_chunks_hold_a_bounded_number_of_characters_and_documents(monkeypatch):
    from kg.executors import processes
    from kg.pipeline import Job, document_from_text

    monkeypatch.setattr(processes, "CHUNK_CHARACTERS", 1000)
    short = [document_from_text("短" * 100, doc_id=f"s{i}") for i in range(12)]
    long = [document_from_text("长" * 1500, doc_id="long")]
    out = list(processes.pooled(short[:6] + long + short[6:], 2, Job(use_model=False), chunk=4, task=_chunk_sizes))
    # four short documents make a chunk (the document bound); the long one goes alone (the character
    # bound closes the chunk it ends); every document is in one chunk, in input order
    assert out == [(4, 400), (3, 1700), (4, 400), (2, 200)]
