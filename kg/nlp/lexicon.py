"""The project's word lists (kg/resources/lexicon/*.txt) and place gazetteer (places.tsv).

Lists are data, not code: one entry a line, `#` comments. They are loaded once per process.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources


def _lines(name: str, split: bool = True) -> list[str]:
    """The words of a lexicon file (comments after #); with ``split=False``, its lines."""
    text = resources.files("kg.resources").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.extend(line.split() if split else [line])
    return out


def alternation(words) -> str:
    """A regex alternation that tries longer words first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _chars(chars) -> str:
    """The inside of a regex character class of ``chars``."""
    return "".join(re.escape(c) for c in sorted(set(chars)))


class WordFinder:
    """The words of a list in a text, as ``re.finditer`` over their ``alternation`` finds them
    (leftmost first, the longest word at a position, no overlaps), by dictionary look-ups. For a
    list of thousands of words (the gazetteer) this is many times faster than the regex, which tries
    its branches one after the other at every position."""

    def __init__(self, words) -> None:
        self.words = frozenset(words)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[0], set()).add(len(w))
        self.lengths = {ch: sorted(ns, reverse=True) for ch, ns in lengths.items()}
        # the same by the first two characters, tried where a regex of character classes finds a
        # possible first and second character (one position in six of news text); words of one
        # character are tried after the longer ones
        by_two: dict[str, set[int]] = {}
        for w in self.words:
            if len(w) >= 2:
                by_two.setdefault(w[:2], set()).add(len(w))
        self._by_two = {pair: sorted(ns, reverse=True) for pair, ns in by_two.items()}
        self._singles = frozenset(w for w in self.words if len(w) == 1)
        classes = []
        if self._by_two:
            classes.append(f"[{_chars(p[0] for p in self._by_two)}][{_chars(p[1] for p in self._by_two)}]")
        if self._singles:
            classes.append(f"[{_chars(self._singles)}]")
        self._candidates = re.compile(f"(?={'|'.join(classes)})") if classes else None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each word found in ``text``."""
        if self._candidates is None:
            return
        n, end = len(text), 0
        words, by_two, singles = self.words, self._by_two.get, self._singles
        for m in self._candidates.finditer(text):
            i = m.start()
            if i < end:
                continue    # inside the word found before
            for k in by_two(text[i:i + 2], ()):
                if i + k <= n and text[i:i + k] in words:
                    yield i, i + k
                    end = i + k
                    break
            else:
                if text[i] in singles:
                    yield i, i + 1
                    end = i + 1


@dataclass(frozen=True)
class Place:
    name: str
    short: str
    level: str      # province | city | county
    parent: str


class Lexicon:
    """All word lists, with compiled matchers."""

    @cached_property
    def titles(self) -> list[str]:
        return _lines("lexicon/titles.txt")

    @cached_property
    def title_set(self) -> frozenset[str]:
        return frozenset(self.titles)

    @cached_property
    def organs(self) -> list[str]:
        return _lines("lexicon/organs.txt")

    @cached_property
    def org_suffixes(self) -> list[str]:
        return _lines("lexicon/org_suffixes.txt")

    @cached_property
    def company_short_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(suffixes, descriptors) dropped from a company's full name to give its short name."""
        lines = dict(line.split(":", 1) for line in _lines("lexicon/company_short_names.txt", split=False))
        return tuple(lines["suffixes"].split()), tuple(lines["descriptors"].split())

    @cached_property
    def kind_nouns(self) -> tuple[str, ...]:
        """Nouns of a kind written before a name (边境村落某某村): see lexicon/kind_nouns.txt."""
        return tuple(_lines("lexicon/kind_nouns.txt"))

    @cached_property
    def network_heads(self) -> frozenset[str]:
        """Heads of a region's network (公路, 铁路): see lexicon/network_heads.txt."""
        return frozenset(_lines("lexicon/network_heads.txt"))

    @cached_property
    def weak_heads(self) -> frozenset[str]:
        """Heads that are also nouns qualifying the next noun (科技): see lexicon/weak_heads.txt."""
        return frozenset(_lines("lexicon/weak_heads.txt"))

    @cached_property
    def not_org_heads(self) -> tuple[str, ...]:
        """Words ending in an organisation's one-character head that are no organisation (干部)."""
        return tuple(_lines("lexicon/not_org_heads.txt"))

    @cached_property
    def site_suffixes(self) -> list[str]:
        return _lines("lexicon/site_suffixes.txt")

    @cached_property
    def place_suffixes(self) -> list[str]:
        return _lines("lexicon/place_suffixes.txt")

    @cached_property
    def town_suffixes(self) -> tuple[str, ...]:
        """Words that end the name of a town or township (镇, 乡, 街道, 苏木)."""
        return tuple(_lines("lexicon/town_suffixes.txt"))

    @cached_property
    def meeting_words(self) -> list[str]:
        return _lines("lexicon/meeting_words.txt")

    @cached_property
    def surnames(self) -> frozenset[str]:
        return frozenset(_lines("lexicon/surnames.txt"))

    @cached_property
    def level_prefixes(self) -> tuple[str, ...]:
        return tuple(sorted(_lines("lexicon/level_prefixes.txt"), key=len, reverse=True))

    @cached_property
    def name_boundaries(self) -> frozenset[str]:
        return frozenset(_lines("lexicon/name_boundaries.txt"))

    @cached_property
    def stopwords(self) -> list[str]:
        return _lines("lexicon/stopwords.txt")

    @cached_property
    def places(self) -> dict[str, list[Place]]:
        """Full and short names -> places (a name may be ambiguous: 鼓楼区)."""
        text = resources.files("kg.resources").joinpath("places.tsv").read_text(encoding="utf-8")
        out: dict[str, list[Place]] = {}
        abbreviated: dict[str, list[Place]] = {}
        for line in text.split("\n"):
            if line.startswith("#") or not line.strip():
                continue
            name, short, level, parent = (line.split("\t") + [""] * 4)[:4]
            if parent.endswith("直辖行政区划") or parent.endswith("直辖县级行政区划"):
                parent = ""
            if not name:
                continue
            place = Place(name, short, level, parent)
            out.setdefault(name, []).append(place)
            # short names of provinces and cities are used alone (浙江, 杭州); short county names are
            # too often ordinary words, so counties need their full name.
            if level in ("province", "city") and len(short) >= 2 and short != name and short:
                out.setdefault(short, []).append(place)
            # an autonomous county or prefecture by its short name and its kind (沧源县 for 沧源佤族
            # 自治县, 黔南州 for 黔南布依族苗族自治州, 鄂伦春旗): the form news uses
            for kind, tail in (("自治县", "县"), ("自治州", "州"), ("自治旗", "旗")):
                if name.endswith(kind) and len(short) >= 2 and not short.endswith(tail):
                    abbreviated.setdefault(short + tail, []).append(place)
        for form, places in abbreviated.items():
            if form not in out:   # never in place of a place of that full name
                out[form] = places
        for extra in ("中国", "我国", "全国", "香港", "澳门", "台湾"):
            out.setdefault(extra, []).append(Place(extra, extra, "country" if extra != "全国" else "country", ""))
        for country in self.countries:
            out.setdefault(country, []).append(Place(country, country, "country", ""))
        for city, country in self.foreign_cities.items():
            out.setdefault(city, []).append(Place(city, city, "foreign city", country))
        return out

    @cached_property
    def foreign_cities(self) -> dict[str, str]:
        """Cities outside China that news names alone -> their country (lexicon/foreign_cities.txt)."""
        return dict(line.split()[:2] for line in _lines("lexicon/foreign_cities.txt", split=False))

    @cached_property
    def countries(self) -> frozenset[str]:
        """Countries and regions outside China (lexicon/countries.txt)."""
        return frozenset(_lines("lexicon/countries.txt"))

    @cached_property
    def transliteration_chars(self) -> frozenset[str]:
        return frozenset("".join(_lines("lexicon/transliteration_chars.txt")))

    @cached_property
    def weak_surnames(self) -> frozenset[str]:
        return frozenset(_lines("lexicon/weak_surnames.txt"))

    @cached_property
    def title_re(self) -> re.Pattern:
        return re.compile(alternation(self.titles))

    @cached_property
    def place_finder(self) -> WordFinder:
        """The gazetteer's names in a text, as a regex alternation of them would find them."""
        return WordFinder(self.places)

    def place_finder_at(self, text: str, pos: int) -> int:
        """The length of the longest place of the gazetteer that starts at ``pos`` (0: none)."""
        finder = self.place_finder
        for k in finder.lengths.get(text[pos:pos + 1], ()):
            if text[pos:pos + k] in finder.words:
                return k
        return 0

    @cached_property
    def organ_re(self) -> re.Pattern:
        return re.compile(alternation(self.organs))

    @cached_property
    def stop_re(self) -> re.Pattern:
        return re.compile(alternation(self.stopwords))

    @cached_property
    def title_modifiers(self) -> tuple[str, ...]:
        return tuple(sorted(_lines("lexicon/title_modifiers.txt"), key=len, reverse=True))

    def bare_title(self, position: str) -> str | None:
        """The title that ends a position's label, with the modifiers that make it more specific
        (福建省委书记 -> 书记; 党组书记 stays; 某局四级调研员 -> 四级调研员)."""
        for i in range(len(position)):
            if position[i:] in self.title_set:
                while i > 0:
                    mod = next((m for m in self.title_modifiers if position.endswith(m, 0, i)), None)
                    if mod is None:
                        break
                    i -= len(mod)
                return position[i:]
        return None

    def canonical_place(self, name: str) -> Place | None:
        places = self.places.get(name)
        if not places:
            return None
        return places[0] if len({p.name for p in places}) == 1 else None

    def parent_of(self, name: str) -> str | None:
        """The enclosing division of an unambiguous place name (黄浦区 -> 上海市)."""
        place = self.canonical_place(name)
        if place is None or not place.parent:
            return None
        parents = {p.parent for p in self.places.get(name, [])}
        return place.parent if len(parents) == 1 else None


    @cached_property
    def frames(self) -> dict[str, dict[str, list[str]]]:
        """The trigger words of the event frames (lexicon/frames.toml), each list longest first."""
        import tomllib

        data = tomllib.loads(resources.files("kg.resources").joinpath("lexicon/frames.toml").read_text(encoding="utf-8"))
        return {frame: {key: sorted(words, key=len, reverse=True) for key, words in lists.items()}
                for frame, lists in data.items()}

    def frame_re(self, frame: str, key: str, suffix: str = "") -> re.Pattern:
        """A regex of one trigger list of a frame (longest word first), cached."""
        cache = self.__dict__.setdefault("_frame_res", {})
        pattern = cache.get((frame, key, suffix))
        if pattern is None:
            pattern = cache[(frame, key, suffix)] = re.compile(f"(?:{alternation(self.frames[frame][key])}){suffix}")
        return pattern

    @cached_property
    def ranks(self) -> list[tuple[str, int]]:
        """Seniority of posts (lexicon/ranks.tsv): (end of a label, rank), longest first."""
        text = resources.files("kg.resources").joinpath("lexicon/ranks.tsv").read_text(encoding="utf-8")
        rows = []
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                title, rank = line.split("\t")
                rows.append((title.strip(), int(rank)))
        return sorted(rows, key=lambda r: len(r[0]), reverse=True)

    def rank_of(self, position: str) -> int:
        """The seniority of a post's label: the rank of the longest entry it ends with (0: none)."""
        return next((rank for title, rank in self.ranks if position.endswith(title)), 0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
