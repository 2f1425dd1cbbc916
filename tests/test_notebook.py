"""notebooks/explore.ipynb runs from top to bottom (nbclient), so it never rots."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"


def test_explore_notebook_executes():
    nbformat = pytest.importorskip("nbformat", reason="pip install -e .[test] installs nbformat")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e .[test] installs nbclient")
    shared_seed = REPO.parent / "shared" / "corpus" / "seed" / "youth-daily-page.txt"
    if not shared_seed.is_file() and not (REPO / "samples" / "youth-daily-page.txt").is_file():
        pytest.skip("neither ../shared's seed page nor samples/youth-daily-page.txt is present")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any failure
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "== visits" in outputs and "== approvals" in outputs and "== targets" in outputs
    assert "degree=" in outputs and "betweenness=" in outputs
    assert "ego graph of" in outputs
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert images, "the picture cell drew nothing"
    from kg.explorer.notebook import cjk_font

    if cjk_font():  # the picture draws the names themselves
        assert "Chinese labels drawn with" in outputs
    else:
        assert "no CJK font here" in outputs
    views = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
             if "text/html" in o.get("data", {})]
    assert any("cytoscape" in v and "陈吉宁" in v for v in views), "no interactive view of the network"
