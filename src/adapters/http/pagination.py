"""Paging at the HTTP edge, declared once: the ``paging`` dependency reads ``page`` and
``page_size`` with the same bounds on every list route, and ``PageOut`` is the one shape of a
page of results.

Each route's page struct subclasses ``PageOut`` and restates ``items`` with its item type, so
the OpenAPI document (and the generated TypeScript) gets a readable name and a precise item
schema; the paging fields and the conversion from the core's ``Page`` live here only.
"""

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, Protocol, Self, TypeVar

import msgspec
from litestar.di import Provide
from litestar.params import Parameter

from edu_core.domain.pagination import MAX_PAGE, MAX_PAGE_SIZE, PageRequest

T = TypeVar("T")
V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)

DEFAULT_PAGE_SIZE = 20


class Paged(Protocol[V_co]):
    """What the core returns for a page: ``Page`` and the search results both fit."""

    @property
    def items(self) -> Sequence[V_co]: ...

    @property
    def total(self) -> int: ...

    @property
    def page(self) -> int: ...

    @property
    def page_size(self) -> int: ...


class PageOut(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @classmethod
    def of(cls, found: Paged[V], convert: Callable[[V], T], **extra: Any) -> Self:
        """This page of ``found`` with each item converted; ``extra`` fills the fields a
        subclass adds (a topic heading, an unread count)."""
        return cls(items=[convert(item) for item in found.items], total=found.total,
                   page=found.page, page_size=found.page_size, **extra)


def provide_page_request(
    page: Annotated[int, Parameter(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    page_size: Annotated[int, Parameter(ge=1, le=MAX_PAGE_SIZE,
                                        description="Items per page.")] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page, page_size)


PAGING = {"paging": Provide(provide_page_request, sync_to_thread=False)}
