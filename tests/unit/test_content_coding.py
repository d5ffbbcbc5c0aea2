"""Which content coding a client gets from its Accept-Encoding header."""

import pytest

from adapters.http.content_coding import accepted_codings, preferred_coding

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
