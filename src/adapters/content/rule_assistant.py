"""The offline content assistant: deterministic rules, no model, no network.

Questions are cloze items made from the note's own sentences: a sentence that defines a term
("Inertia is the tendency ...") asks for the term, one that states a number asks for the
number. Summaries are extractive: the transcript's sentences that carry its most frequent
words, in their original order. Weak next to a language model, but the same input always
gives the same drafts, which tests and demos need.
"""

import html
import math
import re
from collections import Counter

from edu_core.ports.content_assistant import NoteDraft, QuestionDraft

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
# A whole number as written (not a piece of "1,000" or "v2"), and the unit after it if any.
_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(?!\w|[.,]\d)(?:\s?(%)|\s([A-Za-z]{1,3})\b)?")
_DEFINITION = re.compile(
    r"^(?:The |An |A )?(?P<term>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,3}) "
    r"(?P<verb>is|are|means|refers to) (?P<rest>.{12,})$")
# Words that end a term rather than belong to one ("It is", "This is" define nothing).
_NOT_TERMS = frozenset({"it", "this", "that", "there", "here", "which", "what", "he", "she",
                        "they", "we", "you", "i", "these", "those", "one", "each"})
_UNITS = frozenset({"m", "s", "kg", "g", "km", "cm", "mm", "J", "N", "W", "V", "A", "K",
                    "Hz", "mol", "L", "ml", "h", "min", "%"})
_STOPWORDS = frozenset([
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "let", "me", "more", "most", "my",
    "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "okay", "ok", "um", "uh", "so", "yeah", "right", "like", "going", "gonna",
])
MIN_WORDS, MAX_WORDS = 5, 60
MAX_SUMMARY_SENTENCES = 8


def sentences(text: str) -> list[str]:
    found = []
    for block in text.splitlines():
        for part in _SENTENCE_END.split(" ".join(block.split())):
            if MIN_WORDS <= len(part.split()) <= MAX_WORDS:
                found.append(part)
    return found


def _title(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _definition(sentence: str) -> QuestionDraft | None:
    match = _DEFINITION.match(sentence)
    if match is None or match["term"].split()[0].lower() in _NOT_TERMS:
        return None
    term = match["term"]
    blanked = f"____ {match['verb']} {match['rest']}"
    return QuestionDraft(title=_title(f"Which term: {term}"), body={
        "type": "short_text",
        "prompt": f"<p>Which term completes the sentence?</p><p>{html.escape(blanked)}</p>",
        "explanation": f"<p>{html.escape(sentence)}</p>",
        "accepted": [term], "case_sensitive": False})


def _number(sentence: str) -> QuestionDraft | None:
    match = _NUMBER.search(sentence)
    if match is None:
        return None
    unit = match[2] or (match[3] if match[3] in _UNITS else "")
    blanked = sentence[:match.start(1)] + "____" + sentence[match.end(1):]
    return QuestionDraft(title=_title(f"What number: {sentence}"), body={
        "type": "numeric",
        "prompt": f"<p>Which number completes the sentence?</p><p>{html.escape(blanked)}</p>",
        "explanation": f"<p>{html.escape(sentence)}</p>",
        "answer": float(match[1]), "tolerance": 0, "unit": unit})


class RuleBasedAssistant:
    async def suggest_questions(self, title: str, text: str, *,
                                count: int) -> list[QuestionDraft]:
        ranked: list[tuple[int, int, QuestionDraft]] = []
        for position, sentence in enumerate(sentences(text)):
            # A definition is worth more than a number: it checks an idea, not a figure.
            draft = _definition(sentence)
            if draft is not None:
                ranked.append((0, position, draft))
                continue
            draft = _number(sentence)
            if draft is not None:
                ranked.append((1, position, draft))
        chosen = sorted(ranked)[:count]
        return [draft for _, _, draft in sorted(chosen, key=lambda r: r[1])]

    async def summarise(self, title: str, transcript: str) -> NoteDraft:
        # Captions split sentences across cues; unpunctuated ones are taken cue by cue.
        found = sentences(transcript.replace("\n", " "))
        if len(found) < 3:
            found = sentences(transcript)
        words = [w.lower() for s in found for w in _WORD.findall(s)
                 if w.lower() not in _STOPWORDS]
        frequency = Counter(words)
        top = max(frequency.values(), default=1)

        def score(sentence: str) -> float:
            own = [w.lower() for w in _WORD.findall(sentence) if w.lower() not in _STOPWORDS]
            # Long sentences do not win by length alone.
            return sum(frequency[w] / top for w in own) / math.sqrt(max(len(own), 1))

        keep = min(MAX_SUMMARY_SENTENCES, max(1, round(len(found) * 0.3)))
        ranked = sorted(range(len(found)), key=lambda i: (-score(found[i]), i))[:keep]
        points = "".join(f"<li>{html.escape(found[i])}</li>" for i in sorted(ranked))
        return NoteDraft(title=_title(f"Summary: {title}", 200),
                         html=f"<p>The main points of {html.escape(title)}:</p>"
                              f"<ul>{points}</ul>" if points else "")
