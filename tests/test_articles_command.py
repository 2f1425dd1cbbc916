"""`kg articles`: the front of the pipeline from the command line."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_lists_the_articles_of_the_seed_page(tmp_path, seed_text):
    page = tmp_path / "page.txt"
    page.write_bytes(seed_text.replace("\n", "\r\n").encode("gb18030"))
    result = runner.invoke(app, ["articles", str(page)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("page.txt#1\t") and "gb18030" in lines[0]
    assert "byline 青年报记者 陈泳均" in lines[0] and "2 fragments joined" in lines[0]
    assert lines[2].startswith("page.txt#2\t") and "dateline 本报讯" in lines[2] and "section ■发布厅" in lines[2]
    assert lines[4].startswith("page.txt#3\t")
    assert "3 articles" in result.stderr


def test_bad_inputs_give_one_line_errors_and_exit_status_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("新华社北京5月20日电  国务院总理主持召开国务院常务会议。\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a", "text": "会议指出，要稳定就业。"}\n{"id": \n', encoding="utf-8")
    result = runner.invoke(app, ["articles", str(good), str(binary), str(batch), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    assert errors == [
        f"error {binary}: binary or undecodable file",
        f"error {batch}:2: not valid JSON (Expecting value at column 8)",
        f"error {tmp_path / 'nope.txt'}: no such file or directory",
    ]
    assert "Traceback" not in result.output
    ids = [line.split("\t")[0] for line in result.stdout.splitlines() if "\t" in line]
    assert ids == ["good.txt", "a"]


def test_jsonl_output_reads_back_as_the_same_articles(tmp_path, seed_text):
    page = tmp_path / "page.txt"
    page.write_text(seed_text, encoding="utf-8")
    first = runner.invoke(app, ["articles", str(page), "--jsonl", "--published", "2024-08-21"])
    assert first.exit_code == 0, first.output
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert [r["id"] for r in records] == ["page.txt#1", "page.txt#2", "page.txt#3"]
    assert all(r["published"] == "2024-08-21" for r in records)
    assert records[0]["fragments"] == 2 and records[1]["dateline"] == "本报讯"
    exported = tmp_path / "articles.jsonl"
    exported.write_text(first.stdout, encoding="utf-8")
    second = runner.invoke(app, ["articles", str(exported), "--jsonl"])
    assert second.exit_code == 0, second.output
    again = [json.loads(line) for line in second.stdout.splitlines()]
    assert [(r["id"], r["text"]) for r in again] == [(r["id"], r["text"]) for r in records]


def test_bad_date_is_a_usage_error():
    result = runner.invoke(app, ["articles", "x.txt", "--published", "2024-13-01"])
    assert result.exit_code == 2
    assert "not an ISO date" in result.output
