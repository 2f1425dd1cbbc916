"""Layout repair: turn text cut from a printed page into clean paragraphs, keeping an offset map.

Text copied from newspaper pages is hard-wrapped at the column width (lines break inside words
and sentences, sometimes with blank lines in the middle of a sentence), and carries spaces between
characters ("是 临 港 新 片 区"), around numbers ("1926 年 7月") and full-width digits and letters.
``repair`` undoes this and returns a :class:`kg.types.RepairedText` whose ``offsets[i]`` is the
position in the ORIGINAL text of ``text[i]``, so every later stage can cite exact source spans.

Character level (per line)
    BOM and zero-width characters are dropped; full-width digits, Latin letters and ％ become
    half-width (NFKC for those ranges only; a full-width ． between digits becomes "."), Chinese
    punctuation stays as it is; CR LF / CR become line breaks. A run of spaces is dropped unless
    both neighbours are Latin-script characters ("New York" keeps its space, "项目 174 个" does not)
    and the line is not letter-spaced (in "有 限 公 司 （ v i v o ）" the single spaces between
    single characters are print spacing: vivo); leading and trailing spaces go.

Line level (paragraphs)
    Each line gets a width in em (CJK 1, Latin/digits 0.5) and is classified: blank, marker
    (byline, section mark, line opening with a dateline; see kg.markers), sentence-final or not,
    indented or not (when some but not all lines open with "　　", a tab or 4+ spaces, an
    indented line starts a paragraph).
    Paragraphs are then rebuilt, starting at a paragraph start and collecting lines up to the first
    line that ends a sentence (blank lines inside a sentence are skipped: they join):

    * a marker line always starts a paragraph; a whole-line byline or section mark is a paragraph;
      a line that opens with a dateline is body, never a headline;
    * the collected lines are accepted as one wrapped paragraph when they look like a column: no
      continuation line is wider than the column (the median width of the inner lines, plus a
      tolerance for hanging punctuation), and the first line is not much wider or, when it is long
      enough to be a headline and the next line fills the column, much narrower than the column.
      Otherwise the first line is a headline (or a label such as "数据来源：水利部") and stays its
      own line;
    * after a line that ends a sentence, a blank line, a marker or the end of the column-like run
      makes a paragraph break; with no blank line, a line that still fills the column width means
      the paragraph goes on (unless the next line is indented: narrower than the column and than
      the line after it), and a shorter one means it ended there;
    * text with one paragraph a line (the usual form of web articles) has no wrapped run, so every
      line stays a paragraph and the output equals the input up to character normalization.

Paragraphs are joined with a single "\\n" whose offset is that of the first line break it replaces;
lines joined inside a paragraph get nothing between them, or one space (mapped to the line break)
when it separates two Latin-script words of a line of Latin text (a Latin name wrapped in a
Chinese column is one word: "vi" + "vo全球总部"). Repair is idempotent.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kg import markers
from kg.types import RepairedText

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_DROP = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"}
_SPACES = {" ", "\t", "\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u205f"}


def normalize_char(ch: str) -> str:
    """The character ``ch`` becomes in repaired text (ignoring context-dependent rules):
    full-width digits, Latin letters and ％ go half-width; any space character becomes " ";
    everything else is unchanged. (One rule depends on context and is applied by ``repair``
    only: a full-width "．" between two digits becomes the decimal point ".".)"""
    o = ord(ch)
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or o == 0xFF05:
        return chr(o - 0xFEE0)
    if ch in _SPACES:
        return " "
    return ch


# normalize_char as a str.translate table, every white space character (not only _SPACES) made " "
_CLEAN_TABLE = {o: " " for o in range(0x3001) if chr(o).isspace() or chr(o) in _SPACES}
_CLEAN_TABLE.update({o: normalize_char(chr(o)) for o in range(0xFF00, 0xFF60) if normalize_char(chr(o)) != chr(o)})


def _keeps_space(left: str, right: str) -> bool:
    """A space between ``left`` and ``right`` separates two Latin-script words ("New York",
    "Inc. and", "iPhone 16"); anywhere else (CJK, "5 %", "2 0 2 4", "( x") it is layout noise."""
    if ord(left) >= 0x2000 or ord(right) >= 0x2000:
        return False
    if not (left.isalpha() or right.isalpha()):
        return False  # "2 0 1 9", "5 %": digits and symbols alone are not words
    return (left.isalnum() or left in ".,;:!?)]\"'") and (right.isalnum() or right in "([\"'")


_NARROW = re.compile("[\x00-\u1fff]+")


def width(s: str) -> float:
    """Printed width of a cleaned line in em: half-width characters count 0.5 (spaces nothing)."""
    wide = len(_NARROW.sub("", s))
    return wide + 0.5 * (len(s) - wide - s.count(" "))


@dataclass
class _Line:
    text: str                      # the cleaned characters
    offsets: list[int]             # the original offset of each
    brk: int | None                # offset of the line break ending this line (None: last line)
    blank_before: int = 0          # blank lines between the previous non-blank line and this one
    indented: bool = False         # opens with a paragraph indent ("　　", a tab, 4+ spaces)

    @property
    def chars(self) -> list[tuple[str, int]]:
        """The cleaned characters with their original offsets."""
        return list(zip(self.text, self.offsets))


def _clean_line(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """Characters of one physical line after character normalization and space handling, and the
    original offset of each."""
    line = text[start:end]
    offsets: range | list[int] = range(start, end)
    if not _DROP.isdisjoint(line):
        offsets = [i for i in offsets if text[i] not in _DROP]
        line = "".join(text[i] for i in offsets)
    cleaned = line.translate(_CLEAN_TABLE)
    if "\uff0e" not in cleaned and " " not in cleaned:
        return cleaned, list(offsets)   # the common line: nothing to mend, no spaces to weigh
    raw = list(zip(cleaned, offsets))
    if "\uff0e" in cleaned:  # full-width "．" between digits is a decimal point
        for k, (ch, off) in enumerate(raw):
            if ch == "\uff0e" and 0 < k < len(raw) - 1 and raw[k - 1][0].isdigit() and raw[k + 1][0].isdigit():
                raw[k] = (".", off)
    if " " not in cleaned:
        return "".join(c for c, _ in raw), [o for _, o in raw]  # no spaces to drop or keep
    runs = cleaned.split()
    # a letter-spaced line (有 限 公 司 （ v i v o ）): one space between single characters is print
    # spacing, also between Latin letters; a wider gap still parts two Latin words
    letter_spaced = len(runs) >= 4 and sum(len(r) == 1 for r in runs) * 5 >= len(runs) * 4
    out: list[tuple[str, int]] = []
    k = 0
    n = len(raw)
    while k < n:
        ch, off = raw[k]
        if ch != " ":
            out.append((ch, off))
            k += 1
            continue
        j = k
        while j < n and raw[j][0] == " ":
            j += 1
        spacing = letter_spaced and j - k == 1 and (k < 2 or raw[k - 2][0] == " ") \
            and (j + 1 >= n or raw[j + 1][0] == " ")
        if out and j < n and _keeps_space(out[-1][0], raw[j][0]) and not spacing:
            out.append((" ", off))
        k = j
    return "".join(c for c, _ in out), [o for _, o in out]


def _physical_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(_Line(*_clean_line(text, pos, m.start()), m.start(), indented=_indent(text, pos)))
        pos = m.end()
    lines.append(_Line(*_clean_line(text, pos, len(text)), None, indented=_indent(text, pos)))
    return lines


_INDENT = re.compile(r"\u3000|\t| {4}|\u00a0{2}")


def _indent(text: str, pos: int) -> bool:
    """Whether the line starting at ``pos`` opens with a typographic paragraph indent. One or two
    ASCII spaces are not enough: cut pages carry such noise."""
    return bool(_INDENT.match(text, pos))


PARAGRAPH_LINE_WIDTH = 60   # no newspaper column is this wide


def _paragraph_per_line(w: list[float], final: list[bool]) -> bool:
    """A text of one paragraph a line (web pages, JSON Lines articles): the lines that end a
    sentence are mostly wider than any column, so no line is a column's piece of a paragraph
    (a headline above its subtitle stays a line of its own)."""
    ends = [x for x, f in zip(w, final) if f]
    return len(ends) >= 2 and statistics.median(ends) >= PARAGRAPH_LINE_WIDTH


def _paragraph_breaks(lines: list[_Line]) -> list[bool]:
    """For non-blank ``lines``, ``breaks[i]`` is True when a paragraph ends after line i."""
    m = len(lines)
    texts = [ln.text for ln in lines]
    w = [width(t) for t in texts]
    final = [markers.ends_sentence(t) for t in texts]
    whole_marker = [markers.is_byline(t) or markers.is_section_mark(t) for t in texts]
    dateline = [markers.match_dateline(t) is not None for t in texts]
    # paragraph indents mean something only when some lines, but not all, carry one
    indents = sum(ln.indented for ln in lines)
    indent_start = [ln.indented and 2 <= indents < m for ln in lines]
    starts_unit = [whole_marker[i] or dateline[i] or indent_start[i] for i in range(m)]
    breaks = [True] * m
    if _paragraph_per_line(w, final):
        return breaks

    i = 0
    while i < m:
        if whole_marker[i]:
            i += 1
            continue
        # collect lines i..j up to the first sentence-final line, a marker or the end
        j = i
        while j < m - 1 and not final[j] and not starts_unit[j + 1]:
            j += 1
        if j == i:
            i += 1
            continue
        inner = w[i + 1: j]
        if inner:
            # the column width: median of the inner lines, ignoring pieces of broken lines;
            # its upper bound: the widest inner line
            full = [x for x in inner if x >= 0.6 * max(inner)]
            col, col_hi = statistics.median(full), max(full)
            tol = max(3.0, 0.2 * col)
            # a narrow first line is a headline only when the line after it fills the column
            # (a first line broken mid-word, "陈吉" + "宁", is followed by a short fragment)
            narrow_headline = (
                w[i] >= 6 and w[i] < col - max(4.0, 0.15 * col) and w[i + 1] >= col - 3
            )
            wrapped = dateline[i] or (
                w[j] <= col_hi + tol and w[i] <= col_hi + tol and not narrow_headline
                # three short lines that end no sentence (before a marker or the end of the
                # text) are a headline block, not a column
                and (final[j] or j - i >= 3)
            )
        else:  # two lines: a first line and a last line; two lines that do not end a
            # sentence before a marker or the end are headlines (kicker + headline); a tiny
            # first line is a piece of a broken line, not a headline
            col = max(w[i], w[j])
            wrapped = dateline[i] or (final[j] and (w[j] <= w[i] + 4 or w[i] < 4))
        if not wrapped:
            i += 1          # line i is a headline or label: its own paragraph
            continue
        cut = _short_line_end(w, lines, texts, i, j, col) if inner and not dateline[i] else None
        if cut is not None:  # a headline's last piece: the paragraph ends at the short line
            for k in range(i, cut):
                breaks[k] = False
            i = cut + 1
            continue
        for k in range(i, j):
            breaks[k] = False
        # a sentence-final line that fills the column, with no blank line after it, continues
        # the paragraph: the sentence ended exactly at the line end
        while (
            final[j] and j < m - 1 and lines[j + 1].blank_before == 0 and not starts_unit[j + 1]
            and w[j] >= col - 1 and not _indented_first_line(w, final, starts_unit, j + 1, col)
            and not PARAGRAPH_OPENER.match(texts[j + 1])
        ):
            k = j + 1
            while k < m - 1 and not final[k] and not starts_unit[k + 1]:
                k += 1
            if max(w[j + 1: k + 1]) > col + max(3.0, 0.2 * col):
                break
            for q in range(j, k):
                breaks[q] = False
            j = k
        i = j + 1
    return breaks


# Words that open a paragraph of a news report: after a sentence that ends exactly at the end of
# a line, a line opening with one of them starts a new paragraph rather than the next sentence.
PARAGRAPH_OPENER = re.compile(r"(首先|其次|再次|最后|[一二三四五六七八九十]是|此外|另外|与此同时|据悉|据了解|另据|记者)")


def _short_line_end(w: list[float], lines: list[_Line], texts: list[str], i: int, j: int, col: float) -> int | None:
    """The first line of the run i..j that ends a paragraph without final punctuation: in a
    column every line but a paragraph's last fills the width, so a clearly narrower line that is
    followed directly (no blank line) by more text closes its paragraph — a headline or a label
    hard-wrapped like the body ("…保护治" + "理（权威发布）"). A first line short by an indent is no
    such end; after a blank line the text may be a column break inside a sentence, so it joins."""
    for k in range(i, j):
        short = w[k] < col - max(3.5, 0.3 * col) and texts[k][-1:] not in "，、：；,:;—-"
        piece = k > i and lines[k].blank_before > 0  # the rest of a line broken by a blank line
        if short and not piece and lines[k + 1].blank_before == 0 and not texts[k + 1][:1].isascii():
            return k
    return None


def _indented_first_line(w: list[float], final: list[bool], starts_unit: list[bool], k: int,
                         col: float) -> bool:
    """Line k looks like the indented first line of a new paragraph: narrower than the column
    while the line after it, in the same run, is wider."""
    return (
        not final[k] and w[k] <= col - 1.5
        and k + 1 < len(w) and not starts_unit[k + 1] and w[k + 1] >= w[k] + 1
    )


def _latin_phrase(left, right) -> bool:
    """Do the Latin letters at the end of ``left`` and the start of ``right`` belong to a phrase
    of several words (a space inside the run on either side), or to a line of Latin text?"""
    def run(chars):
        out = []
        for ch, _ in chars:
            if not (ch.isascii() and (ch.isalnum() or ch in " -.'&")):
                break
            out.append(ch)
        return "".join(out)

    before = run(reversed(left))
    after = run(right)
    if " " in before.strip() or " " in after.strip():
        return True
    return not any("\u3400" <= ch <= "\u9fff" for ch, _ in left)


def repair(text: str) -> RepairedText:
    """Repair the layout of ``text`` (see the module docstring); offsets point into ``text``."""
    physical = _physical_lines(text)
    lines: list[_Line] = []
    blanks = 0
    for ln in physical:
        if not ln.text:
            blanks += 1
            continue
        ln.blank_before = blanks if lines else 0
        blanks = 0
        lines.append(ln)
    if not lines:
        return RepairedText("", ())
    breaks = _paragraph_breaks(lines)

    out_chars: list[str] = []
    out_offsets: list[int] = []
    for idx, ln in enumerate(lines):
        if idx > 0:
            prev = lines[idx - 1]
            assert prev.brk is not None
            if breaks[idx - 1]:
                out_chars.append("\n")
                out_offsets.append(prev.brk)
            elif _keeps_space(prev.text[-1], ln.text[0]) and _latin_phrase(prev.chars, ln.chars):
                # "World Economic\nForum" keeps a space; a Latin name wrapped in a Chinese
                # column ("vi\nvo全球总部") is one word
                out_chars.append(" ")
                out_offsets.append(prev.brk)
        out_chars.append(ln.text)
        out_offsets.extend(ln.offsets)
    return RepairedText("".join(out_chars), tuple(out_offsets))


def paragraphs(rt: RepairedText) -> list[tuple[int, int]]:
    """[start, end) spans of the paragraphs of a repaired text (split at "\\n")."""
    spans = []
    start = 0
    for m in re.finditer("\n", rt.text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(rt.text):
        spans.append((start, len(rt.text)))
    return spans
