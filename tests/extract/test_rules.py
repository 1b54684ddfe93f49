"""The rule-table machinery: the first rule that decides wins and names itself."""
import pytest

from kg.extract.rules import REJECT, Decision, cached, decide, table


def _negative(n: int) -> object:
    return REJECT if n < 0 else None


def _small(n: int) -> object:
    return "small" if n < 10 else None


def _even(n: int) -> object:
    return "even" if n % 2 == 0 else None


def rules() -> tuple:
    """The table, made in each test: a table made when the module is imported would
    not see a change to `table` made later (as mutation testing makes it)."""
    return table(_negative, _small, _even)


def test_rules_are_named_after_their_functions_in_order():
    made = rules()
    assert [r.name for r in made] == ["negative", "small", "even"]
    assert [r.applies for r in made] == [_negative, _small, _even]


@pytest.mark.parametrize("case, decision", [
    (-2, Decision(None, "negative")),
    (4, Decision("small", "small")),
    (12, Decision("even", "even")),
])
def test_first_rule_that_decides_wins(case, decision):
    assert decide(rules(), case) == decision


def test_a_case_no_rule_decides_is_an_error():
    with pytest.raises(LookupError, match="^no rule of the table decided 13$"):
        decide(rules(), 13)


def test_a_table_refuses_two_rules_of_one_name():
    def small(n: int) -> object:
        return None

    with pytest.raises(ValueError, match="^two rules of a table share a name$"):
        table(_small, small)


def _XL(n: int) -> object:
    return "extra large" if n >= 40 else None


def test_a_rule_loses_only_the_underscores_that_lead_its_name():
    assert [r.name for r in table(_XL, _small)] == ["XL", "small"]
    assert decide(table(_XL, _small), 45) == Decision("extra large", "XL")


def test_reject_shows_as_reject():
    assert repr(REJECT) == "REJECT"
    assert f"{[REJECT, None]}" == "[REJECT, None]"


class _Case:
    """A case whose cue is worked out once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.worked_out = 0

    @cached
    def length(self) -> int:
        """The number of characters of the case's text."""
        self.worked_out += 1
        return len(self.text)


def test_a_cached_cue_is_worked_out_at_its_first_read_only():
    case = _Case("常委会")
    assert (case.length, case.length, case.worked_out) == (3, 3, 1)
    assert case.__dict__["length"] == 3
    assert _Case("主任会议").length == 4


def test_a_cached_cue_keeps_its_name_and_documentation():
    assert _Case.length.name == "length"
    assert _Case.length.__doc__ == "The number of characters of the case's text."


def test_a_cached_cue_set_on_a_class_after_it_is_made_is_kept_under_its_name():
    def words(case: _Case) -> int:
        case.worked_out += 1
        return len(case.text) // 2

    class Later(_Case):
        pass

    Later.words = cached(words)
    case = Later("人大常委")
    assert (case.words, case.words, case.worked_out) == (2, 2, 1)
