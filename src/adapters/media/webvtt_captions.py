"""WebVTT caption files read with ``webvtt-py``: the cues with their times and plain text (tags
such as ``<b>`` or ``<v Speaker>`` removed), for checking an upload and for the transcript
search."""

import webvtt
from webvtt.errors import MalformedFileError

from edu_core.domain.video import Cue, InvalidCaptions

MAX_CUES = 20_000
MAX_CUE_TEXT = 1000


def _seconds(timestamp: str) -> float:
    """``[HH:]MM:SS.mmm`` in seconds (the library's own helper drops the milliseconds)."""
    parts = timestamp.strip().split(":")
    seconds = float(parts[-1])
    for index, value in enumerate(reversed(parts[:-1])):
        seconds += int(value) * 60 ** (index + 1)
    return seconds


class WebVttCaptionParser:
    """``CaptionParser``."""

    def parse(self, data: bytes) -> list[Cue]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidCaptions("A WebVTT file is UTF-8 text.") from error
        if not text.startswith("WEBVTT"):
            raise InvalidCaptions("A WebVTT file starts with the line WEBVTT.")
        try:
            parsed = webvtt.from_string(text)
        except (MalformedFileError, ValueError, IndexError) as error:
            raise InvalidCaptions(details={"reason": str(error)[:200]}) from error
        cues: list[Cue] = []
        for caption in parsed.captions:
            start, end = _seconds(caption.start), _seconds(caption.end)
            if end < start:
                raise InvalidCaptions(f"A cue ends before it starts ({caption.start}).")
            cues.append(Cue(start=start, end=end,
                            text=" ".join(caption.text.split())[:MAX_CUE_TEXT]))
            if len(cues) > MAX_CUES:
                raise InvalidCaptions(f"At most {MAX_CUES} cues.")
        if not cues:
            raise InvalidCaptions("The file has no cues (timed lines of text).")
        return cues
