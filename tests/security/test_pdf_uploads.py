"""Report PDFs are stored only if they are PDFs and nothing else, with nothing to run.

Every file here is uploaded the way the adversarial review did it: through the admin's
article form, as the PDF of a staff contributor's draft report.
"""

import struct

import hypothesis
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from hypothesis import strategies as st
from pypdf.errors import LimitReachedError
from pypdf.generic import TextStringObject

from articles.models import Article
from assets import pdf_scan
from assets.documents import read_pdf
from tests.helpers import pdfs
from tests.helpers.admin import ARTICLES, article_form
from tests.helpers.factories import ArticleFactory
from tests.helpers.files import stored_files

pytestmark = pytest.mark.django_db

SCRIPTS = "This PDF contains scripts. Export it again without them."
EXTERNAL_FILES = (
    "This PDF links to files outside itself (on the reader's computer or a network drive), "
    "which PDF readers would try to open. Remove those links (links to web pages are fine), "
    "export it again and upload the new file."
)


def upload_report(client, data, name="report.pdf"):
    return client.post(
        f"{ARTICLES}add/",
        article_form(
            kind=Article.Kind.REPORT, status=Article.Status.DRAFT, pdf=pdfs.upload(data, name)
        ),
    )


def refusal(response, settings):
    """The PDF field's errors, after checking that nothing was saved or stored."""
    assert response.status_code == 200, "the form should be shown again with errors"
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["pdf"]
    assert not Article.objects.exists()
    assert stored_files(settings) == []
    return errors["pdf"]


def accepted(response):
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get()


class TestOnlyAPdfIsAPdf:
    def test_a_pdf_dressed_as_javascript_is_refused(self, staff_client, settings):
        response = upload_report(staff_client, pdfs.javascript_polyglot(), "report.js")
        assert refusal(response, settings) == [
            "This file is not a PDF. Export the report from Word or InDesign as PDF and "
            "upload that."
        ]

    def test_a_pdf_dressed_as_html_is_refused(self, staff_client, settings):
        response = upload_report(staff_client, pdfs.html_polyglot(), "report.html")
        assert "This file is not a PDF." in refusal(response, settings)[0]

    def test_the_header_must_be_the_first_bytes_not_just_near_them(self, staff_client, settings):
        response = upload_report(staff_client, b"\n" + pdfs.blank_pdf())
        assert "This file is not a PDF." in refusal(response, settings)[0]

    def test_anything_but_padding_after_the_end_of_the_pdf_is_refused(self, staff_client, settings):
        data = pdfs.blank_pdf() + b"*/alert(document.domain)//"
        response = upload_report(staff_client, data)
        assert "data added after the end of the PDF" in refusal(response, settings)[0]

    def test_line_endings_spaces_and_nul_padding_after_the_end_are_fine(self, staff_client):
        data = pdfs.blank_pdf(pages=2) + b"\r\n \x00\x00\x00\n"
        assert accepted(upload_report(staff_client, data)).pdf_pages == 2

    def test_padding_after_the_end_is_fine_however_long(self, staff_client):
        data = pdfs.blank_pdf(pages=2) + b"\x00" * 100_000 + b"\r\n"
        assert accepted(upload_report(staff_client, data)).pdf_pages == 2

    def test_a_long_run_of_data_after_the_end_is_called_that_not_a_cut_off_file(
        self, staff_client, settings
    ):
        data = pdfs.blank_pdf() + b"*/" + b"alert(document.domain);" * 10_000
        response = upload_report(staff_client, data)
        assert "data added after the end of the PDF" in refusal(response, settings)[0]

    def test_a_pdf_whose_end_is_cut_off_is_called_incomplete(self, staff_client, settings):
        data = pdfs.blank_pdf(pages=40)
        response = upload_report(staff_client, data[: len(data) - 200])
        assert refusal(response, settings) == [
            "This PDF is incomplete: its end is missing (it may have been cut off while "
            "copying). Export it again and upload the new file."
        ]

    def test_a_pdf_with_no_pages_is_refused_with_what_to_do(self, staff_client, settings):
        response = upload_report(staff_client, pdfs.blank_pdf(pages=0))
        assert refusal(response, settings) == [
            "This PDF has no pages. Export the report again with its pages and upload the new file."
        ]


class TestEveryWayInIsChecked:
    """The field checks what it stores: forms are not the only way a file gets saved."""

    def test_code_saving_an_article_with_a_polyglot_gets_the_error_and_nothing_is_stored(
        self, settings
    ):
        upload = pdfs.upload(pdfs.javascript_polyglot(), "report.js")
        with pytest.raises(ValidationError, match="This file is not a PDF"):
            ArticleFactory(kind=Article.Kind.REPORT, pdf=upload)
        assert not Article.objects.exists()
        assert stored_files(settings) == []

    def test_a_file_saved_into_the_field_directly_is_checked(self, settings):
        article = ArticleFactory(kind=Article.Kind.REPORT)
        hostile = ContentFile(pdfs.on_open(pdfs.javascript_action()), name="report.pdf")
        with pytest.raises(ValidationError) as refused:
            article.pdf.save("report.pdf", hostile)
        assert refused.value.messages == [SCRIPTS]
        assert stored_files(settings) == []
        article.refresh_from_db()
        assert not article.pdf


class TestEachUploadIsParsedOnce:
    @pytest.fixture
    def parses(self, monkeypatch):
        opened = []
        reader = pdf_scan.BoundedReader

        def counting(stream):
            opened.append(stream)
            return reader(stream)

        monkeypatch.setattr("assets.documents.BoundedReader", counting)
        return opened

    def test_an_upload_through_the_admin_is_parsed_once(self, staff_client, parses):
        assert accepted(upload_report(staff_client, pdfs.blank_pdf(pages=3))).pdf_pages == 3
        assert len(parses) == 1

    @pytest.mark.parametrize("way", ["model", "field"])
    def test_a_pdf_saved_by_code_is_parsed_once(self, parses, way):
        data = pdfs.blank_pdf(pages=2)
        if way == "model":
            article = ArticleFactory(kind=Article.Kind.REPORT, pdf=pdfs.upload(data))
        else:
            article = ArticleFactory(kind=Article.Kind.REPORT)
            article.pdf.save("report.pdf", ContentFile(data))
        article.refresh_from_db()
        assert (article.pdf_pages, article.pdf_size) == (2, len(data))
        assert len(parses) == 1


class TestScripts:
    @pytest.mark.parametrize("place", pdfs.PLACES)
    def test_a_script_wherever_a_reader_would_run_it_is_refused(
        self, staff_client, settings, place
    ):
        data = pdfs.PLACES[place](pdfs.javascript_action())
        assert refusal(upload_report(staff_client, data), settings) == [SCRIPTS]

    @pytest.mark.parametrize("kind", pdfs.HOSTILE_ACTIONS)
    def test_launching_submitting_importing_and_flash_actions_are_refused(
        self, staff_client, settings, kind
    ):
        data = pdfs.on_open(pdfs.HOSTILE_ACTIONS[kind]())
        assert refusal(upload_report(staff_client, data), settings) == [SCRIPTS]

    @pytest.mark.parametrize(
        "make",
        [
            pdfs.with_javascript_name_tree,
            pdfs.with_rich_media_annotation,
            pdfs.with_escaped_name_javascript,
            lambda: pdfs.on_link_click(
                pdfs.action("/URI", URI=TextStringObject(" Java\tScript:alert(1)"))
            ),
        ],
        ids=["document-javascript", "flash-annotation", "escaped-names", "javascript-link"],
    )
    def test_scripts_in_other_forms_are_refused(self, staff_client, settings, make):
        assert refusal(upload_report(staff_client, make()), settings) == [SCRIPTS]

    def test_a_script_inside_a_compressed_object_stream_is_found(self, staff_client, settings):
        data = pdfs.javascript_in_object_stream()
        assert b"JavaScript" not in data, "the script should be invisible in the raw bytes"
        assert refusal(upload_report(staff_client, data), settings) == [SCRIPTS]

    @pytest.mark.parametrize("as_array", [True, False], ids=["indesign", "word"])
    def test_opening_at_the_first_page_is_an_ordinary_action_that_passes(
        self, staff_client, as_array
    ):
        data = pdfs.with_go_to_on_open(as_array=as_array)
        assert accepted(upload_report(staff_client, data)).pdf_pages == 2

    @pytest.mark.parametrize(
        "target", ["https://example.org/data", "mailto:press@example.org?subject=Report"]
    )
    def test_an_ordinary_link_to_a_web_page_or_an_address_passes(self, staff_client, target):
        link = pdfs.action("/URI", URI=TextStringObject(target))
        assert accepted(upload_report(staff_client, pdfs.on_link_click(link))).pdf_pages == 1

    def test_a_link_to_another_page_of_the_same_pdf_passes(self, staff_client):
        assert accepted(upload_report(staff_client, pdfs.with_internal_link())).pdf_pages == 2

    def test_embedded_fonts_pass(self, staff_client):
        assert accepted(upload_report(staff_client, pdfs.with_embedded_font())).pdf_pages == 1


class TestLinksToOtherFiles:
    r"""A reader opening a file on `\\host\share` signs in to that host with the reader's
    Windows credentials ("BadPDF"): no link in a report may point outside the PDF."""

    SHARE = "\\\\files.evil.example\\share\\report.pdf"

    @pytest.mark.parametrize(
        ("place", "act"),
        [
            ("open-action", pdfs.go_to_other_file("/GoToR", SHARE)),
            ("link", pdfs.go_to_other_file("/GoToE", SHARE)),
            ("page-open", pdfs.play_media(SHARE)),
        ],
        ids=["go-to-remote", "go-to-embedded", "rendition"],
    )
    def test_actions_that_open_another_file_are_refused(self, staff_client, settings, place, act):
        data = pdfs.PLACES[place](act)
        assert refusal(upload_report(staff_client, data), settings) == [EXTERNAL_FILES]

    @pytest.mark.parametrize(
        "target",
        [
            "file:///C:/Users/Public/report.docx",
            " FILE://files.evil.example/share/x",
            SHARE,
            "//files.evil.example/share/x.pdf",
            "\\/files.evil.example/share",
            "smb://files.evil.example/share",
        ],
        ids=["file", "file-spaced", "unc", "unc-slashes", "unc-mixed", "smb"],
    )
    def test_links_to_local_or_network_files_are_refused(self, staff_client, settings, target):
        link = pdfs.action("/URI", URI=TextStringObject(target))
        response = upload_report(staff_client, pdfs.on_link_click(link))
        assert refusal(response, settings) == [EXTERNAL_FILES]

    def test_a_file_base_for_relative_links_is_refused(self, staff_client, settings):
        data = pdfs.with_link_base("file://files.evil.example/share/", "report.pdf")
        assert refusal(upload_report(staff_client, data), settings) == [EXTERNAL_FILES]


class TestAttachments:
    @pytest.mark.parametrize(
        "make",
        [pdfs.with_attachment, pdfs.with_attachment_annotation],
        ids=["attachments-list", "paper-clip-annotation"],
    )
    def test_files_attached_inside_a_pdf_are_refused(self, staff_client, settings, make):
        assert refusal(upload_report(staff_client, make()), settings) == [
            "This PDF has other files attached inside it. Export it again without "
            "attachments and upload the new file."
        ]

    def test_scripts_and_attachments_together_are_both_named(self, staff_client, settings):
        writer = pdfs.blank_writer()
        writer.add_attachment("data.csv", b"a,b")
        writer.root_object[pdfs.pdf_name("/OpenAction")] = pdfs.javascript_action()
        errors = refusal(upload_report(staff_client, pdfs.written(writer)), settings)
        assert errors[0] == SCRIPTS
        assert "attached inside it" in errors[1]


class TestEncryption:
    @pytest.mark.parametrize(
        "make",
        [pdfs.password_protected, pdfs.restricted_without_password],
        ids=["password", "restrictions-only"],
    )
    def test_encrypted_pdfs_are_refused(self, staff_client, settings, make):
        (error,) = refusal(upload_report(staff_client, make()), settings)
        assert "password-protected or has security restrictions" in error


class TestLimits:
    def test_a_pdf_at_the_page_limit_passes(self, staff_client, settings):
        settings.MAX_DOCUMENT_PAGES = 3
        assert accepted(upload_report(staff_client, pdfs.blank_pdf(pages=3))).pdf_pages == 3

    def test_a_pdf_over_the_page_limit_is_refused(self, staff_client, settings):
        settings.MAX_DOCUMENT_PAGES = 3
        response = upload_report(staff_client, pdfs.blank_pdf(pages=4))
        assert refusal(response, settings) == [
            "This PDF has 4 pages; the limit is 3. Split it into volumes and upload the "
            "first, or ask the site's administrator to raise the limit."
        ]

    def test_a_page_tree_claiming_200000_pages_is_refused_by_its_count(
        self, staff_client, settings
    ):
        response = upload_report(staff_client, pdfs.with_page_tree(pages=1, declared=200_000))
        assert "This PDF has 200,000 pages; the limit is 2,000." in refusal(response, settings)[0]

    def test_pages_are_counted_not_taken_from_the_page_trees_claim(self, staff_client, settings):
        settings.MAX_DOCUMENT_PAGES = 3
        response = upload_report(staff_client, pdfs.with_page_tree(pages=5, declared=1))
        assert "This PDF has 5 pages; the limit is 3." in refusal(response, settings)[0]

    def test_a_pdf_pypdf_refuses_to_read_fully_is_a_form_error(self, staff_client, settings):
        response = upload_report(staff_client, pdfs.with_huge_cross_reference_table())
        assert "too complex to check" in refusal(response, settings)[0]

    def test_a_pdf_with_more_objects_than_the_check_walks_is_refused(
        self, staff_client, settings, monkeypatch
    ):
        data = pdfs.with_long_action_chain(40)
        monkeypatch.setattr(pdf_scan, "MAX_OBJECTS", 20)
        response = upload_report(staff_client, data)
        assert "too complex to check" in refusal(response, settings)[0]

    def test_pypdf_searches_the_file_for_missing_objects_only_within_a_budget(
        self, staff_client, settings, monkeypatch
    ):
        data = pdfs.with_missing_catalog(declared_objects=5_000)
        monkeypatch.setattr(pdf_scan, "MAX_SEARCH_BYTES", 10 * len(data))
        searches = []
        whole_file = pypdf._reader.get_stream_data
        monkeypatch.setattr(
            pypdf._reader,
            "get_stream_data",
            lambda stream: searches.append(1) or whole_file(stream),
        )
        assert "damaged" in refusal(upload_report(staff_client, data), settings)[0]
        assert 0 < len(searches) <= 10

    def test_a_long_or_looping_chain_of_ordinary_actions_passes(self, staff_client):
        assert accepted(upload_report(staff_client, pdfs.with_long_action_chain(500)))
        Article.objects.all().delete()
        assert accepted(upload_report(staff_client, pdfs.with_cyclic_actions()))

    @pytest.mark.parametrize(
        ("depth", "message"),
        [(pdf_scan.MAX_DEPTH + 5, "too complex to check"), (100_000, "damaged")],
        ids=["deeper-than-checked", "deeper-than-parsed"],
    )
    def test_deeply_nested_objects_are_refused(self, staff_client, settings, depth, message):
        response = upload_report(staff_client, pdfs.with_nesting(depth))
        assert message in refusal(response, settings)[0]

    @pytest.mark.parametrize(
        "error",
        [
            LimitReachedError("Maximum page tree entry limit reached"),
            RecursionError("maximum recursion depth exceeded"),
            MemoryError(),
            struct.error("unpack requires a buffer of 4 bytes"),
            KeyError("/Root"),
        ],
        ids=["LimitReachedError", "RecursionError", "MemoryError", "struct.error", "KeyError"],
    )
    def test_any_error_while_reading_is_a_form_error_not_a_500(
        self, staff_client, settings, monkeypatch, error
    ):
        def fail(*args, **kwargs):
            raise error

        monkeypatch.setattr("assets.documents.BoundedReader", fail)
        (message,) = refusal(upload_report(staff_client, pdfs.blank_pdf()), settings)
        assert "Export it again" in message


BASES = [
    pdfs.blank_pdf(pages=2),
    pdfs.with_embedded_font(),
    pdfs.with_go_to_on_open(),
    pdfs.javascript_in_object_stream(),
]


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(
    base=st.sampled_from(BASES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6
    ),
)
def test_no_mangled_pdf_gets_past_the_check_with_anything_but_a_form_error(base, edits):
    data = bytearray(base)
    for where, new in edits:
        at = int(where * (len(data) - 1))
        data[at : at + len(new)] = new
    try:
        pages = read_pdf(pdfs.upload(bytes(data)))
    except ValidationError:
        return
    assert pages >= 1
