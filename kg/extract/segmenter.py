"""jieba segmentation, taught the division list, cut only where a component asks.

jieba cuts a text block by block: a block is a run of Han characters, Latin
letters and digits (its `re_han_default`), and every other character stands
alone. Words never cross a block's edge, so the Doc's tokens are the blocks
(`BlockTokenizer`, one regular expression) and `Words` cuts a block into
jieba's words the first time a component asks about a position inside it.
The boundaries are exactly those of cutting the whole text with jieba, at a
fraction of the cost: components ask about a few candidate spans, and most
blocks are never cut.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Optional

import jieba
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer
from spacy.vocab import Vocab

from kg.reference import gazetteer

# jieba's blocks, whitespace runs, any other single character
_PIECES = re.compile(jieba.re_han_default.pattern + r"|\s+|.", re.S)


@functools.lru_cache(maxsize=1)
def prepare_jieba() -> None:
    """Add division names to jieba's dictionary so segmentation respects them."""
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir, jieba.dt.cache_file = _jieba_cache()
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


def _jieba_cache() -> tuple[str, str]:
    """(folder, file name) of jieba's prefix-dictionary cache.

    jieba keeps it in the shared temporary folder by default and loads it with
    `marshal` from whoever wrote it, so another user's file would change (or
    attack) extraction. kg keeps it in a folder of the user's own (mode 700,
    under $XDG_CACHE_HOME or ~/.cache), named by a digest of the dictionary it
    was built from; where no such folder can be had, in a new private
    temporary one.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg-cn-lg" / "jieba"
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    name = "jieba-" + hashlib.sha256(dictionary.read_bytes()).hexdigest()[:20] + ".cache"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.stat()
        if info.st_uid == os.getuid() and not info.st_mode & 0o077:
            return str(base), name
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="kg-jieba-"), name


class BlockTokenizer(DummyTokenizer):
    """Tokens are jieba's blocks, whitespace runs and single other characters."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = [m.group() for m in _PIECES.finditer(text)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@spacy.registry.tokenizers("kg.BlockTokenizer.v1")
def create_block_tokenizer() -> Callable[[Language], BlockTokenizer]:
    def make(nlp: Language) -> BlockTokenizer:
        return BlockTokenizer(nlp.vocab)

    return make


class Words:
    """jieba's word boundaries in a Doc made by `BlockTokenizer` from `text`, cut block by block on demand."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        self.starts = doc.to_array([IDX]).tolist() if len(doc) else []
        self._cut: dict[int, list[int]] = {}

    def __contains__(self, pos: int) -> bool:
        """Whether a word starts or ends at character `pos`."""
        if pos <= 0 or pos >= len(self.text):
            return pos == 0 or pos == len(self.text)
        i = bisect.bisect_right(self.starts, pos) - 1
        if self.starts[i] == pos:
            return True
        edges = self._edges(i)
        j = bisect.bisect_left(edges, pos)
        return j < len(edges) and edges[j] == pos

    def word_at(self, pos: int) -> Optional[tuple[int, int]]:
        """(start, end) of the word holding character `pos`."""
        if pos < 0 or pos >= len(self.text):
            return None
        edges = self._edges(bisect.bisect_right(self.starts, pos) - 1)
        j = bisect.bisect_right(edges, pos)
        return edges[j - 1], edges[j]

    def _edges(self, i: int) -> list[int]:
        """The sorted word edges of token `i`, its own start and end included."""
        edges = self._cut.get(i)
        if edges is None:
            start = self.starts[i]
            end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            edges = [start]
            if end - start > 1 and not self.text[start].isspace():
                for word in jieba.cut(self.text[start:end]):
                    edges.append(edges[-1] + len(word))
            else:
                edges.append(end)
            self._cut[i] = edges
        return edges
