"""SMTP delivery (production) through aiosmtplib."""

import aiosmtplib

from adapters.mail.renderer import MailRenderer, recipient
from edu_core.domain.errors import MailDeliveryError
from edu_core.ports.mail import MailRequest


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, renderer: MailRenderer, *,
                 username: str | None = None, password: str | None = None,
                 use_tls: bool = False, start_tls: bool = False, timeout: float = 10.0) -> None:
        self._host = host
        self._port = port
        self._sender = sender
        self._renderer = renderer
        self._username = username
        self._password = password
        self._use_tls = use_tls
        # None lets aiosmtplib upgrade when the server offers STARTTLS; False never does.
        self._start_tls: bool | None = bool(start_tls)
        self._timeout = timeout

    async def send(self, request: MailRequest) -> None:
        message = self._renderer.message(request, self._sender)
        try:
            # The envelope names the one recipient explicitly instead of letting aiosmtplib
            # re-parse the To header, whose parser unquotes the local part again.
            await aiosmtplib.send(
                message, recipients=[recipient(request.to).addr_spec], hostname=self._host,
                port=self._port, username=self._username, password=self._password,
                use_tls=self._use_tls, start_tls=self._start_tls, timeout=self._timeout)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise MailDeliveryError(f"The SMTP server refused the message: {exc}") from exc
        except ValueError as exc:
            # aiosmtplib's refusal to put an address on an SMTP command line.
            raise MailDeliveryError(f"The message cannot be sent over SMTP: {exc}") from exc

    async def check(self) -> None:
        client = aiosmtplib.SMTP(hostname=self._host, port=self._port, use_tls=self._use_tls,
                                 start_tls=self._start_tls, timeout=self._timeout)
        try:
            await client.connect()
            await client.noop()
            await client.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            # A server that accepted the connection and then failed must not keep the socket.
            client.close()
            raise MailDeliveryError(f"The SMTP server is unreachable: {exc}") from exc
