"""The database keeps the books honest by itself: an unbalanced posting cannot be committed,
and nothing written to the ledger can be changed or removed."""

import uuid

import asyncpg
import pytest


async def test_the_database_refuses_unbalanced_or_rewritten_books(database_url: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        posting = uuid.uuid4()
        with pytest.raises(asyncpg.CheckViolationError, match="does not balance"):
            async with connection.transaction():
                await connection.execute(
                    "insert into ledger_postings (id, kind, currency, at) "
                    "values ($1, 'payment', 'EUR', now())", posting)
                await connection.executemany(
                    "insert into ledger_entries (posting_id, account, amount) values ($1, $2, $3)",
                    [(posting, "gateway", 1000), (posting, "commission", -999)])
        assert await connection.fetchval(
            "select count(*) from ledger_postings where id = $1", posting) == 0

        async with connection.transaction():
            await connection.execute(
                "insert into ledger_postings (id, kind, currency, at) "
                "values ($1, 'payment', 'EUR', now())", posting)
            await connection.executemany(
                "insert into ledger_entries (posting_id, account, amount) values ($1, $2, $3)",
                [(posting, "gateway", 1000), (posting, "commission", -1000)])
        for statement in ("update ledger_entries set amount = amount * 2",
                          "delete from ledger_entries", "delete from ledger_postings"):
            with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
                await connection.execute(statement)
        assert await connection.fetchval(
            "select sum(amount) from ledger_entries where posting_id = $1", posting) == 0
    finally:
        await connection.close()
