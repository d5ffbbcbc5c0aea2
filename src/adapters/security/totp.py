"""TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app uses)."""

import hmac
from datetime import datetime, timedelta

import pyotp

STEP_SECONDS = 30
# One step either side: a phone clock a little off, or a code typed as it rolled over.
DRIFT_STEPS = 1


class PyotpTotp:
    def new_secret(self) -> str:
        return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends

    def provisioning_uri(self, secret: str, *, account: str, issuer: str) -> str:
        return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)

    def matching_step(self, secret: str, code: str, at: datetime) -> int | None:
        code = code.strip().replace(" ", "")
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            return None
        totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
        for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
            moment = at + timedelta(seconds=offset * STEP_SECONDS)
            if hmac.compare_digest(totp.at(moment), code):
                return int(totp.timecode(moment))
        return None
