"""jieba segmentation, taught the division list, cut only where a component asks.

jieba reads its dictionary from kg's word table (`kg.reference.words`), which
holds the division names too and is read by first character as jieba asks.

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
import re
from typing import Callable, Optional

import jieba
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer
from spacy.vocab import Vocab

from kg.reference import words as word_table

# jieba's blocks, whitespace runs, any other single character
_PIECES = re.compile(jieba.re_han_default.pattern + r"|\s+|.", re.S)


@functools.lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    return word_table.tokenizer()


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
                block = self.text[start:end]
                for word in _tokenizer().cut(block):
                    edges.append(edges[-1] + len(word))
            else:
                edges.append(end)
            self._cut[i] = edges
        return edges
