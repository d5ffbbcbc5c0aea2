"""What this platform offers: the switches a client reads to show or hide whole areas.

Public, so the web client can decide before sign-in (a mentor's public page) and so one answer
serves every caller: nothing in it depends on who asks.
"""

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from msgspec import Meta

from adapters.http.access import PUBLIC, policy
from adapters.http.dependencies import provide_settings
from adapters.http.errors import error_responses
from adapters.settings import Settings


class FeaturesOut(msgspec.Struct):
    group_sessions: Annotated[bool, Meta(description=(
        "Group sessions are offered: off, every group-session route answers 404 "
        "`group_sessions_disabled`."))]


class PlatformController(Controller):
    path = "/api/v1/platform"
    tags = ["Platform"]
    dependencies = {"settings": Provide(provide_settings, sync_to_thread=False)}

    @get("/features", operation_id="getPlatformFeatures",
         summary="The optional features switched on here",
         description="Read once per page load by the web client; a feature switched off "
                     "leaves no trace in its screens.",
         responses=error_responses(429), **policy(PUBLIC, rate_limit="public"))
    async def features(self, settings: NamedDependency[Settings]) -> FeaturesOut:
        return FeaturesOut(group_sessions=settings.feature_group_sessions)
