"""Ingest: encodings, folders, JSON Lines, and bad inputs reported without stopping the stream."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kg.ingest import decode, iter_documents
from kg.types import InputError

from conftest import DEV_DIR

TRADITIONAL = "行政院今日宣布，將繼續推動產業轉型與國際貿易合作，經濟部長表示，明年經濟成長率預估為百分之三。\n"
SIMPLIFIED = "国务院常务会议审议通过《关于加快发展新质生产力的意见》。\n"


def _docs(paths, **kw):
    errors: list[InputError] = []
    docs = list(iter_documents(paths, errors=errors, **kw))
    return docs, errors


@pytest.mark.parametrize("encoding, recorded", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16-le"),        # Python writes a little-endian BOM
    ("utf-16-le", "utf-16-le"),     # no BOM: recognised by the NUL pattern
    ("utf-16-be", "utf-16-be"),
    ("gb18030", "gb18030"),
])
def test_seed_page_in_any_encoding_decodes_to_the_same_text(tmp_path, seed_text, encoding, recorded):
    path = tmp_path / "page.txt"
    path.write_bytes(seed_text.encode(encoding))
    docs, errors = _docs([path])
    assert errors == []
    assert len(docs) == 1
    assert docs[0].text == seed_text
    assert docs[0].encoding == recorded
    assert docs[0].doc_id == "page.txt"


def test_crlf_is_kept_as_decoded(tmp_path, seed_text):
    crlf = seed_text.replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    path.write_bytes(crlf.encode("gb18030"))
    (doc,) = list(iter_documents([path]))
    assert doc.text == crlf


def test_big5_traditional_text(tmp_path):
    path = tmp_path / "tw.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    (doc,) = list(iter_documents([path]))
    assert doc.encoding == "big5"
    assert doc.text == TRADITIONAL


def test_short_simplified_text_in_gb18030_is_not_taken_for_big5():
    for text in (SIMPLIFIED, "中文", "国务院"):
        decoded, codec = decode(text.encode("gb18030"))
        assert (decoded, codec) == (text, "gb18030")
    decoded, codec = decode("這是一個測試。".encode("big5"))
    assert (decoded, codec) == ("這是一個測試。", "big5")


def test_bad_files_are_reported_and_the_rest_still_come_through(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\u3000\r\n\t", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    docs, errors = _docs([binary, empty, good, blank, missing])
    assert [d.doc_id for d in docs] == ["good.txt"]
    assert [(e.where, e.message) for e in errors] == [
        (str(binary), "binary or undecodable file"),
        (str(empty), "empty"),
        (str(blank), "empty"),
        (str(missing), "no such file or directory"),
    ]
    assert str(errors[0]) == f"{binary}: binary or undecodable file"


def test_without_an_error_list_the_first_bad_input_raises(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03\xff\xfe\xfd" * 50)
    with pytest.raises(InputError) as info:
        list(iter_documents([bad]))
    assert info.value.where == str(bad)
    assert "binary" in info.value.message


def test_folder_is_walked_recursively_sorted_without_hidden_files(tmp_path):
    root = tmp_path / "in"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "z.txt").write_text("第三篇。", encoding="utf-8")
    (root / "a.md").write_text("第一篇。", encoding="utf-8")
    (root / "b" / "deep" / "c.text").write_bytes("第二篇。".encode("gb18030"))
    (root / "b" / "README").write_text("没有后缀的文件也是文本。", encoding="utf-8")
    (root / ".hidden.txt").write_text("隐藏文件。", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("隐藏目录。", encoding="utf-8")
    (root / "table.tsv").write_text("不是输入。", encoding="utf-8")
    docs, errors = _docs([root], published=date(2024, 8, 21))
    assert errors == []
    assert [d.doc_id for d in docs] == ["a.md", "b/README", "b/deep/c.text", "z.txt"]
    assert docs[2].encoding == "gb18030" and docs[2].text == "第二篇。"
    assert all(d.published == date(2024, 8, 21) for d in docs)
    assert docs[0].path == str(root / "a.md")


def test_empty_folder_is_an_input_error(tmp_path):
    docs, errors = _docs([tmp_path])
    assert docs == []
    assert errors[0].where == str(tmp_path)


def test_json_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "新华社北京5月20日电  国务院召开常务会议。", "title": "国务院召开常务会议",
                    "published": "2025-05-20", "source": "Xinhua"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a2", "text": "  "}),
        json.dumps({"id": "a3", "text": "文本。", "published": "2025/05/20"}),
        json.dumps({"text": "没有编号。"}, ensure_ascii=False),
        json.dumps({"id": "a4", "text": "第二篇稿件。\n第二段。"}, ensure_ascii=False),
        json.dumps({"id": "a1", "text": "重复编号。"}, ensure_ascii=False),
        json.dumps({"id": "a5", "text": "日期不存在。", "published": "2025-02-30"}, ensure_ascii=False),
    ]
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    docs, errors = _docs([path], published=date(2000, 1, 1))
    assert [(d.doc_id, d.line) for d in docs] == [("a1", 1), ("a4", 8)]
    first, second = docs
    assert first.title == "国务院召开常务会议" and first.source == "Xinhua"
    assert first.published == date(2025, 5, 20)
    assert first.text == "新华社北京5月20日电  国务院召开常务会议。"
    assert first.where == f"{path}:1"
    assert second.published is None and second.text == "第二篇稿件。\n第二段。"
    assert [e.where for e in errors] == [f"{path}:{n}" for n in (3, 4, 5, 6, 7, 9, 10)]
    assert "not valid JSON" in errors[0].message
    assert "not an article object" in errors[1].message
    assert "text" in errors[2].message
    assert "published" in errors[3].message
    assert "id" in errors[4].message
    assert "duplicate" in errors[5].message
    assert "published" in errors[6].message


def test_json_lines_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": "正常的一行。"}, ensure_ascii=False).encode("utf-8")
    bad = json.dumps({"id": "gbk", "text": "编码错误。"}, ensure_ascii=False).encode("gb18030")
    path.write_bytes(bad + b"\n" + good + b"\n")
    docs, errors = _docs([path])
    assert [d.doc_id for d in docs] == ["ok"]
    assert errors[0].where == f"{path}:1" and "UTF-8" in errors[0].message


def test_dev_folder(shared_dir):
    if not DEV_DIR.is_dir():
        pytest.skip(f"no dev folder at {DEV_DIR}")
    docs, errors = _docs([DEV_DIR])
    assert errors == []
    text_docs = [d for d in docs if d.line is None]
    jsonl_docs = [d for d in docs if d.line is not None]
    assert [d.doc_id for d in text_docs] == ["001.txt", "003.txt", "005.txt", "010.txt", "013.txt", "018.txt"]
    assert [d.doc_id for d in jsonl_docs] == ["dev-001", "dev-003", "dev-005", "dev-010", "dev-013", "dev-018"]
    assert jsonl_docs[0].published == date(2025, 5, 21)
    by_id = {d.doc_id: d for d in docs}
    assert by_id["dev-001"].text.strip() == by_id["001.txt"].text.strip()


# -- decoding that tries harder before giving up (issue 13) -----------------------------------------
ONE_AND_OPEN = "一是开好局。\n开发区一季度开工项目一百个。\n"   # 一 U+4E00, 开 U+5F00: a zero byte each


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_with_characters_whose_low_byte_is_zero(codec):
    assert decode(ONE_AND_OPEN.encode(codec)) == (ONE_AND_OPEN, codec)
    no_nul = "国务院常务会议审议通过规划纲要"          # not one zero byte in it, no ASCII either
    assert b"\x00" not in no_nul.encode(codec)
    assert decode(no_nul.encode(codec)) == (no_nul, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_every_dev_article_decodes_as_bomless_utf16(shared_dir, codec):
    files = sorted((shared_dir / "corpus").glob("dev*/*.txt"))
    if not files:
        pytest.skip("no dev articles in ../shared/corpus")
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert decode(text.encode(codec)) == (text, codec), path.name


def test_a_few_bad_bytes_are_replaced_and_reported_or_rejected_with_strict(tmp_path):
    from kg.types import InputWarning

    path = tmp_path / "article.txt"
    text = SIMPLIFIED * 3
    data = text.encode("utf-8")
    path.write_bytes(data[:30] + b"\xff\xfe" + data[30:] + b"\x00")   # two invalid bytes and a NUL
    docs, errors = _docs([path])
    assert len(docs) == 1 and docs[0].encoding == "utf-8"
    assert docs[0].text.count("\ufffd") == 3 and "国务院" in docs[0].text and "\x00" not in docs[0].text
    assert len(errors) == 1 and isinstance(errors[0], InputWarning) and "first at character 10" in errors[0].message
    docs, errors = _docs([path], strict=True)
    assert docs == [] and len(errors) == 1 and not isinstance(errors[0], InputWarning) and "--strict" in str(errors[0])


def test_nel_is_whitespace_not_binary():
    assert decode(("第一行\u0085第二行。" * 5).encode("utf-8"))[1] == "utf-8"


def test_json_lines_that_used_to_stop_a_build(tmp_path):
    """Nested too deep, a lone surrogate, publication dates outside 1900-2100: one report each."""
    from kg.types import InputWarning

    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([
        '{"id": "deep", "text": "文本。", "x": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"id": "sur", "text": "李强\\ud800主持会议。"}',
        '{"id": "old", "text": "文本。", "published": "0001-01-01"}',
        '{"id": "far", "text": "文本。", "published": "9999-12-31"}',
        '{"id": "ok", "text": "文本。", "published": "1900-01-01"}',
    ]) + "\n", encoding="utf-8")
    docs, errors = _docs([path])
    assert [d.doc_id for d in docs] == ["sur", "ok"] and docs[0].text == "李强\ufffd主持会议。"
    assert [(e.where.rsplit(":", 1)[1], type(e).__name__) for e in errors] == [
        ("1", "InputError"), ("2", "InputWarning"), ("3", "InputError"), ("4", "InputError")]
    assert "nested too deeply" in errors[0].message and "outside 1900-01-01 .. 2100-12-31" in errors[2].message
    docs, errors = _docs([path], strict=True)
    assert [d.doc_id for d in docs] == ["ok"] and not any(isinstance(e, InputWarning) for e in errors)


def test_a_publication_date_outside_the_range_is_refused_at_once():
    with pytest.raises(ValueError, match="outside"):
        list(iter_documents([], published=date(1899, 12, 31)))


def test_count_documents_for_the_progress_bar(tmp_path):
    from kg.ingest import count_documents

    (tmp_path / "a.jsonl").write_text('{"id": "1", "text": "x"}\n{"id": "2", "text": "y"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("文本。", encoding="utf-8")
    assert count_documents([tmp_path]) == 3 == len(_docs([tmp_path])[0])
