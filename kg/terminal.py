"""Text for a terminal: what must not reach it raw is shown as escapes."""
from __future__ import annotations

import re

# What must not reach a terminal raw: C0 and C1 control characters (ESC starts the
# sequences that recolour or retitle it) and the bytes of a name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    cp = ord(m.group())
    if 0xDC80 <= cp <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{cp - 0xDC00:02x}"
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def shown(text: str) -> str:
    """`text` for a terminal line: control characters and undecodable bytes as \\x.. escapes."""
    return _UNPRINTABLE.sub(_escape, text)
