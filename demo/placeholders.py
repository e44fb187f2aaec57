"""Placeholder images and documents drawn with Pillow, so the demo needs no files."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

PALETTES = [
    ((38, 52, 74), (138, 28, 28)),
    ((32, 64, 58), (196, 154, 62)),
    ((58, 42, 70), (214, 120, 72)),
    ((28, 44, 60), (92, 140, 160)),
    ((66, 50, 36), (170, 110, 60)),
]

HONORIFICS = {"Dr", "Prof", "Professor", "Ambassador", "Sir", "Dame"}


def _palette(seed):
    digest = hashlib.sha256(seed.encode()).digest()
    return PALETTES[digest[0] % len(PALETTES)], digest


def _font(size):
    # Pillow's bundled font scales when FreeType is available (it is in the wheels).
    return ImageFont.load_default(size=size)


def hero_image(title, size=(1600, 900)):
    """A landscape banner: diagonal bands in a palette chosen by the title."""
    (dark, light), digest = _palette(title)
    width, height = size
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        offset = digest[i + 1] * width // 255
        colour = tuple(
            int(lo + (hi - lo) * (i + 1) / 8) for lo, hi in zip(dark, light, strict=True)
        )
        draw.polygon(
            [
                (offset - height, height),
                (offset, 0),
                (offset + width // 6, 0),
                (offset + width // 6 - height, height),
            ],
            fill=colour,
        )
    draw.rectangle([(0, height - 120), (width, height)], fill=dark)
    draw.text((60, height - 95), "Placeholder image", font=_font(48), fill=(255, 255, 255))
    return _jpeg(image, f"{hashlib.sha1(title.encode()).hexdigest()[:10]}.jpg")


def portrait(name, size=400):
    """A square portrait placeholder with the person's initials."""
    (dark, light), _ = _palette(name)
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    draw.ellipse([(size * 0.1, size * 0.1), (size * 0.9, size * 0.9)], fill=dark)
    words = [word for word in name.split() if word not in HONORIFICS]
    initials = (words[0][0] + words[-1][0]) if len(words) > 1 else name[:1]
    draw.text(
        (size / 2, size / 2), initials, font=_font(size // 3), fill=(255, 255, 255), anchor="mm"
    )
    return _jpeg(image, f"{hashlib.sha1(name.encode()).hexdigest()[:10]}.jpg")


def report_pdf(title, headings):
    """A sample report as a real PDF: a cover, then a page per section heading."""
    (dark, light), _ = _palette(title)
    pages = []
    for number, text in enumerate([title, *headings]):
        page = Image.new("RGB", (850, 1100), (255, 255, 255))
        draw = ImageDraw.Draw(page)
        if number == 0:
            draw.rectangle([(0, 0), (850, 420)], fill=dark)
            draw.multiline_text((60, 180), _wrap(text, 28), font=_font(40), fill=(255, 255, 255))
            draw.text((60, 1000), "Sample report: Thinktank demo", font=_font(24), fill=dark)
        else:
            draw.text((60, 80), text, font=_font(36), fill=dark)
            for line in range(20):
                draw.line([(60, 180 + line * 40), (790, 180 + line * 40)], fill=light, width=6)
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=100)
    return ContentFile(buffer.getvalue(), name="report.pdf")


def _wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) >= width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _jpeg(image, name):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)
