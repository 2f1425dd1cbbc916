"""Page segmentation: split a repaired Document into Articles, rejoining stories printed apart.

``split_articles(doc)`` repairs the layout (kg.layout.repair) and walks the paragraphs in order,
building *fragments* (runs of paragraphs of one story):

* A paragraph that opens with a dateline (本报讯, 新华社杭州5月20日电, 本报北京6月10日电, 中新社…电,
  any "agency/paper + optional place + optional date + 电/讯", or a bare "（记者 某某）") starts a
  new fragment. Headline-like paragraphs (short, no sentence-final punctuation) just before it
  are that article's headlines and move with it.
* A section mark (■发布厅, ●要闻) is metadata of the article that follows it.
* A byline paragraph (青年报记者 某某, 本报记者 某某) is metadata. When the current fragment already
  has body text, the byline ends it (pages print the byline after the story): the story is
  *closed*, and the next paragraph without a dateline starts a new, dateline-less article.
* Continuation (a story split by the layout): a paragraph without a dateline that comes after the
  end of a complete article (closed by its byline, or its last paragraph ends a sentence) and
  opens with a continuation cue (记者了解到, 记者获悉, 据了解, 另据, 此外 …) is a candidate. The
  candidate run (it and the following paragraphs up to the next article start) is reduced to its
  key terms: the Chinese character bigrams that recur in it, with their counts (新区, 产业, 项目
  …). It goes back to an earlier dateline-less article when that article contains at least 5
  distinct key terms carrying at least 20 % of the key-term occurrences, and at least twice the
  share that the article it would otherwise extend contains (the best such article wins).
  Otherwise it stays where it is: no cue, or no clearly closer earlier story, means no move.
  The joined article's body is the concatenation of its fragments with "\\n" (the line break
  before the continuation) and its ``fragments`` count says how many pieces were joined.
* Known limit: a dateline-less story that directly follows an article with no closing byline
  cannot be told from that article's next paragraph, so it is read as part of it.

Article metadata: ``dateline`` (as repaired, "本报讯"), ``byline`` (from the source text with
its spacing collapsed, "晨报记者 刘某某"; a reporter parenthetical after the dateline
"（记者王某某）" gives "记者王某某"), ``section`` ("■发布厅"), ``title`` (the JSONL title, else
the first paragraph when it is a headline: short, no sentence-final punctuation, before the body).

The body keeps headlines and all story text; it leaves out the metadata: byline and section
paragraphs, and the dateline with its reporter parenthetical at the head of the first paragraph.
Every character of the body keeps its offset into ``doc.text`` (the separators "\\n" map to
line breaks of the source), so evidence offsets stay exact.

article_id: ``doc.doc_id`` when the document holds one article, else ``f"{doc_id}#{n}"`` with n
counted from 1 in page order of each article's first fragment.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from kg import markers
from kg.layout import paragraphs, repair
from kg.types import Article, Document, RepairedText

_HEADLINE_MAX = 50          # a headline is at most this many characters
_MIN_SHARED = 5             # distinct key terms a continuation must share with its article
_MIN_SHARE = 0.2            # … weighing this share of the continuation's key-term occurrences
_RATIO = 2.0                # … and this many times the share it has with the current article
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


@dataclass
class _Fragment:
    paras: list[RepairedText] = field(default_factory=list)   # body paragraphs (metadata cut)
    seps: list[RepairedText] = field(default_factory=list)    # the "\n" before each paragraph
    headlines: int = 0          # leading paragraphs that are headlines (no body yet)
    dateline: str | None = None
    byline: str | None = None
    section: str | None = None
    closed: bool = False        # ended by a byline
    continues: "_Fragment | None" = None
    start: int = 0              # index of its first paragraph in the page

    @property
    def has_body(self) -> bool:
        return len(self.paras) > self.headlines

    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


def _bigram_list(text: str) -> list[str]:
    """The Chinese character bigrams of ``text`` (a cheap stand-in for its words)."""
    grams: list[str] = []
    for run in _HAN.findall(text):
        grams.extend(map(str.__add__, run, run[1:]))
    return grams


def _bigrams(text: str) -> set[str]:
    return set(_bigram_list(text))


def _key_terms(text: str) -> Counter[str]:
    """The bigrams that recur in ``text`` (its topic terms), or all of them for a short text."""
    grams = Counter(_bigram_list(text))
    key = Counter({g: n for g, n in grams.items() if n >= 2})
    return key if len(key) >= 5 else grams


def _is_headline(text: str) -> bool:
    return (
        0 < len(text) <= _HEADLINE_MAX
        and not markers.ends_sentence(text)
        and not text.endswith(("，", "、", "：", ":", ","))
    )


def _source_byline(doc: Document, rt: RepairedText) -> str:
    """The byline as printed in the source (spaces collapsed): "晨报记者 刘某某"."""
    start, end = rt.source_span(0, len(rt.text))
    return " ".join(doc.text[start:end].split()) or rt.text


def _cut(rt: RepairedText, start: int) -> RepairedText:
    return rt.slice(start, len(rt.text))


def split_articles(doc: Document, single: bool | None = None) -> list[Article]:
    """Split ``doc`` into Articles (see the module docstring for the rules).

    ``single``: the document is one article (default: a JSON Lines record, whose object is one
    article by definition). Its datelines, bylines and section marks are still read as metadata,
    but every fragment stays in the one article, in page order."""
    if single is None:
        single = doc.line is not None
    repaired = repair(doc.text)
    spans = paragraphs(repaired)
    frags: list[_Fragment] = []
    cur: _Fragment | None = None
    pending_section: str | None = None
    pending_byline: str | None = None

    def new_fragment(index: int) -> _Fragment:
        nonlocal pending_section, pending_byline
        frag = _Fragment(start=index, section=pending_section, byline=pending_byline)
        pending_section = pending_byline = None
        frags.append(frag)
        return frag

    for index, (s, e) in enumerate(spans):
        para = repaired.slice(s, e)
        sep = repaired.slice(s - 1, s) if s > 0 else RepairedText("", ())
        text = para.text

        if markers.is_section_mark(text):
            if cur is not None and not cur.has_body and cur.paras:
                cur.section = cur.section or text.strip()
            else:
                pending_section = text.strip()
            continue
        if markers.is_byline(text):
            byline = _source_byline(doc, para)
            if cur is not None and (cur.has_body or cur.paras or cur.dateline):
                target = cur.continues or cur
                if target.byline is None:
                    target.byline = byline
                elif byline not in target.byline:
                    target.byline = f"{target.byline} {byline}"
                if cur.has_body:
                    cur.closed = True
            else:
                pending_byline = pending_byline or byline
            continue

        dl = markers.match_dateline(text)
        if dl is not None:
            # headlines printed just above the dateline belong to the new article
            carried = _take_headlines(cur) if cur is not None and not cur.closed else []
            if cur is not None and not cur.paras and cur.continues is None:
                frags.remove(cur)
                pending_section = pending_section or cur.section
                pending_byline = pending_byline or cur.byline
            cur = new_fragment(index)
            for sp, hp in carried:
                cur.seps.append(sp)
                cur.paras.append(hp)
                cur.headlines += 1
            cur.dateline = dl.text or None
            if dl.byline and dl.byline_span:
                cur.byline = cur.byline or _source_byline(doc, para.slice(*dl.byline_span))
            body = _cut(para, dl.meta_end)
            if body.text:
                cur.seps.append(sep)
                cur.paras.append(body)
            continue

        target = None
        if (
            cur is not None and cur.has_body
            and (cur.closed or markers.ends_sentence(cur.paras[-1].text))
            and markers.starts_with_continuation_cue(text)
        ):
            target = _continuation_target(frags, cur, spans, repaired, index)
        if target is not None:
            cur = new_fragment(index)
            cur.continues = target
        elif cur is None or cur.closed or pending_section is not None:
            cur = new_fragment(index)   # a section mark or a closing byline ended the story
        if not cur.has_body and _is_headline(text) and len(cur.paras) == cur.headlines:
            cur.headlines += 1
        cur.seps.append(sep)
        cur.paras.append(para)

    return _assemble(doc, frags, single)


def _take_headlines(frag: _Fragment) -> list[tuple[RepairedText, RepairedText]]:
    """Remove and return (separator, paragraph) of the headlines at the end of ``frag``: all its
    paragraphs when it has no body yet, else the trailing headline-like paragraphs that follow
    a paragraph ending a sentence."""
    taken: list[tuple[RepairedText, RepairedText]] = []
    if not frag.has_body:
        taken = list(zip(frag.seps, frag.paras))
        frag.seps.clear()
        frag.paras.clear()
        frag.headlines = 0
        return taken
    k = len(frag.paras)
    while k - 1 > frag.headlines and _is_headline(frag.paras[k - 1].text):
        k -= 1
    if k < len(frag.paras) and markers.ends_sentence(frag.paras[k - 1].text):
        taken = list(zip(frag.seps[k:], frag.paras[k:]))
        del frag.seps[k:]
        del frag.paras[k:]
    return taken


def _run_text(spans: list[tuple[int, int]], repaired: RepairedText, index: int) -> str:
    """Text of the paragraphs from ``index`` up to the next article start (dateline, byline,
    section mark)."""
    parts = []
    for s, e in spans[index:]:
        text = repaired.text[s:e]
        if parts and (markers.match_dateline(text) or markers.is_byline(text)
                      or markers.is_section_mark(text)):
            break
        parts.append(text)
    return "\n".join(parts)


def _continuation_target(frags: list[_Fragment], cur: _Fragment, spans, repaired,
                         index: int) -> _Fragment | None:
    """The earlier dateline-less article the run starting at paragraph ``index`` continues."""
    key = _key_terms(_run_text(spans, repaired, index))
    total = sum(key.values())
    if not total:
        return None

    def share(frag: _Fragment) -> tuple[float, int]:
        grams = _bigrams(_article_text(frags, frag))
        shared = [g for g in key if g in grams]
        return sum(key[g] for g in shared) / total, len(shared)

    current = cur.continues or cur
    own, _ = share(current)
    best, best_share = None, 0.0
    for frag in frags:
        if frag is current or frag.continues is not None or frag.dateline is not None:
            continue
        value, distinct = share(frag)
        if distinct >= _MIN_SHARED and value >= _MIN_SHARE and value >= _RATIO * own \
                and value > best_share:
            best, best_share = frag, value
    return best


def _article_text(frags: list[_Fragment], head: _Fragment) -> str:
    return "\n".join(f.text() for f in frags if f is head or f.continues is head)


def _concat(parts: list[RepairedText]) -> RepairedText:
    return RepairedText("".join(p.text for p in parts), tuple(chain.from_iterable(p.offsets for p in parts)))


def _assemble(doc: Document, frags: list[_Fragment], single: bool = False) -> list[Article]:
    if single:
        frags = _one_story(frags)
    heads = [f for f in frags if f.continues is None and f.paras]
    orphans = [f for f in frags if f.continues is not None and f.continues not in heads and f.paras]
    heads = sorted(heads + [_detach(f) for f in orphans], key=lambda f: f.start)
    articles: list[Article] = []
    for n, head in enumerate(heads, start=1):
        members = [head] + [f for f in frags if f.continues is head and f.paras]
        parts: list[RepairedText] = []
        for frag in members:
            for sep, para in zip(frag.seps, frag.paras):
                if parts and sep.text:
                    parts.append(sep)
                parts.append(para)
        body = _concat(parts)
        if not body.text.strip():
            continue
        byline = next((f.byline for f in members if f.byline), None)
        title = doc.title if len(heads) == 1 else None
        if title is None and head.headlines and head.paras and len(head.paras) > head.headlines:
            title = head.paras[0].text
        articles.append(Article(
            article_id="",
            doc=doc,
            body=body,
            title=title,
            byline=byline,
            dateline=head.dateline,
            section=head.section,
            fragments=len(members),
        ))
    if len(articles) == 1:
        return [_with_id(articles[0], doc.doc_id)]
    return [_with_id(a, f"{doc.doc_id}#{n}") for n, a in enumerate(articles, start=1)]


def _one_story(frags: list[_Fragment]) -> list[_Fragment]:
    """All fragments as one story, in page order: the first fragment with a dateline (else the
    first) gives the metadata; the others continue it."""
    parts = sorted((f for f in frags if f.paras), key=lambda f: f.start)
    if not parts:
        return frags
    head = parts[0]
    for frag in parts[1:]:
        frag.continues = head
        head.dateline = head.dateline or frag.dateline
        head.section = head.section or frag.section
        if frag.byline and (head.byline is None or frag.byline not in head.byline):
            head.byline = frag.byline if head.byline is None else f"{head.byline} {frag.byline}"
    return parts


def _detach(frag: _Fragment) -> _Fragment:
    frag.continues = None
    return frag


def _with_id(article: Article, article_id: str) -> Article:
    from dataclasses import replace

    return replace(article, article_id=article_id)
