"""Serves the built web client (``web/dist``) on the API's origin.

Hashed assets under ``/assets/`` never change, so browsers keep them for a year; every other
path that is not a file gets ``index.html`` (SPA fallback), which is always revalidated so a
deploy reaches users on their next navigation. Only paths that match a pattern of the client's
route table (``client-routes.json``, shipped with the build it describes) answer 200; any other
path gets the same page, which renders the client's "not found" screen, with status 404. A
page the build prerendered (``prerendered/<path>.html``) is sent instead of the index page.

The build writes brotli (``.br``) and gzip (``.gz``) copies beside the text files worth
compressing; the copy the client weighs highest is sent with its ``Content-Encoding``, the file
itself when it accepts neither, and ``Vary: Accept-Encoding`` whenever copies exist.
"""

import json
import mimetypes
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

from adapters.http.access import PUBLIC, policy
from adapters.http.content_coding import preferred_coding

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Paths owned by the server: an unknown one is a real 404, never the client's index page.
SERVER_PREFIXES = ("api/", "schema/", "health/", "metrics", "files/")
ROUTE_TABLE = "client-routes.json"
# Pages the build rendered to HTML (``prerendered/index.html`` is ``/``), served in place of the
# bare index page so the browser paints them before the client's code has loaded.
PRERENDERED = "prerendered"
# The suffix of each precompressed copy the build writes, by content coding.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}


def load_route_patterns(dist: Path) -> tuple[tuple[str, ...], ...] | None:
    """The client's page patterns as segment tuples, or None for a build without a table."""
    try:
        table = json.loads((dist / ROUTE_TABLE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return tuple(tuple(s for s in pattern.split("/") if s) for pattern in table["patterns"])


def matches_client_route(patterns: tuple[tuple[str, ...], ...], path: str) -> bool:
    """Whether ``path`` (without the leading slash) is a page of the client, React Router style:
    ``:name`` matches any one non-empty segment, a trailing slash is ignored."""
    trimmed = path.strip("/")
    segments = trimmed.split("/") if trimmed else []
    if "" in segments:
        return False  # "a//b": no route renders an empty segment
    for pattern in patterns:
        if len(pattern) == len(segments) and all(
                p.startswith(":") or p == s for p, s in zip(pattern, segments, strict=True)):
            return True
    return False


def resolve_asset(dist: Path, path: str) -> Path | None:
    """The file under ``dist`` that ``path`` names, or None (also for any escape attempt, and
    for a compressed copy: it is only ever sent in place of its file)."""
    if not path or "\x00" in path:
        return None
    candidate = (dist / path).resolve()
    if not candidate.is_relative_to(dist) or not candidate.is_file():
        return None
    if candidate.suffix in PRECOMPRESSED.values() and candidate.with_suffix("").is_file():
        return None
    return candidate


def prerendered_name(relative: str) -> str:
    return f"{PRERENDERED}/{relative.strip('/') or 'index'}.html"


def precompressed(asset: Path, accept_encoding: str) -> tuple[Path, str | None, bool]:
    """The file to send for ``asset``, its content coding (None: the file as it is), and
    whether compressed copies exist (the answer then varies with ``Accept-Encoding``)."""
    copies = {coding: asset.with_name(asset.name + suffix)
              for coding, suffix in PRECOMPRESSED.items()}
    available = {coding: path for coding, path in copies.items() if path.is_file()}
    coding = preferred_coding(accept_encoding, available)
    if coding is None:
        return asset, None, bool(available)
    return available[coding], coding, True


def web_client_handlers(dist: Path) -> list[Any]:
    root = dist.resolve()
    # Read once: the table ships with the build, and a new build means a restarted server.
    patterns = load_route_patterns(root)

    @get("/", include_in_schema=False, sync_to_thread=False, name="web-client-root",
         **policy(PUBLIC))
    def serve_root(request: Request[Any, Any, Any]) -> Response[Any]:
        return respond("", request.headers.get("accept-encoding", ""))

    @get("/{path:path}", include_in_schema=False, sync_to_thread=False, name="web-client",
         **policy(PUBLIC))
    def serve(path: FromPath[str], request: Request[Any, Any, Any]) -> Response[Any]:
        return respond(path.lstrip("/"), request.headers.get("accept-encoding", ""))

    def respond(relative: str, accept_encoding: str) -> Response[Any]:
        if relative == "schema" or relative.startswith(SERVER_PREFIXES):
            raise NotFoundException()
        index = root / "index.html"
        if not index.is_file():
            raise NotFoundException(
                "The web client is not built: run `./dev up` (or `npm run build` in web/).")
        asset = resolve_asset(root, relative)
        status = 200
        if asset is None:
            if relative.startswith("assets/") or Path(relative).suffix:
                raise NotFoundException()  # a missing file, not a client-side route
            asset = index
            if patterns is not None and not matches_client_route(patterns, relative):
                status = 404
            else:
                asset = resolve_asset(root, prerendered_name(relative)) or index
        headers = {"Cache-Control": IMMUTABLE if relative.startswith("assets/") else REVALIDATE}
        media_type = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
        body, coding, varies = precompressed(asset, accept_encoding)
        if coding is not None:
            headers["Content-Encoding"] = coding
        if varies:
            headers["Vary"] = "Accept-Encoding"
        return File(path=body, filename=asset.name, content_disposition_type="inline",
                    media_type=media_type, status_code=status, headers=headers)

    return [serve_root, serve]
