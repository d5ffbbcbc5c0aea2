"""Content kinds: the extension point of the content model.

Each kind knows how to validate a submitted body into its stored document, how to show it
(to its author and to learners, who must not see answers), how to render it as text for
version diffs, and, when it is gradable, how to grade an answer. A new kind (video,
handwritten notes, ...) is one more ``ContentKindSpec`` in the registry; nothing else in the
model changes.
"""

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

from edu_core.domain.content.blocks import Block, BlockKind, html_blocks
from edu_core.domain.content.model import InvalidContent, clean_line, content_error
from edu_core.domain.content.text import html_to_text
from edu_core.domain.errors import InvalidInput


class ContentKindName(StrEnum):
    """The kinds of content the platform knows: the one list every interface derives from
    (HTTP literals and body shapes, CLI choices, the web client's labels through the OpenAPI
    document)."""

    NOTE = "note"
    QUESTION = "question"
    SIMULATION = "simulation"
    VIDEO = "video"
    HANDWRITTEN = "handwritten"


HtmlCleaner = Callable[[str], str]
"""Sanitises untrusted HTML against the platform's allow-list (an adapter provides it)."""

MAX_HTML = 100_000


class UnknownContentKind(InvalidInput):
    code = "unknown_content_kind"
    default_message = "This kind of content does not exist."


class NotGradable(InvalidInput):
    code = "not_a_question"
    default_message = "Only questions take answers."


class InvalidAnswer(InvalidInput):
    code = "invalid_answer"
    default_message = "The answer does not fit the question."


class ContentKindMismatch(InvalidContent):
    code = "content_kind_mismatch"
    default_message = "The body is of another kind than the item."


class SimulationHostNotAllowed(InvalidContent):
    code = "simulation_host_not_allowed"
    default_message = "Embed simulations over https from an allowed site."


@dataclass(frozen=True)
class Grade:
    correct: bool
    # Shown with a correct answer only; after a wrong one the learner asks for them.
    explanation: str | None
    solution: dict[str, Any] | None
    answer: dict[str, Any]  # the answer as stored: only what grading looked at


def field_of(raw: Mapping[str, Any], name: str, kind: type | tuple[type, ...], *,
             default: Any = None, prefix: str = "body") -> Any:
    """``raw[name]`` when it has the expected type; ``default`` when absent (if one is given)."""
    value = raw.get(name)
    if value is None and default is not None:
        return default
    # bool is an int in Python, but never a number in a body.
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise content_error(f"{prefix}.{name}", "Missing or of the wrong type.")
    return value


def id_field(raw: Mapping[str, Any], name: str, problem: str) -> UUID:
    """``raw[name]`` as an id; ``problem`` says what to give instead."""
    try:
        return UUID(field_of(raw, name, str))
    except ValueError:
        raise content_error(f"body.{name}", problem) from None


def clean_html_field(raw: Mapping[str, Any], name: str, clean_html: HtmlCleaner, *,
                     required: bool, prefix: str = "body") -> str:
    value = raw.get(name)
    if value is None and not required:
        value = ""
    if not isinstance(value, str):
        raise content_error(f"{prefix}.{name}", "Give HTML text.")
    if len(value) > MAX_HTML:
        raise content_error(f"{prefix}.{name}", f"Keep it under {MAX_HTML} characters.")
    cleaned = clean_html(value).strip()
    if required and not cleaned:
        raise content_error(f"{prefix}.{name}", "Fill this in.")
    return cleaned


class ContentKindSpec:
    name: ClassVar[str]

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        """The stored document for a submitted body; raises ``InvalidContent``."""
        raise NotImplementedError

    def accept(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        """``validate``, once a body that names its kind (as every body over HTTP does) is
        known to name this one: a question body sent for a note is refused, not reinterpreted."""
        given = raw.get("kind", self.name)
        if given != self.name:
            message = f"This item is a {self.name}, not a {given}."
            raise ContentKindMismatch(message, details={"fields": {"body.kind": message},
                                                        "expected": str(self.name)})
        return self.validate(raw, clean_html)

    def render_text(self, body: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        """The stored document as comparable blocks, for version diffs: everything its
        author and reviewers see, answers included."""
        raise NotImplementedError

    def display(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The body as its author and reviewers see it (derived fields added)."""
        return dict(body)

    def learner_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The body as a learner sees it before answering: nothing that gives an answer away."""
        return self.display(body)

    def learner_text(self, body: Mapping[str, Any]) -> str:
        """The text learners may read, for search: derived from the learner view, so nothing
        that view hides can be found or quoted in a snippet."""
        return self.render_text(self.learner_view(body))

    def preview_text(self, body: Mapping[str, Any]) -> str:
        """What a list of items quotes under a title, from the learner's view."""
        return self.learner_text(body)

    def grade(self, body: Mapping[str, Any], answer: Mapping[str, Any]) -> Grade:
        raise NotGradable()

    @property
    def gradable(self) -> bool:
        return type(self).grade is not ContentKindSpec.grade


class NoteKind(ContentKindSpec):
    """Rich text: sanitised HTML with KaTeX-ready math spans."""

    name = ContentKindName.NOTE

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        return {"html": clean_html_field(raw, "html", clean_html, required=True)}

    def render_text(self, body: Mapping[str, Any]) -> str:
        return html_to_text(str(body.get("html", "")))

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        return html_blocks(str(body.get("html", "")))


# Sites simulations may be embedded from, with the name learners know them by. The one
# allow-list: the CSP's ``frame-src`` and the web client's checks derive from it.
SIMULATION_SITES: Mapping[str, str] = {"phet.colorado.edu": "PhET Interactive Simulations",
                                       "www.geogebra.org": "GeoGebra",
                                       "www.desmos.com": "Desmos"}
DEFAULT_SIMULATION_HOSTS = frozenset(SIMULATION_SITES)
# Cross-origin by construction (the host allow-list), so scripts may run inside the frame
# without reaching the platform's origin.
MAX_SIMULATION_URL = 2000
MAX_SIMULATION_TITLE = 200
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms"


@dataclass
class SimulationKind(ContentKindSpec):
    """An interactive simulation embedded from an allowed site (S19)."""

    allowed_hosts: frozenset[str] = field(default=DEFAULT_SIMULATION_HOSTS)
    name: ClassVar[str] = ContentKindName.SIMULATION

    def check_url(self, raw: str) -> str:
        refused = SimulationHostNotAllowed(
            f"Embed from https://{', https://'.join(sorted(self.allowed_hosts))} only.",
            details={"fields": {"body.url": "Not an allowed simulation address."},
                     "allowed_hosts": sorted(self.allowed_hosts)})
        text = raw.strip()
        # Printable ASCII only: an embed address has no reason for anything else.
        if len(text) > MAX_SIMULATION_URL or any(
                not 33 <= ord(c) <= 126 or c in "\"'<>\\`" for c in text):
            raise refused
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            raise refused from None
        host = (parts.hostname or "").lower()
        if (parts.scheme.lower() != "https" or host not in self.allowed_hosts
                or parts.username is not None or parts.password is not None
                or port not in (None, 443)):
            raise refused
        return urlunsplit(("https", host, parts.path or "/", parts.query, parts.fragment))

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        url = self.check_url(field_of(raw, "url", str))
        title = clean_line(field_of(raw, "title", str), name="body.title",
                           max_length=MAX_SIMULATION_TITLE,
                           required=True)
        return {"url": url, "title": title}

    def display(self, body: Mapping[str, Any]) -> dict[str, Any]:
        url, title = str(body["url"]), str(body["title"])
        iframe = {"src": url, "title": title, "sandbox": IFRAME_SANDBOX,
                  "allow": "fullscreen", "loading": "lazy", "referrerpolicy": "no-referrer"}
        markup = "<iframe " + " ".join(f'{k}="{html.escape(v, quote=True)}"'
                                       for k, v in iframe.items()) + "></iframe>"
        return {"url": url, "title": title, "host": urlsplit(url).hostname or "",
                "iframe": iframe, "embed_html": markup}

    def render_text(self, body: Mapping[str, Any]) -> str:
        return f"Simulation: {body.get('title', '')}\n{body.get('url', '')}"

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        return [Block(BlockKind.SIMULATION, source=str(body.get("url", "")),
                      alt=str(body.get("title", "")))]

    def learner_text(self, body: Mapping[str, Any]) -> str:
        """What a learner reads of an embed: its title (the address is no text to find)."""
        return str(body.get("title", ""))

    def preview_text(self, body: Mapping[str, Any]) -> str:
        return ""  # the title says it all
