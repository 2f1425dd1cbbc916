"""jieba's dictionary as the pipeline configures it, loaded once per process and quickly.

The pipeline's segmentation is jieba's dictionary (about 350,000 words) plus the project's words
(titles, organs, meeting words: :func:`configure`); the rules and the NER model also read the
part of speech jieba's dictionary gives each word (:func:`pos_tags`). Built the ordinary way
that costs most of a short build: jieba reads its prefix dictionary (498,000 entries) from its own
cache file one object at a time, each added word updates it, and ``jieba.posseg`` parses the
whole dictionary file again for the tags - about 2 CPU-seconds here before the first article.

So the configured state (jieba's word -> frequency table with the project's words in it, the
total, and the tags) is kept in the per-user cache of :mod:`kg.cache`, one entry per jieba
installation, and read back in one piece: a sorted table of words with frequency and tag columns
(kg/nlp/wordtable.py), which ``jieba.dt.FREQ`` and :func:`pos_tags` are mappings over; their dicts
are built only once a process has looked up enough words (or by :func:`index`). Its key names
what it was built from (jieba's version and dictionary file, the added words and their
frequency); anything else rebuilds it.

The segmentation itself (:func:`cut`) runs in rjieba (jieba-rs, the same algorithm and
dictionary compiled: about 15x faster than jieba's Python) once a process has cut
:data:`RJIEBA_AFTER` characters (or :func:`index` asks for it); before that jieba itself cuts,
since loading rjieba's own dictionary costs more (0.2 CPU-s) than jieba takes to cut an article.
rjieba is configured with the same words so that it gives jieba's words exactly
(tests/test_segmenter.py compares the two on real text):

- jieba's ``add_word`` adds a word's frequency to the total even when the word was already in
  the dictionary, where jieba-rs first takes the old frequency off; the total (which weighs every
  path through a sentence) is made the same by one padding entry of that difference, a string of
  private-use characters that no text can match;
- in HMM mode jieba-rs reads ``2024-2026`` as one word (its pattern for Latin letters and digits
  has an unescaped dot: any character joins two numbers) where jieba gives 2024, -, 2026; a text
  with a letter or digit, one of ``-+#&_%`` and a digit has those blocks cut again by jieba.

Where other code loaded jieba or gave it words before the pipeline configured it, or gives it
words afterwards (``jieba.add_word``, which raises jieba's total), rjieba cannot know that state:
the segmentation is then jieba's own from there on (slower, the same words). A word taken out
with ``jieba.del_word`` (which leaves the total as it is) is not noticed.
"""
from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
from pathlib import Path
from typing import Iterable, Mapping

from kg import cache
from kg.nlp.wordtable import Column, WordTable


def _import_jieba():
    """jieba, imported without ``pkg_resources``: jieba imports that (deprecated, 0.2 CPU-s) only
    to open its own data files, and opens them by path when it is missing."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None          # makes `import pkg_resources` fail inside jieba
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


log = logging.getLogger(__name__)
jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr otherwise

FORMAT = 4                          # of the cached value
_lock = threading.Lock()
_configured: tuple[tuple[str, ...], int] | None = None
_tags: Mapping[str, str] | None = None
_pad = 0                            # the old frequencies of the added words (see the module's notes)
_total = 0                          # jieba's total when configured (rjieba's, once given the same words)
PAD_WORD = "\ue000\ue001"           # private-use characters: in no text, in no block jieba cuts
# jieba's blocks (re_han_default) and what jieba-rs cuts otherwise in HMM mode (see the notes)
_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")
_JOINED = re.compile(r"[a-zA-Z0-9][-+#&_%]\d")


def _dictionary_file() -> Path:
    return Path(jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt"))


def _cache_entry(words: tuple[str, ...], freq: int) -> tuple[str, str]:
    """The cache entry's name (one per jieba dictionary file) and key."""
    path = _dictionary_file()
    stat = path.stat()
    text = "\n".join([f"format {FORMAT}", f"jieba {jieba.__version__}", str(path), str(stat.st_size),
                      str(stat.st_mtime_ns), f"freq {freq}", *words])
    name = "jieba-" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]
    return name, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_tags(path: Path) -> dict[str, str]:
    """word -> part of speech, every line of jieba's dictionary file (as jieba.posseg reads it)."""
    tags, intern = {}, sys.intern       # some 60 tags: one string each
    for line in path.read_text(encoding="utf-8").split("\n"):
        line = line.strip()
        if line:
            word, _, tag = line.split(" ")
            tags[word] = intern(tag)
    return tags


def _restore(value) -> bool:
    """Sets jieba's dictionary and the tags from a cached value; False if it is not one. The
    frequencies and tags are the columns of one sorted table (kg/nlp/wordtable.py): no dict of
    half a million words is built until a process asks enough to need one."""
    global _tags, _pad
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], int) and isinstance(value[2], int)):
        return False
    try:
        table = WordTable.unpack(value[0])
    except ValueError:
        return False
    jieba.dt.FREQ, jieba.dt.total, _tags, _pad = table.frequencies(), value[1], table.tags(), value[2]
    jieba.dt.initialized = True
    return True


def _snapshot() -> tuple:
    """What the cache keeps: the frequencies and tags as one sorted table, jieba's total and the pad."""
    return WordTable.of(jieba.dt.FREQ, _tags).pack(), jieba.dt.total, _pad


def index() -> None:
    """Readies this process for many articles now (a pool's fork server) rather than after
    enough of them: the dicts of the frequencies and tags built (:data:`kg.nlp.wordtable.INDEX_AFTER`
    look-ups), rjieba loaded (:data:`RJIEBA_AFTER` characters)."""
    configure_project()
    for column in (jieba.dt.FREQ, pos_tags()):
        if isinstance(column, Column):
            column.index()
    with _lock:
        if _rjieba_words is not None and jieba.dt.total == _total:
            _load_rjieba()


def configure(words: Iterable[str], freq: int) -> None:
    """jieba's dictionary with ``words`` added at frequency ``freq``, once per process (a second
    call with the same words does nothing; jieba's own add_word would count them twice in its
    total, which moves the segmentation)."""
    global _configured, _tags, _pad
    wanted = (tuple(sorted(set(words))), int(freq))
    with _lock:
        if _configured == wanted:
            return
        if _configured is not None:
            raise RuntimeError("jieba's dictionary is already configured with other words in this process")
        name, key = _cache_entry(*wanted)
        fresh = not jieba.dt.initialized
        if not (fresh and _restore(cache.load(name, key))):
            jieba.dt.check_initialized()
            _pad = sum(jieba.dt.FREQ.get(word, 0) for word in wanted[0])
            for word in wanted[0]:
                jieba.add_word(word, freq=wanted[1])
            _tags = _read_tags(_dictionary_file())
            if fresh:         # jieba had nothing added by anyone else: the state is the cacheable one
                try:
                    cache.save(name, key, _snapshot())
                except ValueError as exc:      # a word the table cannot hold: not cached, only slower
                    log.debug("jieba's dictionary not cached: %s", exc)
        _segmenter(wanted if fresh else None)
        _configured = wanted


def project_words() -> list[str]:
    """The words the project adds to jieba's dictionary: titles, organs and meeting words of the
    lexicon (kg/resources/lexicon/), each at :data:`PROJECT_FREQ`."""
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    return lx.titles + lx.organs + lx.meeting_words


PROJECT_FREQ = 2000


def configure_project() -> None:
    """jieba's dictionary with the project's words (what the pipeline segments with)."""
    configure(project_words(), PROJECT_FREQ)


_engine = None                      # what cuts: rjieba, or jieba itself (see the module's notes)
_rjieba_words: tuple[tuple[str, ...], int] | None = None    # what rjieba is to be given, until it is
_jieba_chars = 0                    # characters jieba has cut while rjieba waits
RJIEBA_AFTER = 10_000               # characters cut by jieba (about 0.2 CPU-s) before rjieba loads


def _segmenter(wanted: tuple[tuple[str, ...], int] | None):
    """Who cuts: jieba itself at first, and rjieba with the same words and total (see the module
    notes) once :data:`RJIEBA_AFTER` characters have been cut, or :func:`index` asks for it: loading
    rjieba's dictionary costs more than jieba takes to cut one article. ``wanted`` is None when
    jieba's state is not the one the words make: jieba itself throughout."""
    global _engine, _total, _rjieba_words, _jieba_chars
    _engine, _total, _rjieba_words, _jieba_chars = jieba, jieba.dt.total, wanted, 0


def _load_rjieba() -> None:
    """rjieba's default segmenter given the configured words (once; under the lock)."""
    global _engine, _rjieba_words
    import rjieba

    for word in _rjieba_words[0]:
        rjieba.add_word(word, _rjieba_words[1], None)
    if _pad:
        rjieba.add_word(PAD_WORD, _pad, None)
    _engine, _rjieba_words = rjieba, None


def _follow_jieba() -> None:
    """jieba was given words since :func:`configure`: only jieba itself knows them."""
    global _engine, _rjieba_words
    if _engine is not jieba:
        log.info("jieba's dictionary changed after kg configured it: segmenting with jieba itself")
    _engine, _rjieba_words = jieba, None


def cut(text: str, hmm: bool = True) -> list[str]:
    """The words of ``text`` exactly as ``jieba.lcut(text, HMM=hmm)`` gives them with the
    configured dictionary (the project's words unless :func:`configure` was called first)."""
    global _jieba_chars
    if _engine is None:
        configure_project()
    if jieba.dt.total != _total:        # jieba was given words since
        _follow_jieba()
    elif _rjieba_words is not None:
        _jieba_chars += len(text)
        if _jieba_chars > RJIEBA_AFTER:
            with _lock:
                if _rjieba_words is not None:
                    _load_rjieba()
    if _engine is jieba:
        return jieba.lcut(text, HMM=hmm)
    words = _engine.cut(text, hmm)
    if hmm and _JOINED.search(text):
        words = _mend(text, words)
    return words


def first_word(text: str, hmm: bool = True) -> str:
    """The first word of :func:`cut` (``""`` for an empty text)."""
    words = cut(text, hmm)
    return words[0] if words else ""


def _mend(text: str, words: list[str]) -> list[str]:
    """jieba's words for the blocks where jieba-rs joins numbers (2024-2026): those blocks are cut
    again by jieba; both cut a text block by block, so the other words stay."""
    out, pos, i = [], 0, 0
    for block in _BLOCK.finditer(text):
        if not _JOINED.search(block.group()):
            continue
        while pos < block.start():          # the words before the block, as jieba-rs gave them
            out.append(words[i])
            pos += len(words[i])
            i += 1
        while pos < block.end():            # the block's own words: skipped, cut by jieba below
            pos += len(words[i])
            i += 1
        out.extend(jieba.lcut(block.group(), HMM=True))
    out.extend(words[i:])
    if "".join(out) != text:     # blocks that do not line up (never seen): jieba's words throughout
        return jieba.lcut(text, HMM=True)
    return out


def pos_tags() -> Mapping[str, str]:
    """word -> part of speech (nr, ns, nt, v, n ...) of every word of jieba's dictionary file, as
    ``jieba.posseg`` reads it (the project's added words have none)."""
    global _tags
    with _lock:
        if _tags is None:
            _tags = _read_tags(_dictionary_file())
        return _tags
