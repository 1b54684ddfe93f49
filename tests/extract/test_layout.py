"""Texts read without their layout runs, and the way back to the offsets of the text as read."""
import pytest

from kg.extract.layout import kept_positions, original_position, without, without_spaces


@pytest.mark.parametrize("text", [
    "召开常委会会议12次",
    "召开常委会会议 12 次",
    "听取和审议专项工作报告 12 个，\t作出决议决定  5 项。",
    " 开头有空格，结尾也有\t ",
    "一 二 三 四 五",
    "召开常委会会议\t12\t次",
])
def test_a_position_without_spaces_maps_back_to_its_character(text):
    clean, steps = without_spaces(text)
    assert clean == text.replace(" ", "").replace("\t", "")
    assert [text[original_position(p, steps)] for p in range(len(clean))] == list(clean)
    # the end of the text without spaces is the end of the text as read
    assert original_position(len(clean), steps) == len(text)


def test_a_text_without_spaces_needs_no_map():
    assert without_spaces("召开常委会会议12次") == ("召开常委会会议12次", None)
    assert original_position(5, None) == 5 and original_position(5, []) == 5


@pytest.mark.parametrize("text, gaps, kept", [
    ("会(huì)议", [(1, 6)], "会议"),
    ("(a)会议(b)", [(0, 3), (5, 8)], "会议"),
    ("常委会", [], "常委会"),
    ("常委会(wěi)", [(3, 8)], "常委会"),
])
def test_a_text_without_its_gaps(text, gaps, kept):
    clean, positions = without(text, gaps)
    assert clean == kept
    assert positions == kept_positions(len(text), gaps)
    assert "".join(text[i] for i in positions) == kept
