"""Read-only queries behind the finance dashboard: the ledger summed per month, currency,
posting kind and account, the mentors who earned most, and disputes. The sums are made where
the ledger is kept; nothing reads the whole ledger into the application."""

from datetime import datetime
from typing import Protocol

from edu_core.domain.bookings.finance import DisputeCounts, LedgerSummary, TopMentor


class FinanceReports(Protocol):
    async def ledger_summary(self, start: datetime, end: datetime) -> LedgerSummary:
        """The entries of postings in [start, end) summed per UTC month, currency, posting
        kind and account, and the mentor accounts' balances (per currency and account kind,
        every mentor together) from the postings before ``start``; both read at one moment,
        so they agree with each other."""
        ...

    async def top_mentors(self, start: datetime, end: datetime,
                          limit: int) -> list[TopMentor]:
        """Per currency (sorted), up to ``limit`` mentors with payments in [start, end), by
        gross (most first; ties by mentor id)."""
        ...

    async def disputes(self, start: datetime, end: datetime) -> DisputeCounts:
        """Sessions reported in [start, end), sessions whose dispute was decided then, and
        how many of the former still wait for a decision."""
        ...
