"""Pictures of the graph in a notebook: a font that draws Chinese for matplotlib, and an
interactive view (the explorer's cytoscape.js, inlined, so it works offline and in a saved
notebook)."""
from __future__ import annotations

import html
import json

CJK_NAMES = ("Noto Sans CJK", "Noto Serif CJK", "Source Han Sans", "Source Han Serif", "WenQuanYi", "Droid Sans Fallback",
             "AR PL", "SimHei", "SimSun", "Microsoft YaHei", "PingFang", "Heiti", "Hiragino Sans GB", "Noto Sans SC")
CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "droidsansfallback", "uming", "ukai", "simhei",
             "msyh", "pingfang")
TYPE_COLOURS = {"Person": "#c0392b", "Organization": "#27864a", "Place": "#1f6fb2", "Site": "#1a9ba5",
                "Position": "#7d4fb0", "Plan": "#d9822b", "Visit": "#8a6d3b", "Meeting": "#45526e"}


def cjk_font() -> str | None:
    """The family name of a font on this machine that has Chinese glyphs, or None. Looks at
    matplotlib's font list first, then at the system's font files (fonts installed after
    matplotlib built its cache are added)."""
    from matplotlib import font_manager

    def known() -> str | None:
        names = sorted({f.name for f in font_manager.fontManager.ttflist if any(n.lower() in f.name.lower() for n in CJK_NAMES)},
                       key=lambda n: (not n.endswith((" SC", "SC")), n))  # simplified-Chinese faces first
        return names[0] if names else None

    name = known()
    if name:
        return name
    for path in font_manager.findSystemFonts():
        if any(k in path.lower().replace("-", "").replace("_", "") for k in CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return known()


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: put a CJK font first in its sans-serif list. Returns the font's
    name, or None when the machine has none (then labels should be drawn some other way; on
    Debian: apt-get install fonts-noto-cjk)."""
    import matplotlib

    name = cjk_font()
    if name:
        matplotlib.rcParams["font.sans-serif"] = [name] + [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def cytoscape_elements(G) -> list[dict]:
    """Nodes and edges of a networkx graph made by kg.to_networkx, as cytoscape.js elements."""
    elements = []
    for n, d in G.nodes(data=True):
        elements.append({"data": {"id": str(n), "label": d.get("label", str(n)), "type": d.get("type", "")}})
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        label = d.get("label", "")
        if d.get("date"):
            label += f" {d['date']}"
        elements.append({"data": {"id": f"e{i}", "source": str(u), "target": str(v), "label": label}})
    return elements


def graph_view_html(G, height: int = 520, center=None) -> str:
    """A self-contained HTML page (an iframe's srcdoc) showing ``G`` with cytoscape.js: drag,
    zoom, hover a node for its type. The library is inlined from the package: nothing is fetched."""
    from kg.explorer import static_dir

    library = (static_dir() / "vendor" / "cytoscape.min.js").read_text(encoding="utf-8")
    elements = cytoscape_elements(G)
    if center is not None:
        for e in elements:
            if e["data"]["id"] == str(center):
                e["data"]["center"] = 1
    style = [
        {"selector": "node", "style": {
            "label": "data(label)", "font-size": 13, "text-valign": "bottom", "text-margin-y": 3,
            "font-family": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
            "width": 18, "height": 18, "background-color": "#888"}},
        *({"selector": f'node[type = "{t}"]', "style": {"background-color": c}} for t, c in TYPE_COLOURS.items()),
        {"selector": "node[center = 1]", "style": {"width": 30, "height": 30, "border-width": 3, "border-color": "#ffe08a"}},
        {"selector": "edge", "style": {
            "label": "data(label)", "font-size": 9, "color": "#666", "curve-style": "bezier", "width": 1.2,
            "line-color": "#c3cad6", "target-arrow-shape": "triangle", "target-arrow-color": "#c3cad6",
            "text-rotation": "autorotate"}},
    ]
    script = (f"var cy = cytoscape({{container: document.getElementById('cy'), elements: {json.dumps(elements, ensure_ascii=False)},"
              f" style: {json.dumps(style, ensure_ascii=False)}, layout: {{name: 'cose', animate: false, nodeRepulsion: 9000}}}});"
              " cy.on('mouseover', 'node', function (e) { document.getElementById('info').textContent ="
              " e.target.data('label') + ' · ' + e.target.data('type'); });")
    library = library.replace("</script", "<\\/script")
    script = script.replace("</", "<\\/")
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>body{{margin:0;font-family:sans-serif}}"
            f"#cy{{height:{height - 24}px}}#info{{height:20px;font-size:12px;color:#555;padding:2px 6px}}</style></head>"
            f"<body><div id='info'>drag · scroll to zoom · hover a node</div><div id='cy'></div>"
            f"<script>{library}</script><script>{script}</script></body></html>")
    return (f'<div class="kg-graph"><iframe title="graph" style="width:100%;height:{height}px;border:1px solid #ddd;'
            f'border-radius:6px" srcdoc="{html.escape(page, quote=True)}"></iframe></div>')
