"""Shared test helpers.

``shared_dir`` is the read-only material next to the repository (../shared); tests that need it
skip with a clear reason when it is absent (e.g. in a bare checkout).
"""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PAGE = SHARED / "corpus" / "seed" / "youth-daily-page.txt"
DEV_DIR = SHARED / "corpus" / "dev"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    """The seed newspaper page, decoded (UTF-8 on disk)."""
    if not SEED_PAGE.is_file():
        pytest.skip(f"seed page not found at {SEED_PAGE}")
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_dataset(shared_dir: Path):
    """The seed page built by the real pipeline (kg.pipeline.build_dataset), once per session:
    an rdflib Dataset with one named graph per article."""
    if not SEED_PAGE.is_file():
        pytest.skip(f"seed page not found at {SEED_PAGE}")
    from kg.pipeline import build_dataset

    return build_dataset([SEED_PAGE])


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """The per-user cache of kg.cache (jieba's configured dictionary, the compiled NER model) in
    a folder of this session, so that tests neither read nor leave anything in the user's."""
    import os

    folder = tmp_path_factory.mktemp("kg-cache")
    old = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = old
