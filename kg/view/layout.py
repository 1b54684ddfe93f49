"""A first layout for the view, computed here so that a large graph opens at once.

The counties whose reports the graph holds are hubs on a ring, in division
code order. What only one hub's reports name sits in a disc around that hub;
what several hubs share sits inside the ring, near the middle of its hubs, so
the more widely shared, the nearer the centre. The rest follow their
neighbours. The page only polishes this with a bounded physics run.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Sequence

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 30.0

Point = tuple[float, float]


def sunflower(centre: Point, n: int, spacing: float = SPACING, skip: int = 0) -> list[Point]:
    """`n` evenly spread points of a Vogel spiral around `centre`, leaving the first `skip` out."""
    cx, cy = centre
    return [(cx + spacing * math.sqrt(k) * math.cos(k * GOLDEN_ANGLE),
             cy + spacing * math.sqrt(k) * math.sin(k * GOLDEN_ANGLE)) for k in range(skip, skip + n)]


def seed_layout(g: nx.Graph, hubs: Sequence[str], spacing: float = SPACING) -> dict[str, Point]:
    """Positions for every node of `g`; `hubs` (nodes of `g`) go on the ring in the given order."""
    hub_set = set(hubs)
    order = sorted((n for n in g if n not in hub_set), key=lambda n: (-g.degree(n), str(n)))
    own: dict = defaultdict(list)
    shared: dict = {}
    for node in order:
        near = tuple(sorted((h for h in g[node] if h in hub_set), key=str))
        if len(near) == 1:
            own[near[0]].append(node)
        elif near:
            shared[node] = near
    disc = {h: spacing * math.sqrt(len(own[h]) + 1) for h in hubs}
    arcs = [2 * disc[h] + 2 * spacing for h in hubs]
    ring = sum(arcs) / (2 * math.pi) if len(hubs) > 1 else 0.0
    pos: dict[str, Point] = {}
    walked = 0.0
    for h, arc in zip(hubs, arcs):
        angle = 2 * math.pi * (walked + arc / 2) / sum(arcs) - math.pi / 2
        pos[h] = (ring * math.cos(angle), ring * math.sin(angle))
        walked += arc
        pos.update(zip(own[h], sunflower(pos[h], len(own[h]), spacing, skip=1)))
    inner = max(0.0, ring - max(disc.values(), default=0.0) - 2 * spacing)
    targets = {}
    for node, near in shared.items():
        x = sum(pos[h][0] for h in near) / len(near)
        y = sum(pos[h][1] for h in near) / len(near)
        r = math.hypot(x, y)
        targets[node] = (x * inner / r, y * inner / r) if r > inner else (x, y)
    _place(pos, targets, spacing)
    rest = [n for n in order if n not in pos]
    while rest:
        targets = {}
        for node in rest:
            placed = [pos[m] for m in g[node] if m in pos]
            if placed:
                targets[node] = (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
        if not targets:
            break
        _place(pos, targets, spacing, skip=1)
        rest = [n for n in rest if n not in pos]
    if rest:
        bottom = max((p[1] for p in pos.values()), default=0.0) + spacing * (math.sqrt(len(rest)) + 2)
        pos.update(zip(rest, sunflower((0.0, bottom), len(rest), spacing)))
    return pos


def _place(pos: dict, targets: dict, spacing: float, skip: int = 0) -> None:
    """Nodes near one another's targets share one spiral around their mean target."""
    cell = 4 * spacing
    buckets: dict = defaultdict(list)
    for node, (x, y) in targets.items():
        buckets[round(x / cell), round(y / cell)].append(node)
    for members in buckets.values():
        cx = sum(targets[n][0] for n in members) / len(members)
        cy = sum(targets[n][1] for n in members) / len(members)
        pos.update(zip(members, sunflower((cx, cy), len(members), spacing, skip)))
