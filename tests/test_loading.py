"""kg/loading.py: the collector paused while a build loads, and what was loaded frozen in the
processes kg owns only (the `kg` command, pool workers, the fork server), not in a notebook's."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from kg import loading


@pytest.fixture
def collector(monkeypatch):
    """The collector on, kg not owning this process, and whatever a test froze unfrozen after."""
    monkeypatch.setattr(loading, "_owned", False)
    was_enabled = gc.isenabled()
    gc.enable()
    frozen = gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
    if not was_enabled:
        gc.disable()


class Cycle:
    def __init__(self):
        self.me = self


def test_the_collector_is_paused_in_the_block_and_resumes_after(collector):
    with loading.loading():
        assert not gc.isenabled()
        with loading.loading():           # nested: the outer block decides
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_blocks_that_overlap_rather_than_nest_resume_the_collector_at_the_last_end(collector):
    """Two threads loading at once: the block that began second may end first."""
    first, second = loading.loading(), loading.loading()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_paused_collector_stays_paused(collector):
    gc.disable()
    with loading.loading():
        pass
    assert not gc.isenabled()


def test_nothing_is_frozen_in_a_process_kg_does_not_own(collector):
    before = gc.get_freeze_count()
    with loading.loading():
        kept = [Cycle() for _ in range(100)]
    assert gc.get_freeze_count() == before
    assert kept


def test_what_was_loaded_is_frozen_in_a_process_kg_owns(collector):
    loading.own_process()
    before = gc.get_freeze_count()
    with loading.loading():
        kept = [Cycle() for _ in range(100)]
    assert gc.get_freeze_count() >= before + 100
    assert gc.isenabled()
    assert kept


def test_a_failed_load_resumes_the_collector_and_freezes_nothing(collector):
    loading.own_process()
    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError):
        with loading.loading():
            kept = [Cycle() for _ in range(100)]
            raise RuntimeError("the model is damaged")
    assert gc.isenabled()
    assert gc.get_freeze_count() == before
    assert kept


_BUILD = r"""
import gc, json, sys
from kg import loading
from kg.pipeline import Job, prepare
import kg.nlp.pipeline as nlp_pipeline

seen = []
real = nlp_pipeline.get_nlp
def get_nlp(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
nlp_pipeline.get_nlp = get_nlp
if sys.argv[1] == "owned":
    loading.own_process()
prepare(Job(use_model=False))
json.dump({"collecting while loading": seen, "enabled after": gc.isenabled(),
           "frozen": gc.get_freeze_count()}, sys.stdout)
"""


@pytest.mark.parametrize("owner", ["owned", "library"])
def test_prepare_loads_with_the_collector_paused(owner, tmp_path):
    """A build's loading (kg.pipeline.prepare) runs paused; the spaCy pipeline, the dictionary
    and the extractors are frozen when the process is kg's, and left to the collector when kg
    is a library in somebody else's process."""
    env = dict(os.environ, KG_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", _BUILD, owner], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["collecting while loading"] == [False]
    assert result["enabled after"] is True
    if owner == "owned":
        assert result["frozen"] > 50_000      # spaCy, rdflib, jieba's tables: far more than this
    else:
        assert result["frozen"] == 0
