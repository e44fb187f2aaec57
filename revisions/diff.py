"""Two snapshots side by side, with what changed marked.

Differences come back as *segments*: ("equal" | "insert" | "delete", text),
plain text that the templates escape as they print it inside <ins> and <del>.
Nothing an editor typed is ever marked safe here.

Short texts (title, summary) are compared word by word. Rich text is reduced to
its paragraphs' plain text; paragraphs are matched first, then a changed
paragraph is compared word by word, and long runs of unchanged paragraphs fold
away. Lists (authors, topics) are compared item by item, in order.
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 1  # unchanged paragraphs shown either side of a change
BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol", "br", "div"}
EMPTY = "—"


def _merged(segments):
    """Adjacent segments of the same kind joined, so the markup stays small."""
    merged = []
    for kind, text in segments:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    return merged


def _opcodes(a, b):
    """difflib's opcodes, with lone spaces between two changes counted as changed.

    Otherwise "under threat" → "insurers retreat" reads as two changes around an
    unchanged space, and the marks fragment.
    """
    codes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    joined = []
    for index, (op, i1, i2, j1, j2) in enumerate(codes):
        between_changes = 0 < index < len(codes) - 1
        if op == EQUAL and between_changes and not "".join(a[i1:i2]).strip():
            op = "replace"
        if op != EQUAL and joined and joined[-1][0] != EQUAL:
            _op, start_a, _end_a, start_b, _end_b = joined[-1]
            joined[-1] = ("replace", start_a, i2, start_b, j2)
        else:
            joined.append((op, i1, i2, j1, j2))
    return joined


def words(old, new):
    """The word-level differences of two strings: (left segments, right segments)."""
    a, b = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == EQUAL:
            text = "".join(a[i1:i2])
            left.append((EQUAL, text))
            right.append((EQUAL, text))
        else:
            left.append((DELETE, "".join(a[i1:i2])))
            right.append((INSERT, "".join(b[j1:j2])))
    return _merged(left), _merged(right)


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2", "h3", "li"…
    text: str


class _BlockReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._text, self._kind = [], [], "p"

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            if tag in ("h2", "h3", "h4", "li", "blockquote"):
                self._kind = tag

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(Block(self._kind, text))
        self._text, self._kind = [], "p"

    def close(self):
        super().close()
        self._flush()


def blocks(html):
    """The plain text of each paragraph, heading and list item of `html`."""
    reader = _BlockReader()
    reader.feed(html or "")
    reader.close()
    return reader.blocks


@dataclass
class Row:
    """One line of a side-by-side rich-text comparison."""

    change: str  # "equal", "changed", "insert", "delete" or "skip"
    kind: str = "p"
    left: list = field(default_factory=list)
    right: list = field(default_factory=list)
    skipped: int = 0


def paragraphs(old_html, new_html):
    """Rows comparing two rich texts paragraph by paragraph; [] when they read the same."""
    a, b = blocks(old_html), blocks(new_html)
    rows = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = a[i1:i2], b[j1:j2]
        if op == EQUAL:
            rows += [Row(EQUAL, x.kind, [(EQUAL, x.text)], [(EQUAL, x.text)]) for x in olds]
            continue
        for index in range(max(len(olds), len(news))):
            old = olds[index] if index < len(olds) else None
            new = news[index] if index < len(news) else None
            if old and new:
                rows.append(Row("changed", new.kind, *words(old.text, new.text)))
            elif old:
                rows.append(Row(DELETE, old.kind, left=[(DELETE, old.text)]))
            else:
                rows.append(Row(INSERT, new.kind, right=[(INSERT, new.text)]))
    if all(row.change == EQUAL for row in rows):
        return []
    return _fold(rows)


def _fold(rows):
    """Unchanged rows more than CONTEXT away from a change, folded into "skip" rows."""
    changed = [i for i, row in enumerate(rows) if row.change != EQUAL]
    shown = {j for i in changed for j in range(i - CONTEXT, i + CONTEXT + 1)}
    folded = []
    for index, row in enumerate(rows):
        if index in shown:
            folded.append(row)
        elif folded and folded[-1].change == "skip":
            folded[-1].skipped += 1
        else:
            folded.append(Row("skip", skipped=1))
    return folded


def items(relation, old, new):
    """Two lists of related items compared in order: (left segments, right segments)."""
    a = [relation.identity(item) for item in old]
    b = [relation.identity(item) for item in new]
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            left += [(EQUAL, relation.display(item)) for item in old[i1:i2]]
            right += [(EQUAL, relation.display(item)) for item in new[j1:j2]]
        else:
            left += [(DELETE, relation.display(item)) for item in old[i1:i2]]
            right += [(INSERT, relation.display(item)) for item in new[j1:j2]]
    return left, right


def shown(model_field, raw, names):
    """A stored value as editors read it."""
    if raw is None or raw == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if raw else "No"
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(raw))
        return date_format(timezone.localtime(moment), "j M Y, H:i") if moment else str(raw)
    if model_field.is_relation:
        return names.get(model_field.name) or f"#{raw}"
    return str(raw)


@dataclass
class Line:
    """A field or list compared: label, both sides, and whether it changed."""

    label: str
    changed: bool
    left: list = field(default_factory=list)
    right: list = field(default_factory=list)
    rows: list = field(default_factory=list)


@dataclass
class Comparison:
    texts: list  # word-level comparisons of short texts
    bodies: list  # paragraph-level comparisons of rich text (Line.rows)
    lists: list  # related items
    state: list  # publishing state: always shown
    others: list  # any other field, shown only when it changed

    @property
    def changed_labels(self):
        lines = [*self.texts, *self.bodies, *self.lists, *self.state, *self.others]
        return [line.label for line in lines if line.changed]


def compare(snapshot, old, new):
    """How snapshot data `new` differs from `old`, field by field."""
    meta = snapshot.model._meta
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    old_names, new_names = old.get("names", {}), new.get("names", {})

    def label(name):
        return capfirst(meta.get_field(name).verbose_name)

    texts = []
    for name in snapshot.present(snapshot.text_fields):
        before, after = str(old_fields.get(name) or ""), str(new_fields.get(name) or "")
        texts.append(Line(label(name), before != after, *words(before, after)))
    bodies = []
    for name in snapshot.present(snapshot.html_fields):
        rows = paragraphs(old_fields.get(name), new_fields.get(name))
        bodies.append(Line(label(name), bool(rows), rows=rows))
    lists = []
    for relation in snapshot.relations:
        before, after = old.get(relation.key, []), new.get(relation.key, [])
        left, right = items(relation, before, after)
        lists.append(Line(capfirst(relation.label), before != after, left, right))

    def value_line(model_field):
        before = shown(model_field, old_fields.get(model_field.name), old_names)
        after = shown(model_field, new_fields.get(model_field.name), new_names)
        return Line(capfirst(model_field.verbose_name), before != after, before, after)

    state = [value_line(meta.get_field(name)) for name in snapshot.present(snapshot.state_fields)]
    compared = {*snapshot.text_fields, *snapshot.html_fields, *snapshot.state_fields}
    others = [
        line
        for model_field in snapshot.stored_fields()
        if model_field.editable and model_field.name not in compared
        for line in [value_line(model_field)]
        if line.changed
    ]
    return Comparison(texts, bodies, lists, state, others)


def describe(snapshot, data, words_of_rich_text=60):
    """(label, text) pairs summing up one snapshot, e.g. for an item in the trash."""
    meta, stored, names = snapshot.model._meta, data.get("fields", {}), data.get("names", {})
    lines = [
        (capfirst(meta.get_field(name).verbose_name), str(stored.get(name) or EMPTY))
        for name in snapshot.present(snapshot.text_fields)
    ]
    for name in snapshot.present(snapshot.html_fields):
        text = " ".join(block.text for block in blocks(stored.get(name)))
        cut = text.split()
        if len(cut) > words_of_rich_text:
            text = " ".join(cut[:words_of_rich_text]) + " …"
        lines.append((capfirst(meta.get_field(name).verbose_name), text or EMPTY))
    for relation in snapshot.relations:
        listed = ", ".join(relation.display(item) for item in data.get(relation.key, []))
        lines.append((capfirst(relation.label), listed or EMPTY))
    for name in snapshot.present(snapshot.state_fields):
        model_field = meta.get_field(name)
        lines.append(
            (capfirst(model_field.verbose_name), shown(model_field, stored.get(name), names))
        )
    return lines
