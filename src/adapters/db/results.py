"""What the typing of SQLAlchemy's results leaves out."""

from typing import Any

from sqlalchemy import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched.

    ``AsyncSession.execute`` is typed to return a plain ``Result`` whatever the statement, but a
    DML statement's result is a ``CursorResult``, the kind that carries the count.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} carries no row count")
    return result.rowcount
