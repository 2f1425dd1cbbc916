"""Reporters named in a byline (青年报记者 某某, 本报记者 某某) or a dateline bracket (（记者某某）)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.types import Evidence

BYLINE = re.compile(r"([\u4e00-\u9fff]{0,8}?)(记者|通讯员)\s*([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*)")


@dataclass(frozen=True)
class Reporter:
    name: str
    title: str          # 青年报记者 / 记者
    paper: str | None   # 青年报 / 本报
    evidence: Evidence


def reporters(doc, extractor: str) -> list[Reporter]:
    """Reporters of the article, from its byline: 青年报记者 某某 (the segmenter keeps bylines and
    the dateline's （记者某某） as metadata, out of the body)."""
    article = doc._.article
    out = []
    if article.byline:
        m = BYLINE.search(article.byline)
        if m:
            # the byline's spacing was collapsed: find it in the input with any spacing
            found = re.search(r"\s*".join(map(re.escape, "".join(article.byline.split()))), article.doc.text)
            start, end = found.span() if found else (0, 0)
            paper = m.group(1) or None
            if paper is None and (article.dateline or "").startswith("本报"):
                paper = "本报"  # （记者某某） under 本报北京…电: the paper itself
            for name in m.group(3).split():
                name = name[:-1] if name.endswith("摄") and len(name) > 2 else name   # 记者 某某摄: a photo credit
                ev = Evidence(article.article_id, article.byline, start, end, extractor, 0.8)
                out.append(Reporter(name, (paper or "") + m.group(2), paper, ev))
    return out
