"""Small helpers for extractor tests: a report around a sentence."""

HEADER = "{county}人民代表大会常务委员会工作报告\n\n各位代表：\n"


def report(sentence: str, county: str = "常山县") -> str:
    """A minimal report of `county` whose body is `sentence`."""
    return HEADER.format(county=county) + sentence + "\n"


def names(result, type_: str) -> set[str]:
    return {e.name for e in result.entities if e.type == type_}


def relations(result, p: str) -> set[tuple]:
    return {(r.s, r.o) + ((r.role,) if p == "holdsPost" else ()) for r in result.relations if r.p == p}
