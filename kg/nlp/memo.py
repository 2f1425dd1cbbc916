"""Bounded caches for the entity rules' pure functions of short strings whose answers come from
jieba's dictionary (its words, frequencies and tags): is a chunk named, does a name end before this
window, could these characters be a name.

The rules ask the same questions again and again (the same names, heads and windows recur in an
article and across a corpus: on 192 news articles five calls in six repeat an earlier one), and
each answer costs a segmentation. An answer holds only for the dictionary it was computed with, so
every cache is emptied when jieba's dictionary changes (kg.nlp.dictionary.configure,
jieba.add_word); code that changes the tags or the known words some other way (a test's
monkeypatch) calls :func:`clear`.

    @dictionary_cache()
    def plausible(name: str) -> bool: ...
"""
from __future__ import annotations

from functools import lru_cache, update_wrapper

import jieba

_caches: list = []
_seen: list = [None, None]       # the dictionary (jieba.dt.FREQ) and its total the caches hold answers of


def clear() -> None:
    """Empty every cache."""
    for cached in _caches:
        cached.cache_clear()


def dictionary_cache(maxsize: int = 8192):
    """An lru_cache of at most ``maxsize`` answers, emptied when jieba's dictionary changes."""
    def decorate(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _caches.append(cached)

        def call(*args):
            dt = jieba.dt
            if dt.FREQ is not _seen[0] or dt.total != _seen[1]:
                clear()
                _seen[:] = [dt.FREQ, dt.total]
            return cached(*args)

        call.cache_info = cached.cache_info
        return update_wrapper(call, fn)
    return decorate
