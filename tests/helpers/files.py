"""Files on disk and in uploads, as the upload tests check them."""

from django.core.files.uploadedfile import SimpleUploadedFile


def stored_files(settings):
    """Every file in the media and the private (report PDF) storages."""
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]


def not_an_image():
    """An upload that claims to be a JPEG and is not."""
    return SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")


# One MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, stereo, no padding, so 417 bytes long
# (144 × 128000 / 44100); its audio is silence. mutagen reads MP3s but cannot write them.
MP3_FRAME = b"\xff\xfb\x90\x44" + bytes(413)


def mp3_upload(name="recording.mp3", frames=40):
    """A real, tiny MP3 (about a second of silence) as an upload."""
    return SimpleUploadedFile(name, MP3_FRAME * frames, content_type="audio/mpeg")
