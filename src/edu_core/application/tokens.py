"""Opaque secrets handed to clients; only their digests are stored."""

import hashlib
import hmac
import secrets


def new_token() -> str:
    # 256 bits: unguessable, and URL-safe so it travels in links and headers unchanged.
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same_digest(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(token), stored_digest)
