"""Content codings: which one a client accepts (``Accept-Encoding``, RFC 9110 section 12.5.3),
and the compression of the API's text answers.

One negotiation serves both the web client's precompressed files and the answers compressed on
the fly, so a client that refuses a coding (``br;q=0``) never gets it from either.
"""

import dataclasses
from collections.abc import Iterable
from typing import Any, cast

from litestar.config.compression import CompressionConfig
from litestar.datastructures import Headers
from litestar.middleware.compression import CompressionMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Brotli first: on text it is smaller than gzip at the same speed.
PREFERENCE = ("br", "gzip")
# Bodies below this are sent as they are: the saving is smaller than the work.
MINIMUM_SIZE = 1024
# Images, fonts and PDFs are compressed already; recompressing them costs CPU for nothing.
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/javascript",
                      "application/xml", "image/svg+xml")
# Answers from this size on are compressed at the fastest levels: on this 2-core machine
# brotli 4 turns 8 MB of annotation JSON into 3.0 MB in ~650 ms, brotli 1 into 3.2 MB in
# ~100 ms (gzip 6: ~930 ms, gzip 1: ~130 ms). Small answers keep the denser levels.
LARGE_SIZE = 256 * 1024
LARGE_BROTLI_QUALITY = 1
LARGE_GZIP_LEVEL = 1


def accepted_codings(accept_encoding: str) -> dict[str, float]:
    """The codings the header lists, lower-cased, with their weights (a malformed or
    out-of-range ``q`` counts as 0: not acceptable)."""
    weights: dict[str, float] = {}
    for element in accept_encoding.split(","):
        coding, *parameters = (part.strip() for part in element.split(";"))
        if not coding:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
                if not 0.0 <= weight <= 1.0:
                    weight = 0.0
        weights[coding.lower()] = weight
    return weights


def preferred_coding(accept_encoding: str, available: Iterable[str]) -> str | None:
    """The coding of ``available`` the client weighs highest (``PREFERENCE`` breaks ties), or
    None for the identity: a coding the header does not name is acceptable only through ``*``."""
    weights = accepted_codings(accept_encoding)
    wildcard = weights.get("*", 0.0)
    best: str | None = None
    best_weight = 0.0
    for coding in sorted(available, key=lambda c: PREFERENCE.index(c) if c in PREFERENCE
                         else len(PREFERENCE)):
        weight = weights.get(coding, wildcard)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def compressible(content_type: str) -> bool:
    return content_type.lower().startswith(COMPRESSIBLE_TYPES) or "+json" in content_type


def answer_coding(accept_encoding: str, content_type: str, size: int) -> str | None:
    """The coding an API answer of this type and size goes out in (None: as it is), as
    ``NegotiatedCompression`` decides it: validators of the answer (ETags) differ by it."""
    if size < MINIMUM_SIZE or not compressible(content_type):
        return None
    return preferred_coding(accept_encoding, PREFERENCE)


def _header(message: Message, name: bytes) -> bytes | None:
    for key, value in cast("Iterable[tuple[bytes, bytes]]", message.get("headers", ())):
        if key.lower() == name:
            return bytes(value)
    return None


class NegotiatedCompression(CompressionMiddleware):
    """Litestar's compression with the coding chosen by weight (Litestar looks for the
    substring) and only for text answers that are not encoded yet: the web client's
    precompressed files pass through, and so do images, fonts and PDFs."""

    def __init__(self, app: ASGIApp, config: CompressionConfig) -> None:
        super().__init__(app, config)
        self.codings = (config.compression_facade.encoding, "gzip") if config.gzip_fallback \
            else (config.compression_facade.encoding,)
        self.large = CompressionMiddleware(app, dataclasses.replace(
            config, brotli_quality=LARGE_BROTLI_QUALITY, gzip_compress_level=LARGE_GZIP_LEVEL))

    def inner(self, scope: Scope) -> ASGIApp:
        """What answers the request before it is compressed."""
        return self.app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        coding = preferred_coding(Headers.from_scope(scope).get("accept-encoding", ""),
                                  self.codings)
        if coding is None:
            await self.inner(scope)(scope, receive, send)
            return
        await self.inner(scope)(scope, receive, self.create_compression_send_wrapper(
            send=send, compression_encoding=coding, scope=scope))

    def create_compression_send_wrapper(self, send: Send, compression_encoding: Any,
                                        scope: Scope) -> Send:
        target = send
        compressor = super().create_compression_send_wrapper

        async def wrapper(message: Message) -> None:
            nonlocal target
            if message["type"] == "http.response.start":
                content_type = (_header(message, b"content-type") or b"").decode("latin-1")
                encoded = _header(message, b"content-encoding") is not None
                length = _header(message, b"content-length")
                large = length is not None and length.isdigit() and int(length) >= LARGE_SIZE
                # The compressor is made once the size is known: its level depends on it.
                wrap = self.large.create_compression_send_wrapper if large else compressor
                target = wrap(send, compression_encoding, scope) \
                    if compressible(content_type) and not encoded else send
            await target(message)

        return wrapper


def compression_config(
        middleware_class: type[NegotiatedCompression] = NegotiatedCompression,
) -> CompressionConfig:
    """Brotli at a quality cheap enough for answers built per request (the static files are
    compressed once, at build time, at the highest); gzip for clients without brotli."""
    return CompressionConfig(backend="brotli", minimum_size=MINIMUM_SIZE, brotli_quality=4,
                             brotli_gzip_fallback=True, gzip_compress_level=6,
                             middleware_class=middleware_class)
