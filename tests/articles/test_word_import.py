"""Word import: an editor uploads a .docx in the admin and gets a draft article.

The documents are real .docx files made in the test with python-docx
(tests/helpers/word_files.py), posted through the admin as a browser would.
"""

import io
import re
import zipfile
from unittest import mock

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client
from PIL import Image

from articles.models import Article, ArticleImage
from audit.models import AuditEvent
from tests.helpers import word_files
from tests.helpers.factories import ArticleFactory, pdf_file
from tests.helpers.files import stored_files
from tests.helpers.forms import form_data
from tests.helpers.word_files import import_word

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def images_in(html):
    """The attributes of each <img> in `html`, in order."""
    return [
        dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]*>", html)
    ]


def nothing_saved(settings):
    return (
        not Article.objects.exists()
        and not ArticleImage.objects.exists()
        and not AuditEvent.objects.exists()
        and stored_files(settings) == []
    )


# The import ----------------------------------------------------------------------


@pytest.fixture
def imported(editor_client):
    response = import_word(editor_client, word_files.policy_paper(), kind="report")
    article = Article.objects.get()
    return response, article


def test_the_article_list_offers_the_import_to_editors(editor_client):
    page = editor_client.get(ARTICLES).content.decode()
    assert f'href="{word_files.IMPORT_URL}"' in page
    form = editor_client.get(word_files.IMPORT_URL)
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()


def test_an_import_makes_a_draft_and_opens_it_for_editing(imported):
    response, article = imported
    assert response.status_code == 302
    assert response["Location"] == f"{ARTICLES}{article.pk}/change/"
    assert article.title == "Water and Security in the Sahel"
    assert article.slug == "water-and-security-in-the-sahel"
    assert article.kind == Article.Kind.REPORT
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.summary == (
        "Rainfall has become less predictable across the Sahel, and herders move "
        "earlier each year. This is the pattern the paper examines."
    )


def test_the_body_keeps_headings_formatting_lists_and_links(imported):
    _, article = imported
    body = article.body
    assert "Water and Security" not in body  # the title left the body
    assert "<h1" not in body
    assert '<h2 id="background">Background</h2>' in body
    assert '<h3 id="local-responses">Local responses</h3>' in body
    assert "<strong>and herders</strong>" in body
    assert "<em>This is the pattern</em>" in body
    assert "<ul><li>Wells dried up early</li><li>Grazing routes shifted south</li></ul>" in body
    assert '<a href="https://example.org/report" rel="noopener noreferrer">full dataset</a>' in body
    assert [heading.text for heading in article.table_of_contents] == [
        "Background",
        "Local responses",
        "Notes",
    ]


def test_footnotes_become_notes_at_the_end_linked_both_ways(imported):
    _, article = imported
    body = article.body
    text, notes = body.split('<h2 id="notes">Notes</h2>')
    assert '<sup><a href="#note-1" id="note-ref-1" rel="noopener noreferrer">1</a></sup>' in text
    assert notes.startswith('<ol><li id="note-1"><p>')
    assert "FAO, Sahel rainfall data, 2024." in notes
    assert 'href="#note-ref-1"' in notes


def test_images_are_stored_with_renditions_and_alt_text(imported):
    _, article = imported
    first, second = article.images.all()
    assert first.alt == "Map of rainfall in the Sahel, 2024"
    assert second.alt == ""
    for image in (first, second):
        assert image.image.name.startswith("articles/body/")
        assert (image.width, image.height) == (300, 200)
        sizes = image.image_renditions["sizes"]["body"]
        assert sizes and image.image.storage.exists(sizes[0]["webp"])
        assert f'src="{image.image.url}"' in article.body
    assert images_in(article.body) == [
        {
            "src": first.image.url,
            "alt": "Map of rainfall in the Sahel, 2024",
            "width": "300",
            "height": "200",
        },
        {"src": second.image.url, "alt": "", "width": "300", "height": "200"},
    ]


def test_the_editor_is_told_what_to_check(editor_client):
    response = import_word(editor_client, word_files.policy_paper())
    shown = messages_of(response)
    assert any(m.startswith("“Water and Security in the Sahel” is now a draft") for m in shown)
    assert any(m.startswith("The summary is a plain-text copy") for m in shown)
    assert any(m.startswith("Image 2 has no alt text") for m in shown)


def test_the_import_is_in_the_audit_log(imported, editor):
    _, article = imported
    event = AuditEvent.objects.for_object(article).get()
    assert (event.user, event.action) == (editor, AuditEvent.Action.IMPORT)
    assert event.detail == "From “Sahel paper.docx”: 2 images, 1 note."


def test_an_imported_draft_is_not_public(imported):
    _, article = imported
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_the_imported_draft_survives_saving_in_the_admin(imported, editor_client):
    """The change form (with its images inline) saves the body without losing anything."""
    _, article = imported
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/")
    assert "Images in the text" in page.content.decode()
    before = article.body
    response = editor_client.post(f"{ARTICLES}{article.pk}/change/", form_data(page))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == before


def test_alt_text_written_in_the_admin_reaches_the_image_in_the_text(imported, editor_client):
    _, article = imported
    second = article.images.all()[1]
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/")
    response = editor_client.post(
        f"{ARTICLES}{article.pk}/change/",
        form_data(page, **{"images-1-alt": "Herders moving south"}),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert [image["alt"] for image in images_in(article.body)] == [
        "Map of rainfall in the Sahel, 2024",
        "Herders moving south",
    ]
    second.refresh_from_db()
    assert second.alt == "Herders moving south"


def test_a_second_import_of_the_same_title_gets_its_own_slug(editor_client):
    ArticleFactory(title="Water and Security in the Sahel", slug="water-and-security-in-the-sahel")
    import_word(editor_client, word_files.policy_paper())
    import_word(editor_client, word_files.policy_paper())
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "water-and-security-in-the-sahel",
        "water-and-security-in-the-sahel-2",
        "water-and-security-in-the-sahel-3",
    }


# Titles and heading levels -------------------------------------------------------


def headings_of(article):
    return re.findall(r"<(h[23]) id=\"[^\"]+\">([^<]+)</h[23]>", article.body)


def test_a_heading_1_before_the_text_is_the_title_and_lower_levels_move_up(editor_client):
    document = docx.Document()
    document.add_heading("Gulf Security After 2025", level=1)
    document.add_paragraph("Opening paragraph.")
    document.add_heading("Background", level=2)
    document.add_heading("Detail", level=3)
    document.add_heading("Finer detail", level=4)
    import_word(editor_client, word_files.save(document))
    article = Article.objects.get()
    assert article.title == "Gulf Security After 2025"
    assert headings_of(article) == [("h2", "Background"), ("h3", "Detail"), ("h3", "Finer detail")]


def test_with_a_title_style_heading_1_sections_become_h2(editor_client):
    document = docx.Document()
    document.add_heading("The Title", level=0)
    document.add_heading("Section", level=1)
    document.add_paragraph("Text.")
    document.add_heading("Subsection", level=2)
    import_word(editor_client, word_files.save(document))
    article = Article.objects.get()
    assert article.title == "The Title"
    assert headings_of(article) == [("h2", "Section"), ("h3", "Subsection")]


def test_without_a_title_the_file_name_is_used(editor_client):
    document = docx.Document()
    document.add_paragraph("Only text here.")
    document.add_heading("A section after the text", level=1)
    import_word(editor_client, word_files.save(document), name="gulf_security-brief final.docx")
    article = Article.objects.get()
    assert article.title == "Gulf security brief final"
    assert headings_of(article) == [("h2", "A section after the text")]


# What cannot be imported ---------------------------------------------------------


def corrupt():
    """A real .docx whose text part is cut short."""
    return word_files.rezip(
        word_files.policy_paper(), replace={"word/document.xml": b"<w:document><w:bo"}
    )


def docm():
    data = word_files.policy_paper()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    macro_types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert macro_types != types
    return word_files.rezip(data, replace={"[Content_Types].xml": macro_types})


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Not a document")
    return buffer.getvalue()


REFUSED = {
    "corrupt": (corrupt, "could not be read: it may be damaged"),
    "truncated": (lambda: word_files.policy_paper()[:5000], "not a Word document (.docx)"),
    "text renamed .docx": (lambda: b"Dear colleagues,\nthe paper.\n", "not a Word document"),
    "zip that is not a docx": (plain_zip, "not a Word document (.docx)"),
    "macro-enabled": (docm, "contains macros (.docm)"),
    "old .doc": (lambda: word_files.OLE_HEADER + b"\0" * 600, "old-format Word file (.doc)"),
    "PDF renamed .docx": (lambda: pdf_file().read(), "This is a PDF"),
    "empty": (lambda: b"", "empty"),
}


@pytest.mark.parametrize("make, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_non_word_file_gets_a_form_error_and_nothing_is_saved(
    editor_client, settings, make, message
):
    response = import_word(editor_client, make())
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert "Save As › Word Document" in " ".join(errors) or message in ("This is a PDF", "empty")
    assert nothing_saved(settings)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(editor_client, settings):
    settings.MAX_WORD_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = word_files.rezip(
        word_files.policy_paper(), add={"word/media/padding.bin": b"\0" * (3 * 1024 * 1024)}
    )
    assert len(bomb) < 100 * 1024  # small on the wire, large unpacked
    with mock.patch("articles.word_import.conversion.mammoth.convert_to_html") as convert:
        response = import_word(editor_client, bomb)
    convert.assert_not_called()
    error = response.context["form"].errors["file"][0]
    assert "This file unpacks to 3.8\xa0MB" in error
    assert "the limit is 2.0\xa0MB" in error
    assert nothing_saved(settings)


def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.MAX_WORD_UPLOAD_BYTES = 10_000
    response = import_word(editor_client, word_files.policy_paper())
    error = response.context["form"].errors["file"][0]
    assert "the limit is 9.8\xa0KB" in error
    assert "Compress Pictures" in error
    assert nothing_saved(settings)


def test_a_picture_in_a_format_browsers_cannot_show_is_left_out_with_a_warning(editor_client):
    document = docx.Document()
    document.add_heading("Charts", level=0)
    document.add_paragraph("Text.")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 2, 3)).save(buffer, "BMP")
    buffer.seek(0)
    document.add_paragraph().add_run().add_picture(buffer)
    word_files.add_picture(document, alt="A kept chart")
    response = import_word(editor_client, word_files.save(document))
    article = Article.objects.get()
    assert [image.alt for image in article.images.all()] == ["A kept chart"]
    assert article.body.count("<img") == 1
    shown = messages_of(response)
    assert any(m.startswith("Image 1 was left out") and "Save as Picture" in m for m in shown)


def test_a_failure_after_images_are_stored_leaves_no_article_and_no_files(editor, settings):
    from articles.word_import import import_docx

    with (
        mock.patch("publishing.workflow.record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        import_docx(word_files.upload(word_files.policy_paper()), user=editor)
    assert nothing_saved(settings)


# Who may import, and hostile documents -------------------------------------------


def test_an_account_without_the_add_permission_cannot_import(client, settings):
    from tests.helpers.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(word_files.IMPORT_URL).status_code == 403
    assert import_word(client, word_files.policy_paper()).status_code == 403
    assert nothing_saved(settings)


def test_a_contributors_import_is_their_own_draft(staff_client, staff_user):
    assert import_word(staff_client, word_files.policy_paper()).status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.byline_people == [staff_user.person]
    assert list(staff_client.get(ARTICLES).context["cl"].result_list) == [article]


def test_strangers_are_sent_to_log_in(client, settings):
    response = import_word(client, word_files.policy_paper())
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert nothing_saved(settings)


def test_hostile_content_in_a_document_comes_out_inert(editor_client):
    import_word(editor_client, word_files.hostile_paper())
    article = Article.objects.get()
    body = article.body
    assert "<script" not in body
    assert "javascript:" not in body
    assert "data:" not in body
    assert not re.search(r"<[^>]*\son\w+=", body)  # no event handler in any tag
    # The first paragraph became the (plain-text) summary, which pages escape.
    assert article.summary.startswith("<script>alert(1)</script> and <img")
    assert "<p>Click here</p>" in body  # the link is gone, its text stays
    assert 'alt="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in body
    page = editor_client.get(f"{ARTICLES}{article.pk}/change/").content.decode()
    assert "<script>alert(" not in page


# The management command ----------------------------------------------------------


def test_the_command_imports_files_in_bulk(tmp_path, editor):
    good = tmp_path / "paper.docx"
    good.write_bytes(word_files.policy_paper())
    bad = tmp_path / "old.doc"
    bad.write_bytes(word_files.OLE_HEADER + b"\0" * 600)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files were not imported"):
        call_command("import_docx", str(good), str(bad), user="editor", stdout=out, stderr=err)
    assert "draft “Water and Security in the Sahel”" in out.getvalue()
    assert "old-format Word file" in err.getvalue()
    article = Article.objects.get()
    assert AuditEvent.objects.for_object(article).get().user == editor


def test_an_import_starts_the_articles_history(editor_client):
    from revisions.models import Revision

    import_word(editor_client, word_files.policy_paper())
    (revision,) = Revision.objects.for_object(Article.objects.get())
    assert revision.description.startswith("Imported from")
