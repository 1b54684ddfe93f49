"""The pattern of written posts (县人大常委会副主任, 省委书记): a level, a body, titles.

Kept apart from the officials component so that the RDF side can name a
post's body without loading spaCy.
"""
from __future__ import annotations

import functools
import re

from kg import resources

LEVELS = "全国|中央|国家|省|自治区|市|州|盟|县|区|旗|乡|镇|村|社区"


@functools.lru_cache(maxsize=1)
def role_pattern() -> re.Pattern:
    """level? body? title(、title)* with the titles and bodies of kg/resources."""
    def alt(words: list[str]) -> str:
        return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))

    titles = alt(resources.read_lines("titles.txt"))
    bodies = alt(resources.read_lines("bodies.txt"))
    return re.compile(
        rf"(?P<level>{LEVELS})?(?P<body>{bodies})?(?P<titles>(?:{titles})(?:[、和](?:{titles}))*)"
    )
