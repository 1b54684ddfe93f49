"""Written roles as posts in bodies (kg/link/posts.py, data in kg/resources/posts.toml)."""
from __future__ import annotations

import pytest

from kg.link.posts import Post, body_label, posts


@pytest.mark.parametrize("role, expected", [
    ("人大常委会主任", [("人大常委会主任", "人大常委会")]),
    ("人民代表大会常务委员会副主任", [("人大常委会副主任", "人大常委会")]),
    ("人大副主任", [("人大常委会副主任", "人大常委会")]),
    ("人大常委会党组书记、副主任", [("人大常委会党组书记", "人大常委会"), ("人大常委会副主任", "人大常委会")]),
    ("县委书记", [("县委书记", "党委")]),
    ("区委书记", [("区委书记", "党委")]),
    ("县委副书记、县长", [("县委副书记", "党委"), ("县长", "政府")]),
    ("县委副书记、代县长", [("县委副书记", "党委"), ("代县长", "政府")]),
    ("人民法院院长", [("法院院长", "法院")]),
    ("人民检察院检察长", [("检察院检察长", "检察院")]),
    ("总书记", [("总书记", "党委")]),
    ("全国人大代表", [("全国人大代表", "人民代表大会")]),
    ("主席团成员和人大代表", [("主席团成员", "人民代表大会"), ("人大代表", "人民代表大会")]),
    ("政协副主席", [("政协副主席", "政协")]),
    ("主任", [("主任", None)]),
])
def test_each_title_of_a_role_is_a_post_in_a_body(role, expected):
    assert list(posts(role)) == [Post(*pair) for pair in expected]


def test_a_phrase_that_is_no_role_gives_no_post():
    assert posts("工作报告") == ()


@pytest.mark.parametrize("body, area, nation, label", [
    ("人大常委会", "常山县", False, "常山县人大常委会"),
    ("党委", "常山县", False, "中共常山县委员会"),
    ("政府", "柯城区", False, "柯城区人民政府"),
    ("党委", "中华人民共和国", True, "中国共产党中央委员会"),
])
def test_bodies_are_named_as_they_are_called(body, area, nation, label):
    assert body_label(body, area, nation) == label
