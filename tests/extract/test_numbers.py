"""Numbers written with Arabic or Chinese digits, as reports count things."""
import pytest

from kg.extract.numbers import cn_to_int


@pytest.mark.parametrize("text, value", [
    ("8", 8),
    ("十二", 12),
    ("二〇二四", 2024),
    ("三万", 30000),
    # a count of ten thousands with its tens before 万 (十二万 is 120000)
    ("十二万", 120000),
    ("一万二千", 12000),
    ("两千三百四十五", 2345),
    ("八次", None),
    # Arabic digits before a unit, as news writes them (12万, 3千5百)
    ("12万", 120000),
    ("3千5百", 3500),
    ("十万", 100000),
    # a unit right after another counts one of it, and does not fail
    ("三千百", 3100),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value
