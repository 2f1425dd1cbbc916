"""The NER model's tokenizer: one token per character, with per-character features.

Chinese NER works on characters: entity boundaries need not fall on word boundaries
(see benchmarks/ner_eval.py --jieba-alignment for how often jieba words cut through entities).
Besides the character itself each token carries two features that the model's embedding
layer reads through standard token attributes (so the stock spaCy CNN can use them):

* ``LEMMA`` - the character bigram starting at this character (``国家`` for 国 in 国家);
* ``TAG``   - the lexicon feature of kg.ner.lexicon (e.g. ``L:B|W:E``), when enabled.

The tokenizer is registered as ``kg.char_tokenizer.v1`` and named in kg/ner/config.cfg;
importing kg.ner.tokenizer makes the shipped model loadable.
"""
from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces


class CharTokenizer:
    """Split text into characters (spaces become token whitespace) and set the features."""

    def __init__(self, vocab, lexicon: bool = True, bigrams: bool = True):
        self.vocab = vocab
        self.use_lexicon = lexicon
        self.use_bigrams = bigrams

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(list(text), text)
        lemmas = tags = None
        if self.use_bigrams:
            lemmas = [a + b for a, b in zip(words, words[1:] + ["</s>"])]
        if self.use_lexicon:
            from kg.ner.lexicon import jieba_lexicon

            # features of the text with spaces removed, so a word is found across a line break
            joined = "".join(words)
            tags = [f or "_" for f in jieba_lexicon().features(joined)] if words else []
            # get_words_and_spaces keeps runs of several spaces as tokens; they get no feature
            if len(joined) != len(words):
                tags = [t if not w.isspace() else "_" for t, w in zip(_align(words, tags), words)]
        return Doc(self.vocab, words=words, spaces=spaces, lemmas=lemmas, tags=tags)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # nothing to save: the lexicon comes from the pinned jieba package
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "CharTokenizer":
        return self


def _align(words: list[str], feats: list[str]) -> list[str]:
    """Spread features computed on ``"".join(words)`` back over ``words`` (all one character,
    except space runs that get_words_and_spaces keeps as one token)."""
    out, pos = [], 0
    for w in words:
        out.append(feats[pos] if pos < len(feats) else "_")
        pos += len(w)
    return out


@spacy.registry.tokenizers("kg.char_tokenizer.v1")
def create_char_tokenizer(lexicon: bool = True, bigrams: bool = True):
    def make(nlp):
        return CharTokenizer(nlp.vocab, lexicon=lexicon, bigrams=bigrams)

    return make
