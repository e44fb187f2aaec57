"""Page weight as transferred: a page's HTML, its CSS and the fonts it loads, before images.

Asks the running server as a browser does (`Accept-Encoding: br, gzip`), so each file is
counted as sent: compressed where WhiteNoise serves a Brotli or gzip copy, as is where it
does not (woff2 fonts are compressed already). The fonts counted are those preloaded and
those the CSS declares for Latin text (no `unicode-range`, or one reaching U+0000–00FF):
what an English page makes a browser fetch. Standard library only: run by bench/run.py
against its server, or alone:

    python bench/page_weight.py http://127.0.0.1:8000 /articles/pakistan-libya-defence-ties/
"""

import re
import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

BUDGET = 150 * 1024  # bytes, before images (issue 14)
FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
RANGE = re.compile(r"unicode-range\s*:\s*([^;}]+)", re.I)


class Links(HTMLParser):
    """The stylesheets, preloaded fonts and scripts a page names."""

    def __init__(self):
        super().__init__()
        self.css, self.fonts, self.scripts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "link" and "preload" in rel and attrs.get("as") == "font":
            self.fonts.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def fetch(url):
    """(bytes on the wire, encoding, the body as text if it came uncompressed)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "identity")
    return len(body), encoding, body


def text_of(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # uncompressed, to read
        return response.read().decode("utf-8", "replace")


def covers_latin(descriptor):
    ranges = RANGE.search(descriptor)
    if not ranges:
        return True
    for part in ranges.group(1).split(","):
        start = part.strip().upper().removeprefix("U+").split("-")[0].replace("?", "0")
        if start and int(start, 16) <= 0xFF:
            return True
    return False


def latin_fonts(css, css_url):
    fonts = []
    for face in FONT_FACE.findall(css):
        if covers_latin(face):
            urls = [u for u in URL.findall(face) if ".woff2" in u] or URL.findall(face)[:1]
            fonts += [urljoin(css_url, u) for u in urls]
    return fonts


def page_weight(base, path):
    """{"rows": [(kind, url, bytes, encoding)], "total": bytes, "scripts": count}."""
    page_url = base + path
    rows = [("HTML", path, *fetch(page_url)[:2])]
    links = Links()
    links.feed(text_of(page_url))
    fonts = [urljoin(page_url, href) for href in links.fonts]
    for href in links.css:
        css_url = urljoin(page_url, href)
        rows.append(("CSS", href, *fetch(css_url)[:2]))
        fonts += latin_fonts(text_of(css_url), css_url)
    for font in dict.fromkeys(fonts):  # once each, in order
        rows.append(("font", font.removeprefix(base), *fetch(font)[:2]))
    return {
        "rows": rows,
        "total": sum(row[2] for row in rows),
        "scripts": len(links.scripts),
    }


def report(weight, path):
    """The "Page weight" section of the benchmark's report."""
    total = weight["total"]
    verdict = "within" if total < BUDGET else "OVER"
    lines = [
        "## Page weight",
        "",
        f"{path}, as transferred (compressed as served), before images:",
        "",
        "| file | bytes | encoding |",
        "|---|---:|---|",
    ]
    for kind, url, size, encoding in weight["rows"]:
        lines.append(f"| {kind}: {url} | {size:,} | {encoding} |")
    lines += [
        f"| **total** | **{total:,}** | |",
        "",
        f"{total / 1024:.1f} KB: {verdict} the budget of {BUDGET // 1024} KB; "
        f"{weight['scripts']} script(s).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    base, path = sys.argv[1].rstrip("/"), sys.argv[2]
    print(report(page_weight(base, path), path))
