"""Recordings are checked by their content, limited in size and stored under a new name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.audio import check_audio
from tests.helpers.factories import EventFactory
from tests.helpers.files import MP3_FRAME, mp3_upload, stored_files

pytestmark = pytest.mark.django_db


def test_a_real_mp3_passes_and_is_known_as_mp3():
    assert check_audio(mp3_upload()) == "mp3"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<html><script>alert(1)</script></html>" * 50, id="html"),
        pytest.param(b"%PDF-1.7\n" + bytes(4000), id="pdf"),
        pytest.param(b"", id="empty"),
        pytest.param(MP3_FRAME[:4], id="a lone header"),
    ],
)
def test_anything_else_named_mp3_is_refused_with_a_message_for_editors(content):
    upload = SimpleUploadedFile("talk.mp3", content, content_type="audio/mpeg")
    with pytest.raises(ValidationError, match="not an MP3 or M4A recording"):
        check_audio(upload)


def test_a_recording_over_the_limit_is_refused_before_it_is_read(settings):
    settings.MAX_AUDIO_UPLOAD_BYTES = len(MP3_FRAME) * 10
    with pytest.raises(ValidationError, match="the limit is"):
        check_audio(mp3_upload(frames=11))


def test_a_recording_is_stored_under_a_generated_name_with_the_extension_found(settings):
    event = EventFactory(recording_audio=mp3_upload(name="Dr Khan private talk.m4a"))
    name = event.recording_audio.name
    assert name.startswith("recordings/") and name.endswith(".mp3")
    assert "Khan" not in name
    assert [path.name for path in stored_files(settings)] == [name.rsplit("/", 1)[1]]


def test_a_file_that_is_not_audio_never_reaches_storage(settings):
    fake = SimpleUploadedFile("talk.mp3", b"not audio at all" * 100, content_type="audio/mpeg")
    with pytest.raises(ValidationError):
        EventFactory(recording_audio=fake)
    assert stored_files(settings) == []
