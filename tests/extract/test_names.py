"""The name rules read on their own: a name before a title (习近平总书记), and
whether a name the model proposes that reads as a word is kept."""
import pytest

from kg.extract.names import name_before
from kg.extract.persons import alone_in_doubt


@pytest.mark.parametrize("text, end, expected", [
    # three characters at the very start of the text
    ("赵立新同志", 3, (0, 3, "赵立新")),
    # two characters at the start, where a three-character reading would begin before the text
    ("赵平同志", 2, (0, 2, "赵平")),
    # two characters after punctuation
    ("，赵平同志", 3, (1, 3, "赵平")),
    # two characters after a word that cannot continue a name (的)
    ("我们的赵平同志", 5, (3, 5, "赵平")),
    # two characters after another character are no name of their own, ...
    ("会见了赵平同志", 5, None),
    # ... but may end a name with a two-character surname
    ("，皇甫文斌同志", 5, (1, 5, "皇甫文斌")),
])
def test_name_before_a_title(text, end, expected):
    assert name_before(text, end) == expected


DOUBTFUL = "周落实"  # its given name is a frequent word (落实)


@pytest.mark.parametrize("text, neighbour, expected", [
    # alone, as in 年计划、月安排、周落实
    ("建立“年计划、月安排、周落实”工作机制。", None, True),
    # another name after it, adjacent or up to two characters away
    ("周落实王强", "王强", False),
    ("周落实、王强", "王强", False),
    ("周落实、 王强", "王强", False),
    ("周落实同志、王强", "王强", True),
    # another name before it, adjacent or up to two characters away
    ("王强周落实", "王强", False),
    ("王强、周落实", "王强", False),
    ("王强、 周落实", "王强", False),
    ("王强同志、周落实", "王强", True),
])
def test_a_name_that_reads_as_a_word_is_kept_only_beside_another(text, neighbour, expected):
    start = text.index(DOUBTFUL)
    others = [(text.index(neighbour), text.index(neighbour) + len(neighbour), neighbour)] if neighbour else []
    assert alone_in_doubt(text, DOUBTFUL, start, start + len(DOUBTFUL), others) is expected


@pytest.mark.parametrize("text, name, expected", [
    # a given name as frequent as the threshold (新建: 1000 in jieba's dictionary) is in doubt
    ("李新建出席会议。", "李新建", True),
    # so is a name whose last character and the next are such a word (王新 + 建)
    ("王新建成了", "王新", True),
    # an ordinary given name is not
    ("李立为出席会议。", "李立为", False),
])
def test_doubt_at_the_word_frequency_threshold(text, name, expected):
    start = text.index(name)
    assert alone_in_doubt(text, name, start, start + len(name), []) is expected

