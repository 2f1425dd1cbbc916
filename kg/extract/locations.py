"""locatedIn: a named site or organisation and the place or address the text puts it in.

The frame (cue words are data: kg/resources/lexicon/frames.toml, [locatedIn]):

    位于苏州古城东北隅的某街区           -> 街区 locatedIn 苏州古城东北隅  (位于 ADDRESS 的 THING)
    某基地位于新疆… / 新馆坐落于成都…    -> THING locatedIn ADDRESS; the thing is the name before the
                                            cue, a definite description that points back to one
                                            (新馆, 博物馆, 该公司), or the name the sentence opens with
    某县位于某省东北部 / 位于某省西部的某县 -> a place too, where it opens the clause right before the
                                            cue or follows the address's 的
    某馆坐落于某区的某园                 -> 馆 locatedIn 园, and 园 locatedIn 某区
    某馆在某村落成 / 某公司在某区落户     -> THING 在 PLACE + a verb of settling
    古城内的某衙署 / 某段入口处的某水库   -> PLACE (内|address tail)? 的 THING
    宜阳县福昌村，…                       -> 福昌村 locatedIn 宜阳县 (a site named with its divisions)

The address is what the text gives: a named place or site, with what follows it up to 的 or the
end of the clause (东北隅, 入口处, 南岸). A list of addresses (A、B) gives the first that is named.
"""
from __future__ import annotations

from kg.extract import Extractor, register
from kg.extract._events import quoted_name
from kg.nlp.coref import definite_reference, without_divisions
from kg.nlp.lexicon import lexicon
from kg.nlp.mention_index import MentionIndex
from kg.types import ORGANIZATION, PLACE, SITE, Mention, Relation

THINGS = (SITE, ORGANIZATION)
WHERE = (PLACE, SITE)
CLAUSE_END = "，。；：！？,;:!?\n"
ADVERBS = ("则", "就", "正", "也", "均", "都", "现", "目前", "如今", "是")   # (某公司是落户在某县的一家企业)
MAX_ADDRESS = 24


def _frame() -> dict[str, list[str]]:
    return lexicon().frames["locatedIn"]


@register("locatedIn")
class LocationExtractor(Extractor):
    version = "2"

    def __call__(self, doc):
        text = doc._.article.text
        mentions = MentionIndex.of(doc)
        frame = _frame()
        cue_re = lexicon().frame_re("locatedIn", "cues")
        seen: set[tuple[str, str]] = set()
        for sent in doc._.sentences:
            inside = mentions.within(sent.start, sent.end)
            for found in self._cued(text, sent, inside, mentions, cue_re):
                key = (found[0].text, found[1].text)
                if key not in seen:
                    seen.add(key)
                    yield self._relation(doc, sent, *found)
            for found in self._settled(text, sent, inside, frame):
                key = (found[0].text, found[1].text)
                if key not in seen:
                    seen.add(key)
                    yield self._relation(doc, sent, *found)
            for found in self._compound(text, sent, inside, frame):
                key = (found[0].text, found[1].text)
                if key not in seen:
                    seen.add(key)
                    yield self._relation(doc, sent, *found)
            for found in self._possessive(text, sent, inside, mentions, frame):
                key = (found[0].text, found[1].text)
                if key not in seen:
                    seen.add(key)
                    yield self._relation(doc, sent, *found)

    def _relation(self, doc, sent, thing: Mention, place: Mention, start: int, end: int) -> Relation:
        return Relation("locatedIn", thing, place, self.evidence(doc, sent, start, end, confidence=0.9))

    # -- 位于 / 坐落于 / 地处 / 落户 ----------------------------------------------------------
    def _cued(self, text, sent, inside, mentions, cue_re):
        for cue in cue_re.finditer(text, sent.start, sent.end):
            address = _address(text, inside, cue.end(), sent.end)
            if address is None:
                continue
            place, stop = address
            inner = _longest_at(inside, stop + 1, THINGS + (PLACE,)) if text[stop:stop + 1] == "的" else None
            before = _subject_before(text, sent, inside, mentions, cue.start())
            if inner is not None and before is not None and before.type in THINGS \
                    and inner.text not in (before.text, place.text) and not _contains(inner, before):
                # 某馆坐落于某区的某园: the museum is in the park, the park in the district
                yield before, inner, before.start, inner.end
            thing = inner                               # 位于 ADDRESS 的 THING
            if thing is None:                          # THING 位于 ADDRESS
                thing = before
            if thing is None and text[stop:stop + 1] == "的":   # 坐落在某县的“中国天眼”
                thing = quoted_name(text, stop + 1, sent.end)
            if thing is None or thing.text == place.text or _contains(place, thing):
                continue
            yield thing, place, min(thing.start, cue.start()), max(thing.end, place.end)

    # -- 某馆在某村落成 ------------------------------------------------------------------------
    def _settled(self, text, sent, inside, frame):
        verbs = frame["settle"]
        for place in inside:
            if place.type not in WHERE or text[place.start - 1:place.start] != "在":
                continue
            if not any(text.startswith(v, place.end) for v in verbs):
                continue
            if _longest_at(inside, place.start, WHERE) is not place:
                continue
            at = place.start - 1
            thing = _name_ending(inside, _skip_back_time(text, sent.start, at), THINGS)
            if thing is None or _contains(place, thing):
                continue
            yield thing, place, thing.start, place.end

    # -- 宜阳县福昌村，…: a sentence opens with a settlement named with its divisions -----------
    def _compound(self, text, sent, inside, frame):
        at = sent.start + (1 if text.startswith("在", sent.start) else 0)
        site = _longest_at(inside, at, (SITE,))
        if site is None or text[site.end:site.end + 1] not in "，," or not site.text.endswith(tuple(frame["settlements"])):
            return
        core = without_divisions(site.text)
        if core is None:
            return
        for town in lexicon().town_suffixes:   # 茅坪镇神山村: the village, in the town and what is above it
            cut = core.rfind(town)
            if 0 < cut < len(core) - len(town) - 1:
                core = core[cut + len(town):]
                break
        cut = site.end - len(core)
        yield Mention(core, SITE, cut, site.end), Mention(text[site.start:cut], PLACE, site.start, cut), site.start, site.end

    # -- 古城内的某衙署 / 某段入口处的某水库 ----------------------------------------------------
    def _possessive(self, text, sent, inside, mentions, frame):
        tails = frame["address_tails"]
        for thing in inside:
            if thing.type not in THINGS or text[thing.start - 1:thing.start] != "的":
                continue
            if _longest_at(inside, thing.start, THINGS) is not thing:
                continue
            de = thing.start - 1
            tail = next((t for t in tails if text.startswith(t, de - len(t)) and de - len(t) >= sent.start), "")
            end = de - len(tail)
            place = _name_ending(inside, end, WHERE)
            if place is None:   # 古城内的: a definite description of a site named before
                ref = _reference_ending(text, mentions, end, sent.start)
                if ref is None or ref.type not in WHERE:
                    continue
                place = ref
                begin = end - _bare_length(text, end, ref)
            else:
                begin = place.start
            if not _opens_phrase(text, sent, begin) or _contains(place, thing) or place.text == thing.text:
                continue
            label = text[begin:de] if tail and tail not in frame["inside"] else place.text
            if label != place.text:
                place = Mention(label, PLACE, begin, de)
            yield thing, place, begin, thing.end


def _address(text: str, inside: list[Mention], start: int, limit: int) -> tuple[Mention, int] | None:
    """The address that begins at ``start``: a named place or site and what follows it up to 的 or
    the end of the clause; in a list (A、B), the first named one. Returns it and where it stops."""
    stop = start
    while stop < limit and stop - start <= MAX_ADDRESS and text[stop] not in CLAUSE_END and text[stop] != "的":
        stop += 1
    if stop - start > MAX_ADDRESS or stop == start:
        return None
    parts, at = [], start
    for piece in text[start:stop].split("、"):
        parts.append((at, at + len(piece)))
        at += len(piece) + 1
    for a, b in parts:
        head = _longest_at(inside, a, WHERE)
        if head is None or head.end > b:
            continue
        if b == head.end:
            return head, stop
        rest = text[head.end:b]
        frame = _frame()
        if rest.endswith(tuple(frame["address_tails"])) or rest.endswith(tuple(frame["address_units"])) \
                or _covered(inside, head.end, b):
            return Mention(text[a:b], PLACE, a, b), stop
        return head, stop
    return None


def _subject_before(text, sent, inside, mentions, cue: int) -> Mention | None:
    """The thing a 位于 clause is about: the name right before the cue (past adverbs and a
    bracket), a definite description (新馆, 该公司), or the name the sentence opens with when the
    cue opens a clause."""
    at = cue
    for adverb in ADVERBS:
        if text.startswith(adverb, at - len(adverb)):
            at -= len(adverb)
            break
    if text[at - 1:at] in "）)":
        opened = text.rfind("（", sent.start, at)
        if opened > 0:
            at = opened
    named = _name_ending(inside, at, THINGS + (PLACE,))
    if named is not None and (named.type != PLACE or text[at:cue] == "" and _opens_phrase(text, sent, named.start)):
        return named   # 某县位于某省东北部: a place too, named right before the cue at the clause's start
    ref = _reference_ending(text, mentions, at, sent.start)
    if ref is not None and ref.type in THINGS:
        return ref
    if text[at - 1:at] in "，," or at == sent.start:
        first = _longest_at(inside, sent.start, THINGS)
        if first is not None and first.end < cue:
            return first
    return None


def _reference_ending(text: str, mentions: list[Mention], end: int, floor: int) -> Mention | None:
    """A definite description (新馆, 博物馆, 该公司) that ends at ``end`` and opens its phrase."""
    for start in range(max(floor, end - 5), end):
        found = definite_reference(text, mentions, start)
        if found is not None and found[1] == end and _opens_phrase(text, None, start, floor):
            return found[0]
    return None


def _bare_length(text: str, end: int, ref: Mention) -> int:
    """How many characters before ``end`` the definite description of ``ref`` takes."""
    for n in range(1, 6):
        if ref.text.endswith(text[end - n:end]) and not ref.text.endswith(text[end - n - 1:end]):
            return n
    return 1


def _opens_phrase(text: str, sent, pos: int, floor: int | None = None) -> bool:
    """Does a phrase open at ``pos``: the start of the sentence or of a clause, or after a
    preposition or a verb of going (从, 在, 走进, 来到)?"""
    floor = sent.start if sent is not None else floor
    if pos <= floor:
        return True
    before = text[pos - 1]
    if before in CLAUSE_END or before in "“（(":
        return True
    return any(text.endswith(w, 0, pos) for w in ("从", "在", "到", "走进", "来到", "前往", "赴", "对", "把", "将", "于"))


def _covered(mentions: list[Mention], start: int, end: int) -> bool:
    """Is [start, end) a run of places and sites (新疆哈密)?"""
    at = start
    while at < end:
        nxt = _longest_at(mentions, at, WHERE)
        if nxt is None or nxt.end > end:
            return False
        at = nxt.end
    return True


def _skip_back_time(text: str, floor: int, pos: int) -> int:
    """Before 在: past a date or time word (某馆2023年在某村落成)."""
    at = pos
    while at > floor and (text[at - 1].isdigit() or text[at - 1] in "年月日号"):
        at -= 1
    return at


def _name_ending(mentions: list[Mention], end: int, types) -> Mention | None:
    ending = [m for m in mentions if m.end == end and m.type in types]
    return max(ending, key=lambda m: m.end - m.start) if ending else None


def _longest_at(mentions: list[Mention], start: int, types=None) -> Mention | None:
    at = [m for m in mentions if m.start == start and (types is None or m.type in types)]
    return max(at, key=lambda m: m.end - m.start) if at else None


def _contains(outer: Mention, inner: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
