"""The catalogue of error codes (S39): every ``code`` an error body can carry, with its status
and what it means, written into the OpenAPI document so clients can branch on codes without
reading the server's source.

Domain errors are found by walking ``DomainError``'s subclasses once the application is
imported (every use case, hence every error it raises, is imported by then); the few codes the
HTTP layer answers with by itself are listed here.
"""

from adapters.http.errors import status_for
from edu_core.domain.errors import DomainError

# Answered by the HTTP layer outside any domain error.
HTTP_CODES: dict[str, tuple[int, str]] = {
    "validation_error": (400, "The request is malformed: not JSON, wrong types, unknown or "
                              "missing fields, values out of their documented bounds."),
    "invalid_characters": (400, "The request contains characters that cannot be stored "
                                "(such as NUL)."),
    "bad_request": (400, "The request could not be handled as sent."),
    "cross_site": (403, "A cross-site request to a sign-in route."),
    "method_not_allowed": (405, "The path exists but not with this method."),
    "payload_too_large": (413, "The request body is larger than this route accepts."),
    "unsupported_media_type": (415, "The body is not sent in a type this route accepts."),
    "range_not_satisfiable": (416, "The `Range` asked for lies outside the file."),
    "internal_error": (500, "A failure on the platform's side; the `request_id` finds it in "
                            "the logs."),
}


def domain_errors() -> list[type[DomainError]]:
    found: list[type[DomainError]] = []
    waiting = [DomainError]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            found.append(sub)
            waiting.append(sub)
    return found


def _meaning(error: type[DomainError]) -> str:
    own = error.__dict__.get("default_message")
    if isinstance(own, str):
        return own
    doc = (error.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split()) or error.default_message


def error_catalog() -> dict[str, tuple[int, str]]:
    """Code -> (status, meaning). A code raised by several errors keeps the meaning of the one
    that says most about it (its own default message over an inherited one)."""
    catalog = dict(HTTP_CODES)
    for error in sorted(domain_errors(), key=lambda e: ("default_message" not in e.__dict__,
                                                         e.__qualname__)):
        catalog.setdefault(error.code, (status_for(error), _meaning(error)))
    return dict(sorted(catalog.items(), key=lambda entry: (entry[1][0], entry[0])))


def catalog_markdown() -> str:
    rows = "\n".join(f"| `{code}` | {status} | {meaning.replace('|', '/')} |"
                     for code, (status, meaning) in error_catalog().items())
    return ("## Error codes\n\nEvery error answer is `{code, message, details, request_id}`; "
            "`code` is one of these and never changes meaning (`message` is for people and "
            "may be reworded).\n\n| code | status | meaning |\n|---|---|---|\n" + rows)
