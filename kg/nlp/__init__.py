"""The language stage: sentences, tokens (jieba) and entity mentions (rules + the NER model)."""
from kg.nlp.dictionary import jieba  # noqa: F401  (the first import of jieba: quiet, without pkg_resources)
