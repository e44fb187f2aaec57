"""What editors may send: upload sizes and what they may unpack to, rich text, and request
sizes. Every limit reads an environment variable; the defaults suit a think tank's reports."""

import os as _os


def _env(name, default):
    """Unset or empty means the default, as in settings.py."""
    return _os.environ.get(name) or default


# Uploads larger than this are refused with a form error before Pillow
# ever decodes them.
MAX_IMAGE_UPLOAD_BYTES = int(_env("MAX_IMAGE_UPLOAD_BYTES", str(10 * 1024 * 1024)))
MAX_IMAGE_PIXELS = int(_env("MAX_IMAGE_PIXELS", str(40_000_000)))
# Animations: frames × width × height, frames, and pixels a frame. Re-encoding holds
# every frame (four bytes a pixel for animated PNG) and works on a few frame-sized copies,
# so these keep the largest one under 200 MB of memory (`python bench/gif_memory.py`).
MAX_ANIMATION_PIXELS = int(_env("MAX_ANIMATION_PIXELS", str(25_000_000)))
MAX_ANIMATION_FRAMES = int(_env("MAX_ANIMATION_FRAMES", "1000"))
MAX_ANIMATION_FRAME_PIXELS = int(_env("MAX_ANIMATION_FRAME_PIXELS", str(2_500_000)))
MAX_DOCUMENT_UPLOAD_BYTES = int(_env("MAX_DOCUMENT_UPLOAD_BYTES", str(50 * 1024 * 1024)))
MAX_AUDIO_UPLOAD_BYTES = int(_env("MAX_AUDIO_UPLOAD_BYTES", str(200 * 1024 * 1024)))  # events
# Report PDFs: the most pages one may have (a long report is a few hundred).
MAX_DOCUMENT_PAGES = int(_env("MAX_DOCUMENT_PAGES", "2000"))
# Word import (articles/word_import/): the largest .docx, and the most its zip
# may unpack to, checked before anything is decompressed.
MAX_WORD_UPLOAD_BYTES = int(_env("MAX_WORD_UPLOAD_BYTES", str(20 * 1024 * 1024)))
MAX_WORD_UNPACKED_BYTES = int(_env("MAX_WORD_UNPACKED_BYTES", str(100 * 1024 * 1024)))

# Rich text (article bodies, biographies): refused above this size or nesting depth
# before it is sanitised (core/richtext_limits.py). 512 KB holds about 70,000
# words, twice a 100-page report; editors' text nests a few levels deep. `make bench`
# prints how long the worst text both let through takes to sanitise (well under 200 ms).
RICHTEXT_MAX_BYTES = int(_env("RICHTEXT_MAX_BYTES", str(512 * 1024)))
RICHTEXT_MAX_DEPTH = int(_env("RICHTEXT_MAX_DEPTH", "40"))

# Request sizes, set deliberately: a whole request may carry the largest upload
# (an event's MP3 recording, a report PDF) plus the form; other form data stays small.
_LARGEST_UPLOAD = max(MAX_AUDIO_UPLOAD_BYTES, MAX_DOCUMENT_UPLOAD_BYTES)
MAX_REQUEST_BYTES = int(_env("MAX_REQUEST_BYTES", str(_LARGEST_UPLOAD + 5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields without files: long article bodies
# Django's own default. The largest form is an article's change form: about 340 fields with
# ten authors, sixty images in the text (the Word import's cap), ten corrections and ten
# topics and regions, plus five per preview link; changelist actions send at most 200 rows.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2.5 * 1024 * 1024  # larger uploads are spooled to disk
FILE_UPLOAD_PERMISSIONS = 0o644
