"""A written role as posts in bodies: 县委副书记、县长 → (县委副书记, 党委), (县长, 政府).

Each title of a role is one post: a role concept keyed by the normalised title
(the body as kg names it and the title; a party committee keeps its level:
县委书记) and the body of the area it belongs to. Which body a written role
names, and how bodies are named, is data: kg/resources/posts.toml.
"""
from __future__ import annotations

import functools
import re
import tomllib
from typing import NamedTuple, Optional

from kg import resources
from kg.reference.roles import role_pattern

_TITLES = re.compile(r"[、和]")


class Post(NamedTuple):
    """One title of a written role: its role key (人大常委会副主任) and body key (人大常委会),
    or None when the role does not say which body."""

    role: str
    body: Optional[str]


class Bodies(NamedTuple):
    by_written: dict[str, str]
    labels: dict[str, str]
    nation: dict[str, str]
    of_title: dict[str, str]


@functools.lru_cache(maxsize=1)
def bodies() -> Bodies:
    data = tomllib.loads(resources.path("posts.toml").read_text(encoding="utf-8"))
    by_written = {w: key for key, body in data["bodies"].items() for w in body["written"]}
    return Bodies(by_written, {k: b["label"] for k, b in data["bodies"].items()},
                  {k: b["nation"] for k, b in data["bodies"].items()}, dict(data["titles"]))


@functools.lru_cache(maxsize=1 << 10)
def posts(role: str) -> tuple[Post, ...]:
    """The posts a role as written names, in order; () if it is not a role kg can read."""
    m = role_pattern().fullmatch(role)
    if m is None:
        return ()
    b = bodies()
    level, written = m.group("level") or "", m.group("body") or ""
    out = []
    for title in _TITLES.split(m.group("titles")):
        body = b.of_title.get(title) or b.by_written.get(written)
        if title in b.of_title:
            key = f"{level}{title}" if title == "人大代表" else title
        elif body == "党委":
            key = f"{level}委{title}" if level and written == "委" else f"{written}{title}"
        elif body:
            key = f"{body}{title}"
        else:
            key = f"{level}{written}{title}"
        out.append(Post(key, body))
    return tuple(out)


def body_label(body: str, area_name: str, nation: bool) -> str:
    """The name of the body `body` of an area: 常山县人大常委会, 中共常山县委员会."""
    b = bodies()
    return b.nation[body] if nation else b.labels[body].format(area=area_name)
