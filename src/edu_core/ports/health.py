"""Readiness probes of the things the platform depends on."""

from typing import Protocol


class Probe(Protocol):
    name: str

    async def check(self) -> None:
        """Return when healthy; raise (any exception) with a useful message when not."""
        ...
