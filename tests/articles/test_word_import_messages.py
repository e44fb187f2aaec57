"""What the Word import tells the editor: plain words about what was kept, what was left
out and what to do; never "None" or the converter's own terms.

Real .docx files made with python-docx (tests/helpers/word_files.py), uploaded through
the admin as an editor does.
"""

import docx
import pytest
from django.contrib.messages import get_messages
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from articles.models import Article
from tests.helpers import word_files
from tests.helpers.word_files import import_word

pytestmark = pytest.mark.django_db

# Words from Word's file format or the converter, which mean nothing to an editor.
JARGON = ["None", "mammoth", "w:", "Style ID", "element", "XML", "relationship", "docx"]


def imported(client, document, name="Paper.docx"):
    response = import_word(client, word_files.save(document), name=name)
    assert response.status_code == 302, response.context["form"].errors
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    for message in shown:
        assert not [word for word in JARGON if word in message], message
    return Article.objects.get(), shown


def titled(title="A paper"):
    document = docx.Document()
    document.add_heading(title, level=0)
    return document


def test_the_first_paragraph_becomes_the_summary_and_leaves_the_text(editor_client):
    document = titled()
    document.add_paragraph("Rainfall has become less predictable across the Sahel.")
    document.add_heading("Background", level=1)
    document.add_paragraph("The long story.")

    article, shown = imported(editor_client, document)

    assert article.summary == "Rainfall has become less predictable across the Sahel."
    assert "Rainfall" not in article.body
    assert article.body.startswith('<h2 id="background">Background</h2><p>The long story.</p>')
    assert shown[0] == (
        "“A paper” is now a draft article, made from the Word document. Kept: the text and "
        "1 section. Next: check it against the document, add authors, topics and regions, "
        "then publish it."
    )
    assert "taken out of the text so it is not there twice" in shown[1]


def test_a_first_paragraph_too_long_for_a_summary_stays_in_the_text(editor_client):
    document = titled()
    long_paragraph = "A sentence about water and security in the Sahel region. " * 10
    document.add_paragraph(long_paragraph)

    article, shown = imported(editor_client, document)

    assert long_paragraph.strip() in article.body
    assert len(article.summary) <= 400
    assert any("longer than a summary may be (400 characters)" in m for m in shown)


def test_a_first_paragraph_with_a_link_stays_and_the_editor_is_asked_to_rewrite(editor_client):
    document = titled()
    paragraph = document.add_paragraph("See the ")
    word_files.add_hyperlink(paragraph, "https://example.org/data", "data")
    document.add_paragraph("More.")

    article, shown = imported(editor_client, document)

    assert 'href="https://example.org/data"' in article.body
    assert article.summary == "See the data"
    assert any("Rewrite the summary" in m for m in shown)


def test_a_document_without_an_ordinary_paragraph_asks_for_a_summary(editor_client):
    document = titled()
    document.add_paragraph("First point", style="List Bullet")

    _article, shown = imported(editor_client, document)

    assert any("no ordinary paragraph to make the summary from" in m for m in shown)


def test_unknown_word_styles_are_named_as_word_shows_them(editor_client):
    document = titled()
    document.add_paragraph("Summary text.")
    document.styles.add_style("Box Text", WD_STYLE_TYPE.PARAGRAPH)
    document.styles.add_style("Fancy Emphasis", WD_STYLE_TYPE.CHARACTER)
    document.add_paragraph("Inside a box.", style="Box Text")
    document.add_paragraph().add_run("Fancy words", style="Fancy Emphasis")
    # A paragraph whose style is named nowhere in the file: the converter calls it "None".
    ghost = document.add_paragraph("A ghost style.")
    ghost._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="Ghost"/>'))

    article, shown = imported(editor_client, document)

    assert "Inside a box." in article.body
    assert (
        "Paragraphs in the Word styles “Ghost” and “Box Text” came in as ordinary paragraphs. "
        "Check them: quotes, captions or boxed text may need their formatting again."
    ) in shown
    assert any(m.startswith("Text in the Word style “Fancy Emphasis” came in") for m in shown)


def test_symbols_comments_headers_and_footers_left_out_are_said(editor_client):
    document = titled()
    paragraph = document.add_paragraph("Tick: ")
    paragraph._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Made Up Dingbats" w:char="F0FC"/></w:r>')
    )
    document.add_comment(paragraph.runs, text="Check this figure", author="Editor")
    document.sections[0].header.paragraphs[0].text = "Running title"
    document.sections[0].footer.paragraphs[0].text = "Page 1"

    _article, shown = imported(editor_client, document)

    assert any(m.startswith("1 special symbol (from fonts such as Symbol") for m in shown)
    assert any(m.startswith("The document’s comments were left out") for m in shown)
    assert any(m.startswith("The page headers and footers") for m in shown)


def test_a_clean_document_gets_no_left_out_warnings(editor_client):
    document = titled()
    document.add_paragraph("Summary.")
    document.add_paragraph("Body.")

    _article, shown = imported(editor_client, document)

    assert len(shown) == 2  # what was made, and where the summary came from
