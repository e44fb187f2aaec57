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
            return cls("", full_name.strip())
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
            "author": " and ".join(n.inverted for n in self.names),
            "title": f"{{{_bibtex_escape(self.article.title)}}}",
            "year": str(self.date.year),
            "month": f"{self.date:%b}".lower(),
            "url": self.url,
            ("institution" if kind == "techreport" else "publisher"): self.publisher,
            "note": self.article.get_kind_display(),
        }
        key = re.sub(r"\W", "", (self.names[0].family if self.names else "anon")).lower()
        body = ",\n".join(
            f"  {name} = {{{value if name == 'title' else _bibtex_escape(value)}}}"
            for name, value in fields.items()
            if value
        )
        return f"@{kind}{{{key}{self.date.year},\n{body}\n}}\n"

    def ris(self):
        kind = "RPRT" if self.article.kind in ("report", "policy_brief") else "ELEC"
        lines = [f"TY  - {kind}"]
        lines += [f"AU  - {n.inverted}" for n in self.names]
        lines += [
            f"TI  - {_one_line(self.article.title)}",
            f"PY  - {self.date:%Y/%m/%d}",
            f"DA  - {self.date:%Y/%m/%d}",
            f"PB  - {self.publisher}",
            f"AB  - {_one_line(self.article.summary)}",
            f"UR  - {self.url}",
            "ER  - ",
        ]
        return "\r\n".join(lines) + "\r\n"


def _bibtex_escape(text):
    text = _one_line(text)
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def _one_line(text):
    return " ".join(str(text).split())
