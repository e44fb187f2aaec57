"""What the import tells the editor, in plain words: what was kept, what was left out,
and what to do. The converter's own notes (mammoth's warnings) are read here and never
shown as they are: they name Word's XML, not anything an editor sees."""

import re
from collections import Counter

STYLE_RE = re.compile(r"Unrecognised (paragraph|run) style: (.*?) \(Style ID: (.*)\)$")
UNDEFINED_STYLE_RE = re.compile(r"(\w+) style with ID (.*) was referenced but not defined")

# The converter's notes, by what they mean to an editor (the first words of each).
SYMBOLS = "A w:sym element"
MISSING_PICTURES = (
    "Could not find image file",
    "A v:imagedata element",
    "could not find file",
    "could not open external image",
)
UNSUPPORTED_PARTS = "An unrecognised element was ignored"
# Nothing for the editor to do: tables are reported whole, pictures one by one, and
# fields and breaks keep their text.
SILENT = (
    "Image of type",
    "unexpected non-",
    "Ignoring complex field",
    "Unsupported break type",
)

OTHER_PARTS = (
    "{n} other small part{s} of the document could not be brought in exactly. "
    "Compare the draft with the Word document before publishing."
)


def summarise(messages):
    """The converter's warnings as a few lines an editor can act on."""
    paragraph_styles, character_styles, kinds = [], [], Counter()
    for message in (m.message for m in messages):
        if match := STYLE_RE.match(message):
            kind, name, style_id = match.groups()
            styles = paragraph_styles if kind == "paragraph" else character_styles
            _add(styles, _style_name(name, style_id))
        elif match := UNDEFINED_STYLE_RE.match(message):
            kind, style_id = match.groups()
            styles = paragraph_styles if kind.lower() == "paragraph" else character_styles
            _add(styles, style_id)
        elif message.startswith(SILENT):
            continue
        elif message.startswith(SYMBOLS):
            kinds["symbols"] += 1
        elif message.lower().startswith(tuple(m.lower() for m in MISSING_PICTURES)):
            kinds["pictures"] += 1
        elif message.startswith(UNSUPPORTED_PARTS):
            kinds["parts"] += 1
        else:
            kinds["other"] += 1
    lines = []
    if paragraph_styles:
        lines.append(
            f"Paragraphs in the Word {_styles(paragraph_styles)} came in as ordinary "
            "paragraphs. Check them: quotes, captions or boxed text may need their "
            "formatting again."
        )
    if character_styles:
        lines.append(
            f"Text in the Word {_styles(character_styles)} came in as ordinary text, "
            "without that formatting. Add bold or italics again where it matters."
        )
    if n := kinds["symbols"]:
        lines.append(
            f"{count(n, 'special symbol')} (from fonts such as Symbol or Wingdings) "
            f"{'was' if n == 1 else 'were'} left out. Type them as ordinary characters "
            "if they matter."
        )
    if n := kinds["pictures"]:
        lines.append(
            f"{count(n, 'picture')} could not be found in the file (linked to, not "
            "inserted) and {'was' if n == 1 else 'were'} left out. In Word, insert them with "
            "Insert › Pictures and import again."
        )
    if n := kinds["parts"]:
        lines.append(
            f"{count(n, 'part')} of the document that the site has no place for (such as "
            "equations, text boxes, charts or embedded objects) "
            f"{'was' if n == 1 else 'were'} left out. Compare the draft with the Word "
            "document, and add what matters as text or as a picture."
        )
    if n := kinds["other"]:
        lines.append(OTHER_PARTS.format(n=n, s="" if n == 1 else "s"))
    return lines


def _add(styles, name):
    if name and name not in styles:
        styles.append(name)


def _style_name(name, style_id):
    """The style's name as Word shows it; its ID when the file names none."""
    if name and name != "None":
        return name
    return style_id if style_id and style_id != "None" else ""


def _styles(names):
    quoted = [f"“{name}”" for name in names[:5]]
    if len(names) > 5:
        listed = ", ".join(quoted) + f" and {len(names) - 5} more"
    elif len(quoted) > 1:
        listed = ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    else:
        listed = quoted[0]
    return f"style{'s' if len(names) > 1 else ''} {listed}"


def count(n, noun):
    return f"{n} {noun}{'s' if n != 1 else ''}"


def lower_first(text):
    return text[:1].lower() + text[1:]
