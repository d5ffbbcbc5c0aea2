"""Free text typed into a search box: one rule for what is accepted, and one normaliser that
turns it into web-search syntax PostgreSQL always parses.

``websearch_to_tsquery`` never raises on syntax, but it does on size: a run of negations or
alternatives with nothing between them ("- - - - ..." or "------...") overflows its operator
stack ("tsquery stack too small"). The normaliser rebuilds the query from its words instead of
passing the text through, so at most one operator sits before each term and the number of
terms is capped.
"""

import re
import unicodedata

from edu_core.domain.errors import InvalidInput

MAX_QUERY = 200
# Words beyond this many add nothing a person meant to search for.
MAX_TERMS = 32

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# A word as the full-text parser reads it; hyphenated words stay whole ("e-mail").
_WORD = re.compile(r"\w+(?:-\w+)*")


class InvalidSearchQuery(InvalidInput):
    code = "invalid_search_query"
    default_message = (f"Search for at most {MAX_QUERY} characters of valid text, without "
                       "control characters.")


def clean_query(raw: str | None, field: str = "q") -> str:
    """The query as typed, whitespace collapsed; empty when nothing was typed. Refuses text
    over ``MAX_QUERY`` characters, control characters, and text that was not valid UTF-8
    (decoded as replacement characters or lone surrogates)."""
    if raw is None:
        return ""
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if len(text) > MAX_QUERY or any(
            unicodedata.category(c) in ("Cc", "Cs") or c == "\ufffd" for c in text):
        raise InvalidSearchQuery(details={"fields": {field: InvalidSearchQuery.default_message}})
    return text


def websearch_text(query: str) -> str:
    """``query`` rewritten in the subset of web-search syntax that cannot overflow: words,
    quoted phrases of words, one ``-`` before a term, ``or`` only between two terms, at most
    ``MAX_TERMS`` words in all. Empty when nothing searchable is left."""
    parts: list[str] = []
    words_left = MAX_TERMS
    pending_or = False
    for match in _TOKEN.finditer(query):
        phrase_not, phrase, bare = match.groups()
        if words_left <= 0:
            break
        if bare is not None and bare.lower() == "or":
            pending_or = bool(parts)
            continue
        if phrase is not None:
            words = _WORD.findall(phrase)[:words_left]
            term = f'{phrase_not}"{" ".join(words)}"' if words else ""
        else:
            # A bare "or" is the alternative operator: only ever emitted by the branch above.
            words = [w for w in _WORD.findall(bare) if w.lower() != "or"][:words_left]
            negated = "-" if bare.startswith("-") else ""
            term = " ".join([negated + words[0], *words[1:]]) if words else ""
        if not term:
            continue
        if pending_or:
            parts.append("or")
            pending_or = False
        parts.append(term)
        words_left -= len(words)
    return " ".join(parts)
