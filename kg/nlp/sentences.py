"""Sentence splitting for Chinese news text.

A sentence ends at 。！？!? (and at a line break). A terminator inside quotes or brackets does not end
the sentence unless a quote closes right after it: 他说：“要抓好落实。”随后… splits after ”, while
“为了真和平。而奋斗”陈列 does not split inside the quote, nor does （共三部分。）. Semicolons do not end sentences: the
clauses of a Chinese sentence joined by ； share their subject, which the extractors need.

A "sentence" longer than MAX_SENTENCE characters (text without punctuation, a table flattened into
one line) is cut into pieces of at most that length, at the last clause mark or space before the
limit where there is one: the extractors look at a sentence at a time, and some of their searches
grow with the square of its length.
"""
from __future__ import annotations

from kg.types import Sentence

TERMINATORS = set("。！？!?")
OPENERS = {"“": "”", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "‘": "’", "【": "】"}
CLOSERS = {v: k for k, v in OPENERS.items()}
# Closing quotes that end a quoted sentence (他说：“……。”随后); a bracket closing after a
# terminator does not: 展览（共分三个部分。）今天开幕。 is one sentence.
TRAILING = set("”」』’")
MAX_SENTENCE = 1000
SOFT_BREAKS = set("；;，,、：: \t\u3000")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets are into ``text`` and cover every non-space char."""
    out: list[Sentence] = []
    depth: list[str] = []
    start = 0
    i = 0
    n = len(text)

    def emit(end: int) -> None:
        nonlocal start
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(s, e, text[s:e]))
        start = end

    while i < n:
        ch = text[i]
        if ch == "\n":
            depth.clear()
            emit(i)
        elif ch in OPENERS and not (ch == "“" and depth and depth[-1] == "“"):
            depth.append(ch)
        elif ch in CLOSERS:
            if depth and depth[-1] == CLOSERS[ch]:
                depth.pop()
            elif CLOSERS[ch] in depth:  # unbalanced: close up to the matching opener
                while depth and depth.pop() != CLOSERS[ch]:
                    pass
        elif ch == "…" and not depth and text.startswith("……", i):
            # 是四处奔忙的党员干部们……2025年，…: an ellipsis that closes a sentence before a new one
            j = i
            while j < n and text[j] == "…":
                j += 1
            if j < n and not text[j].isspace() and text[j] not in "，,、；;：:。！？!?”」）)》" and _opens_sentence(text, j):
                emit(j)
                i = j
                continue
        elif ch in TERMINATORS:
            j = i + 1
            while j < n and text[j] in TERMINATORS:
                j += 1
            if not depth:
                emit(j)
                i = j
                continue
            # a terminator inside quotes ends the sentence only where the quote closes right after it
            k = j
            closed = list(depth)
            while k < n and text[k] in TRAILING and closed and CLOSERS.get(text[k]) == closed[-1]:
                closed.pop()
                k += 1
            if k > j and not closed:
                depth.clear()
                emit(k)
                i = k
                continue
        i += 1
    emit(n)
    return [piece for sent in out for piece in _cut(sent)]


def _opens_sentence(text: str, pos: int) -> bool:
    """After an ellipsis: does a new sentence start at ``pos`` (a time word, a year, a clause with
    its own comma soon), rather than the rest of an enumeration (……等, ……都)?"""
    head = text[pos:pos + 12]
    if head[:1] in "等都也和及与或" or head.startswith(("在内", "之类")):
        return False
    comma = min((k for k in (head.find("，"), head.find(",")) if k >= 0), default=-1)
    return comma >= 2


def _cut(sent: Sentence) -> list[Sentence]:
    """``sent`` in pieces of at most MAX_SENTENCE characters (itself when it is short enough)."""
    if len(sent.text) <= MAX_SENTENCE:
        return [sent]
    pieces, text, start = [], sent.text, 0
    while len(text) - start > MAX_SENTENCE:
        end = start + MAX_SENTENCE
        soft = max((i + 1 for i in range(end - 1, start + MAX_SENTENCE // 2, -1) if text[i] in SOFT_BREAKS), default=end)
        pieces.append((start, soft))
        start = soft
    pieces.append((start, len(text)))
    out = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(sent.start + s, sent.start + e, text[s:e]))
    return out
