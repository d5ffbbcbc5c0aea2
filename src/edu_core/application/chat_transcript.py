"""A session chat's transcript as Markdown and as a standalone HTML page.

Markdown keeps each message's source as it was typed, so formulas stay ``$...$``. The HTML page
holds each message's sanitised HTML (what the chat itself shows) with every formula node given
its TeX between ``\\(...\\)`` or ``\\[...\\]``: readable as it is, and typeset by any KaTeX or
MathJax auto-render a reader may apply. Times are UTC; attachments are listed by name (their
links expire, the transcript does not).
"""

import re
from datetime import datetime
from html import escape

from edu_core.application.chat import Transcript
from edu_core.domain.chat import ChatMessage
from edu_core.domain.chat_sharing import ANONYMOUS_STUDENT
from edu_core.domain.forum.text import MAX_BODY as MAX_POST

# The formula nodes of lesson-text HTML, as the sanitiser writes them (always empty).
_FORMULA = re.compile(r'<(span|div)([^>]*?)\sdata-latex="([^"]*)"([^>]*)></\1>')


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _title(transcript: Transcript) -> str:
    room = transcript.room
    return (f"Session chat, {room.starts_at.strftime('%Y-%m-%d %H:%M')}-"
            f"{room.ends_at.strftime('%H:%M')} UTC")


def _sender(transcript: Transcript, message: ChatMessage) -> tuple[str, str]:
    return (transcript.names.get(message.sender_id, "Former member"),
            transcript.room.role_of(message.sender_id))


def as_markdown(transcript: Transcript) -> str:
    room = transcript.room
    lines = [f"# {_title(transcript)}", "",
             f"Student: {transcript.names.get(room.student_id, 'Former member')}  ",
             f"Mentor: {transcript.names.get(room.mentor_id, 'Former member')}", ""]
    if not transcript.messages:
        lines += ["_No messages._", ""]
    for message in transcript.messages:
        name, role = _sender(transcript, message)
        lines += [f"**{name}** ({role}), {_when(message.created_at)}", ""]
        if message.body:
            lines += [message.body, ""]
        for attachment in message.attachments:
            lines += [f"_Attachment: {attachment.filename} ({_size(attachment.size)})_", ""]
        lines += ["---", ""]
    return "\n".join(lines)


def as_forum_post(transcript: Transcript, *, student_name_shown: bool) -> str:
    """The conversation as the Markdown of a forum thread's opening post: each message's
    source as typed (formulas intact), the student named only if they chose so, attachments
    by name (they stay private to the session). A conversation too long for one post ends
    with how many messages were left out."""
    room = transcript.room
    names = dict(transcript.names)
    if not student_name_shown:
        names[room.student_id] = ANONYMOUS_STUDENT
    intro = (f"_A conversation from a mentoring session on "
             f"{room.starts_at.strftime('%d %B %Y')}, shared by the mentor._")
    blocks: list[str] = [intro]
    used = len(intro)
    for shown, message in enumerate(transcript.messages):
        role = room.role_of(message.sender_id)
        lines = [f"**{names.get(message.sender_id, 'Former member')}** ({role})"]
        if message.body:
            lines.append(message.body)
        lines += [f"_Attachment: {a.filename}_" for a in message.attachments]
        block = "\n\n".join(lines)
        left = len(transcript.messages) - shown
        # Room for this block, its separator and the closing note about what was left out.
        if used + len(block) + 7 + 120 > MAX_POST:
            blocks.append(f"_... and {left} more message{'s' if left > 1 else ''}, kept with "
                          f"the session._")
            break
        blocks.append(block)
        used += len(block) + 7
    return "\n\n---\n\n".join(blocks)


def _with_tex(html: str) -> str:
    def fill(found: re.Match[str]) -> str:
        tag, before, latex, after = found.groups()
        opening, closing = ("\\[", "\\]") if tag == "div" else ("\\(", "\\)")
        # ``latex`` is still escaped as the attribute was: the same text is safe content.
        return (f'<{tag}{before} data-latex="{latex}"{after}>'
                f"{opening}{latex}{closing}</{tag}>")

    return _FORMULA.sub(fill, html)


_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;
color:#1e293b}
h1{font-size:1.4rem}article{border-top:1px solid #e2e8f0;padding:.75rem 0}
header{font-size:.85rem;color:#475569}header strong{color:#0f172a}
[data-latex]{font-family:ui-monospace,monospace}div[data-latex]{margin:.5rem 0}
table{border-collapse:collapse}td,th{border:1px solid #cbd5e1;padding:.25rem .5rem}
"""


def as_html(transcript: Transcript) -> str:
    room = transcript.room
    title = escape(_title(transcript))
    parts = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{title}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             f"<h1>{title}</h1>",
             f"<p>Student: {escape(transcript.names.get(room.student_id, 'Former member'))}"
             f"<br>Mentor: {escape(transcript.names.get(room.mentor_id, 'Former member'))}</p>"]
    if not transcript.messages:
        parts.append("<p><em>No messages.</em></p>")
    for message in transcript.messages:
        name, role = _sender(transcript, message)
        parts += ["<article>",
                  f"<header><strong>{escape(name)}</strong> ({role}), "
                  f'<time datetime="{message.created_at.isoformat()}">'
                  f"{_when(message.created_at)}</time></header>",
                  f"<div>{_with_tex(message.html)}</div>"]
        if message.attachments:
            parts.append("<ul>" + "".join(
                f"<li>Attachment: {escape(a.filename)} ({_size(a.size)})</li>"
                for a in message.attachments) + "</ul>")
        parts.append("</article>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
