"""Page requests and pages of results, shared by every list use case."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from edu_core.domain.errors import InvalidInput

T = TypeVar("T")

MAX_PAGE_SIZE = 100
# Offset paging reads and discards every earlier row: a bound keeps a hostile page number cheap.
MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    page_size: int = 20

    def __post_init__(self) -> None:
        if not 1 <= self.page <= MAX_PAGE:
            raise InvalidInput(f"page must be between 1 and {MAX_PAGE}.",
                               details={"fields": {"page": f"Must be between 1 and {MAX_PAGE}."}})
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidInput(f"page_size must be between 1 and {MAX_PAGE_SIZE}.",
                               details={"fields": {"page_size": f"Must be 1 to {MAX_PAGE_SIZE}."}})

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
