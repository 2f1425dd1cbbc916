"""The names an article gives a thing more than once: aliases it declares and names it repeats.

- ``aliases``: X（Y）, X（以下简称Y）, X，简称Y — Y is another name of the named thing X (a site,
  organisation, place, plan or meeting); book-title marks and quotes around Y are dropped. Brackets
  holding dates, numbers, reporters or whole clauses are no aliases.
- ``repeat_names``: once a thing is named (a person, an organisation, a site, a town the gazetteer
  does not list) or given an alias,
  every later occurrence of that name is a mention of it (华岭精工 … 华岭精工销售收入12亿元), of the
  type the text declares for it: a declared name of a thing is no person's name wherever it occurs.

Both run once per article, after the sentence-level recognizers (kg.nlp.entities); the alias
extractor (kg.extract.aliases) turns the aliases into facts and the resolver (kg.resolve) merges
them into one entity.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.nlp.mention_index import MentionIndex
from kg.types import MEETING, ORGANIZATION, PERSON, PLACE, PLAN, SITE, Mention

NAMED = (SITE, ORGANIZATION, PLACE, PLAN, MEETING)
REPEATED = (PERSON, SITE, ORGANIZATION)
# （Y） or （以下简称Y） / （简称Y） right after the entity; ，简称Y / ，以下简称Y after it
BRACKET = re.compile(r"[（(](?:以下简称|下称|简称|又称|即)?[《“]?([\u4e00-\u9fffA-Za-z0-9·]{2,16})[》”]?[）)]")
AFTER = re.compile(r"[，,]?(?:以下简称|下称|简称|又称)[《“]?([\u4e00-\u9fffA-Za-z0-9·]{2,16})[》”]?")
NOT_ALIAS = re.compile(r"^(记者|通讯员|本报|新华社|\d|[一二三四五六七八九十]+$)|(年|月|日|时|摄)$")


def aliases(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(full name, alias) for every alias the text declares right after a named thing."""
    named = sorted((m for m in mentions if m.type in NAMED), key=lambda m: (m.start, -m.end))
    index = MentionIndex(named)
    out = []
    for m in named:
        end = m.end + (1 if m.type == PLAN and text[m.end:m.end + 1] == "》" else 0)
        match = BRACKET.match(text, end) or AFTER.match(text, end)
        if match is None:
            continue
        short = match.group(1)
        if short == m.text or NOT_ALIAS.search(short) or len(short) >= len(m.text) and not short.isascii():
            continue
        if any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
               and o.type in NAMED and (BRACKET.match(text, o.end) or AFTER.match(text, o.end))
               for o in index.overlapping(m.start, m.end)):
            continue  # only the longest name takes the alias
        out.append((m, Mention(short, m.type, match.start(1), match.end(1))))
    return out


def short_names(text: str, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(full name, short name) for companies the article names again by their core: 中国一汽集团有限公司
    … 一汽; 浙江华岭精工股份有限公司 … 华岭精工 (the company suffixes and a leading place dropped, as
    long as what remains is no common word; an abbreviation the dictionary knows, as 一汽, is the
    company's own name here)."""
    from kg.nlp.entities import common_word
    from kg.nlp.lexicon import lexicon
    from kg.nlp.words import tag

    lx = lexicon()
    suffixes, descriptors = lx.company_short_names
    dropped = tuple(sorted(suffixes + descriptors, key=len, reverse=True))
    companies = MentionIndex(o for o in mentions if o.type == ORGANIZATION)
    out, seen = [], set()
    for m in mentions:
        if m.type != ORGANIZATION or not m.text.endswith(suffixes) or m.text in seen:
            continue
        seen.add(m.text)
        core = m.text
        while core.endswith(dropped):
            core = core[:-len(next(x for x in dropped if core.endswith(x)))]
        forms = [core]
        place = lx.place_finder_at(core, 0)
        if 0 < place < len(core) - 1:
            forms.append(core[place:])
        for form in forms:
            if len(form) < 2 or common_word(form) and tag(form) != "j" or form in lx.places or form == m.text:
                continue
            at = text.find(form, m.end)
            while at >= 0 and any(o.start <= at < o.end and o.text.startswith(form) for o in companies.overlapping(at, at + 1)):
                at = text.find(form, at + len(form))   # inside the full name again
            if at >= 0:
                out.append((m, Mention(form, ORGANIZATION, at, at + len(form))))
                break
    return out


def repeat_names(text: str, mentions: list[Mention], declared: list[tuple[Mention, Mention]]) -> list[Mention]:
    """Every occurrence of a known name (a person's, an organisation's, a site's, or an alias) is a
    mention of the same type."""
    names: dict[str, str] = {}
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    for m in mentions:
        if m.type in REPEATED and _repeatable(m.text):
            names.setdefault(m.text, m.type)
        elif m.type == PLACE and m.text.endswith(lx.town_suffixes) and m.text not in lx.places \
                and lx.place_finder_at(m.text, 0) == 0:
            names.setdefault(m.text, PLACE)   # a town named after its county (某县石人沟镇), later alone
    things = set()   # names the text gives a thing (X（以下简称Y）, a company's short name)
    for _, alias in declared:
        if _repeatable(alias.text):
            if alias.type != PERSON and names.get(alias.text) == PERSON:
                names[alias.text] = alias.type   # the text says what it names: no person's name
            names.setdefault(alias.text, alias.type)
        if alias.type != PERSON:
            things.add(alias.text)
    cores = {}
    for m in mentions:   # 湖南省益阳市赫山区清溪村 … 在清溪村落成: the site without its divisions
        if m.type == SITE and (core := without_divisions(m.text)) is not None and core not in names:
            cores[core] = SITE
    if not names and not cores:
        return mentions
    covered = {(m.start, m.end, m.type) for m in mentions}
    index = MentionIndex(mentions) if cores else None
    out = list(mentions)
    for name, kind in names.items():   # each name on its own: 华岭 inside 华岭通信研究院 is 华岭 too
        at = text.find(name)
        while at >= 0:
            if (at, at + len(name), kind) not in covered:
                out.append(Mention(name, kind, at, at + len(name)))
            at = text.find(name, at + len(name))
    for name, kind in cores.items():   # a site's core alone, not inside a longer name
        at = text.find(name)
        while at >= 0:
            if not any(m.start <= at and at + len(name) <= m.end and m.end - m.start > len(name)
                       for m in index.overlapping(at, at + len(name))):
                out.append(Mention(name, kind, at, at + len(name)))
            at = text.find(name, at + len(name))
    return _no_person_inside(out, things) if things else out


def _no_person_inside(mentions: list[Mention], things: set[str]) -> list[Mention]:
    """The mentions without the persons read inside a declared name of a thing: 华岭精工 (以下简称
    of a company) is the company wherever it occurs, not a person 华岭 or 华岭精工."""
    spans = MentionIndex(m for m in mentions if m.text in things and m.type != PERSON)
    return [m for m in mentions if m.type != PERSON or not any(
        o.start <= m.start and m.end <= o.end for o in spans.overlapping(m.start, m.end))]


def without_divisions(name: str) -> str | None:
    """A site's name without the divisions it opens with (湖南省益阳市赫山区清溪村 -> 清溪村), when
    what remains is a name of three characters or more that no dictionary knows as a word."""
    from kg.nlp.entities import common_word
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    at = 0
    while (k := lx.place_finder_at(name, at)) and at + k < len(name):
        place = lx.canonical_place(name[at:at + k])
        if place is None or place.level == "country":
            return None
        at += k
    core = name[at:]
    if at == 0 or len(core) < 3 or common_word(core) or core in lx.places or not core[0].isalnum():
        return None
    if not core.endswith(tuple(lx.site_suffixes)):
        return None
    return core


def _repeatable(name: str) -> bool:
    return len(name) >= 2 and not name.isdigit()


def definite_reference(text: str, mentions: MentionIndex | list[Mention], pos: int) -> tuple[Mention, int] | None:
    """A definite description at ``pos`` that points back to the thing named with its head
    (博物馆地处… after 潍坊世界风筝博物馆; 新馆坐落于… after 四川大学博物馆; 该公司, 这座古城): the
    named site or organisation it stands for (the latest that opens a clause, else the latest), and
    where the description ends. A bare head is read
    only where no name covers it; a one-character head (馆, 园) needs a determiner (该, 新, 这座).
    ``mentions`` are the article's (pass its MentionIndex: what is read from it is kept there)."""
    from kg.nlp.lexicon import lexicon

    index = MentionIndex.wrap(mentions)
    if index.covered(pos, (SITE, ORGANIZATION, PLACE)):
        return None
    at = pos
    for prefix in lexicon().frames["locatedIn"]["definite_prefixes"]:
        if text.startswith(prefix, pos):
            at = pos + len(prefix)
            break
    for head in _heads().get(text[at:at + 1], ()):
        if not text.startswith(head, at) or len(head) == 1 and at == pos:
            continue
        found = index.latest(("definite", head), lambda: _named_with(index, head),
                             lambda m: (_opens_clause(text, index, m.start), m.end, m.end - m.start), pos)
        return (found, at + len(head)) if found is not None else None
    return None


def _named_with(mentions: MentionIndex, head: str) -> list[Mention]:
    """The sites and organisations a description with ``head`` may point back to."""
    return [m for m in mentions if m.type in (SITE, ORGANIZATION)
            and _core(m.text, head).endswith(head) and len(m.text) > len(head)]


CLAUSE_MARK = re.compile("[，。；：！？\n]")


def _opens_clause(text: str, mentions: MentionIndex, start: int) -> bool:
    """Does the name at ``start`` open its clause, maybe after a modifier (历史逾110年的某馆，…)?"""
    marks = mentions.memo("clause marks", lambda: [m.start() for m in CLAUSE_MARK.finditer(text)])
    k = bisect_left(marks, start)
    cut = marks[k - 1] if k else -1
    lead = text[cut + 1:start]
    return not lead or (lead.endswith("的") and len(lead) <= 20)


def _core(name: str, head: str) -> str:
    """A company's name without its legal form, unless the head is that form (南瑞集团有限公司 is a
    集团 and a 公司)."""
    if name.endswith(head):
        return name
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "股份公司"):
        if name.endswith(suffix):
            return name[:-len(suffix)]
    return name


def _heads() -> dict[str, tuple[str, ...]]:
    """Head words of sites and organisations and their last characters, longest first, by their
    first character."""
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    cached = getattr(lx, "_definite_heads", None)
    if cached is None:
        words = set(lx.site_suffixes) | set(lx.org_suffixes)
        words |= {w[-1] for w in words}
        by_first: dict[str, list[str]] = {}
        for w in sorted(words, key=len, reverse=True):
            by_first.setdefault(w[0], []).append(w)
        cached = {first: tuple(heads) for first, heads in by_first.items()}
        lx._definite_heads = cached
    return cached
