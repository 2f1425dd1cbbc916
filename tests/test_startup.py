"""Start-up: spaCy without its command line (kg/nlp/spacy_import.py), and the per-user cache
(kg/cache.py) with what start-up reads from it: jieba's configured dictionary (kg/nlp/dictionary.py) and the compiled NER model (kg/ner/compiled.py). A cold start
(empty cache) and a warm one give the same tokens, tags and entities; a damaged entry is built again."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg import cache
from kg.ner import model_available


ENTRY = "entry-0123456789ab"


def test_a_value_comes_back_only_under_its_key(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "c"))
    built = []
    value = {"words": ["中国", "北京"], "total": 3, "raw": b"\x00\x01"}
    assert cache.cached(ENTRY, "key-1", lambda: built.append(1) or value) == value
    assert cache.cached(ENTRY, "key-1", lambda: built.append(2) or {}) == value    # read back, not built
    assert built == [1]
    assert cache.load(ENTRY, "key-2") is None                                      # another key
    assert cache.load("missing-0123456789ab", "key-1") is None


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe3" * 100])
def test_a_damaged_entry_is_built_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    cache.save(ENTRY, "k", [1, 2, 3])
    (tmp_path / f"{ENTRY}.marshal").write_bytes(damage)
    assert cache.load(ENTRY, "k") is None
    assert cache.cached(ENTRY, "k", lambda: [4]) == [4]
    assert cache.load(ENTRY, "k") == [4]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    assert cache.cached(ENTRY, "k", lambda: "value") == "value"
    assert cache.load(ENTRY, "k") is None


@pytest.mark.parametrize("name", ["", "entry", "../jieba-0123456789ab", "jieba-0123456789ab/x", "Jieba-0123456789AB"])
def test_a_name_that_is_not_an_entrys_is_refused(tmp_path, monkeypatch, name):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    with pytest.raises(ValueError):
        cache.save(name, "k", 1)
    with pytest.raises(ValueError):
        cache.load(name, "k")
    assert list(tmp_path.iterdir()) == []


def _kg(*args, env_dir):
    env = dict(os.environ, KG_CACHE_DIR=str(env_dir))
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=120)


def test_kg_cache_lists_and_clears_its_own_files_only(tmp_path):
    """Entries and the leftovers of cut-short writes go; whatever else the folder holds stays,
    a link named like an entry included (and what it points to)."""
    folder = tmp_path / "c"
    folder.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    for name in ("jieba-0123456789ab", "ner-abcdef012345"):
        (folder / f"{name}.marshal").write_bytes(b"\x00" * 1000)
    (folder / ".jieba-0123456789ab-x1y2z3").write_bytes(b"half")                  # a write cut short
    keep = ["notes.txt", ".git-credentials", "other.marshal", "jieba-xyz.marshal", ".bashrc-old",
            "jieba-0123456789ab.marshal.bak"]
    for name in keep:
        (folder / name).write_text("not the cache's")
    (folder / "ner-0123456789ab.marshal").mkdir()                                  # a folder named so
    (folder / "jieba-fedcba987654.marshal").symlink_to(outside)                    # a link named so
    listed = _kg("cache", env_dir=folder)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{folder}: 3 files")
    assert "jieba-0123456789ab.marshal" in listed.stdout and "notes.txt" not in listed.stdout
    cleared = _kg("cache", "--clear", env_dir=folder)
    assert cleared.returncode == 0, cleared.stderr
    assert "removed 3 files" in cleared.stdout
    assert sorted(p.name for p in folder.iterdir()) == sorted(keep + ["ner-0123456789ab.marshal",
                                                                       "jieba-fedcba987654.marshal"])
    assert outside.read_text() == "keep"
    assert _kg("cache", env_dir=folder).stdout.startswith(f"{folder}: 0 files")


def test_kg_cache_without_a_folder_or_on_a_file(tmp_path):
    missing = _kg("cache", env_dir=tmp_path / "none")
    assert missing.returncode == 0 and missing.stdout.startswith(f"{tmp_path / 'none'}: 0 files")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    listed = _kg("cache", env_dir=a_file)
    assert listed.returncode == 2 and "is a file" in listed.stderr and "Traceback" not in listed.stderr
    cleared = _kg("cache", "--clear", env_dir=a_file)
    assert cleared.returncode == 0 and "removed 0 files" in cleared.stdout and a_file.read_text() == "x"


def test_kg_cache_on_a_folder_it_cannot_read(tmp_path, monkeypatch):
    from pathlib import Path

    from typer.testing import CliRunner

    from kg.cli import app

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(Path, "iterdir", refuse)
    for args in (["cache"], ["cache", "--clear"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2 and "cannot be read (Permission denied)" in result.stderr


_PROBE = r"""
import json, sys
from kg.nlp.pipeline import get_nlp
from kg.nlp.dictionary import pos_tags
nlp = get_nlp(use_model=MODEL)
text = "新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研时强调，国务院常务会议审议通过《关于推进数字经济发展的意见》。"
doc = nlp(text)
tags = pos_tags()
json.dump({"tokens": [t.text for t in doc], "ents": [(e.start_char, e.end_char, e.label_) for e in doc.ents],
           "tags": [tags.get(w) for w in ("北京", "湖州", "人民政府", "数字")], "n_tags": len(tags)}, sys.stdout)
"""


def _probe(cache_dir, model: bool) -> dict:
    env = dict(os.environ, KG_CACHE_DIR=str(cache_dir))
    out = subprocess.run([sys.executable, "-c", _PROBE.replace("MODEL", str(model))], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_cold_and_a_warm_start_segment_and_tag_alike(tmp_path):
    model = model_available()
    cold = _probe(tmp_path, model)
    entries = sorted(p.name for p in tmp_path.iterdir())
    assert any(name.startswith("jieba-") for name in entries)
    assert any(name.startswith("ner-") for name in entries) == model
    for entry in tmp_path.iterdir():                 # the warm start must read what the cold one wrote
        entry.touch()
    stamps = {entry.name: entry.stat().st_mtime_ns for entry in tmp_path.iterdir()}
    warm = _probe(tmp_path, model)
    assert {entry.name: entry.stat().st_mtime_ns for entry in tmp_path.iterdir()} == stamps   # nothing rebuilt
    assert cold == warm
    assert cold["tags"] == ["ns", "ns", "nt", "n"]          # jieba's parts of speech
    assert cold["n_tags"] > 300_000
    assert "副省长" in cold["tokens"] and "常务会议" in cold["tokens"]     # the project's words


_REFERENCE = r"""
import jieba, jieba.posseg
from kg.nlp.dictionary import pos_tags
from kg.nlp.lexicon import lexicon
from kg.nlp.pipeline import get_nlp
get_nlp(use_model=False)
reference = jieba.Tokenizer()
lx = lexicon()
for word in sorted(set(lx.titles + lx.organs + lx.meeting_words)):
    reference.add_word(word, freq=2000)
text = "市委副书记、市长某某主持召开市政府常务会议，审议通过《某市数字经济发展规划》。"
assert list(jieba.cut(text)) == list(reference.cut(text))
assert jieba.dt.total == reference.total, (jieba.dt.total, reference.total)
posseg = jieba.posseg.POSTokenizer(reference)
posseg.initialize()
assert pos_tags() == posseg.word_tag_tab
print("ok")
"""


def test_the_cached_dictionary_is_jiebas_with_the_projects_words():
    """In a fresh process (other tests add words to jieba) with the session's cache (filled by
    the tests before): the configured dictionary segments as jieba with the words added by
    jieba.add_word, its total counts each word once, and the tags are jieba.posseg's. (A cold
    and a warm start agree: the test above.)"""
    out = subprocess.run([sys.executable, "-c", _REFERENCE], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_spacy_is_imported_without_its_command_line_which_still_works():
    probe = ("import sys, kg.nlp.pipeline, spacy; assert 'spacy.cli' not in sys.modules; "
             "assert spacy.info()['spacy_version'] == spacy.__version__; "
             "import spacy.cli; assert callable(spacy.cli.download); print('ok')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


KG = [sys.executable, "-m", "kg.cli"]
PAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples", "youth-daily-page.txt")


def test_the_command_ends_without_teardown_yet_loses_nothing_and_keeps_its_exit_codes(tmp_path):
    """kg/cli.py's main ends the process with os._exit after the exit handlers and a flush of the
    standard streams: what a command wrote is all there, and the exit codes are the command's."""
    out = tmp_path / "page.nq"
    to_file = subprocess.run([*KG, "build", PAGE, "-o", str(out), "--no-model", "--published", "2025-06-30"],
                             capture_output=True, text=True, timeout=300)
    assert to_file.returncode == 0, to_file.stderr
    assert "3 articles" in to_file.stderr                 # the summary line, written last, is there
    piped = subprocess.run([*KG, "build", PAGE, "-o", "-", "--format", "nq", "--no-model", "--published", "2025-06-30"],
                           capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0 and piped.stdout == out.read_text(encoding="utf-8")    # stdout whole
    query = subprocess.run([*KG, "query", str(out), "SELECT ?s WHERE { ?s a ?class }"], capture_output=True,
                           text=True, timeout=300)                 # print()ed rows, block-buffered in a pipe
    assert query.returncode == 0 and len(query.stdout.splitlines()) > 20, query.stderr
    missing = subprocess.run([*KG, "build", str(tmp_path / "none.txt"), "-o", str(tmp_path / "x.nq")],
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    usage = subprocess.run([*KG, "build", PAGE, "-o", str(tmp_path / "x.nq"), "--executor", "threads"],
                           capture_output=True, text=True, timeout=300)
    assert usage.returncode == 2 and "unknown executor" in usage.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`kg build ... -o - | head -1`: the rest of the output has nowhere to go; the command ends
    with a failure code and no traceback."""
    proc = subprocess.Popen([*KG, "build", PAGE, "-o", "-", "--format", "nq", "--no-model",
                             "--published", "2025-06-30"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()                                   # the reader is gone
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=300) != 0 and first.startswith(b"<")
    assert "Traceback" not in err
