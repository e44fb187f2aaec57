"""Footnotes and endnotes: a "Notes" section at the end, with links both ways."""

import re


def notes_section(html, prefix):
    """Move mammoth's notes list under a "Notes" heading, numbered for the sanitiser.

    mammoth numbers references in the order they appear and lists the notes in
    that order at the very end. The sanitiser gives list item N the id note-N and
    the first link to it note-ref-N, so links here point at those.
    """
    start = html.rfind(f'<ol><li id="{prefix}')
    if start == -1:
        return html, 0
    body, notes = html[:start], html[start:]
    p = re.escape(prefix)
    ids = re.findall(rf'<li id="{p}((?:foot|end)note-[^"]+)">', notes)
    numbers = {note_id: n for n, note_id in enumerate(ids, start=1)}

    def reference(match):
        number = numbers.get(match.group(1))
        return f'<a href="#note-{number}">{number}</a>' if number else ""

    def back_link(match):
        number = numbers.get(f"{match.group(1)}-{match.group(2)}")
        return f'<a href="#note-ref-{number}" title="Back to the text">' if number else "<a>"

    body = re.sub(rf'<a href="#{p}([^"]+)" id="{p}[^"]+">\[\d+\]</a>', reference, body)
    notes = re.sub(rf'<li id="{p}[^"]+">', "<li>", notes)
    notes = re.sub(rf'<a href="#{p}((?:foot|end)note)-ref-([^"]+)">', back_link, notes)
    return f"{body}<h2>Notes</h2>{notes}", len(ids)
