"""The default mailer: every message becomes one ``.eml`` file in an outbox directory."""

import asyncio
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from adapters.mail.renderer import MailRenderer
from edu_core.domain.errors import MailDeliveryError
from edu_core.ports.mail import Attachment, MailRequest


@dataclass(frozen=True, slots=True)
class OutboxMail:
    to: str
    subject: str
    text: str
    html: str
    path: Path
    attachments: tuple[Attachment, ...] = ()


class FileOutboxMailer:
    def __init__(self, directory: Path, sender: str, renderer: MailRenderer) -> None:
        self._dir = Path(directory)
        self._sender = sender
        self._renderer = renderer

    async def send(self, request: MailRequest) -> None:
        message = self._renderer.message(request, self._sender)
        try:
            await asyncio.to_thread(self._write, message)
        except OSError as exc:
            raise MailDeliveryError(f"Cannot write to the mail outbox: {exc}") from exc

    def _write(self, message: EmailMessage) -> None:
        self._dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = self._dir / f"{stamp}-{uuid.uuid4().hex}.eml"
        # Write then rename: a reader never sees half a message.
        fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=".tmp-", suffix=".eml")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(message.as_bytes(policy=policy.SMTP))
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def check(self) -> None:
        def probe() -> None:
            self._dir.mkdir(parents=True, exist_ok=True)
            if not os.access(self._dir, os.W_OK):
                raise OSError(f"{self._dir} is not writable")

        try:
            await asyncio.to_thread(probe)
        except OSError as exc:
            raise MailDeliveryError(f"The mail outbox is unusable: {exc}") from exc


def parse_mail(raw: bytes, path: Path) -> OutboxMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return OutboxMail(to=str(message["To"]), subject=str(message["Subject"]),
                      text=text_part.get_content() if text_part else "",
                      html=html_part.get_content() if html_part else "",
                      path=path, attachments=tuple(
                          attachment_of(part) for part in message.iter_attachments()))


def attachment_of(part: EmailMessage) -> Attachment:
    params = "".join(f"; {k}={v}"
                     for k, v in (part.get_params(header="content-type") or [])[1:])
    content = part.get_payload(decode=True)
    return Attachment(part.get_filename() or "", f"{part.get_content_type()}{params}",
                      content if isinstance(content, bytes) else b"")


def read_outbox(directory: Path) -> list[OutboxMail]:
    """Every delivered message, oldest first (file names start with a UTC timestamp)."""
    if not directory.is_dir():
        return []
    return [parse_mail(p.read_bytes(), p) for p in sorted(directory.glob("[0-9]*.eml"))]
