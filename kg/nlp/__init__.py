"""The language stage: sentences, tokens (jieba) and entity mentions (rules + the NER model)."""
from kg.nlp.dictionary import jieba  # noqa: F401  (the first import of jieba: quiet, without pkg_resources)
from kg.nlp.spacy_import import import_spacy

import_spacy()                       # spaCy without its command line (kg/nlp/spacy_import.py)
