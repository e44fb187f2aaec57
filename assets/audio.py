"""Checks for uploaded audio recordings, made on their content rather than their name.

`AudioField` is the model field for an event's recording. Like `PdfField`, its files are
stored only once `check_audio` has passed them, however they arrive: mutagen must read
the file as MP3 or MP4 audio (M4A) with a length, and it must be within the size limit.
The stored name ends in the extension of what was found (`.mp3` or `.m4a`), never the
one the editor's computer gave it (assets/uploads.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

# What each accepted format is stored as. Tried in this order: an MP4 container is
# recognised by its header, while an MP3 reader would sync on stray bytes of almost anything.
FORMATS = (("m4a", MP4), ("mp3", MP3))
NOT_AUDIO = (
    "This file is not an MP3 or M4A recording we can read. Export the recording as MP3 "
    "(or M4A/AAC) and upload the new file."
)


def _check_size(file):
    limit = settings.MAX_AUDIO_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            "This recording is %(size)s; the limit is %(limit)s. Export it at a lower "
            "bit rate (64–128 kbit/s is plenty for speech) and upload it again.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def _read(file, reader):
    file.seek(0)
    try:
        audio = reader(file)
    except (MutagenError, ValueError, EOFError, IndexError, TypeError):
        return None
    info = getattr(audio, "info", None)
    if info is None or not getattr(info, "length", 0):
        return None
    if reader is MP4 and not getattr(info, "codec", "").startswith(("mp4a", "alac")):
        return None  # an MP4 video, or an MP4 with no audio track
    return info


def check_audio(file):
    """Return 'mp3' or 'm4a' for a readable recording within the limit, else ValidationError."""
    _check_size(file)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        for extension, reader in FORMATS:
            if _read(file, reader) is not None:
                return extension
    finally:
        file.seek(position)
    raise ValidationError(NOT_AUDIO, code="not_audio")


def validate_audio(file):
    """The model field's validator (stored files were checked when they were saved)."""
    if getattr(file, "_committed", False):
        return
    check_audio(file)


class AudioFieldFile(FieldFile):
    checked_extension = None

    def save(self, name, content, save=True):
        # Only a checked recording reaches storage, whoever saves it.
        self.checked_extension = check_audio(content)
        super().save(name, content, save)


class AudioField(models.FileField):
    """A FileField for MP3 and M4A recordings, checked whenever a file is saved."""

    attr_class = AudioFieldFile

    def stored_extension(self, instance):
        """The extension of the format the check found (UploadPath names the file with it)."""
        extension = getattr(self.value_from_object(instance), "checked_extension", None)
        if extension is None:
            raise ValueError(f"{self} stores only files its check passed.")
        return extension

    def deconstruct(self):
        # Migrations see a plain FileField: the column is the same.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs
