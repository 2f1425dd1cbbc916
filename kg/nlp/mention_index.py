"""The mentions of an analysed article (``doc._.mentions``) indexed by position, so that what a
reader asks about one place of the article (the mentions of a sentence, the names that start or end
at an offset, the latest name of some kind before it) costs the same in a long article as in a
short one:

    mentions = MentionIndex.of(doc)
    mentions.within(sent.start, sent.end, PERSON)   # the persons of a sentence, in order
    mentions.starting_at(pos, PLACE, SITE)           # what starts at pos
    mentions.longest_at(pos, (SITE,))                # the longest site that starts at pos
    mentions.longest_at(pos, end=sent.end)           # ... of any kind, ending in the sentence
    mentions.ending_at(pos)                          # what ends at pos
    mentions.covered(pos, (SITE, PLACE))             # does a site or place cover pos?
    mentions.overlapping(start, end)                 # what shares a character with [start, end)

The index keeps the entity stage's order (by start; the longer name first), iterates like the list
it was made from, and is made once per Doc (kept in its user_data). Readers that work out more from
the mentions (kg.nlp.coref's definite descriptions, the figure extractor's subjects) keep what they
work out once per article with ``memo``.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from kg.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "kg.mention_index"
T = TypeVar("T")


class MentionIndex:
    """Mentions sorted by start (a stable sort: an ordered list keeps its order), with lookups."""

    def __init__(self, mentions: Iterable[Mention]):
        self.all: list[Mention] = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.all]
        self._by_start: dict[int, list[Mention]] = {}
        self._by_end: dict[int, list[Mention]] = {}
        for m in self.all:
            self._by_start.setdefault(m.start, []).append(m)
            self._by_end.setdefault(m.end, []).append(m)
        self._memo: dict = {}

    @classmethod
    def of(cls, doc: Doc) -> "MentionIndex":
        """The index of ``doc._.mentions`` (made once per Doc)."""
        index = doc.user_data.get(_KEY)
        if index is None:
            index = doc.user_data[_KEY] = cls(doc._.mentions)
        return index

    @classmethod
    def wrap(cls, mentions: "MentionIndex | Iterable[Mention]") -> "MentionIndex":
        """``mentions`` as an index (readers take a list or an index; an index is used as it is)."""
        return mentions if isinstance(mentions, MentionIndex) else cls(mentions)

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.all)

    def __len__(self) -> int:
        return len(self.all)

    # -- lookups -----------------------------------------------------------------------------
    def starting_at(self, pos: int, *types: str) -> list[Mention]:
        """The mentions (of ``types``, any by default) that start at ``pos``, in order."""
        found = self._by_start.get(pos, ())
        return [m for m in found if m.type in types] if types else list(found)

    def ending_at(self, pos: int, *types: str) -> list[Mention]:
        """The mentions (of ``types``) that end at ``pos``, in order."""
        found = self._by_end.get(pos, ())
        return [m for m in found if m.type in types] if types else list(found)

    def starting_in(self, start: int, end: int, *types: str) -> list[Mention]:
        """The mentions (of ``types``) that start in [start, end), in order."""
        found = self.all[bisect_left(self.starts, start):bisect_left(self.starts, end)]
        return [m for m in found if m.type in types] if types else found

    def within(self, start: int, end: int, *types: str) -> list[Mention]:
        """The mentions (of ``types``) inside [start, end), in order."""
        found = self.all[bisect_left(self.starts, start):bisect_right(self.starts, end)]
        return [m for m in found if m.end <= end and (not types or m.type in types)]

    def overlapping(self, start: int, end: int, *types: str) -> list[Mention]:
        """The mentions (of ``types``) that share a character with [start, end), in order: those
        that start before ``end`` and at most the longest mention's length before ``start``."""
        longest = self.memo("longest", lambda: max((m.end - m.start for m in self.all), default=0))
        found = self.all[bisect_right(self.starts, start - longest):bisect_left(self.starts, end)]
        return [m for m in found if m.end > start and (not types or m.type in types)]

    def longest_at(self, pos: int, types: tuple[str, ...] = (), end: int | None = None) -> Mention | None:
        """The longest mention of ``types`` (any by default) that starts at ``pos`` and ends by
        ``end`` (anywhere by default); the first of equals."""
        best = None
        for m in self._by_start.get(pos, ()):
            if (not types or m.type in types) and (end is None or m.end <= end) and (best is None or m.end > best.end):
                best = m
        return best

    def covered(self, pos: int, types: tuple[str, ...]) -> bool:
        """Does a mention of ``types`` cover ``pos`` (start <= pos < end)?"""
        return bool(self.overlapping(pos, pos + 1, *types))

    def latest(self, key, select: Callable[[], Iterable[Mention]], rank: Callable[[Mention], object],
               pos: int) -> Mention | None:
        """Of the mentions ``select()`` gives (made once and kept under ``key``), the one that ends
        at or before ``pos`` with the highest ``rank`` (the first of equals)."""
        return self.memo(key, lambda: Latest(select(), rank)).before(pos)

    def memo(self, key, build: Callable[[], T]) -> T:
        """What ``build()`` works out from these mentions, made once and kept under ``key``."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value


class Latest:
    """Some mentions ordered by where they end, with the best (by ``rank``, the first of equals) of
    those that end up to each: the best that ends at or before a position, found by bisection."""

    def __init__(self, mentions: Iterable[Mention], rank: Callable[[Mention], object]):
        self.ends: list[int] = []
        self.best: list[Mention] = []
        best, best_rank = None, None
        order = sorted(enumerate(mentions), key=lambda im: im[1].end)
        for i, m in order:
            r = (rank(m), -i)
            if best is None or r > best_rank:
                best, best_rank = m, r
            self.ends.append(m.end)
            self.best.append(best)

    def before(self, pos: int) -> Mention | None:
        k = bisect_right(self.ends, pos)
        return self.best[k - 1] if k else None
