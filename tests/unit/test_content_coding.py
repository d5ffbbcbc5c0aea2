"""Which content coding a client gets from its Accept-Encoding header."""

import brotli
import pytest
from litestar import Litestar, Response, get
from litestar.enums import MediaType
from litestar.testing import TestClient

from adapters.http.content_coding import (
    LARGE_BROTLI_QUALITY,
    LARGE_SIZE,
    accepted_codings,
    compression_config,
    preferred_coding,
)

BOTH = ("br", "gzip")


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip, deflate, br", "br"),                 # equal weights: brotli is smaller
    ("gzip", "gzip"),
    ("br", "br"),
    ("gzip;q=1.0, br;q=0.5", "gzip"),            # the client's weights beat our preference
    ("br;q=0.8, gzip;q=0.9", "gzip"),
    ("br;q=0, gzip", "gzip"),                    # q=0: "not acceptable"
    ("br;q=0, gzip;q=0", None),
    ("*", "br"),
    ("*;q=0.5, br;q=0", "gzip"),                 # the wildcard covers only codings not named
    ("gzip;q=0, *", "br"),
    ("identity", None),
    ("", None),
    ("deflate, compress", None),
    ("BR;Q=0.7, GZip;q=0.2", "br"),              # names and parameters are case-insensitive
    ("br;q=abc, gzip;q=0.1", "gzip"),            # a malformed weight counts as refusal
    ("br;q=1.5, gzip;q=0.1", "gzip"),            # and so does one out of range
    (" gzip ; q=0.4 ,, br ; q=0.3 ", "gzip"),
])
def test_the_highest_weighted_available_coding_wins(header: str, expected: str | None) -> None:
    assert preferred_coding(header, BOTH) == expected


def test_only_available_codings_are_chosen() -> None:
    assert preferred_coding("br, gzip", ("gzip",)) == "gzip"
    assert preferred_coding("br", ("gzip",)) is None
    assert preferred_coding("br, gzip", ()) is None


def test_weights_are_read_per_coding() -> None:
    assert accepted_codings("gzip;q=0.5, br, *;q=0") == {"gzip": 0.5, "br": 1.0, "*": 0.0}


def _brotli(body: bytes, quality: int) -> bytes:
    # Litestar's brotli facade: the body written and flushed, then the stream finished.
    compressor = brotli.Compressor(quality=quality, mode=brotli.MODE_TEXT, lgwin=22, lgblock=0)
    return compressor.process(body) + compressor.flush() + compressor.finish()


@pytest.mark.parametrize(("size", "quality"), [
    (LARGE_SIZE - 100, 4),   # a usual answer: the denser level
    (LARGE_SIZE + 100, LARGE_BROTLI_QUALITY),  # megabytes of ink: the fastest level
])
def test_large_answers_are_compressed_at_the_fastest_level(size: int, quality: int) -> None:
    body = b"".join(b"[%d.%02d,%d.5,0.%03d]," % (i % 600, i % 100, i % 800, i % 1000)
                    for i in range(size))[:size]

    @get("/blob", media_type=MediaType.JSON, sync_to_thread=False)
    def blob() -> Response[bytes]:
        return Response(body, media_type=MediaType.JSON)

    app = Litestar([blob], compression_config=compression_config())
    with TestClient(app) as client:
        response = client.get("/blob", headers={"Accept-Encoding": "br"})
        assert response.headers["content-encoding"] == "br"
        assert response.content == body
        assert response.num_bytes_downloaded == len(_brotli(body, quality))
        gzipped = client.get("/blob", headers={"Accept-Encoding": "gzip"})
        assert gzipped.headers["content-encoding"] == "gzip" and gzipped.content == body


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_a_compressed_answer_is_tagged_by_its_own_bytes_and_revalidates(coding: str) -> None:
    from adapters.http.conditional import CONDITIONAL_GET, ValidatedCompression, entity_tag

    body = b"[" + b",".join(b'{"topic":%d}' % i for i in range(400)) + b"]"

    @get("/pages", media_type=MediaType.JSON, sync_to_thread=False, **CONDITIONAL_GET)
    def pages() -> Response[bytes]:
        return Response(body, media_type=MediaType.JSON)

    app = Litestar([pages], compression_config=compression_config(ValidatedCompression))
    with TestClient(app) as client:
        first = client.get("/pages", headers={"Accept-Encoding": coding})
        assert first.headers["content-encoding"] == coding and first.content == body
        # The digest of what the handler wrote, whatever bytes the compressor made of it.
        assert first.headers["etag"] == entity_tag(body, coding)
        again = client.get("/pages", headers={"Accept-Encoding": coding,
                                              "If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        plain = client.get("/pages", headers={"Accept-Encoding": "identity",
                                              "If-None-Match": first.headers["etag"]})
        assert plain.status_code == 200 and plain.headers["etag"] == entity_tag(body, None)
