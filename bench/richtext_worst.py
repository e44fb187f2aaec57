"""How long the worst rich text the site accepts takes to sanitise.

Every shape is just under both limits (RICHTEXT_MAX_BYTES of HTML, nested as
deeply as RICHTEXT_MAX_DEPTH allows, or as densely packed with tags as the size
allows), so it shows what one save of a hostile body can cost. Run by
bench/run.py with the benchmark's environment; prints one line per shape and
the worst. Alone: DJANGO_SETTINGS_MODULE=thinktank.settings_test python bench/richtext_worst.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from core.richtext import sanitize_html  # noqa: E402
from core.richtext_limits import check_rich_text, nesting_depth  # noqa: E402

REPEATS = 5


def shapes():
    """Bodies of hostile shapes, each repeated up to just under the size limit."""
    depth = settings.RICHTEXT_MAX_DEPTH
    lists = depth // 2  # ul > li per level
    units = {
        f"divs nested {depth} deep": "<div>" * (depth - 1) + "<p>x</p>" + "</div>" * (depth - 1),
        f"quotations nested {depth} deep": (
            "<blockquote>" * (depth - 1) + "<p>x</p>" + "</blockquote>" * (depth - 1)
        ),
        f"lists nested {depth} deep": "<ul><li>" * lists + "x" + "</li></ul>" * lists,
        "paragraphs of one letter": "<p>x</p>",
        "bold letters": "<b>x</b>",
        "italic words in paragraphs": "<p>" + "<em>a</em> " * 40 + "</p>",
        "links": '<a href="https://example.org/a">x</a>',
        f"bold nested {depth} deep": "<b>" * (depth - 1) + "x" + "</b>" * (depth - 1),
        f"spans nested {depth} deep": "<span>" * (depth - 1) + "x" + "</span>" * (depth - 1),
        "headings with the same text": "<h2>Same</h2>",
    }
    for label, unit in units.items():
        yield label, unit * ((settings.RICHTEXT_MAX_BYTES - 1) // len(unit.encode()))
    count = settings.RICHTEXT_MAX_BYTES // 25
    yield "headings each different", "".join(f"<h3>{n}</h3>" for n in range(count))
    yield (
        "references to notes",
        (
            "".join(f'<p><a href="#note-{n}">{n}</a></p>' for n in range(count // 2))
            + "<h2>Notes</h2><ol>"
            + "<li>Note</li>" * (count // 4)
            + "</ol>"
        ),
    )


def best_ms(function, value):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function(value)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main():
    results = []
    for label, html in shapes():
        check_rich_text(html)  # accepted: under both limits
        results.append((best_ms(sanitize_html, html), best_ms(check_rich_text, html), label, html))
        total, check, *_ = results[-1]
        print(f"  rich text, {label}: {total:.0f} ms ({check:.0f} ms checking limits)", flush=True)
    total, check, label, html = max(results)
    print(
        f"Worst accepted rich text ({label}: {len(html.encode()) / 1024 / 1024:.2f} MB, "
        f"{nesting_depth(html)} levels deep): sanitised in {total:.0f} ms, "
        f"{check:.0f} ms of it checking the limits (best of {REPEATS})."
    )


if __name__ == "__main__":
    main()
