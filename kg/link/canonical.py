"""Link what the pipeline found in a report into its entities and relations.

Mentions with the same canonical key become one entity; areas are keyed by
division code, laws by canonical title, people by name, programmes and
slogans by their stable key (kg.link.concepts), an enumeration of several
formulas split into one mention per formula. `partOf` comes from the division list.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict

from kg.io.normalise import to_simplified
from kg.link.concepts import concept_key, concept_type, group_key, split_enumeration
from kg.link.people import person_key, person_scope
from kg.reference import gazetteer
from kg.registry import registry
from kg.types import AREA, Entity, EntityRef, Extraction, Mention, Relation, ReportResult

_STRIP = re.compile(r"[“”\"'‘’《》〈〉「」『』\s\u3000]")
# Layout and blanked pinyin readings (see kg.io.normalise) are no part of a name.
_BLANKS = re.compile(r"\s+")
# a stripped name shorter than this (强村 of 强村行动) is too short to find inside another
MIN_LOOSE_CORE = 3


@functools.lru_cache(maxsize=1 << 16)
def surface_key(text: str) -> str:
    """How names compare: NFKC, simplified, without quotes, brackets or spaces."""
    return _STRIP.sub("", to_simplified(unicodedata.normalize("NFKC", text)))


@functools.lru_cache(maxsize=1 << 16)
def alias_key(text: str) -> str:
    """How aliases compare: like `surface_key` but keeping traditional forms apart."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", text))


def iri_key(type_: str, key: str) -> str:
    """The IRI path of an entity: its type's IRI folder (registry) and its key (a
    person's: jurisdiction/name)."""
    folder = "area" if type_ == AREA else registry().entity(type_).iri
    return f"{folder}/{key}"


def area_name(code: str) -> str:
    if code == gazetteer.NATION_CODE:
        return gazetteer.NATION_NAME
    d = gazetteer.load().get(code)
    return d.name if d else code


def merge_concepts(keys: set[str]) -> dict[str, str]:
    """Map each programme/slogan key to the key of the entity it names.

    A lexicon alias joins its entry (乡村振兴 → 乡村振兴战略); a short form
    inside exactly one longer name joins it (八五 → 八五普法, 新通道 →
    西部陆海新通道建设), unless the longer one is a list of clauses. A name
    joins itself with a head, and a head alone the one name it ends
    (不忘初心、牢记使命 and 主题教育 → 不忘初心、牢记使命主题教育). A lexicon
    term joins only its own entry or itself with a head (十四五规划 →
    十四五规划纲要), not another name that contains it (乡村振兴示范工程).
    """
    from kg.extract.concepts import cues, lexicon, strip_head

    lex = lexicon()
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        return _root(parent, k)

    by_entry: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if k in lex:
            by_entry[lex[k].name].append(k)
    for members in by_entry.values():
        members.sort(key=lambda k: (-len(k), k))
        for k in members[1:]:
            parent[root(k)] = root(members[0])
    clausal = {k for k in keys if re.search(r"[、,，;；]", k)}
    heads = cues().absorb
    for k in sorted(keys, key=lambda k: (len(k), k)):
        if len(k) < 2:
            continue
        core = strip_head(k)
        if len(core) < MIN_LOOSE_CORE:
            core = k
        # every name `k` joins holds its core (`_joins` says no otherwise): test that first, in C
        containers = sorted((o for o in keys if core in o and o != k and _joins(k, core, o, clausal, lex)),
                            key=lambda o: (len(o), o))
        if not containers:
            continue
        if len({root(o) for o in containers}) == 1 or len(k) >= 3 and k not in heads:
            for o in containers:
                if root(o) != root(k):
                    parent[root(o)] = root(k)
    return {k: root(k) for k in keys}


def concept_groups(keys: set[str]) -> dict[str, str]:
    """Map each programme/slogan key to the key of its group: `merge_concepts`,
    and also every two keys of one stable key (`concept_key`), so that one
    report has one entity per concept IRI."""
    roots = merge_concepts(keys)

    def root(k: str) -> str:
        return _root(roots, k)

    first: dict[str, str] = {}
    for k in sorted(keys):
        ck = concept_key(k)
        if ck in first and root(first[ck]) != root(k):
            a, b = sorted((root(first[ck]), root(k)))
            roots[b] = a
        first.setdefault(ck, k)
    return {k: root(k) for k in keys}


def _root(parent: dict[str, str], k: str) -> str:
    """The key at the root of `k`'s group (`parent` links each key towards it)."""
    while parent[k] != k:
        k = parent[k]
    return k


def _joins(k: str, core: str, other: str, clausal: set[str], lex: dict) -> bool:
    """Whether `k` (its head stripped: `core`) names the same thing as the longer `other`."""
    from kg.extract.concepts import cues

    heads = cues().absorb
    if other.startswith(k) and other[len(k):] in heads or k in heads and other.endswith(k):
        return True
    if k in clausal or other in clausal or core not in other:
        return False
    return k not in lex or _same_programme(k, other, lex)


def _same_programme(term: str, other: str, lex: dict) -> bool:
    """Whether `other` names the lexicon entry of `term`, or `term` with a head."""
    from kg.extract.concepts import cues

    if other in lex:
        return lex[other].name == lex[term].name
    return other.startswith(term) and other[len(term):] in cues().absorb


def link(found: Extraction) -> ReportResult:
    gz = gazetteer.load()
    reg = registry()
    concept_types_ = reg.concept_types()
    areas = reg.area_types()
    groups: dict[tuple[str, str], list] = defaultdict(list)
    concept_types: dict[str, Counter] = defaultdict(Counter)
    mentions_ = [p for m in found.mentions for p in (split_enumeration(m) if m.type in concept_types_ else [m])]
    concept_keys = concept_groups({surface_key(m.key) for m in mentions_ if m.type in concept_types_})
    people = _people(found)
    for m in mentions_:
        if m.type in concept_types_:
            key = concept_keys[surface_key(m.key)]
            concept_types[key][m.type] += 1
            groups[("Concept", key)].append(m)
        else:
            groups[(m.type, m.key if m.type != "Official" else surface_key(m.key))].append(m)
    entities: list[Entity] = []
    for (gtype, key), mentions in groups.items():
        mentions = _one_per_span(mentions)
        counts: dict[str, int] = {}
        if gtype == "Concept":
            counts = dict(sorted(concept_types[key].items()))
            etype = concept_type(counts)
            name = max(sorted({_BLANKS.sub("", m.key) for m in mentions}), key=len)
            name = to_simplified(name)
            key = group_key(sorted({m.key for m in mentions}), name)
        elif gtype in areas:
            etype = gtype
            name = gz.divisions[key].name
        else:
            etype = gtype
            name = to_simplified(key)
        node_key = people[name] if etype == "Official" else key
        ent = Entity(type=etype, name=name, iri_key=iri_key(etype, node_key), type_counts=counts,
                     mentions=[{"start": m.start, "end": m.end, "text": m.text} for m in mentions])
        if etype in areas:
            d = gz.divisions[key]
            ent.code, ent.level, ent.parent_code = d.code, d.level, d.parent
        seen = {alias_key(name)}
        for m in mentions:
            if m.source == "deixis":
                continue
            sk = alias_key(m.text)
            if sk and sk not in seen:
                seen.add(sk)
                ent.aliases.append(m.text.strip())
        entities.append(ent)
    entities.sort(key=lambda e: (e.type, e.mentions[0]["start"], e.name))
    relations = _relations(found, entities, people)
    speaker = _person(EntityRef("Official", found.facts.speaker), people) if found.facts.speaker else None
    return ReportResult(doc=found.name, text=found.raw, facts=found.facts, entities=entities,
                        relations=relations, sentences=list(found.sentences), speaker=speaker)


def _people(found: Extraction) -> dict[str, str]:
    """The key of each person the report names (by simplified name): name and jurisdiction."""
    posts: dict[str, list[str]] = defaultdict(list)
    for r in found.relations:
        if r.p == "holdsPost" and r.s.type == "Official":
            posts[_linked(r.s).key].append(r.o.key)
    names = {_linked(EntityRef("Official", m.key)).key for m in found.mentions if m.type == "Official"}
    if found.facts.speaker:
        names.add(_linked(EntityRef("Official", found.facts.speaker)).key)
    county = found.facts.county_code
    return {n: person_key(n, person_scope(posts.get(n, ()), county, found.name), found.name)
            for n in sorted(names | set(posts))}


def _person(ref: EntityRef, people: dict[str, str]) -> EntityRef:
    """A person's relation end, with the key of their node."""
    ref = _linked(ref)
    return EntityRef(ref.type, ref.key, people[ref.key])


def _relations(found: Extraction, entities: list[Entity], people: dict[str, str]) -> list[Relation]:
    gz = gazetteer.load()
    out: dict[tuple, Relation] = {}

    text = found.raw

    def add(rel: Relation, evidence: tuple[int, int]) -> None:
        start, end = evidence
        while start < end and text[start].isspace():  # a line's evidence may start on its blank line
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        evidence = (start, end) if start < end else evidence
        key = (rel.s_ref, rel.p, rel.o_ref, rel.role or "")
        if key not in out:
            out[key] = rel
        if list(evidence) not in out[key].evidence:
            out[key].evidence.append(list(evidence))

    areas = registry().area_types()
    for r in found.relations:
        s, o = (_person(ref, people) if ref.type == "Official" else _linked(ref) for ref in (r.s, r.o))
        add(Relation(s=_name(s), p=r.p, o=_name(o), s_ref=s, o_ref=o, role=r.role), (r.start, r.end))
    for e in entities:
        if e.type in areas and e.parent_code:
            parent = gz.get(e.parent_code)
            if parent:
                m = e.mentions[0]
                add(Relation(s=e.name, p="partOf", o=parent.name, s_ref=EntityRef(AREA, e.code),
                             o_ref=EntityRef(AREA, parent.code)), (m["start"], m["end"]))
    return sorted(out.values(), key=lambda r: (r.p, r.s, r.o, r.role or ""))


def _linked(ref: EntityRef) -> EntityRef:
    """A relation end as the linker keys it: areas by code, people by their
    surface key in simplified characters, laws by canonical title."""
    if ref.type == AREA or ref.type in registry().area_types():
        return EntityRef(AREA, ref.key)
    if ref.type == "Official":
        return EntityRef(ref.type, to_simplified(surface_key(ref.key)))
    return ref


def _name(ref: EntityRef) -> str:
    return area_name(ref.key) if ref.type == AREA else ref.key


def _one_per_span(mentions: list[Mention]) -> list[Mention]:
    """The mentions in text order, one per span: two components may find the same
    name (the speaker of the title block is also a name after a title)."""
    by_span: dict[tuple[int, int], Mention] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.source, m.key)):
        by_span.setdefault((m.start, m.end), m)
    return list(by_span.values())
