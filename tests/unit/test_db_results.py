"""Row counts come only from results that carry one (UPDATE and DELETE on a cursor)."""

import pytest
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData

from adapters.db.results import rowcount


def test_a_result_without_a_cursor_has_no_row_count() -> None:
    result = IteratorResult(SimpleResultMetaData(["n"]), iter([(1,)]))
    with pytest.raises(TypeError, match="IteratorResult carries no row count"):
        rowcount(result)
