"""Entity resolution: which surface forms name one entity, the post a title names, and the stable
IRI of each entity.

Identity is content-derived: an entity's IRI is a hash of its type and preferred name (a post's
also of the organisation or place it belongs to), so the same entity gets the same IRI in two runs,
two articles or two worker processes, and merging partial graphs is a plain union.

Names. The resolver folds a surface form into another name only when it can say why, and records
the reason (a ``kg:Merge`` node in the graph):

- ``alias``: the text says so: X（Y）, X（以下简称Y）, 简称Y (the alias extractor's facts);
  an alias of a name that is itself folded names the same entity (发改委 -> 国家发改委 -> 国家发展和改革委员会);
- ``gazetteer``: a province's or city's short name is that division (浙江 -> 浙江省, 杭州 -> 杭州市);
- ``abbreviation``: a name written with a standard abbreviation is the same name written in full
  (国家级经开区 -> 国家级经济技术开发区, 发改委 -> 发展和改革委员会), from
  ``kg/resources/lexicon/abbreviations.txt``. This folding is global, so the two forms meet in one
  node across articles too;
- ``short form``: a name of the article is another name of the article without a generic head that
  does not change what it names (滨江 + 新片区, 华为 + 有限公司; ``lexicon/generic_heads.txt``).

A name is never folded into a longer one only because it begins it: 国务院 is not 国务院新闻办,
水利部 is not 水利部规划计划司, 湖南省 is not 湖南省委. A person is one node per name (a bare name and
the same name after a title are one person); ``entity_iri`` takes a qualifier for the day persons
of the same name are told apart (by their posts and regions), as posts already are.

Posts. A title next to a name (``kg:Position``, an ``org:Post``) belongs to an organisation or
place (:meth:`Resolver.post`): the one written in it (滨江新片区党工委副书记 -> 滨江新片区,
水利部副部长 -> 水利部, 上海市委书记 -> 上海市); for a title relative to a level (市委书记, 副市长,
区委书记) the article's place of that level (its dateline's, else the only one it names); for a
national title the organisation ``lexicon/national_posts.txt`` gives (国务委员 -> 国务院). The
post's IRI is derived from its label and that organisation or place, so 市委书记 of 上海市 and
市委书记 of 杭州市 are two nodes. A title whose organisation the text does not tell (副部长 alone,
a 市委书记 in an article naming no city or several) is one node per title, without ``org:postIn``:
a title, never the post of two organisations.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import URIRef

from kg.nlp.lexicon import alternation, lexicon
from kg.types import ORGANIZATION, PLACE, PLAN, SITE, Mention, Relation
from kg.vocab import ID

MERGEABLE = (SITE, PLACE, ORGANIZATION, PLAN)
ABBREVIATED = (PLACE, ORGANIZATION, SITE)   # types whose names fold their abbreviations
LEVELS = "省市区县州镇乡"                      # a title starting with one is relative to a place of that level
DEPUTY = ("常务副", "副")


def digest(*parts: object, n: int = 16) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


def entity_iri(type_: str, label: str, qualifier: str = "") -> URIRef:
    """The IRI of the entity of this type and preferred name; ``qualifier`` tells apart entities of
    one name (a post: the IRI of its organisation or place)."""
    return ID[f"{type_.lower()}/{digest(type_, label, *([qualifier] if qualifier else []))}"]


# -- the lexicon files this module reads ------------------------------------------------------------
def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.resources").joinpath(f"lexicon/{name}").read_text(encoding="utf-8")
    return [line.split("#", 1)[0].split() for line in text.splitlines() if line.split("#", 1)[0].strip()]


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[dict[str, str], re.Pattern]:
    """short form -> full form, and a pattern finding either (a full form is left as it is)."""
    full_of = {}
    for row in _rows("abbreviations.txt"):
        full, *shorts = row
        for short in shorts:
            full_of[short] = full
    fulls = {f for f in full_of.values()}
    return full_of, re.compile(alternation(set(full_of) | fulls))


def expand_abbreviations(name: str) -> str:
    """The name with every standard abbreviation written in full (国家级经开区 -> 国家级经济技术开发区)."""
    full_of, pattern = _abbreviations()
    return pattern.sub(lambda m: full_of.get(m.group(0), m.group(0)), name)


@lru_cache(maxsize=1)
def _generic_heads() -> tuple[str, ...]:
    return tuple(sorted({w for row in _rows("generic_heads.txt") for w in row}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _national_posts() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("national_posts.txt") if len(row) >= 2}


@dataclass(frozen=True)
class Merge:
    form: str          # the surface form folded in
    into: Mention      # the entity it names
    reason: str        # alias | gazetteer | abbreviation | short form
    basis: str = ""    # what says so: the lexicon entry, the generic head, the full name an alias was written for


@dataclass(frozen=True)
class Post:
    """What a title names: the post ``title`` of ``holder`` (an organisation or place)."""

    label: str                 # the position as written: 市委书记, 滨江新片区党工委副书记
    title: str                 # the title without its organisation or place: 市委书记, 党工委副书记
    holder: Mention | None     # the organisation or place; None: the text does not tell
    basis: str = ""            # written | dateline | article | lexicon


class Resolver:
    """Resolves the mentions of one article.

    ``mentions``: the article's mentions (and those of its facts); ``aliases``: its alias facts;
    ``dateline``: the article's dateline (新华社杭州5月20日电), which may name its place."""

    def __init__(self, mentions: list[Mention], aliases: list[Relation] = (), dateline: str | None = None):
        self.merges: dict[str, Merge] = {}
        self.names = {m.text: m for m in mentions if m.type in MERGEABLE}
        self.types = {m.text: m.type for m in mentions}
        self.dateline = dateline or ""
        self._places = [m.text for m in mentions if m.type == PLACE]
        for rel in aliases:
            full, short = rel.subject, rel.object
            if short.text != full.text:
                self.merges[short.text] = Merge(short.text, Mention(full.text, full.type), "alias")

    def canonical(self, mention: Mention, _seen: frozenset = frozenset()) -> Mention:
        """The entity a mention names: its preferred label and type."""
        merge = self.merges.get(mention.text)
        if merge is not None:
            seen = _seen | {mention.text}
            if merge.reason != "alias" or merge.into.text in seen:
                return merge.into
            # the full name an alias stands for may itself be merged: 发改委 -> 国家发改委 -> 国家发展和改革委员会
            into = self.canonical(merge.into, seen)
            if into == merge.into or into.text == mention.text:
                return merge.into
            self.merges[mention.text] = Merge(merge.form, into, "alias", merge.into.text)
            return into
        if mention.type == PLACE:
            place = lexicon().canonical_place(mention.text)
            if place is not None and place.name != mention.text and place.level in ("province", "city"):
                return self._merge(mention.text, Mention(place.name, PLACE), "gazetteer")
        if mention.type in ABBREVIATED:
            full = expand_abbreviations(mention.text)
            if full != mention.text:
                return self._merge(mention.text, Mention(full, mention.type), "abbreviation",
                                   f"{mention.text}={full}")
        if mention.type in MERGEABLE or mention.type == "":
            longer = self.longer_name(mention.text)
            if longer is not None:
                head = longer.text[len(mention.text):]
                return self._merge(mention.text, self.canonical(longer), "short form", head)
        return Mention(mention.text, mention.type)

    def all_merges(self) -> list[Merge]:
        """Every merge made, in the order of the forms, each alias followed to the entity it names."""
        for form in [f for f, m in self.merges.items() if m.reason == "alias"]:
            self.canonical(Mention(form, self.merges[form].into.type))
        return [self.merges[form] for form in sorted(self.merges)]

    def _merge(self, form: str, into: Mention, reason: str, basis: str = "") -> Mention:
        self.merges.setdefault(form, Merge(form, into, reason, basis))
        return into

    def longer_name(self, text: str) -> Mention | None:
        """The name of the article that is ``text`` plus a generic head (滨江 -> 滨江新片区), if one."""
        if len(text) < 2:
            return None
        found = {text + head: self.names[text + head] for head in _generic_heads() if text + head in self.names}
        if len(found) == 1:
            m = next(iter(found.values()))
            return Mention(m.text, m.type)
        return None

    def iri(self, mention: Mention) -> URIRef:
        c = self.canonical(mention)
        return entity_iri(c.type, c.text)

    # -- posts ------------------------------------------------------------------------------------
    def post(self, mention: Mention) -> Post:
        """The post a position mention names: its title and the organisation or place it belongs to."""
        label = mention.text
        holder = self._written_holder(label)
        if holder is not None:
            prefix, found = holder
            rest = label[len(prefix):]
            title = rest
            if found.type == PLACE and prefix[-1] in LEVELS and rest not in lexicon().title_set:
                title = prefix[-1] + rest           # 上海市 + 委书记 -> 市委书记; 杭州市 + 长 -> 市长
            return Post(label, title, found, "written")
        national = _national_posts().get(label)
        if national:
            return Post(label, label, Mention(national, ORGANIZATION), "lexicon")
        level = _level_of(label)
        if level:
            place, basis = self._article_place(level)
            if place is not None:
                return Post(label, label, Mention(place, PLACE), basis)
        return Post(label, label, None)

    def _written_holder(self, label: str) -> tuple[str, Mention] | None:
        """The longest beginning of the title that names an organisation or place (not the whole)."""
        lx = lexicon()
        for n in range(len(label) - 1, 1, -1):
            prefix = label[:n]
            if prefix in _generic_holders() or (prefix in lx.organs and prefix not in _national_organs()):
                continue  # 市委, 区政府, 党工委, 全国: a kind of body, whose place the title does not say
            if _place_organ(prefix):
                continue  # 浙江省委: the post is 省委书记 of 浙江省, as for 浙江省委 written 省委
            kind = self.types.get(prefix)
            if kind in (PLACE, ORGANIZATION, SITE):
                return prefix, Mention(prefix, kind)
            place = lx.canonical_place(prefix)
            if place is not None and place.level != "country":
                return prefix, Mention(place.name, PLACE)
            if prefix in _national_organs():
                return prefix, Mention(prefix, ORGANIZATION)
        return None

    def _article_place(self, level: str) -> tuple[str | None, str]:
        """The article's place of a level (市: a name ending in 市): its dateline's, else the only one."""
        lx = lexicon()

        def full(name: str) -> str | None:
            place = lx.canonical_place(name)
            if place is not None and place.level != "country" and place.name.endswith(level):
                return place.name
            return None

        for start, end in lx.place_finder.spans(self.dateline):
            name = full(self.dateline[start:end])
            if name:
                return name, "dateline"
        named = {full(p) for p in self._places} - {None}
        if len(named) == 1:
            return named.pop(), "article"
        return None, ""


def _place_organ(name: str) -> bool:
    """True for a place's organ of a level (浙江省委, 上海市政府): a place, then an organ of its level."""
    lx = lexicon()
    for n in range(len(name) - 1, 1, -1):
        place = lx.canonical_place(name[:n])
        if place is not None and name[n - 1] in LEVELS:
            return name[n - 1] + name[n:] in lx.organs
    return False


def _level_of(title: str) -> str:
    """The level a relative title refers to: 市委书记, 副市长 -> 市; 国务委员 -> ''."""
    for deputy in DEPUTY:
        if title.startswith(deputy):
            title = title[len(deputy):]
            break
    return title[0] if title and title[0] in LEVELS else ""


@lru_cache(maxsize=1)
def _national_organs() -> frozenset[str]:
    """Organs of lexicon/organs.txt that name one body (商务部, 国务院), not a kind of body (市委)."""
    return frozenset(o for o in lexicon().organs if o[0] not in LEVELS and o not in _generic_holders())


@lru_cache(maxsize=1)
def _generic_holders() -> frozenset[str]:
    return frozenset(w for row in _rows("generic_holders.txt") for w in row)
