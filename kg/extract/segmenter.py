"""The jieba segmenter, taught the division list once per process.

jieba keeps a module-level tokenizer (spaCy's Chinese tokenizer uses it), so
the names are added in one idempotent function instead of at import time.
"""
from __future__ import annotations

import functools
import logging

from kg.extract import gazetteer


@functools.lru_cache(maxsize=1)
def prepare_jieba() -> None:
    """Add division names to jieba's dictionary so segmentation respects them."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    known = jieba.dt.FREQ
    gz = gazetteer.load()
    for name, entries in gz.by_name.items():
        if any(gz.divisions[e.code].level == "township" for e in entries):
            continue
        full = any(e.form == "full" for e in entries)
        if full and len(name) >= 3:
            jieba.add_word(name, freq=max(known.get(name, 0) or 0, 800))
        elif not known.get(name) and len(name) >= 2:
            jieba.add_word(name, freq=300)
