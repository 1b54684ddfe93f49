"""Programmes (carried out) and slogans (upheld), quoted or from the lexicon.

A quoted term is classified by what surrounds it: the head noun after it
(“十四五”规划, “五到位”信访机制, “早上好”奋斗精神), the verb before it
(弘扬“…”, 深入开展“…”), its shape (numbered formulas, parallel clauses).
Quotes that are metaphors or descriptions are left out: ordinary words
(“钱袋子”), transformations (将“问题清单”变为“履职清单”), descriptive
phrases before 的 + noun, organisations (“一府两院”), grouped laws
(“一法两条例”), holidays, and quotes with no cue at all.
Sites (“危旧房”), faults to remove (纠“四风”) and fields (“三农”领域) are
left out too; a formula keeps the campaign named after it (“不忘初心、牢记
使命”主题教育), and trailing punctuation stays outside the name.
Titles in 《》 that end in 规划, 计划, 方案, 纲要 or 机制 are programmes.
Without quotes, a programme is named by a head noun after a verb or a list
mark (深入开展…三年行动, …学习教育, …工程, but no construction project such
as …大道延伸工程), as an item of a list of central tasks that quotes a
programme, as a listed working formula (接诉即办), or as a five-year plan
written out (第十四个五年规划 → 十四五规划).
The head nouns and verbs are data in kg/resources/lexicons/. A quoted term
is classified by QUOTE_RULES, an ordered table of named rules; its mention's
source names the rule that decided (quote:programme_head).
"""
from __future__ import annotations

import functools
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.reference.matcher import WordMatcher, leftmost_longest
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import SpanSet, add_mention, is_duplicate, word_boundaries
from kg.reference.words import frequency as word_freq
from kg.extract.rules import REJECT, Decision, cached, decide, table

QUOTE = re.compile(r"“([^“”]{1,60}?)”")
# one quote, then any more right after it (written out so that the scan can jump to each “)
CHAIN = re.compile(r"“[^“”]{1,60}?”(?:“[^“”]{1,60}?”)*")
BOOK = re.compile(r"《([^《》\n]{2,80})》")
NUMERAL = "一二三四五六七八九十两双百千万"
NUMBERED = re.compile(rf"^[{NUMERAL}\d]")
COUNTED = re.compile(rf"([{NUMERAL}\d]+个)$")
COUNTED_FORMULA = re.compile(rf"^[{NUMERAL}]个")
INNER_COUNT = re.compile(r"[\u4e00-\u9fff]{1,4}[一二三四五六七八九十两双][\u4e00-\u9fff]")
ENUMERATION_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(机制|工作法|模式|制度|体系)")
FIVE_YEAR = re.compile(r"十[一二三四五六七八九]?五")
# the written-out number of a five-year plan or law campaign (第十四个五年规划 → 十四五规划)
FIVE_YEAR_LONG = re.compile(r"第(十[一二三四五六七八九]?|[一二三四五六七八九])个五年(规划|计划|法治宣传教育)")
FIVE_YEAR_HEADS = {"规划": "规划", "计划": "计划", "法治宣传教育": "普法"}
TRAILING_MARKS = re.compile(r"[。.!！?？,，;；、:：…]+$")
# a goal written as a new chapter (谱写“…”新时代建设新篇章): upheld, not carried out
GOAL_AFTER = re.compile(r"^新[\u4e00-\u9fff]{0,8}?(篇章|征程|画卷)")
# two named parts joined by a middle dot (“产业兴县·人才强县”): a campaign's brand name
DOTTED = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,}·[\u4e00-\u9fffA-Za-z]{2,}")
CHANGE = r"(变为|变成|转化为|转变为|转为|改为|到|向|变)"
TRANSFORM_AFTER = re.compile(rf"^{CHANGE}[\u4e00-\u9fff]{{0,3}}“|^和“[^“”]{{1,12}}”相结合")
TRANSFORM_BEFORE = re.compile(rf"”{CHANGE}[\u4e00-\u9fff]{{0,3}}$|”和$")
PAIR_FIRST = re.compile(r"(用|将|把|从|由|让)$")
PAIR_SECOND = re.compile(r"(用|将|把|从|由|让)“[^“”]{1,20}”[\u4e00-\u9fff]{1,6}$")
DESCRIPTIVE_AFTER = re.compile(r"^(起来|下来|出来|上来|进去|一样|似的|般|相结合|问题|现象|难题|短板|瓶颈|难点|痛点|领域|职责|职能|效应|优势)")
OUTCOME_BEFORE = re.compile(r"(达到|实现|获得|取得|荣获|赢得|均达到)$")
PLACE_LIKE = re.compile(r"(驿站|联络站|中心站|站|中心|室|之家|基地|服务团|团队|队|工作室|公众号|网站|平台)$")
SLOGAN_AFTER = re.compile(r"^的?[\u4e00-\u9fff]{0,4}?(精神|理念|总要求|要求|目标|定位|使命|导向|原则|标准|决心|意识|领导作用|政治功能|追求)")
GROUPED_LAWS = re.compile(r"(法|条例|办法|规定|细则)$")
PROGRAMME_TITLE = re.compile(r"(规划|计划|方案|纲要|机制)$")
TITLE_TRAILER = re.compile(r"[(（](草案|试行|征求意见稿)[)）]$")
NOT_NAME_END = re.compile(r"(清单|思考|探索|研究|调研|体会|之道|之法)$")
COMMON_FREQ = 6
MAX_HEAD = 6
SITE_WORD_FREQ = 30
NUMBERED_COMMON_FREQ = 500
LONG_PLAIN = 12
UNQUOTED_REACH = 24
COUNTED_LIST = re.compile(rf"[^,。;\n]{{0,40}}?等[\d{NUMERAL}]+[件项个批]")
COUNT_PREFIX = re.compile(rf"[{NUMERAL}\d]+[项大个件批类条座所]")
CENTRAL_TASKS = re.compile(r"等(中心|重点)(工作|任务)")
CLAUSE_START = re.compile(r".*[,;。:!?\n]", re.S)
LIST_ITEM = re.compile(r"[^、]+")
LEADING_PREPOSITION = re.compile(r"[对在把将就为从以向和及与]?")
LISTED_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]+")
LIST_REACH = 120
# a four-character formula between list marks, its third character a link (接诉即办);
# the mark before it is matched, not looked behind at, so that the scan jumps from mark to mark
FORMULA_ITEM = r"[、,:;。\n](?P<item>[\u4e00-\u9fff]{{2}}[{links}][\u4e00-\u9fff])(?=[、,;。等])"
NAME_START_MARKS = frozenset("、,;:。!?()（） \n\t")
SPACE_RUN = re.compile(r"\s+")
CLAUSE_MARK = re.compile(r"[、,，;；]")
WHOLE_OF = re.compile(r"全[\u4e00-\u9fff]{1,2}")
ONE_X_ONE = re.compile(r"^一.一")
FIGURE_OR_MARKUP = re.compile(r"\d+%|[<>{}《》]")
PAIR_AFTER = re.compile(r"^[\u4e00-\u9fff]{1,6}“")
MOVED_BEFORE = re.compile(r"(把|将)$")
GUIDE_BEFORE = re.compile(r"以$")
SYMBOLS = re.compile(r"[\W\d_A-Za-z]+")
HAN_TAIL = re.compile(r"[\u4e00-\u9fff]*$")


@dataclass(frozen=True)
class Term:
    name: str
    type: str
    aliases: tuple = ()


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Term]:
    out: dict[str, Term] = {}
    with open(resources.path("lexicons/political_terms.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                term = Term(row["name"], row["type"], tuple(row.get("aliases", [])))
                out[term.name] = term
                for a in term.aliases:
                    out.setdefault(a, term)
    return out


@functools.lru_cache(maxsize=1)
def organisations() -> frozenset:
    return frozenset(resources.read_lines("lexicons/organisations.txt"))


@functools.lru_cache(maxsize=1)
def lexicon_automaton() -> WordMatcher:
    return WordMatcher(lexicon())


@dataclass(frozen=True)
class Cues:
    absorb: tuple
    absorb_after: re.Pattern
    always: frozenset
    programme_heads: tuple
    slogan_heads: tuple
    slogan_verbs: tuple
    programme_verbs: tuple
    name_end: re.Pattern
    programme_after: re.Pattern
    absorb_blockers: tuple
    document_after: tuple
    organisation_after: tuple
    not_organisation: tuple
    metaphor: re.Pattern
    unquoted: re.Pattern
    unquoted_tails: tuple
    unquoted_stops: tuple
    generic_modifiers: frozenset
    name_starts_after: re.Pattern
    formula_item: re.Pattern
    listed_kinds: tuple
    campaign_heads: tuple
    against_verbs: tuple
    site: re.Pattern
    site_ends: tuple


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    heads = json.loads(resources.path("lexicons/heads.json").read_text(encoding="utf-8"))
    verbs = json.loads(resources.path("lexicons/verbs.json").read_text(encoding="utf-8"))

    def longest_first(words: list[str]) -> tuple:
        return tuple(sorted(set(words), key=len, reverse=True))

    return Cues(
        absorb=longest_first(heads["absorb"]), absorb_after=_absorb_after(longest_first(heads["absorb"])),
        always=frozenset(heads["always"]),
        programme_heads=longest_first(heads["programme"]), slogan_heads=longest_first(heads["slogan"]),
        slogan_verbs=longest_first(verbs["slogan"]), programme_verbs=longest_first(verbs["programme"]),
        name_end=re.compile(f"({_alternation(heads['name_ends'])})$"),
        programme_after=re.compile(f"^[\u4e00-\u9fff]{{0,4}}?({_alternation(heads['strong_after'])})"),
        absorb_blockers=longest_first(heads["absorb_blockers"]),
        document_after=longest_first(heads["documents"]),
        organisation_after=longest_first(heads["organisation_suffixes"]),
        not_organisation=longest_first(heads["not_organisation"]),
        metaphor=re.compile(f"^一[{''.join(heads['measure_words'])}][\u4e00-\u9fff]$"),
        unquoted=re.compile(_alternation(heads["unquoted"])),
        unquoted_tails=longest_first(heads["unquoted_tails"]),
        unquoted_stops=longest_first(heads["unquoted_stops"]),
        generic_modifiers=frozenset(heads["generic_modifiers"]),
        name_starts_after=re.compile(_alternation(verbs["before_name"])),
        formula_item=re.compile(FORMULA_ITEM.format(links="".join(heads["formula_links"]))),
        listed_kinds=longest_first(heads["listed_kinds"]),
        campaign_heads=longest_first(heads["campaigns"]),
        against_verbs=longest_first(verbs["against"]),
        site=re.compile(f"{_alternation(heads['site_nouns'])}|({_alternation(heads['construction_verbs'])})$"),
        site_ends=tuple(heads["site_ends"]),
    )


def _absorb_after(absorb: tuple) -> re.Pattern:
    """One to three characters, then a head a short name absorbs (“护理员”一件事改革)."""
    return re.compile(r"^([\u4e00-\u9fff]{1,3}?)(" + "|".join(absorb) + ")")


def _starts(text: str, words: tuple) -> Optional[str]:
    """The first of `words` that `text` starts with (only those that share its first character are tried)."""
    for w in _by_char(words, 0).get(text[:1], ()):
        if text.startswith(w):
            return w
    return None


def _ends(text: str, words: tuple) -> Optional[str]:
    """The first of `words` that `text` ends with (only those that share its last character are tried)."""
    for w in _by_char(words, -1).get(text[-1:], ()):
        if text.endswith(w):
            return w
    return None


_INDEXES: dict[tuple[int, int], tuple[tuple, dict[str, tuple]]] = {}


def _by_char(words: tuple, at: int) -> dict[str, tuple]:
    """`words` grouped by their first (at=0) or last (at=-1) character, in their
    order; kept per tuple object, which the entry holds so its id stays its own."""
    entry = _INDEXES.get((id(words), at))
    if entry is None or entry[0] is not words:
        if len(_INDEXES) > 512:
            _INDEXES.clear()
        groups: dict[str, list] = defaultdict(list)
        for w in words:
            groups[w[at]].append(w)
        entry = _INDEXES[(id(words), at)] = (words, {k: tuple(v) for k, v in groups.items()})
    return entry[1]


def absorbed_head(term: str, after: str) -> str:
    """The part of `after` that belongs to the name: “两官”履职评议, “护理员”一件事改革.

    A head that begins a longer ordinary noun (“十五五”战略部署) stays outside.
    """
    c = cues()
    head = _starts(after, c.absorb)
    if head and _starts(after[len(head):], c.absorb_blockers):
        return ""
    if head and (len(term) <= 3 or head in c.always):
        return head
    if len(term) <= 3:
        m = c.absorb_after.match(after)
        if m and m.group(2) in ("改革", "工程", "行动", "战略"):
            return m.group(0)
    return ""


def is_common(term: str) -> bool:
    """An ordinary word or an ordinary word counted once (“一流业绩”, “一套机制”)."""
    limit = NUMBERED_COMMON_FREQ if NUMBERED.match(term) else COMMON_FREQ
    if word_freq(term) >= limit:
        return True
    if len(term) <= 3 and term.endswith("化") or WHOLE_OF.fullmatch(term):
        return True
    if term.startswith("一") and len(term) <= 4 and not ONE_X_ONE.match(term):
        return any(word_freq(rest) >= 20 for rest in (term[1:], term[2:]) if len(rest) >= 2)
    return False


def strip_head(name: str) -> str:
    """The quoted core of a name that absorbed its head (好故事大赛 → 好故事)."""
    head = _ends(name, cues().absorb)
    return name[: -len(head)] if head and len(name) - len(head) >= 2 else name


def _generic_compound(term: str) -> bool:
    """An ordinary word plus a generic head (“闭环机制”): a description, not a name."""
    m = cues().name_end.search(term)
    return bool(m and len(term) <= 4 and not NUMBERED.match(term) and word_freq(term[: m.start()]) >= 30)


def is_formula(term: str) -> bool:
    """A numbered formula: a count first (“六个一”, “八八战略”) or inside (“代表三进”)."""
    return bool(NUMBERED.match(term) or INNER_COUNT.fullmatch(term))


@dataclass(frozen=True)
class Quote:
    """A quoted term in its context, with the cues the rules read, each worked out once.

    `before` holds the characters before the opening quote, `after` those after
    the closing one (or after the last quote of a chain, see `Quote.of`).
    """

    term: str
    before: str
    after: str
    counted: bool = False
    chained: bool = False

    @classmethod
    def of(cls, term: str, before: str, after: str, counted: bool = False,
           chain_after: Optional[str] = None) -> "Quote":
        """A term followed by more quotes takes its cues from the text after the
        last of them, unless it is a numbered formula, which its shape classifies."""
        term = SPACE_RUN.sub("", term)
        chained = chain_after is not None
        if chained and not is_formula(term):
            after = chain_after
        return cls(term, before, after, counted, chained)

    @cached
    def head(self) -> str:
        """The head after the quote that belongs to the name; none in a chain of quotes."""
        return "" if self.chained else absorbed_head(self.term, self.after)

    @cached
    def programme_cue(self) -> Optional[str]:
        """The head of a programme after the quote (规划, 信访机制), if any."""
        c = cues()
        later = c.programme_after.match(self.after)
        return self.head or _starts(self.after, c.programme_heads) or (later and later.group())

    @cached
    def kind_cue(self) -> Optional[str]:
        """The programme cue, or the kind a list of quotes ends in (“…”等制度)."""
        return self.programme_cue or _listed_kind(self.after)

    @cached
    def slogan_cue(self) -> Optional[str]:
        """The head of a slogan after the quote (精神, 理念, 新篇章), if any."""
        slogan = SLOGAN_AFTER.match(self.after)
        goal = GOAL_AFTER.match(self.after)
        return _starts(self.after, cues().slogan_heads) or (slogan and slogan.group()) or (goal and goal.group())

    @property
    def programme_wins(self) -> bool:
        """A programme cue and no longer slogan cue."""
        return bool(self.kind_cue) and (not self.slogan_cue or len(self.kind_cue) >= len(self.slogan_cue))

    @cached
    def clauses(self) -> tuple[str, ...]:
        return tuple(p for p in CLAUSE_MARK.split(self.term) if p)

    @cached
    def enumerated(self) -> bool:
        return len(self.clauses) > 1

    @cached
    def numbered(self) -> bool:
        return bool(NUMBERED.match(self.term))

    @cached
    def common(self) -> bool:
        """An ordinary word, unless counted before the quote or a numbered link of a chain."""
        return is_common(self.term) and not self.counted and not (self.chained and self.numbered)

    @cached
    def slogan_verb(self) -> Optional[str]:
        return _ends(self.before, cues().slogan_verbs)

    @cached
    def programme_verb(self) -> Optional[str]:
        return _ends(self.before, cues().programme_verbs)

    @cached
    def named_programme(self) -> bool:
        """The term ends in a programme's head itself (“…工程”)."""
        return bool(cues().name_end.search(self.term))


Found = tuple[str, str]


def _lexicon_term_with_head(q: Quote) -> Optional[Found]:
    """A lexicon term with a head that always belongs to it (“两学一做”学习教育) is that programme."""
    if lexicon().get(q.term) and q.head in cues().always:
        return "Programme", q.term + q.head
    return None


def _lexicon_term(q: Quote) -> Optional[Found]:
    """The lexicon knows the term's type."""
    lex = lexicon().get(q.term)
    return (lex.type, q.term) if lex else None


def _single_character(q: Quote) -> object:
    """One character is no name."""
    return REJECT if len(q.term) < 2 else None


def _organisation(q: Quote) -> object:
    """An organisation (“一府两院”) is no programme."""
    return REJECT if q.term in organisations() else None


def _figure_or_markup(q: Quote) -> object:
    """A percentage or a bracket inside the quote: a figure or a title, no name."""
    return REJECT if FIGURE_OR_MARKUP.search(q.term) else None


def _document(q: Quote) -> object:
    """The title of a document (“关于…”, “…”报告) is no programme."""
    return REJECT if q.term.startswith("关于") or _starts(q.after, cues().document_after) else None


def _grouped_laws(q: Quote) -> object:
    """Laws named as a group (“一法两条例”) are no programme."""
    return REJECT if GROUPED_LAWS.search(q.term) else None


def _holiday(q: Quote) -> object:
    """A holiday (“三八妇女节”) is no programme."""
    return REJECT if q.term.endswith("节") else None


def _list_or_study(q: Quote) -> object:
    """A list or a study (“问题清单”, “…的思考”) is a thing made, no programme."""
    return REJECT if NOT_NAME_END.search(q.term) else None


def _place(q: Quote) -> object:
    """A place or a body (“检联驿站”, “…工作室”) is no programme."""
    return REJECT if PLACE_LIKE.search(q.term) else None


def _site_word(q: Quote) -> object:
    """A short ordinary word for a site (“危旧房”) is no initiative."""
    return REJECT if _site(q.term) else None


def _fault_to_remove(q: Quote) -> object:
    """What a verb fights (纠“四风”) is a fault, no programme."""
    return REJECT if _ends(q.before, cues().against_verbs) else None


def _transformation(q: Quote) -> object:
    """Either end of a transformation (将“问题清单”变为“履职清单”) is a description."""
    return REJECT if TRANSFORM_AFTER.match(q.after) or TRANSFORM_BEFORE.search(q.before) else None


def _outcome(q: Quote) -> object:
    """What is achieved (实现“…”) is an outcome, no programme."""
    return REJECT if OUTCOME_BEFORE.search(q.before) else None


def _pair(q: Quote) -> object:
    """Two quotes set side by side (用“…”换“…”) are a figure of speech."""
    first = PAIR_FIRST.search(q.before) and PAIR_AFTER.match(q.after)
    return REJECT if first or PAIR_SECOND.search(q.before) else None


def _description(q: Quote) -> object:
    """A quote before a descriptive word (“三农”领域, “…”问题) describes, it names nothing."""
    return REJECT if DESCRIPTIVE_AFTER.match(q.after) else None


def _five_year_plan(q: Quote) -> Optional[Found]:
    """A five-year plan named by its number (“十五五”时期, “十四五”规划纲要) is the plan."""
    if not FIVE_YEAR.fullmatch(q.term):
        return None
    head = absorbed_head(q.term, q.after)
    return "Programme", q.term + (head if head.startswith(("规划", "纲要")) else "规划")


def _enumeration_with_head(q: Quote) -> Optional[Found]:
    """A quoted list with a head that always belongs to names (“守初心、担使命”主题教育)."""
    return ("Programme", q.term + q.head) if q.enumerated and q.head in cues().always else None


def _listed_characters(q: Quote) -> Optional[Found]:
    """Three or more single characters before a programme's head (“受、立、办、督”闭环办理机制)."""
    if not q.enumerated or not all(len(p) == 1 for p in q.clauses) or len(q.clauses) < 3:
        return None
    return ("Programme", q.term) if cues().programme_after.match(q.after) or ENUMERATION_HEAD.match(q.after) else None


def _characters_without_head(q: Quote) -> object:
    """Single characters listed without a programme's head are an abbreviation, no name."""
    return REJECT if q.enumerated and all(len(p) == 1 for p in q.clauses) else None


def _listed_names(q: Quote) -> object:
    """A quote listing two or more programmes (“…机制、…工程”) names none of them as one."""
    return REJECT if q.enumerated and sum(1 for p in q.clauses if cues().name_end.search(p)) >= 2 else None


def _parallel_clauses(q: Quote) -> Optional[Found]:
    """Three or more parallel clauses (“学思想、强党性、重实践、建新功”) are a slogan."""
    return ("Slogan", q.term) if q.enumerated and len(q.clauses) >= 3 and all(len(p) >= 3 for p in q.clauses) else None


def _enumeration_of_examples(q: Quote) -> object:
    """A quoted list before 等 with no programme's head (“…、…”等治理难事) gives examples."""
    c = cues()
    after = q.after[1:]
    if q.enumerated and q.after.startswith("等") and not _starts(after, c.programme_heads) \
            and not _starts(after[:2], ("主题", "系列", "品牌")):
        return REJECT
    return None


def _enumeration_before_de(q: Quote) -> object:
    """A quoted list before 的 and a plain noun (“能用、管用、好用”的…) describes it."""
    described = q.after.startswith("的") and not q.after.startswith("的“")
    return REJECT if q.enumerated and described and not q.slogan_cue else None


def _enumeration_moved(q: Quote) -> object:
    """A quoted list moved by 把 or 将 with no slogan's head is a description."""
    return REJECT if q.enumerated and MOVED_BEFORE.search(q.before) and not q.slogan_cue else None


def _enumeration(q: Quote) -> Optional[Found]:
    """Any other quoted list: a programme before a programme's head, else a slogan."""
    if not q.enumerated:
        return None
    return ("Programme" if q.programme_cue and not q.slogan_cue else "Slogan"), q.term


def _symbols(q: Quote) -> object:
    """Letters, digits or marks alone, with no programme's head, are no name."""
    return REJECT if SYMBOLS.fullmatch(q.term) and not q.kind_cue else None


def _metaphor(q: Quote) -> object:
    """A thing counted once with no head (“一张网”) is a metaphor."""
    return REJECT if cues().metaphor.match(q.term) and not q.head and not q.kind_cue else None


def _absorbed_head(q: Quote) -> Optional[Found]:
    """A head that belongs to the name (“两官”履职评议) makes a programme."""
    return ("Programme", q.term + q.head) if q.head else None


def _common_word_before_head(q: Quote) -> object:
    """An ordinary word, or two characters not numbered, before a programme's head is no name."""
    short = len(q.term) == 2 and not q.numbered
    return REJECT if q.programme_wins and (q.common or short) else None


def _programme_head(q: Quote) -> Optional[Found]:
    """A programme's head after the quote, no longer slogan's head (“五到位”信访机制)."""
    return ("Programme", q.term) if q.programme_wins else None


def _common_word(q: Quote) -> object:
    """An ordinary word in quotes (“钱袋子”) is a metaphor."""
    return REJECT if q.common else None


def _ordinary_compound(q: Quote) -> object:
    """An ordinary word with a generic head (“闭环机制”) describes, it names nothing."""
    return REJECT if _generic_compound(q.term) else None


def _slogan_head(q: Quote) -> Optional[Found]:
    """A slogan's head after the quote (“早上好”奋斗精神) makes a slogan."""
    return ("Slogan", q.term) if q.slogan_cue else None


def _dotted_slogan(q: Quote) -> Optional[Found]:
    """Two parts joined by a middle dot after a verb of upholding are a slogan."""
    return ("Slogan", q.term) if DOTTED.fullmatch(q.term) and q.slogan_verb else None


def _dotted_brand(q: Quote) -> Optional[Found]:
    """Two parts joined by a middle dot (“产业兴县·人才强县”) are a campaign's brand name."""
    return ("Programme", q.term) if DOTTED.fullmatch(q.term) else None


def _modifier_before_de(q: Quote) -> object:
    """A quote before 的 and a plain noun qualifies that noun."""
    return REJECT if q.after.startswith("的") and not q.after.startswith("的“") else None


def _long_plain(q: Quote) -> object:
    """A long quote with no head is a citation, no name."""
    return REJECT if len(q.term) > LONG_PLAIN else None


def _two_characters(q: Quote) -> object:
    """Two characters with no head and no number are a word, no name."""
    return REJECT if len(q.term) == 2 and not q.numbered else None


def _taken_as_guide(q: Quote) -> bool:
    """以“…”为…: the quote is what is taken as a guide."""
    return bool(GUIDE_BEFORE.search(q.before)) and q.after.startswith("为")


def _guide_named_programme(q: Quote) -> Optional[Found]:
    """A programme's name taken as a guide (以“八八战略”为总纲) stays a programme."""
    guide = _taken_as_guide(q)
    return ("Programme", q.term) if guide and q.named_programme else None


def _guide(q: Quote) -> Optional[Found]:
    """What is taken as a guide (以“…”为…) is upheld."""
    return ("Slogan", q.term) if _taken_as_guide(q) else None


def _counted_formula_upheld(q: Quote) -> Optional[Found]:
    """A counted formula (“四个意识”) is upheld unless a verb carries it out (推进“四个创建”)."""
    carried = q.programme_verb and (not q.slogan_verb or len(q.programme_verb) > len(q.slogan_verb))
    if is_formula(q.term) and len(q.term) <= 8 and COUNTED_FORMULA.match(q.term) and not q.named_programme \
            and not carried:
        return "Slogan", q.term
    return None


def _formula(q: Quote) -> Optional[Found]:
    """Any other short numbered formula (“五个一”, “八八战略”) is carried out."""
    return ("Programme", q.term) if is_formula(q.term) and len(q.term) <= 8 else None


def _slogan_verb(q: Quote) -> Optional[Found]:
    """A verb of upholding before the quote (弘扬“…”), no longer verb of doing."""
    wins = q.slogan_verb and (not q.programme_verb or len(q.slogan_verb) >= len(q.programme_verb))
    return ("Slogan", q.term) if wins else None


def _programme_verb(q: Quote) -> Optional[Found]:
    """A verb of doing before the quote (深入开展“…”) makes a programme."""
    return ("Programme", q.term) if q.programme_verb else None


def _programme_name(q: Quote) -> Optional[Found]:
    """A term ending in a programme's head (“…工程”) is a programme."""
    return ("Programme", q.term) if q.named_programme else None


def _no_cue(q: Quote) -> object:
    """A quote with no cue at all is left out."""
    return REJECT


# Order matters: the first rule that decides wins (kg.extract.rules).
QUOTE_RULES = table(
    _lexicon_term_with_head, _lexicon_term,
    _single_character, _organisation, _figure_or_markup, _document, _grouped_laws, _holiday, _list_or_study,
    _place, _site_word, _fault_to_remove, _transformation, _outcome, _pair, _description,
    _five_year_plan,
    _enumeration_with_head, _listed_characters, _characters_without_head, _listed_names, _parallel_clauses,
    _enumeration_of_examples, _enumeration_before_de, _enumeration_moved, _enumeration,
    _symbols, _metaphor, _absorbed_head, _common_word_before_head, _programme_head, _common_word,
    _ordinary_compound, _slogan_head, _dotted_slogan, _dotted_brand, _modifier_before_de, _long_plain,
    _two_characters,
    _guide_named_programme, _guide, _counted_formula_upheld, _formula, _slogan_verb, _programme_verb,
    _programme_name, _no_cue,
)


def quote_decision(term: str, before: str, after: str, counted: bool = False,
                   chain_after: Optional[str] = None) -> Decision[Found]:
    """The (type, name) of a quoted term in context, or None, and the rule that decided.

    `before` holds the 20 characters before the opening quote, `after` the
    12 after the closing one; `chain_after` the text after the last quote of a
    chain (“立法直通车”“代表直通车”经验) the term is followed by.
    """
    return decide(QUOTE_RULES, Quote.of(term, before, after, counted, chain_after))


def classify(term: str, before: str, after: str, counted: bool = False,
             chain_after: Optional[str] = None) -> Optional[Found]:
    """(type, name) of a quoted term in context, or None when it is no programme or slogan."""
    return quote_decision(term, before, after, counted, chain_after).value


def _listed_kind(after: str) -> Optional[str]:
    """The kind of programme that a list of quoted items ends in (“…”等制度)."""
    if not after.startswith("等"):
        return None
    kind = _starts(after[1:], cues().listed_kinds)
    return "等" + kind if kind else None


def _site(term: str) -> bool:
    """A short ordinary word for a thing or site (“危旧房”), no initiative."""
    return (len(term) == 3 and term.endswith(cues().site_ends) and not NUMBERED.match(term)
            and word_freq(term[:2]) >= SITE_WORD_FREQ)


def programme_title(title: str) -> Optional[str]:
    """The name of a programme given as a title in 《》, or None."""
    core = TITLE_TRAILER.sub("", re.sub(r"\s+", "", title))
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", core)
    if PROGRAMME_TITLE.search(bare) and not bare.endswith("意见") and len(bare) >= 6:
        return core
    return None


def _quoted(doc: Doc, taken: SpanSet) -> None:
    """Classify every quoted term; a chain of quotes (“A”“B”要求) shares the cue after it."""
    text = doc._.kg.text
    for chain in CHAIN.finditer(text):
        quotes = list(QUOTE.finditer(text, chain.start(), chain.end()))
        chain_after = text[chain.end():chain.end() + 12]
        for i, m in enumerate(quotes):
            if is_duplicate(doc, m.start()) or m.start() in taken:
                continue
            term = TRAILING_MARKS.sub("", m.group(1).strip())
            if "\n\n\n" in term:
                continue
            before = text[max(0, m.start() - 20):m.start()]
            after = text[m.end():m.end() + 12]
            counted = COUNTED.search(before)
            decision = quote_decision(term, before, after, counted=bool(counted),
                                      chain_after=chain_after if i < len(quotes) - 1 else None)
            if decision.value:
                end = _add_quoted(doc, decision, m, counted)
                taken.add(m.start(), max(m.end(), end))


def _add_quoted(doc: Doc, decision: Decision[Found], m: re.Match, counted: Optional[re.Match]) -> int:
    """Add the mention of a quoted name, with the head it absorbed and the count
    before it, and the rule that found it as its source; return where the mention ends."""
    text = doc._.kg.text
    type_, name = decision.value
    inner = TRAILING_MARKS.sub("", m.group(1).rstrip()).rstrip()
    core = SPACE_RUN.sub("", inner)
    start, end = m.start(1), m.start(1) + len(inner)
    head = name[len(core):] if name.startswith(core) else ""
    if head and text.startswith(head, m.end()):
        end = m.end() + len(head)
    if counted and type_ == "Programme":
        name = counted.group(1) + name
        start = m.start() - len(counted.group(1))
    add_mention(doc, type_, name, start, end, source=f"quote:{decision.rule}")
    return end


def unquoted_names(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of programmes named without quotes by their head noun.

    The name begins after a verb (深入开展…三年行动) or a mark (、…工程); a
    name that only counts or qualifies its head (重点工程, 10项民生工程) is none,
    nor is a construction project (…大道延伸工程, …水库加固工程), and so are the items of a counted list (…提升工程等10件民生实事), instances
    of a kind rather than names.
    """
    c = cues()
    for m in c.unquoted.finditer(text):
        end = m.end()
        if _starts(text[end:end + 2], c.unquoted_stops):
            continue
        tail = _starts(text[end:end + 2], c.unquoted_tails)
        if tail:
            end += len(tail)
        window = text[max(0, m.start() - UNQUOTED_REACH):m.start()]
        run = HAN_TAIL.search(window).group()
        cut = None
        for v in c.name_starts_after.finditer(run):
            cut = v.end()
        if cut is None:
            mark = text[m.start() - len(run) - 1:m.start() - len(run)]
            if len(run) == len(window) or mark not in NAME_START_MARKS:
                continue
            cut = 0
        cut += len(LEADING_PREPOSITION.match(run, cut).group())
        modifier = run[cut:]
        if len(modifier) < 2 or "的" in modifier or _generic(modifier) or COUNT_PREFIX.match(modifier):
            continue
        if m.group() == "工程" and c.site.search(modifier):
            continue
        if COUNTED_LIST.match(text, end):
            continue
        name = modifier + text[m.start():end]
        if word_freq(name) >= COMMON_FREQ or word_freq(modifier + m.group()) >= COMMON_FREQ:
            continue
        yield m.start() - len(modifier), end, name


def five_year_names(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of five-year plans and law campaigns written out
    (第十四个五年规划 → 十四五规划, 第八个五年法治宣传教育 → 八五普法)."""
    for m in FIVE_YEAR_LONG.finditer(text):
        yield m.start(), m.end(), m.group(1) + "五" + FIVE_YEAR_HEADS[m.group(2)]


def _generic(modifier: str) -> bool:
    """A modifier that only qualifies its head (重点, 全县重点, 各类民生)."""
    generic = cues().generic_modifiers
    return any(modifier.endswith(g) and len(modifier) - len(g) <= 2 for g in generic)


def listed_programmes(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of programmes named without quotes in a list.

    The items of a list of central tasks that quotes a programme (“最多跑一次”
    改革、城中村改造等中心工作) are programmes; so is a four-character working
    formula among listed items (…、接诉即办、…), an ordinary idiom excepted.
    """
    c = cues()
    for m in CENTRAL_TASKS.finditer(text):
        clause = CLAUSE_START.search(text, max(0, m.start() - LIST_REACH), m.start())
        start = clause.end() if clause else max(0, m.start() - LIST_REACH)
        items = [(i.start(), i.group()) for i in LIST_ITEM.finditer(text, start, m.start())]
        if len(items) < 3 or not any("“" in item for _, item in items):
            continue
        for pos, item in items:
            if "“" in item or "”" in item:
                continue
            cut = 0
            for v in c.name_starts_after.finditer(item, 0, len(item) - 1):
                cut = v.end()
            cut += len(LEADING_PREPOSITION.match(item, cut).group())
            name = item[cut:]
            if (3 <= len(name) <= 16 and "的" not in name and LISTED_NAME.fullmatch(name)
                    and word_freq(name) < COMMON_FREQ):
                yield pos + cut, pos + len(item), name
    for m in c.formula_item.finditer(text):
        start, end, item = m.start("item"), m.end("item"), m.group("item")
        listed = text[start - 1:start] == "、" or text[end:end + 1] == "、"
        if listed and word_freq(item) < COMMON_FREQ:
            yield start, end, item


def _lexicon_accept(doc: Doc, taken: SpanSet) -> Callable[[tuple], bool]:
    """Lexicon matches on word boundaries, outside other findings and bodies (乡村振兴局)."""
    text = doc._.kg.text
    bounds = word_boundaries(doc)
    c = cues()

    def accept(m: tuple) -> bool:
        start, end = m[0], m[1]
        if start in taken or is_duplicate(doc, start):
            return False
        after = text[end:end + 4]
        if _starts(after, c.organisation_after) and not _starts(after, c.not_organisation):
            return False
        return start in bounds or text[start - 1:start] in "“\""

    return accept


@Language.factory("kg_concepts", requires=["doc._.kg_laws"], assigns=["doc._.kg_concepts"])
def make_concepts(nlp: Language, name: str) -> Concepts:
    return Concepts(nlp, name)


class Concepts(Component):
    """Programmes and slogans: book titles, quoted names, names with a head noun,
    lists, and the lexicon's terms; not inside a law's title."""

    loaders = (lexicon, lexicon_automaton, cues, organisations)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        concepts_in(doc)


def concepts_in(doc: Doc) -> None:
    text = doc._.kg.text
    taken = SpanSet((m.start, m.end) for m in doc._.kg.mentions if m.type == "Law")
    titles = SpanSet()
    for m in BOOK.finditer(text):
        titles.add(m.start(), m.end())
        if is_duplicate(doc, m.start()):
            continue
        name = programme_title(m.group(1))
        if name:
            add_mention(doc, "Programme", name, m.start(1), m.end(1), source="book")
            taken.add(m.start(), m.end())
    _quoted(doc, taken)
    for start, end, name in itertools.chain(five_year_names(text), unquoted_names(text), listed_programmes(text)):
        if start not in taken and end - 1 not in taken and start not in titles and not is_duplicate(doc, start):
            add_mention(doc, "Programme", name, start, end, source="head")
            taken.add(start, end)
    _lexicon_terms(doc, taken)


def _lexicon_terms(doc: Doc, taken: SpanSet) -> None:
    """Lexicon terms; a formula with the campaign named after it (两学一做学习教育)
    is that campaign."""
    text = doc._.kg.text
    campaigns = cues().campaign_heads
    last = -1
    for start, end, surface, term in leftmost_longest(lexicon_automaton().iter(text), _lexicon_accept(doc, taken)):
        if start < last:
            continue
        head = None if term.name in campaigns else _starts(text[end:end + MAX_HEAD], campaigns)
        if head:
            surface, end = surface + head, end + len(head)
        add_mention(doc, "Programme" if head else term.type, surface, start, end, source="lexicon")
        last = end
