"""The real clock, and the shifted one that lets browser journeys cross days.

A booking's story spans days (the session, then the 48-hour complaint window before the mentor's
money becomes available). ``ShiftedClock`` adds an offset read from a file to the real time, so a
test can move every process of one platform (server, worker, scheduler) forward at once by
rewriting that file. Settings accept it only in the test environment.
"""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """Real time plus the number of seconds written in ``path`` (none, or no file: no shift)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: tuple[int, int] | None = None
        self._offset = timedelta(0)

    def _current_offset(self) -> timedelta:
        try:
            status = os.stat(self._path)
            # Each shift replaces the file: a new inode even within one timestamp tick.
            stamp = (status.st_ino, status.st_mtime_ns)
        except FileNotFoundError:
            return timedelta(0)
        if stamp != self._stamp:
            text = self._path.read_text().strip()
            self._offset = timedelta(seconds=float(text or 0))
            self._stamp = stamp
        return self._offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self._current_offset()

    @staticmethod
    def shift_to(path: Path, instant: datetime) -> None:
        """Make clocks reading ``path`` show ``instant`` now (and run on from there)."""
        offset = (instant - datetime.now(UTC)).total_seconds()
        temporary = path.with_suffix(".tmp")
        temporary.write_text(f"{offset:.3f}\n")
        temporary.replace(path)  # readers never see half a number
