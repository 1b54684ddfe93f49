"""Decisions that branch many ways, as ordered tables of named rules.

A rule looks at a case and either decides it or passes (returns None); the
first rule of its table that decides wins. The decision carries the rule's
name, so a mention can say which rule made it (its `source`) and a test can
check the reason as well as the outcome. A rule may decide that a case is
nothing at all by returning `REJECT`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Optional, Sequence, TypeVar

Case = TypeVar("Case")
Value = TypeVar("Value")


class _Reject:
    """The decision that a case is none of what the table looks for."""

    def __repr__(self) -> str:
        return "REJECT"


REJECT = _Reject()


@dataclass(frozen=True)
class Rule(Generic[Case, Value]):
    """A named step of a decision: `applies(case)` is its decision, REJECT, or None to pass."""

    name: str
    applies: Callable[[Case], object]


@dataclass(frozen=True)
class Decision(Generic[Value]):
    """What the table decided (None for REJECT) and the name of the rule that did."""

    value: Optional[Value]
    rule: str


class cached:  # noqa: N801 -- a decorator, named like functools.cached_property
    """A property of a case worked out at its first read and kept in the case's
    `__dict__`, as `functools.cached_property` does, but without the lock
    Python 3.11 takes on each first read: a case lives in one thread, and the
    lock cost more than most cues it guarded."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, case: Any, owner: Optional[type] = None) -> Any:
        if case is None:
            return self
        value = case.__dict__[self.name] = self.compute(case)
        return value


def table(*functions: Callable[[Case], object]) -> tuple[Rule, ...]:
    """Rules named after their functions, in the order given."""
    rules = tuple(Rule(f.__name__.lstrip("_"), f) for f in functions)
    if len({r.name for r in rules}) != len(rules):
        raise ValueError("two rules of a table share a name")
    return rules


def decide(rules: Sequence[Rule[Case, Value]], case: Case) -> Decision[Value]:
    """The decision of the first rule that decides `case`; a table ends in a rule that always does."""
    for rule in rules:
        value = rule.applies(case)
        if value is REJECT:
            return Decision(None, rule.name)
        if value is not None:
            return Decision(value, rule.name)
    raise LookupError(f"no rule of the table decided {case!r}")
