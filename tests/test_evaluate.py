"""kg eval: scores a graph against gold files written by the guidelines."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import load_gold, load_graph, overall, score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
runner = CliRunner()


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "page.trig"
    assert runner.invoke(app, ["build", str(ROOT / "samples" / "youth-daily-page.txt"), "-o", str(out), "--no-model"]).exit_code == 0
    return out


def test_found_missed_wrong_and_optional(tmp_path, sample_graph):
    gold = tmp_path / "mine.gold.json"
    gold.write_text(json.dumps({"document": "x", "published": None, "facts": [
        {"p": "holdsPosition", "s": ["龚正"], "o": ["市长"]},                    # found
        {"p": "holdsPosition", "s": ["龚正"], "o": ["省长"]},                    # missed
        {"p": "holdsPosition", "s": ["陈吉宁"], "o": ["市委书记"], "optional": True},
    ]}, ensure_ascii=False), encoding="utf-8")
    rows, _ = score(load_graph(sample_graph), load_gold([gold]))
    hp = rows["holdsPosition"]
    assert (hp.gold, hp.found) == (2, 1)
    assert hp.correct == 2 and hp.extracted > hp.correct  # the optional match is not wrong, others are


def test_agrees_with_the_shared_scorer(sample_graph):
    gold = SHARED / "gold" / "youth-daily-page.gold.json"
    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip(f"shared scorer not found at {scorer}")
    ours = overall(score(load_graph(sample_graph), load_gold([gold]))[0])
    proc = subprocess.run([sys.executable, str(scorer), str(sample_graph), str(gold), "--json"], capture_output=True, text=True)
    theirs = json.loads(proc.stdout)["overall"]
    assert ours.precision == pytest.approx(theirs["precision"])
    assert ours.recall == pytest.approx(theirs["recall"])


def test_cli_table_and_bad_gold(tmp_path, sample_graph):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(sample_graph), str(bad)])
    assert result.exit_code == 2 and "not a gold file" in result.stderr
