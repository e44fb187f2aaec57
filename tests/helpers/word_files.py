"""Real Word documents for the import tests, made with python-docx, and the upload that sends one.

python-docx has no API for hyperlinks or footnotes, so the two helpers below
write the same XML Word writes: a hyperlink relationship, and a footnotes part
with its relationship and content type, referenced from the text.
"""

import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Inches
from PIL import Image

FOOTNOTES_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)
# The start of every OLE2 compound file: old .doc files, and password-protected .docx.
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMPORT_URL = "/admin/articles/article/import-word/"


def png(size=(300, 200), colour=(20, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def add_hyperlink(paragraph, url, text):
    """Append a link to `url` showing `text`, as Word stores one."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


class Footnotes:
    """A footnotes part for `document`; `add(paragraph, text)` places a note."""

    def __init__(self, document):
        self.document = document
        self.notes = []

    def add(self, paragraph, text):
        note_id = len(self.notes) + 1
        self.notes.append((note_id, text))
        paragraph._p.append(
            parse_xml(
                f"<w:r {nsdecls('w')}><w:rPr><w:vertAlign w:val='superscript'/></w:rPr>"
                f"<w:footnoteReference w:id='{note_id}'/></w:r>"
            )
        )

    def attach(self):
        notes = "".join(
            f"<w:footnote w:id='{note_id}'><w:p><w:r><w:rPr><w:vertAlign w:val='superscript'/>"
            f"</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space='preserve'> {escape(text)}"
            "</w:t></w:r></w:p></w:footnote>"
            for note_id, text in self.notes
        )
        xml = (
            f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
            f"<w:footnotes {nsdecls('w')}>"
            "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p>"
            "</w:footnote><w:footnote w:type='continuationSeparator' w:id='0'><w:p><w:r>"
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
            f"{notes}</w:footnotes>"
        )
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_CONTENT_TYPE,
            xml.encode(),
            self.document.part.package,
        )
        self.document.part.relate_to(part, RT.FOOTNOTES)


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_picture(document, alt=None, size=(300, 200), colour=(20, 90, 160)):
    """An inline picture in its own paragraph; `alt` is Word's image description."""
    shape = document.add_paragraph().add_run().add_picture(png(size, colour), width=Inches(3))
    if alt is not None:
        shape._inline.docPr.set("descr", alt)
    return shape


def save(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def policy_paper():
    """A typical paper: title, sections, formatting, a list, a link, a note, two images."""
    document = docx.Document()
    footnotes = Footnotes(document)
    document.add_heading("Water and Security in the Sahel", level=0)
    intro = document.add_paragraph("Rainfall has become less predictable across the Sahel, ")
    intro.add_run("and herders").bold = True
    intro.add_run(" move earlier each year. ")
    intro.add_run("This is the pattern").italic = True
    intro.add_run(" the paper examines.")
    footnotes.add(intro, "FAO, Sahel rainfall data, 2024.")
    document.add_heading("Background", level=2)
    paragraph = document.add_paragraph("See the ")
    add_hyperlink(paragraph, "https://example.org/report", "full dataset")
    paragraph.add_run(" for details.")
    document.add_paragraph("Wells dried up early", style="List Bullet")
    document.add_paragraph("Grazing routes shifted south", style="List Bullet")
    document.add_heading("Local responses", level=3)
    add_picture(document, alt="Map of rainfall in the Sahel, 2024")
    document.add_paragraph("Communities adapted in several ways.")
    add_picture(document, alt=None, colour=(200, 120, 10))
    footnotes.attach()
    return save(document)


def hostile_paper():
    """A document whose text and links try to run script."""
    document = docx.Document()
    document.add_heading("Hostile paper", level=1)
    document.add_paragraph("<script>alert(1)</script> and <img src=x onerror=alert(2)>")
    paragraph = document.add_paragraph("Click ")
    add_hyperlink(paragraph, "javascript:alert(1)", "here")
    paragraph = document.add_paragraph("Or ")
    add_hyperlink(paragraph, "data:text/html;base64,PHNjcmlwdD4=", "there")
    add_picture(document, alt='"><script>alert(3)</script>')
    return save(document)


def rezip(data, replace=None, add=None):
    """A copy of the zip `data` with some entries replaced and others added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def upload(data, name="Sahel paper.docx"):
    """`data` as a browser uploads a .docx file."""
    return SimpleUploadedFile(name, data, content_type=DOCX_CONTENT_TYPE)


def import_word(client, data, name="Sahel paper.docx", **fields):
    """Post `data` to the admin's Word import, as an editor choosing the file does."""
    return client.post(IMPORT_URL, {"file": upload(data, name), "kind": "analysis", **fields})
