"""Redirects from a CSV file of "old_path,new_path" rows, each checked like one added by hand.

A bad row is refused with its reason and the others still go in; a file that is not a
readable CSV is refused whole, before anything is saved.
"""

import csv
import dataclasses
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Redirect
from .paths import normalise

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
HEADER = ("old_path", "new_path")


@dataclasses.dataclass(frozen=True)
class Row:
    line: int
    old_path: str
    new_path: str
    added: bool
    reason: str


def read_rows(upload):
    """The file's rows as lists of cells; ValidationError (plain words) if it is unreadable."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"This file is too large for a list of redirects (at most {MAX_BYTES // 1024} KB). "
            "Split it into smaller files."
        )
    data = upload.read()
    if b"\x00" in data:
        raise ValidationError(
            "This is not a CSV file. Save the spreadsheet as “CSV UTF-8” and upload that."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "This file is not readable text. Save the spreadsheet as “CSV UTF-8” and upload that."
        ) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise ValidationError(
            "This file is not a readable CSV file: check its quotation marks."
        ) from None
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if numbered and tuple(c.strip().lower() for c in numbered[0][1]) == HEADER:
        numbered = numbered[1:]
    if not numbered:
        raise ValidationError(
            "The file has no rows. Each row needs an old and a new address: "
            "/articles/old-title/,/articles/new-title/"
        )
    if len(numbered) > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS} rows. Split it up.")
    return numbered


def import_rows(numbered):
    """Add each row's redirect in turn; return a `Row` per line saying what happened."""
    report = []
    for line, cells in numbered:
        cells = [c.strip() for c in cells]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()  # spreadsheets add empty columns
        old, new = [*cells, "", ""][:2]
        if len(cells) != 2:
            reason = "A row needs exactly two addresses, the old and the new, separated by a comma."
            report.append(Row(line, old, new, False, reason))
            continue
        before = Redirect.objects.target_of(normalise(old))
        try:
            with transaction.atomic():
                Redirect.objects.point(old, new, source=Redirect.Source.IMPORTED)
        except ValidationError as error:
            report.append(Row(line, old, new, False, " ".join(error.messages)))
        else:
            note = f"It led to {before} until now." if before and before != new else ""
            report.append(Row(line, old, new, True, note))
    return report
