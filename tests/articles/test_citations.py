"""Cite this: Chicago and APA text on the page, BibTeX and RIS downloads."""

import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.helpers.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "http://testserver/articles/pakistan-libya-defence-ties/"


@pytest.fixture
def demo_article(db):
    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug="pakistan-libya-defence-ties")


def test_the_demo_article_cites_in_chicago_and_apa(client, demo_article):
    html = client.get(demo_article.get_absolute_url()).content.decode()
    chicago = (
        "Rahman, Amina, and Leila Benali. “Haftar at GHQ: Pakistan and Libya Renew Their "
        f"Defence Ties.” Thinktank, July 18, 2025. {URL}."
    )
    apa = (
        "Rahman, A., &amp; Benali, L. (2025, July 18). Haftar at GHQ: Pakistan and Libya "
        f"Renew Their Defence Ties. Thinktank. {URL}"
    )
    assert chicago in html
    assert apa in html


def test_bibtex_download_parses_into_its_fields(client, demo_article):
    response = client.get("/articles/pakistan-libya-defence-ties/cite.bib")
    assert (
        response["Content-Disposition"] == 'attachment; filename="pakistan-libya-defence-ties.bib"'
    )
    text = response.content.decode()
    entry = re.fullmatch(r"@(\w+)\{(\w+),\n(.*)\n\}\n", text, re.S)
    assert entry and entry.group(1) == "misc" and entry.group(2) == "rahman2025"
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry.group(3), re.M))
    assert fields["author"] == "Rahman, Amina and Benali, Leila"
    assert fields["title"] == "{Haftar at GHQ: Pakistan and Libya Renew Their Defence Ties}"
    assert (fields["year"], fields["month"], fields["url"]) == ("2025", "jul", URL)


def test_ris_download_parses_into_its_tags(client, demo_article):
    text = client.get("/articles/pakistan-libya-defence-ties/cite.ris").content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - "
    tags = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line).groups() for line in lines[:-1]]
    assert ("AU", "Rahman, Amina") in tags and ("AU", "Benali, Leila") in tags
    assert ("PY", "2025/07/18") in tags and ("UR", URL) in tags


def test_special_characters_are_escaped_in_bibtex(client):
    article = ArticleFactory(
        title="Costs & benefits: 50% {more}",
        kind=Article.Kind.REPORT,
        authors=[PersonFactory(name="Prof Jean-Luc O'Neill")],
        published_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    text = client.get(f"/articles/{article.slug}/cite.bib").content.decode()
    assert text.startswith("@techreport{oneill2024,")
    assert r"title = {{Costs \& benefits: 50\% \textbraceleft{}more\textbraceright{}}}" in text
    assert "author = {O'Neill, Jean-Luc}" in text


def test_reports_carry_scholar_citation_tags(client):
    report = ArticleFactory(kind=Article.Kind.REPORT, authors=[PersonFactory(name="A Writer")])
    html = client.get(report.get_absolute_url()).content.decode()
    assert f'<meta name="citation_title" content="{report.title}">' in html
    assert '<meta name="citation_author" content="A Writer">' in html
    assert "citation_publication_date" in html
    commentary = ArticleFactory(kind=Article.Kind.COMMENTARY)
    assert "citation_title" not in client.get(commentary.get_absolute_url()).content.decode()


# Hostile input: whatever editors type, a download has the fields it should and no others.

HOSTILE_TITLE = "Evil}}, note = {Injected}, x = {{ back\\slash \\} \n@misc{new,\r\nER  - % ^ ~ #"
HOSTILE_NAMES = ["Leila } Benali and Sons", "Amina\\ {Rahman,\nJr", "Dr\nProf"]

BIBTEX_FIELD = re.compile(r"\s*(\w+) = \{")
LATEX_TEXT = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
}


def read_bibtex(text):
    """The entry's fields as BibTeX reads them: every brace counts, escaped or not."""
    head = re.match(r"@\w+\{\w+,\n", text)
    fields, position = {}, head.end()
    while field := BIBTEX_FIELD.match(text, position):
        depth, end = 1, field.end()
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        fields[field.group(1)] = text[field.end() : end - 1]
        position = end + 1 if text[end : end + 1] == "," else end
    assert text[position:] == "\n}\n", f"BibTeX would stop reading at {text[position:]!r}"
    return fields


def latex_text(value):
    """What LaTeX prints for an escaped value (protective braces dropped)."""
    value = re.sub(r"\\text\w+\{\}", lambda m: LATEX_TEXT[m.group()], value)
    return re.sub(r"\\([&%$#_])|\{(and|,)\}", lambda m: m.group(1) or m.group(2), value)


def bibtex_authors(field):
    """BibTeX's list of names: split at "and" outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\sand\s", field, re.I):
        if match.group() in "{}":
            depth += 1 if match.group() == "{" else -1
        elif depth == 0:
            names.append(field[start : match.start()])
            start = match.end()
    return [*names, field[start:]]


@pytest.fixture
def hostile_article(db):
    return ArticleFactory(
        title=HOSTILE_TITLE,
        summary="Summary\nER  - \nTY  - JOUR",
        authors=[PersonFactory(name=name) for name in HOSTILE_NAMES],
    )


def one_line(text):
    return " ".join(text.split())


def test_a_hostile_title_and_names_stay_inside_their_bibtex_fields(client, hostile_article):
    text = client.get(f"/articles/{hostile_article.slug}/cite.bib").content.decode()
    fields = read_bibtex(text)
    assert set(fields) == {"author", "title", "year", "month", "url", "publisher", "note"}
    assert latex_text(fields["title"]) == "{" + one_line(HOSTILE_TITLE) + "}"
    assert [latex_text(name) for name in bibtex_authors(fields["author"])] == [
        "Sons, Leila } Benali and",
        "Jr, Amina\\ {Rahman,",
        "Dr Prof",
    ]
    assert "\\\\" not in text  # a LaTeX line break, not a backslash


def test_a_hostile_title_and_names_stay_on_their_ris_lines(client, hostile_article):
    text = client.get(f"/articles/{hostile_article.slug}/cite.ris").content.decode()
    assert text.endswith("\r\n")
    tags = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line) for line in text.split("\r\n")[:-1]]
    assert all(tags), text
    tags = [tag.groups() for tag in tags]
    assert [name for name, _ in tags].count("TY") == 1 and tags[-1] == ("ER", "")
    assert [value for name, value in tags if name == "AU"] == [
        "Sons, Leila } Benali and",
        "Jr, Amina\\ {Rahman,",
        "Dr Prof",
    ]
    assert ("TI", one_line(HOSTILE_TITLE)) in tags
    assert ("AB", "Summary ER - TY - JOUR") in tags


@pytest.mark.parametrize("url", ["/articles/nope/cite.bib", "/articles/nope/cite.pdf"])
def test_unknown_citations_are_404(client, url):
    assert client.get(url).status_code == 404


def test_drafts_cannot_be_cited(client):
    draft = ArticleFactory(draft=True)
    assert client.get(f"/articles/{draft.slug}/cite.ris").status_code == 404
