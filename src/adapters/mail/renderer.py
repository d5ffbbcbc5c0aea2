"""Jinja2 rendering of named mail templates into subject, plain text and HTML."""

import email.utils
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)

from edu_core.ports.mail import Attachment, MailRequest

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def recipient(address: str) -> Address:
    """The mailbox ``address`` names, with its local part quoted where RFC 5322 needs it.

    The core treats everything before the last ``@`` as the local part, and accepts characters
    (``,`` ``<`` ``(`` ...) that a header parser reads as list separators, brackets or comments:
    unquoted, ``a,b@example.org`` would be delivered to ``a`` and ``b@example.org``.
    """
    local, _, domain = address.rpartition("@")
    return Address(username=local, domain=domain)


class MailRenderer:
    def __init__(self, directory: Path = TEMPLATES, product_name: str = "Mentora") -> None:
        self._env = Environment(
            loader=FileSystemLoader(directory), undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
            keep_trailing_newline=True)
        self._product = product_name

    def render(self, request: MailRequest) -> RenderedMail:
        context = {"product": self._product, **request.context}
        try:
            subject = self._env.get_template(f"{request.template}.subject.txt").render(context)
            text = self._env.get_template(f"{request.template}.txt").render(context)
            html = self._env.get_template(f"{request.template}.html").render(context)
        except TemplateNotFound as exc:
            raise ValueError(f"unknown mail template {request.template!r}") from exc
        return RenderedMail(subject=" ".join(subject.split()), text=text, html=html)

    def message(self, request: MailRequest, sender: str) -> EmailMessage:
        rendered = self.render(request)
        message = EmailMessage()
        message["From"] = sender
        message["To"] = recipient(request.to)
        message["Subject"] = rendered.subject
        message["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = email.utils.make_msgid(domain="mentora.local")
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        for attachment in request.attachments:
            attach(message, attachment)
        return message


def attach(message: EmailMessage, attachment: Attachment) -> None:
    """Adds ``attachment`` as a base64 MIME part (the message becomes multipart/mixed around
    its text and HTML), keeping the content type's parameters such as a calendar's method."""
    header = EmailMessage()
    header["Content-Type"] = attachment.content_type
    params = dict((header.get_params(header="content-type") or [])[1:])
    message.add_attachment(attachment.content, maintype=header.get_content_maintype(),
                           subtype=header.get_content_subtype(),
                           filename=attachment.filename, params=params)
