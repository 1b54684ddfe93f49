"""The rule-table machinery: the first rule that decides wins and names itself."""
import pytest

from kg.extract.rules import REJECT, Decision, decide, table


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
