"""The project's own exceptions; the CLI turns them into one-line messages."""


class KGError(Exception):
    """Base class of every error `kg` reports to the user."""


class ReadError(KGError):
    """A report file that cannot be read as text."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class QueryError(KGError):
    """A SPARQL query or data file that cannot be used."""


class UsageError(KGError):
    """Arguments that cannot work together; the CLI exits with status 2."""
