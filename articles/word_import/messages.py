"""What the import tells the editor: mammoth's warnings, summarised, and counts."""

import re
from collections import Counter

STYLE_WARNING_RE = re.compile(r"Unrecognised (?:paragraph|run) style: (.*?) \(Style ID: .*\)$")


def summarise(messages):
    """mammoth's warnings in a few lines an editor can act on."""
    styles, others = [], Counter()
    for message in messages:
        if message.message.startswith("Image of type"):
            continue  # reported, with what to do, among the images left out
        if match := STYLE_WARNING_RE.match(message.message):
            if match.group(1) not in styles:
                styles.append(match.group(1))
        else:
            others[message.message] += 1
    lines = []
    if styles:
        shown = ", ".join(styles[:5]) + (f" and {len(styles) - 5} more" if len(styles) > 5 else "")
        lines.append(
            f"Text in these Word styles came in as plain paragraphs: {shown}. "
            "Check their formatting."
        )
    if others:
        first = "; ".join(list(others)[:2])
        more = f" (and {len(others) - 2} other notes)" if len(others) > 2 else ""
        lines.append(f"Some of the document could not be converted exactly: {first}{more}.")
    return lines


def count(n, noun):
    return f"{n} {noun}{'s' if n != 1 else ''}"
