"""ONE behaviour suite for the Mailer port, run against the file outbox and a real SMTP server.

The SMTP side talks to an ``aiosmtpd`` server on a free port of 127.0.0.1, so what is checked is
what a mail server actually receives on the wire, parsed back with the stdlib ``email`` package.
"""

import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser, Parser
from email.utils import parseaddr
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from adapters.mail.file_outbox import FileOutboxMailer, attachment_of, read_outbox
from adapters.mail.renderer import MailRenderer
from adapters.mail.smtp import SmtpMailer
from edu_core.domain.errors import MailDeliveryError
from edu_core.ports.mail import Attachment, Mailer, MailRequest

SENDER = "Mentöra Support <no-reply@mentora.test>"
# Non-ASCII in the product name puts it in every subject line, header encoding included.
PRODUCT = "Mentöra 学び"
REFUSED_DOMAIN = "refused.example"


@dataclass(frozen=True)
class Received:
    """One delivered message as a recipient would see it, whatever the transport."""

    envelope_to: list[str]
    to: str
    # (local part, domain) of every mailbox in the To header, unquoted.
    to_mailboxes: list[tuple[str, str]]
    sender: str
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


@dataclass
class Backend:
    mailer: Mailer
    read_back: Callable[[], list[Received]]
    # Takes the backend away (server stopped / directory replaced by a file).
    take_down: Callable[[], None]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _mailboxes(message: EmailMessage) -> list[tuple[str, str]]:
    return [(a.username, a.domain) for a in message["To"].addresses]


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage), message
    return text.get_content(), html.get_content()


class RecordingHandler:
    """Keeps every accepted envelope; refuses recipients of one domain, like a real MTA would."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address.endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _smtp_received(handler: RecordingHandler) -> list[Received]:
    received = []
    for envelope in handler.envelopes:
        raw = envelope.original_content or b""
        # An SMTPUTF8 message carries raw UTF-8 headers, which the bytes parser would leave as
        # surrogate escapes.
        message = (Parser(policy=policy.default).parsestr(raw.decode("utf-8"))
                   if envelope.smtp_utf8 else BytesParser(policy=policy.default).parsebytes(raw))
        assert isinstance(message, EmailMessage)
        text, html = _parts(message)
        received.append(Received(envelope_to=list(envelope.rcpt_tos), to=str(message["To"]),
                                 to_mailboxes=_mailboxes(message),
                                 sender=str(message["From"]), subject=str(message["Subject"]),
                                 text=text, html=html, attachments=tuple(
                                     attachment_of(part) for part in message.iter_attachments())))
    return received


def _outbox_received(directory: Path) -> list[Received]:
    received = []
    for mail in read_outbox(directory):
        message = BytesParser(policy=policy.default).parsebytes(mail.path.read_bytes())
        assert isinstance(message, EmailMessage)
        received.append(Received(envelope_to=[mail.to], to=mail.to,
                                 to_mailboxes=_mailboxes(message),
                                 sender=str(message["From"]), subject=mail.subject,
                                 text=mail.text, html=mail.html, attachments=mail.attachments))
    return received


@pytest.fixture
def renderer() -> MailRenderer:
    return MailRenderer(product_name=PRODUCT)


@pytest.fixture
def smtp_backend(renderer: MailRenderer) -> Iterator[Backend]:
    handler = RecordingHandler()
    port = _free_port()
    # SMTPUTF8 like the big providers, so internationalised addresses can be delivered.
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    running = True

    def take_down() -> None:
        nonlocal running
        controller.stop()
        running = False

    mailer = SmtpMailer("127.0.0.1", port, SENDER, renderer, timeout=5.0)
    try:
        yield Backend(mailer, lambda: _smtp_received(handler), take_down)
    finally:
        if running:
            controller.stop()


@pytest.fixture
def file_backend(tmp_path: Path, renderer: MailRenderer) -> Backend:
    directory = tmp_path / "outbox"

    def take_down() -> None:
        shutil.rmtree(directory, ignore_errors=True)
        directory.write_text("a regular file where the outbox should be")

    return Backend(FileOutboxMailer(directory, SENDER, renderer),
                   lambda: _outbox_received(directory), take_down)


@pytest.fixture(params=["file", "smtp"])
def backend(request: pytest.FixtureRequest) -> Backend:
    backend: Backend = request.getfixturevalue(f"{request.param}_backend")
    return backend


def verification(to: str, display_name: str = "Ada Lovelace",
                 token: str = "tok_3nRvQ-8xZ_w") -> MailRequest:
    # Built like IdentityMailHandlers.send_verification builds it.
    return MailRequest(to=to, template="verify_email",
                       context={"display_name": display_name,
                                "link": f"https://mentora.test/verify-email?token={token}",
                                "expires_hours": 48})


def only(received: list[Received]) -> Received:
    assert len(received) == 1, received
    return received[0]


async def test_a_verification_mail_arrives_with_text_and_html_parts(backend: Backend) -> None:
    request = verification("ada@example.org")
    await backend.mailer.send(request)

    mail = only(backend.read_back())
    link = str(request.context["link"])
    assert mail.envelope_to == ["ada@example.org"]
    assert parseaddr(mail.to)[1] == "ada@example.org"
    assert parseaddr(mail.sender)[1] == "no-reply@mentora.test"
    assert mail.subject == f"Confirm your e-mail address for {PRODUCT}"
    assert link in mail.text
    assert f'href="{link}"' in mail.html
    assert "Hello Ada Lovelace," in mail.text
    assert "48 hours" in mail.text and "48 hours" in mail.html


async def test_every_message_is_delivered_to_its_own_recipient(backend: Backend) -> None:
    await backend.mailer.send(verification("first@example.org", token="first"))
    await backend.mailer.send(verification("second@example.org", token="second"))

    by_recipient = {m.envelope_to[0]: m for m in backend.read_back()}
    assert set(by_recipient) == {"first@example.org", "second@example.org"}
    assert "token=first" in by_recipient["first@example.org"].text
    assert "token=second" in by_recipient["second@example.org"].html


async def test_non_ascii_display_names_and_subjects_survive(backend: Backend) -> None:
    name = "Zoë Ångström-Łukasiewicz 张伟"
    await backend.mailer.send(verification("zoe@example.org", display_name=name))

    mail = only(backend.read_back())
    assert mail.subject == f"Confirm your e-mail address for {PRODUCT}"
    assert parseaddr(mail.sender)[0] == "Mentöra Support"
    assert f"Hello {name}," in mail.text
    assert f"Hello {name}," in mail.html


async def test_a_non_ascii_address_is_delivered_to_that_mailbox(backend: Backend) -> None:
    await backend.mailer.send(verification("josé.müller@example.org"))

    mail = only(backend.read_back())
    assert mail.envelope_to == ["josé.müller@example.org"]
    assert mail.to_mailboxes == [("josé.müller", "example.org")]


@pytest.mark.parametrize("local", ["a,b", "z<y>", "x(comment)", "a;b"])
async def test_an_address_with_special_characters_stays_one_mailbox(backend: Backend,
                                                                    local: str) -> None:
    # The core accepts such local parts; unquoted, a header parser reads them as two
    # recipients, a bracketed address or a comment, and the link would go to someone else.
    await backend.mailer.send(verification(f"{local}@example.org"))

    mail = only(backend.read_back())
    assert mail.to_mailboxes == [(local, "example.org")]
    assert mail.envelope_to == [f'"{local}"@example.org']


async def test_user_controlled_values_are_escaped_in_html(backend: Backend) -> None:
    hostile = '<script>alert(1)</script> & "friends"'
    await backend.mailer.send(verification("eve@example.org", display_name=hostile))

    mail = only(backend.read_back())
    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in mail.html
    # Plain text is not markup: the name is shown as typed.
    assert f"Hello {hostile}," in mail.text


async def test_other_templates_render_their_context(backend: Backend) -> None:
    await backend.mailer.send(MailRequest(
        to="sam@example.org", template="account_suspended",
        context={"display_name": "Sam", "reason": "Spam <b>links</b>"}))

    mail = only(backend.read_back())
    assert mail.subject == f"Your {PRODUCT} account has been suspended"
    assert "Reason: Spam <b>links</b>" in mail.text
    assert "Spam &lt;b&gt;links&lt;/b&gt;" in mail.html


async def test_attachments_arrive_byte_for_byte_next_to_the_text_and_html(
        backend: Backend) -> None:
    invite = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Zo\u00eb\\, \u5f20\u4f1f\r\n"
              "END:VCALENDAR\r\n").encode()
    binary = bytes(range(256))
    await backend.mailer.send(MailRequest(
        to="ada@example.org", template="verify_email",
        context=verification("ada@example.org").context, attachments=(
            Attachment("invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", invite),
            Attachment("data.bin", "application/octet-stream", binary))))

    mail = only(backend.read_back())
    assert "Hello Ada Lovelace," in mail.text and "Hello Ada Lovelace," in mail.html
    assert [(a.filename, a.content) for a in mail.attachments] == [
        ("invite.ics", invite), ("data.bin", binary)]
    # A calendar client reads the iTIP method from the part's content type.
    assert [a.content_type for a in mail.attachments] == [
        "text/calendar; method=REQUEST; charset=UTF-8", "application/octet-stream"]


async def test_check_passes_while_the_backend_is_reachable(backend: Backend) -> None:
    await backend.mailer.check()
    await backend.mailer.check()
    # A readiness probe delivers nothing.
    assert backend.read_back() == []


async def test_check_raises_once_the_backend_is_gone(backend: Backend) -> None:
    await backend.mailer.check()
    backend.take_down()
    with pytest.raises(MailDeliveryError):
        await backend.mailer.check()


async def test_delivery_failure_is_a_domain_error(backend: Backend) -> None:
    backend.take_down()
    with pytest.raises(MailDeliveryError) as caught:
        await backend.mailer.send(verification("lost@example.org"))
    assert caught.value.code == "mail_delivery_failed"
    # The library's exception stays available to logs, but callers only see the domain error.
    assert caught.value.__cause__ is not None


async def test_an_unknown_template_is_not_reported_as_a_delivery(backend: Backend) -> None:
    with pytest.raises(ValueError, match="no_such_template"):
        await backend.mailer.send(MailRequest(to="x@example.org", template="no_such_template"))
    assert backend.read_back() == []


# ---- transport-specific ways to fail ----------------------------------------------------------

async def test_smtp_refused_recipient_is_a_domain_error(smtp_backend: Backend) -> None:
    with pytest.raises(MailDeliveryError):
        await smtp_backend.mailer.send(verification(f"nobody@{REFUSED_DOMAIN}"))
    assert smtp_backend.read_back() == []


async def test_smtp_without_smtputf8_refuses_a_non_ascii_address_as_a_domain_error(
        renderer: MailRenderer) -> None:
    handler = RecordingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=False)
    controller.start()
    try:
        mailer = SmtpMailer("127.0.0.1", port, SENDER, renderer, timeout=5.0)
        with pytest.raises(MailDeliveryError):
            await mailer.send(verification("josé@example.org"))
        await mailer.send(verification("jose@example.org"))
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.envelopes] == [["jose@example.org"]]


async def test_smtp_check_fails_on_a_closed_port(renderer: MailRenderer) -> None:
    mailer = SmtpMailer("127.0.0.1", _free_port(), SENDER, renderer, timeout=2.0)
    with pytest.raises(MailDeliveryError):
        await mailer.check()
    with pytest.raises(MailDeliveryError):
        await mailer.send(verification("ada@example.org"))


async def test_outbox_under_a_regular_file_is_unusable(tmp_path: Path,
                                                       renderer: MailRenderer) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    mailer = FileOutboxMailer(blocker / "outbox", SENDER, renderer)
    with pytest.raises(MailDeliveryError):
        await mailer.check()
    with pytest.raises(MailDeliveryError):
        await mailer.send(verification("ada@example.org"))
    assert blocker.read_text() == ""


async def test_outbox_is_created_on_demand(tmp_path: Path, renderer: MailRenderer) -> None:
    directory = tmp_path / "deep" / "outbox"
    mailer = FileOutboxMailer(directory, SENDER, renderer)
    await mailer.send(verification("ada@example.org"))
    assert [m.to for m in read_outbox(directory)] == ["ada@example.org"]
    # No half-written temporary file is left next to the message.
    assert [p.name for p in directory.iterdir() if p.name.startswith(".")] == []
