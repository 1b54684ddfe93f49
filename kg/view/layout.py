"""Groups and positions of the view, computed at build time so that a large graph opens at once.

Areas nest by kg:partOf: a province holds its prefectures, a prefecture its
counties. Every other entity belongs to the lowest area that holds every
county whose reports name it (or where it holds a post, or that inspects it):
what one county's reports name sits with that county, what several
provinces' reports name sits at the top. Where a group holds many entities
of one type, they get a group of their own ("laws · 42"), so no group is a
crowd. Each group is a disc: its own entities on a spiral round its centre,
its sub-groups packed round them. Positions depend only on the graph, so
the same input gives the same picture.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 34.0
GAP = 1.5 * SPACING
# A group with more than LOOSE_MAX entities of its own puts each type with
# at least BIN_MIN of them into a group of its own.
LOOSE_MAX = 24
BIN_MIN = 8
AREA_TYPES = ("County", "Place")

Point = tuple[float, float]


@dataclass
class Group:
    """A disc of the view: an area (`node` is its entity) or one type's entities within a group (`node` is None)."""

    key: str
    parent: Optional[str]
    node: Optional[str] = None
    type: str = ""
    members: list = field(default_factory=list)
    children: list = field(default_factory=list)
    radius: float = 0.0
    offsets: dict = field(default_factory=dict)
    size: int = 0


ROOT = ""


def sunflower(centre: Point, n: int, spacing: float = SPACING, skip: int = 0) -> list[Point]:
    """`n` evenly spread points of a Vogel spiral around `centre`, leaving the first `skip` out."""
    cx, cy = centre
    return [(cx + spacing * math.sqrt(k) * math.cos(k * GOLDEN_ANGLE),
             cy + spacing * math.sqrt(k) * math.sin(k * GOLDEN_ANGLE)) for k in range(skip, skip + n)]


def area_parents(net: nx.MultiDiGraph) -> dict[str, str]:
    """Each area's parent area (kg:partOf; the least by IRI if it has several)."""
    parents: dict = defaultdict(list)
    for s, o, rel in net.edges(keys=True):
        if rel == "partOf":
            parents[s].append(o)
    return {s: min(os) for s, os in parents.items()}


def groups(net: nx.MultiDiGraph, county_of_report: dict[str, str]) -> dict[str, Group]:
    """The groups of the view by key; `ROOT` is the top. An area is a group if it is a county or holds one."""
    parent = area_parents(net)
    anchors = {n for n, t in net.nodes(data="type") if t == "County"}
    for county in sorted(anchors):
        seen, node = {county}, county
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
            anchors.add(node)
    tree = {ROOT: Group(ROOT, None)}
    for a in sorted(anchors):
        tree[a] = Group(a, None, node=a, type=net.nodes[a]["type"])
    for a in sorted(anchors):
        tree[a].parent = _parent_group(a, parent, anchors)
        tree[tree[a].parent].children.append(a)
    chain = {a: _chain(a, tree) for a in tree}
    for node in sorted(n for n in net if n not in anchors):
        home = _lowest_common(_places(net, node, parent, anchors, county_of_report), chain)
        tree[home].members.append(node)
    for key in sorted(k for k in tree if k == ROOT or tree[k].node):
        _bin(tree, key, net)
    return tree


def _parent_group(a: str, parent: dict, anchors: set) -> str:
    """The group above area `a`: its parent area, or the top (also for the least area of a kg:partOf cycle)."""
    path, node = [a], a
    while parent.get(node) in anchors:
        node = parent[node]
        if node in path:
            cycle = path[path.index(node):]
            return ROOT if a == min(cycle) else parent[a]
        path.append(node)
    return parent[a] if parent.get(a) in anchors else ROOT


def _chain(key: str, tree: dict) -> list[str]:
    """`key` and the groups above it, up to the top."""
    out, seen = [], set()
    while key is not None and key not in seen:
        out.append(key)
        seen.add(key)
        key = tree[key].parent
    return out


def _places(net: nx.MultiDiGraph, node: str, parent: dict, anchors: set, county_of_report: dict) -> set:
    """The area groups an entity belongs to: its parent area, or the counties naming it and the areas it is linked to."""
    if parent.get(node) in anchors:
        return {parent[node]}
    places = {county_of_report.get(r, "") for r in net.nodes[node]["reports"]}
    places |= {m for m in nx.all_neighbors(net, node) if m in anchors}
    return {p for p in places if p in anchors}


def _lowest_common(places: Iterable[str], chain: dict) -> str:
    """The lowest group above (or at) every one of `places`; the top if there are none."""
    common: Optional[list] = None
    for p in sorted(places):
        c = chain[p]
        common = c if common is None else [g for g in c if g in set(common)]
    return common[0] if common else ROOT


def _bin(tree: dict, key: str, net: nx.MultiDiGraph) -> None:
    """Put each large type among a crowded group's own entities into a group of its own."""
    g = tree[key]
    if len(g.members) <= LOOSE_MAX:
        return
    by_type: dict = defaultdict(list)
    for m in g.members:
        by_type[net.nodes[m]["type"]].append(m)
    for t, members in sorted(by_type.items()):
        if len(members) >= BIN_MIN:
            bin_key = f"{key}#{t}"
            tree[bin_key] = Group(bin_key, key, type=t, members=members)
            g.children.append(bin_key)
            g.members = [m for m in g.members if m not in set(members)]


def layout(tree: dict[str, Group], weight: dict[str, float]) -> dict[str, Point]:
    """Positions of every entity and of every type group's centre (by key); heavier entities nearer their centre."""
    for key in _post_order(tree):
        _pack(tree, key, weight)
    pos: dict[str, Point] = {}
    _place(tree, ROOT, (0.0, 0.0), pos)
    return pos


def _post_order(tree: dict) -> list[str]:
    out: list = []
    stack = [(ROOT, False)]
    while stack:
        key, done = stack.pop()
        if done:
            out.append(key)
            continue
        stack.append((key, True))
        stack.extend((c, False) for c in reversed(tree[key].children))
    return out


def _pack(tree: dict, key: str, weight: dict) -> None:
    """A group's disc: its own entities on a spiral round its centre, its sub-groups packed round them."""
    g = tree[key]
    members = sorted(g.members, key=lambda m: (-weight.get(m, 0.0), m))
    g.members = members
    g.offsets = dict(zip(members, sunflower((0.0, 0.0), len(members), SPACING, skip=1)))
    g.size = len(members) + sum(tree[c].size + (1 if tree[c].node else 0) for c in g.children)
    core = SPACING * math.sqrt(len(members) + 1) if members or g.node else 0.0
    placed: list[tuple[float, float, float]] = []
    for c in sorted(g.children, key=lambda c: (-tree[c].radius, c)):
        r = tree[c].radius
        g.offsets[c] = _free_spot(placed, core, r)
        placed.append((*g.offsets[c], r))
    g.radius = max([core, SPACING] + [math.hypot(x, y) + r for x, y, r in placed])


def _free_spot(placed: list, core: float, r: float) -> Point:
    """The first spot on a widening spiral round the core where a disc of radius `r` overlaps nothing placed."""
    ring = core + r + GAP if core else (0.0 if not placed else r + GAP)
    while True:
        if ring == 0.0:
            if not placed:
                return (0.0, 0.0)
            ring = r + GAP
            continue
        steps = max(6, int(2 * math.pi * ring / max(r, SPACING) * 2))
        for k in range(steps):
            a = -math.pi / 2 + 2 * math.pi * k / steps
            x, y = ring * math.cos(a), ring * math.sin(a)
            if all(math.hypot(x - px, y - py) >= r + pr + GAP for px, py, pr in placed):
                return (x, y)
        ring += max(r / 2, SPACING)


def _place(tree: dict, key: str, centre: Point, pos: dict) -> None:
    g = tree[key]
    cx, cy = centre
    if g.node is not None:
        pos[g.node] = centre
    else:
        pos[key] = centre
    for m in g.members:
        dx, dy = g.offsets[m]
        pos[m] = (cx + dx, cy + dy)
    for c in g.children:
        dx, dy = g.offsets[c]
        _place(tree, c, (cx + dx, cy + dy), pos)
