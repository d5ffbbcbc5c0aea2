"""Postgres reads of a person's own records for the data export, a page at a time."""

from typing import Any
from uuid import UUID

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db.tables import content_attempts, content_completions
from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.pagination import Page, PageRequest


class PostgresPersonalDataReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _page(self, table: Table, user_id: UUID, order: list[Any],
                    page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        mine = table.c.user_id == user_id
        async with self._engine.connect() as connection:
            total = (await connection.execute(
                select(func.count()).select_from(table).where(mine))).scalar_one()
            rows = (await connection.execute(
                select(table).where(mine).order_by(*order)
                .offset(page.offset).limit(page.page_size))).mappings().all()
        return [dict(r) for r in rows], total

    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        c = content_attempts.c
        rows, total = await self._page(content_attempts, user_id, [c.created_at, c.id], page)
        return Page(items=[Attempt(**r) for r in rows], total=total, page=page.page,
                    page_size=page.page_size)

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        c = content_completions.c
        rows, total = await self._page(content_completions, user_id,
                                       [c.completed_at, c.item_id], page)
        return Page(items=[Completion(**r) for r in rows], total=total, page=page.page,
                    page_size=page.page_size)
