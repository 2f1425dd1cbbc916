"""Ingest: read input files and folders into :class:`kg.types.Document` records.

Inputs are plain-text articles or pages (.txt, .text, .md or no suffix) and JSON Lines files
(.jsonl, .json-lines; one article object a line). Folders are walked recursively in sorted order,
hidden files and folders are skipped. One bad input never stops the stream: it becomes an
:class:`kg.types.InputError` (appended to ``errors`` or, when no list is given, raised).

Plain text is decoded by :func:`decode`, which does not trust a statistical detector on short
Chinese text: strict UTF-8 first, then byte-order marks, then BOM-less UTF-16 recognised by its
NUL-byte pattern, then GB18030 against Big5 decided by which decodes strictly and yields more
common simplified/traditional characters; charset-normalizer is only the last resort. The decoded
text is kept exactly as decoded (no newline or space normalization): offsets downstream point
into it.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.types import Document, InputError

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


def _control_ratio(text: str) -> float:
    """Share of characters that never occur in text: C0/C1 controls other than tab/newlines, and
    the replacement and private-use characters that wrong decodings produce."""
    if not text:
        return 0.0
    bad = 0
    for ch in text:
        o = ord(ch)
        if (o < 32 and ch not in "\t\n\r\f\v") or 0x7F <= o < 0xA0 or o == 0xFFFD or 0xE000 <= o <= 0xF8FF:
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


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 when NUL bytes sit on one parity only (ASCII and newlines of
    UTF-16 text have a zero high byte)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    units = len(data) // 2
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= max(1, units // 20) and other <= zeros // 10:
            text = _strict(data, codec)
            if text is not None and _control_ratio(text) < 0.02:
                return text
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, codec name). Raise ValueError with a short
    reason ("binary or undecodable file") when the bytes are not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
        if text is not None:
            return text, "utf-8-sig"
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is not None and _control_ratio(text) < 0.02:
                return text, codec
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
            return text, codec
        raise ValueError("binary or undecodable file")
    text = _strict(data, "utf-8")
    if text is not None:
        if _control_ratio(text) > 0.05:
            raise ValueError("binary or undecodable file")
        return text, "utf-8"
    candidates: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5", "cp950", "big5hkscs"):
        text = _strict(data, codec)
        if text is not None and _control_ratio(text) <= 0.05:
            candidates.append((_cjk_score(text), codec, text))
    if candidates:
        # gb18030 first on ties: sort by score, keeping the listed order among equals
        best = max(candidates, key=lambda c: c[0])
        if best[0] >= 0.3:
            return best[2], best[1]
    try:  # last resort: a statistical detector (Japanese, Korean, Cyrillic, Latin-1 …)
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:  # pragma: no cover - detector failure is just "undecodable"
        match = None
    if match is not None:
        text = str(match)
        if text and _control_ratio(text) <= 0.01:
            return text, match.encoding
    if candidates:
        best = max(candidates, key=lambda c: c[0])
        if best[0] > 0:
            return best[2], best[1]
    raise ValueError("binary or undecodable file")


def read_text_file(path: Path, doc_id: str, published: date | None = None) -> Document:
    """One plain-text file as a Document; raises InputError when it cannot be used."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read file ({exc.strerror or exc})") from None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    if not text.strip(" \t\r\n\f\v\u3000\ufeff\u00a0\u200b"):
        raise InputError(where, "empty")
    return Document(doc_id=doc_id, text=text, path=where, encoding=encoding, published=published)


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
    return fields


def iter_jsonl(path: Path, errors: list[InputError] | None = None,
               seen_ids: set[str] | None = None) -> Iterator[Document]:
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
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                _report(InputError(f"{where}:{n}", "line is not valid UTF-8"), errors)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                _report(InputError(f"{where}:{n}", f"not valid JSON ({exc.msg} at column {exc.colno})"), errors)
                continue
            try:
                fields = _article_from_json(obj)
            except ValueError as exc:
                _report(InputError(f"{where}:{n}", str(exc)), errors)
                continue
            if fields["doc_id"] in seen:
                _report(InputError(f"{where}:{n}", f"duplicate id {fields['doc_id']!r}"), errors)
                continue
            seen.add(fields["doc_id"])
            yield Document(path=where, line=n, encoding="utf-8", **fields)
    if nonblank == 0:
        _report(InputError(where, "empty"), errors)


def _report(err: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
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
                   errors: list[InputError] | None = None) -> Iterator[Document]:
    """Stream Documents from files, folders (recursive) and JSON Lines files.

    ``published`` dates plain-text documents (JSONL objects carry their own). A file given
    directly is read as JSON Lines when its suffix says so, else as plain text; its doc_id is its
    file name. Files found in a folder get the path relative to that folder as doc_id.
    """
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
                yield from _one_file(file, rel, published, errors, seen_ids)
        else:
            yield from _one_file(path, path.name, published, errors, seen_ids)


def _one_file(path: Path, doc_id: str, published: date | None,
              errors: list[InputError] | None, seen_ids: set[str]) -> Iterator[Document]:
    if _kind(path) == "jsonl":
        yield from iter_jsonl(path, errors, seen_ids)
        return
    try:
        yield read_text_file(path, doc_id, published)
    except InputError as err:
        _report(err, errors)
