"""The language stage: sentences, tokens (jieba) and entity mentions (rules + the NER model)."""
import logging

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr otherwise
