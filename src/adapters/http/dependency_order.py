"""Handler dependencies resolved one after another instead of in an anyio task group.

Litestar resolves the independent dependencies of a handler concurrently, starting a task per
dependency (litestar-org/litestar#4563). The platform's dependencies are synchronous look-ups
in the container (``Provide(..., sync_to_thread=False)``) or the request's principal, which
reads the database through the request's one shared connection: none of them gains from
running concurrently, and the task group cost a fifth of the framework's time on an
authenticated request (three tasks, their contexts and cancel scopes). In order, a dependency
that fails stops the others before they start, which is also what a reader expects.
"""

from typing import Any

from litestar._kwargs.cleanup import DependencyCleanupGroup
from litestar._kwargs.dependencies import resolve_dependency
from litestar._kwargs.kwargs_model import KwargsModel
from litestar.connection import ASGIConnection


async def resolve_in_order(self: KwargsModel, connection: ASGIConnection[Any, Any, Any, Any],
                           kwargs: dict[str, Any]) -> DependencyCleanupGroup:
    cleanup_group = DependencyCleanupGroup()
    for batch in self.dependency_batches:
        for dependency in batch:
            await resolve_dependency(dependency, connection, kwargs, cleanup_group)
    return cleanup_group


def resolve_dependencies_in_order() -> None:
    """Install once per process, before the app serves (idempotent)."""
    KwargsModel.resolve_dependencies = resolve_in_order  # type: ignore[method-assign]
