"""An index of an article's mentions by position: the ones that overlap a stretch of the text,
found by bisection over their starts (a mention that overlaps [start, end) starts before ``end``
and at most its length before ``start``), so that a question about each mention costs what its
neighbourhood holds, not what the whole article holds.

    index = MentionIndex(mentions)
    index.overlapping(start, end)      # the mentions m with m.start < end and start < m.end
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from kg.types import Mention


class MentionIndex:
    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.longest = max((m.end - m.start for m in self.mentions), default=0)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that share a character with [start, end), by start."""
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]
