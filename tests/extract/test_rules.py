"""The rule-table machinery: the first rule that decides wins and names itself."""
import pytest

from kg.extract.rules import REJECT, Decision, decide, table


def _negative(n: int) -> object:
    return REJECT if n < 0 else None


def _small(n: int) -> object:
    return "small" if n < 10 else None


def _even(n: int) -> object:
    return "even" if n % 2 == 0 else None


RULES = table(_negative, _small, _even)


@pytest.mark.parametrize("case, decision", [
    (-2, Decision(None, "negative")),
    (4, Decision("small", "small")),
    (12, Decision("even", "even")),
])
def test_first_rule_that_decides_wins(case, decision):
    assert decide(RULES, case) == decision


def test_a_case_no_rule_decides_is_an_error():
    with pytest.raises(LookupError):
        decide(RULES, 13)


def test_a_table_refuses_two_rules_of_one_name():
    def small(n: int) -> object:
        return None

    with pytest.raises(ValueError):
        table(_small, small)
