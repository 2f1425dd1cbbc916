"""Ingest: read input files and folders into :class:`kg.types.Document` records.

Inputs are plain-text articles or pages (.txt, .text, .md or no suffix) and JSON Lines files
(.jsonl, .json-lines; one article object a line). Folders are walked recursively in sorted order,
hidden files and folders are skipped. One bad input never stops the stream: it becomes an
:class:`kg.types.InputError` (appended to ``errors`` or, when no list is given, raised).

Plain text is decoded by :func:`decode_report`, which does not trust a statistical detector on
short Chinese text: byte-order marks first; then, when the bytes hold NULs, BOM-less UTF-16 (both
byte orders decoded strictly, kept when the text reads as text: common Chinese characters,
punctuation, printable ASCII; NUL parity alone is fooled by 一 U+4E00 and 开 U+5F00, whose low
byte is 0); strict UTF-8; UTF-8 with a few bad bytes (at most 4, or 1%: every legacy codec would
read such a file as garbage); GB18030 against Big5 (and BOM-less UTF-16 without any NUL) decided
by which decodes strictly and yields more common simplified/traditional characters; last,
charset-normalizer. Bytes that do not decode and control characters (NUL …) are
replaced by U+FFFD and reported as an :class:`kg.types.InputWarning` (``strict=True`` rejects the
input instead); a file of mostly such bytes is "binary or undecodable". The decoded text is
otherwise kept exactly as decoded (no newline or space normalization; one character for one
character): offsets downstream point into it.

JSON Lines objects are checked before anything is built: ``id`` and ``text`` strings, a
``published`` ISO date between 1900-01-01 and 2100-12-31 (:data:`PUBLISHED_RANGE`), JSON nested no
deeper than Python can parse; lone surrogates in ``text`` (``"\\ud800"``) are replaced and reported
like bad bytes.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.types import Document, InputError, InputWarning

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".json-lines"}

# The 500 most frequent characters of modern Chinese, simplified and traditional. A wrong decoding
# (Big5 bytes read as GB18030 or the reverse) yields mostly rare characters, so the share of
# common ones tells the right codec even for a single sentence.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
    "看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料"
    "象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶"
    "油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议"
    "声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何"
    "除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严龙飞"
)
_COMMON_TRADITIONAL = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說"
    "產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體製機當使"
    "點從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明"
    "看原又麼利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料"
    "象員革位入常文總次品式活設及管特件長求老頭基資邊流路級少圖山統接知較將組見計別她手角期根論運農指"
    "幾九區強放決西被幹做必戰先回則任取據處隊南給色光門即保治北造百規熱領七海口東導器壓志世金增爭濟階"
    "油思術極交受聯什認六共權收證改清己美再採轉更單風切打白教速花帶安場身車例真務具萬每目至達走積示議"
    "聲報鬥完類八離華名確才科張信馬節話米整空元況今集溫傳土許步群廣石記需段研界拉林律叫且究觀越織裝影"
    "算低持音眾書布復容兒須際商非驗連斷深難近礦千週委素技備半辦青省列習響約支般史感勞便團往酸歷市克何"
    "除消構府稱太準精值號率族維劃選標寫存候毛親快效斯院查江型眼王按格養易置派層片始卻專狀育廠京識適屬"
    "圓包火住調滿縣局照參紅細引聽該鐵價嚴龍飛"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED) | frozenset(_COMMON_TRADITIONAL)
_CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》【】…—·「」『』　")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUBLISHED_RANGE = (date(1900, 1, 1), date(2100, 12, 31))
REPLACEMENT = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _control_ratio(text: str) -> float:
    """Share of characters that never occur in text: C0/C1 controls other than tab, newlines and
    NEL (U+0085, a line break), and the replacement and private-use characters that wrong decodings
    produce."""
    if not text:
        return 0.0
    bad = 0
    for ch in text:
        o = ord(ch)
        if (o < 32 and ch not in "\t\n\r\f\v") or (0x7F <= o < 0xA0 and o != 0x85) or o == 0xFFFD \
                or 0xE000 <= o <= 0xF8FF:
            bad += 1
    return bad / len(text)


def _cjk_score(text: str) -> float:
    """How much ``text`` looks like Chinese: share of its non-ASCII characters that are common
    Chinese characters or Chinese punctuation."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.0
    good = sum(1 for ch in non_ascii if ch in _COMMON or ch in _CJK_PUNCT)
    return good / len(non_ascii)


def _readable(text: str) -> float:
    """Share of all characters that are printable ASCII, whitespace, common Chinese characters or
    Chinese punctuation: UTF-16 read in the wrong byte order (or UTF-8 read as UTF-16) scores near
    0, real text of any language mixing ASCII and Chinese well above one half."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if (" " <= ch <= "~") or ch in "\t\n\r" or ch in _COMMON or ch in _CJK_PUNCT
               or "\uff01" <= ch <= "\uff5e")
    return good / len(text)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: both byte orders decoded strictly; the one that reads as text (more than
    half its characters readable, almost no control characters) and better than the other wins."""
    if len(data) < 4 or len(data) % 2:
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is None or _control_ratio(text) >= 0.02:
            continue
        score = _readable(text)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec, and how many bad bytes or control characters were replaced by
    U+FFFD (``first_bad``: the character offset of the first)."""

    text: str
    encoding: str
    replaced: int = 0
    first_bad: int | None = None

    def warning(self, where: str) -> InputWarning | None:
        if not self.replaced:
            return None
        what = "byte sequence" if self.replaced == 1 else "byte sequences"
        return InputWarning(where, f"{self.replaced} {what} not valid {self.encoding} or control "
                                   f"character(s) replaced by U+FFFD (first at character {self.first_bad}); "
                                   "--strict rejects such input")


def _few(bad: int, size: int) -> bool:
    """A few bad bytes: at most 4, or 1% of the input."""
    return bad <= max(4, size // 100)


def _clean_controls(decoded: Decoded) -> Decoded:
    """Replace control characters (NUL, ESC …; tab, newlines and form feed stay) one for one."""
    found = list(_CONTROL.finditer(decoded.text))
    if not found:
        return decoded
    first = min(found[0].start(), decoded.first_bad if decoded.first_bad is not None else len(decoded.text))
    return Decoded(_CONTROL.sub(REPLACEMENT, decoded.text), decoded.encoding, decoded.replaced + len(found), first)


def _with_replacement(data: bytes, codec: str) -> Decoded:
    text = data.decode(codec, "replace")
    genuine = data.count("\ufffd".encode(codec)) if codec.startswith("utf") else 0
    bad = text.count(REPLACEMENT) - genuine
    return Decoded(text, codec, bad, text.find(REPLACEMENT) if bad else None)


def decode_report(data: bytes) -> Decoded:
    """Decode the bytes of a text file (see the module's docstring for the order of the tests).
    Raise ValueError with a short reason ("binary or undecodable file") when the bytes are not
    text."""
    decoded = _decode(data)
    if _control_ratio(decoded.text) > 0.05:
        raise ValueError("binary or undecodable file")
    return _clean_controls(decoded)


def _decode(data: bytes) -> Decoded:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is not None and _control_ratio(text) < 0.02:
                return Decoded(text, "utf-8-sig" if codec == "utf-8" else codec)
            if codec == "utf-8":
                repaired = _with_replacement(data[len(bom):], codec)
                if _few(repaired.replaced, len(data)):
                    return Decoded(repaired.text, "utf-8-sig", repaired.replaced, repaired.first_bad)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return Decoded(*utf16)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    repaired = _with_replacement(data, "utf-8")
    if _few(repaired.replaced, len(data)) and _control_ratio(repaired.text) <= 0.05:
        return repaired  # UTF-8 with a few bad bytes: every legacy codec reads it as garbage
    candidates: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5", "cp950", "big5hkscs"):
        text = _strict(data, codec)
        if text is not None and _control_ratio(text) <= 0.05:
            candidates.append((_cjk_score(text), codec, text))
    utf16 = _utf16_without_bom(data)  # UTF-16 of Chinese without one ASCII character: no NUL at all
    if utf16 is not None:
        candidates.append((_cjk_score(utf16[0]), utf16[1], utf16[0]))
    if candidates:
        # gb18030 first on ties: max keeps the first of equals, in the listed order
        best = max(candidates, key=lambda c: c[0])
        if best[0] >= 0.3:
            return Decoded(best[2], best[1])
    try:  # a statistical detector (Japanese, Korean, Cyrillic, Latin-1 …)
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:  # pragma: no cover - detector failure is just "undecodable"
        match = None
    if match is not None:
        text = str(match)
        if text and _control_ratio(text) <= 0.01:
            return Decoded(text, match.encoding)
    if candidates:
        best = max(candidates, key=lambda c: c[0])
        if best[0] > 0:
            return Decoded(best[2], best[1])
    raise ValueError("binary or undecodable file")


def decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, codec name). See :func:`decode_report`."""
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


def check_published(value: date | None, what: str = "publication date") -> date | None:
    """``value`` when it lies in PUBLISHED_RANGE; else ValueError saying so."""
    low, high = PUBLISHED_RANGE
    if value is not None and not low <= value <= high:
        raise ValueError(f"{what} {value.isoformat()} is outside {low.isoformat()} .. {high.isoformat()}")
    return value


def text_document(data: bytes, where: str, doc_id: str, published: date | None = None, strict: bool = False,
                  errors: list[InputError] | None = None) -> Document:
    """The Document of a plain-text file's bytes; raises InputError when it cannot be used; repairs
    (bytes replaced) go to ``errors`` as an InputWarning, or reject the file with ``strict``."""
    try:
        decoded = decode_report(data)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    warning = decoded.warning(where)
    if warning is not None:
        if strict:
            raise InputError(where, f"{decoded.replaced} byte sequence(s) not valid {decoded.encoding} or control "
                                    f"character(s), first at character {decoded.first_bad} (--strict)")
        _report(warning, errors)
    if not decoded.text.strip(" \t\r\n\f\v\u3000\ufeff\u00a0\u200b\ufffd"):
        raise InputError(where, "empty")
    return Document(doc_id=doc_id, text=decoded.text, path=where, encoding=decoded.encoding, published=published)


def read_text_file(path: Path, doc_id: str, published: date | None = None, strict: bool = False,
                   errors: list[InputError] | None = None) -> Document:
    """One plain-text file as a Document; raises InputError when it cannot be used."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None
    return text_document(data, where, doc_id, published, strict, errors)


def _article_from_json(obj: object) -> dict:
    """Validate one JSON Lines object; return the Document fields or raise ValueError."""
    if not isinstance(obj, dict):
        raise ValueError(f"not an article object (a JSON {type(obj).__name__})")
    doc_id = obj.get("id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise ValueError("missing or non-string 'id'")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"article {doc_id!r}: missing, empty or non-string 'text'")
    fields = {"doc_id": doc_id, "text": text}
    for key in ("title", "source"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"article {doc_id!r}: '{key}' must be a string")
        fields[key] = value or None
    published = obj.get("published")
    if published is not None:
        if not isinstance(published, str) or not _ISO_DATE.match(published):
            raise ValueError(f"article {doc_id!r}: bad 'published' date {published!r} (want YYYY-MM-DD)")
        try:
            fields["published"] = date.fromisoformat(published)
        except ValueError:
            raise ValueError(f"article {doc_id!r}: bad 'published' date {published!r}") from None
        check_published(fields["published"], f"article {doc_id!r}: 'published'")
    return fields


def _no_surrogates(value: str | None) -> tuple[str | None, int, int | None]:
    """``value`` with lone surrogates (JSON ``"\\ud800"`` escapes that pair with nothing) replaced:
    (text, how many, first offset)."""
    if value is None:
        return None, 0, None
    found = list(_SURROGATE.finditer(value))
    if not found:
        return value, 0, None
    return _SURROGATE.sub(REPLACEMENT, value), len(found), found[0].start()


def jsonl_document(raw: bytes, where: str, path: str, line: int, seen: set[str], strict: bool = False,
                   errors: list[InputError] | None = None) -> Document:
    """The Document of one non-blank JSON Lines line (bytes without the newline); raises InputError
    when the line is not an article. ``seen`` holds the ids met so far (duplicates are errors)."""
    try:
        text = raw.decode("utf-8")
        replaced, first = 0, None
    except UnicodeDecodeError:
        repaired = _with_replacement(raw, "utf-8")
        if strict or not _few(repaired.replaced, len(raw)):
            raise InputError(where, "line is not valid UTF-8") from None
        text, replaced, first = repaired.text, repaired.replaced, repaired.first_bad
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply to read") from None
    try:
        fields = _article_from_json(obj)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    for key in ("text", "title", "source"):
        fields[key], n, at = _no_surrogates(fields.get(key))
        if n and strict:
            raise InputError(where, f"article {fields['doc_id']!r}: '{key}' holds {n} lone surrogate(s) (--strict)")
        if n:
            _report(InputWarning(where, f"article {fields['doc_id']!r}: {n} lone surrogate(s) in '{key}' replaced by "
                                        f"U+FFFD (first at character {at}); --strict rejects such input"), errors)
    if replaced:
        _report(Decoded(text, "utf-8", replaced, first).warning(where), errors)
    if fields["doc_id"] in seen:
        raise InputError(where, f"duplicate id {fields['doc_id']!r}")
    seen.add(fields["doc_id"])
    return Document(path=path, line=line, encoding="utf-8", **fields)


def iter_jsonl(path: Path, errors: list[InputError] | None = None,
               seen_ids: set[str] | None = None, strict: bool = False) -> Iterator[Document]:
    """Documents of a JSON Lines file, one per non-blank line; bad lines become InputErrors
    ("path:N: reason") and the other lines still come through."""
    where = str(path)
    try:
        handle = path.open("rb")  # streamed line by line: an archive of any size in constant memory
    except OSError as exc:
        _report(InputError(where, f"cannot read file ({exc.strerror or exc})"), errors)
        return
    seen = seen_ids if seen_ids is not None else set()
    nonblank = 0
    with handle:
        for n, raw in enumerate(handle, start=1):
            raw = raw[:-1] if raw.endswith(b"\n") else raw
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            nonblank += 1
            try:
                yield jsonl_document(raw, f"{where}:{n}", where, n, seen, strict, errors)
            except InputError as err:
                _report(err, errors)
    if nonblank == 0:
        _report(InputError(where, "empty"), errors)


def _report(err: InputError | None, errors: list[InputError] | None) -> None:
    if err is None:
        return
    if errors is None:
        if isinstance(err, InputWarning):
            return  # nobody to tell: the input was repaired and is used
        raise err
    errors.append(err)


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if path.name.lower().endswith(".json-lines") or suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _walk(folder: Path) -> list[tuple[Path, str]]:
    """Input files below ``folder``: (path, posix path relative to folder), sorted, no hidden."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if _kind(p) is not None and p.is_file():
                found.append((p, p.relative_to(folder).as_posix()))
    found.sort(key=lambda item: item[1])
    return found


def iter_documents(paths: Iterable[str | Path], published: date | None = None,
                   errors: list[InputError] | None = None, strict: bool = False) -> Iterator[Document]:
    """Stream Documents from files, folders (recursive) and JSON Lines files.

    ``published`` dates plain-text documents (JSONL objects carry their own). A file given
    directly is read as JSON Lines when its suffix says so, else as plain text; its doc_id is its
    file name. Files found in a folder get the path relative to that folder as doc_id. ``strict``
    rejects inputs with bytes that do not decode instead of repairing them.
    """
    check_published(published)
    seen_ids: set[str] = set()
    for arg in paths:
        path = Path(arg)
        if not path.exists():
            _report(InputError(str(arg), "no such file or directory"), errors)
            continue
        if path.is_dir():
            files = _walk(path)
            if not files:
                _report(InputError(str(arg), "folder holds no .txt/.md/.jsonl input files"), errors)
            for file, rel in files:
                yield from _one_file(file, rel, published, errors, seen_ids, strict)
        else:
            yield from _one_file(path, path.name, published, errors, seen_ids, strict)


def _one_file(path: Path, doc_id: str, published: date | None,
              errors: list[InputError] | None, seen_ids: set[str], strict: bool) -> Iterator[Document]:
    if _kind(path) == "jsonl":
        yield from iter_jsonl(path, errors, seen_ids, strict)
        return
    try:
        yield read_text_file(path, doc_id, published, strict, errors)
    except InputError as err:
        _report(err, errors)


def count_documents(paths: Iterable[str | Path]) -> int:
    """How many Documents :func:`iter_documents` will give, at most (a text file is one, a JSON
    Lines file one a line): for a progress bar's total. Counting newlines reads about 1 GB/s."""
    total = 0
    for arg in paths:
        path = Path(arg)
        files = [f for f, _ in _walk(path)] if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if _kind(file) != "jsonl":
                total += 1
                continue
            try:
                with file.open("rb") as f:
                    last = b"\n"
                    for block in iter(lambda: f.read(1 << 20), b""):
                        total += block.count(b"\n")
                        last = block[-1:]
                    total += last != b"\n"
            except OSError:
                pass
    return total
