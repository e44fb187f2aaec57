"""Recording videos: only from allowlisted hosts, stored as their privacy-enhanced embed URL.

Editors paste whatever address they have (a watch page, a share link, an embed code's
src); the event keeps the embed address on the host's no-cookie domain, so the page's
CSP `frame-src` can name exactly EMBED_HOSTS.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{}"
VIMEO_EMBED = "https://player.vimeo.com/video/{}"
# What event pages' CSP frame-src lists, and nothing else.
EMBED_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
NOT_ALLOWED = (
    "Recordings can be embedded from YouTube or Vimeo only. Paste the video's address "
    "from one of them, e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…"
)


def _youtube_id(host, path, query):
    if host == "youtu.be":
        return path.strip("/")
    if path == "/watch":
        return parse_qs(query).get("v", [""])[0]
    for prefix in ("/embed/", "/live/", "/shorts/", "/v/"):
        if path.startswith(prefix):
            return path.removeprefix(prefix).strip("/")
    return ""


def _vimeo_id(host, path):
    parts = [part for part in path.split("/") if part]
    if host == "player.vimeo.com":
        return parts[1] if len(parts) == 2 and parts[0] == "video" else ""
    # vimeo.com/123, vimeo.com/channels/x/123, vimeo.com/showcase/x/video/123
    return parts[-1] if parts else ""


def embed_url(url):
    """The privacy-enhanced embed address of the video `url` names; ValidationError if none."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise ValidationError(NOT_ALLOWED, code="video_host") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        raise ValidationError(NOT_ALLOWED, code="video_host")
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        video = _youtube_id(host, parts.path, parts.query)
        if YOUTUBE_ID.fullmatch(video):
            return YOUTUBE_EMBED.format(video)
    elif host in VIMEO_HOSTS:
        video = _vimeo_id(host, parts.path)
        if VIMEO_ID.fullmatch(video):
            return VIMEO_EMBED.format(video)
    else:
        raise ValidationError(NOT_ALLOWED, code="video_host")
    raise ValidationError(
        "This address does not name one video. Open the video itself and copy its address "
        "from the browser, or use the platform's Share button.",
        code="video_id",
    )


def embed_host_name(url):
    """'YouTube' or 'Vimeo': the placeholder names the host before the reader clicks."""
    return "Vimeo" if url.startswith(VIMEO_EMBED.format("")) else "YouTube"
