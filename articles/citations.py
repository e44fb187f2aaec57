"""How to cite an article: Chicago and APA text, BibTeX and RIS files."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

HONORIFICS = {
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "ambassador",
    "sir",
    "dame",
    "mr",
    "mrs",
    "ms",
    "general",
    "gen.",
    "col.",
    "colonel",
}


@dataclass(frozen=True)
class Name:
    given: str
    family: str

    @classmethod
    def parse(cls, full_name):
        words = [w for w in full_name.split() if w.lower() not in HONORIFICS]
        if not words:
            return cls("", " ".join(full_name.split()))
        return cls(" ".join(words[:-1]), words[-1])

    @property
    def inverted(self):  # Rahman, Amina
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self):  # A. B.
        return " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", self.given) if part)


class Citation:
    def __init__(self, article, url):
        self.article = article
        self.url = url
        self.names = [Name.parse(person.name) for person in article.byline_people]
        self.date = article.published_at or timezone.now()  # a draft's preview: as if today
        self.publisher = settings.SITE_NAME

    def chicago(self):
        names = self.names
        if not names:
            authors = ""
        elif len(names) == 1:
            authors = f"{names[0].inverted}. "
        else:
            rest = [f"{n.given} {n.family}".strip() for n in names[1:]]
            joined = (
                ", ".join([*rest[:-1], f"and {rest[-1]}"]) if len(rest) > 1 else f"and {rest[0]}"
            )
            authors = f"{names[0].inverted}, {joined}. "
        date = f"{self.date:%B} {self.date.day}, {self.date.year}"
        return f"{authors}“{self.article.title}.” {self.publisher}, {date}. {self.url}."

    def apa(self):
        names = [f"{n.family}, {n.initials}" if n.initials else n.family for n in self.names]
        if len(names) > 1:
            authors = ", ".join(names[:-1]) + f", & {names[-1]}"
        else:
            authors = "".join(names)
        date = f"({self.date.year}, {self.date:%B} {self.date.day})"
        lead = f"{authors} {date}." if authors else f"{self.article.title}. {date}."
        title = "" if not authors else f" {self.article.title}."
        return f"{lead}{title} {self.publisher}. {self.url}"

    def bibtex(self):
        kind = "techreport" if self.article.kind in ("report", "policy_brief") else "misc"
        fields = {
            "author": " and ".join(_bibtex_name(n) for n in self.names),
            # Double braces keep the title's capitals as written.
            "title": f"{{{_bibtex_escape(self.article.title)}}}",
            "year": str(self.date.year),
            "month": f"{self.date:%b}".lower(),
            # Read verbatim by BibTeX's url styles; iri_to_uri has already encoded any
            # brace, backslash or space in it.
            "url": self.url,
            ("institution" if kind == "techreport" else "publisher"): _bibtex_escape(
                self.publisher
            ),
            "note": _bibtex_escape(self.article.get_kind_display()),
        }
        family = self.names[0].family if self.names else ""
        key = re.sub(r"\W", "", family).lower() or "anon"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
        return f"@{kind}{{{key}{self.date.year},\n{body}\n}}\n"

    def ris(self):
        kind = "RPRT" if self.article.kind in ("report", "policy_brief") else "ELEC"
        tags = [
            ("TY", kind),
            *(("AU", n.inverted) for n in self.names),
            ("TI", self.article.title),
            ("PY", f"{self.date:%Y/%m/%d}"),
            ("DA", f"{self.date:%Y/%m/%d}"),
            ("PB", self.publisher),
            ("AB", self.article.summary),
            ("UR", self.url),
            ("ER", ""),
        ]
        # One line per tag: a line break inside a value would start a tag of its own.
        return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in tags)


# BibTeX counts every brace, backslash or not, so "\{" would still open a group and a
# hostile title could close its field and add others. Braces and backslashes become
# commands whose own braces balance; "\^" and "\~" would be accents.
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    **{char: rf"\{char}" for char in "&%$#_"},
}


def _bibtex_escape(text):
    return re.sub(r"[\\{}^~&%$#_]", lambda m: BIBTEX_SPECIALS[m.group()], _one_line(text))


def _bibtex_name(name):
    """One author, "Family, Given"; an "and" or a comma inside a name is braced, or BibTeX
    would read one person as two, or misplace the given name."""

    def part(text):
        return re.sub(r"(?i)\band\b|,", lambda m: f"{{{m.group()}}}", _bibtex_escape(text))

    return f"{part(name.family)}, {part(name.given)}" if name.given else part(name.family)


def _one_line(text):
    return " ".join(str(text).split())
