"""Whatever a person types into a search box, the normalised text is a query PostgreSQL
parses: ``websearch_to_tsquery`` never fails on it, with either text-search configuration."""

import asyncio
from collections.abc import Iterator

import asyncpg
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from edu_core.domain.search_text import MAX_QUERY, InvalidSearchQuery, clean_query, websearch_text

PARSE = ("select websearch_to_tsquery('english', $1)::text, "
         "websearch_to_tsquery('simple', $1)::text, "
         "to_tsvector('english', 'stack overflow') @@ websearch_to_tsquery('english', $1)")

# Search syntax and its neighbours, in runs, next to words and non-Latin letters.
PIECES = st.sampled_from(["-", "- ", "--", '"', "'", " or ", "OR", "!", "&", "|", ":*", "(",
                          ")", "<->", "\\", "*", "e-mail", "energy", "Énergie", "能量",
                          "١٢", "_", " ", "\t", "\u00a0", "\u200b", "a", "-x"])
QUERIES = st.one_of(st.lists(PIECES, max_size=120).map("".join),
                    st.text(max_size=MAX_QUERY))


@pytest.fixture(scope="module")
def parse(database_url: str) -> Iterator[tuple[asyncio.AbstractEventLoop, asyncpg.Connection]]:
    loop = asyncio.new_event_loop()
    connection = loop.run_until_complete(asyncpg.connect(database_url))
    try:
        yield loop, connection
    finally:
        loop.run_until_complete(connection.close())
        loop.close()


def test_the_raw_text_is_what_overflows(
        parse: tuple[asyncio.AbstractEventLoop, asyncpg.Connection]) -> None:
    loop, connection = parse
    with pytest.raises(asyncpg.PostgresError, match="stack too small"):
        loop.run_until_complete(connection.fetchrow(PARSE, "- " * 40))
    loop.run_until_complete(connection.fetchrow(PARSE, websearch_text("- " * 40)))


@given(raw=QUERIES)
@example(raw="-" * 33)
@example(raw="- " * 100)
@example(raw=" or" * 66)
@example(raw='"' + "-" * 60 + '"')
@example(raw="a " + "-!" * 90 + " b")
@settings(max_examples=300, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_text_normalises_to_a_valid_tsquery(
        parse: tuple[asyncio.AbstractEventLoop, asyncpg.Connection], raw: str) -> None:
    loop, connection = parse
    try:
        query = clean_query(raw)
    except InvalidSearchQuery:
        return  # refused before any query is built
    loop.run_until_complete(connection.fetchrow(PARSE, websearch_text(query)))
