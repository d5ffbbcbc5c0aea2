"""bcrypt password hashing, with a pre-hash so that every character of a long password counts.

bcrypt reads only the first 72 bytes (bcrypt 5 refuses longer input). The password is first
HMAC-SHA256'd and base64-encoded (44 ASCII bytes, no NUL) - the construction Dropbox and
passlib's ``bcrypt_sha256`` use - so 64+ character passphrases stay fully significant.
"""

import asyncio
import base64
import hashlib
import hmac

import bcrypt

_PREFIX = "$edu-bcrypt-sha256$"
_PEPPER_CONTEXT = b"edu-password-v1"


def _prehash(password: str) -> bytes:
    digest = hmac.new(_PEPPER_CONTEXT, password.encode("utf-8", "surrogatepass"),
                      hashlib.sha256).digest()
    return base64.b64encode(digest)


class BcryptPasswordHasher:
    def __init__(self, rounds: int = 12) -> None:
        self._rounds = rounds
        self._dummy = _PREFIX + bcrypt.hashpw(b"dummy", bcrypt.gensalt(rounds)).decode()

    def _hash_sync(self, password: str) -> str:
        return _PREFIX + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(self._rounds)).decode()

    def _verify_sync(self, password: str, stored: str) -> bool:
        if not stored.startswith(_PREFIX):
            return False
        try:
            return bcrypt.checkpw(_prehash(password), stored[len(_PREFIX):].encode())
        except ValueError:
            return False

    async def hash(self, password: str) -> str:
        # bcrypt takes ~0.2 s at cost 12: off the event loop, or every request would stall.
        return await asyncio.to_thread(self._hash_sync, password)

    async def verify(self, password: str, password_hash: str) -> bool:
        return await asyncio.to_thread(self._verify_sync, password, password_hash)

    async def dummy_verify(self) -> None:
        await asyncio.to_thread(self._verify_sync, "not-a-password", self._dummy)
