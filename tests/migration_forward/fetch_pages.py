"""Inside a scratch site: what each page answers, and what the demo accounts may do.

Run as `python -m tests.migration_forward.fetch_pages` with the site's environment
(scratch_site.site_env). Reads a JSON list of requests on stdin, each
{"method": "get" | "post", "path": ..., "data": {...}, "follow": "<regex>"}, and sends them
in order through Django's test client, so a log-in carries over to the requests after it;
links in a page's HTML that match its "follow" pattern are fetched next. Then it fetches every
/media/ address the HTML pages named. Writes one JSON object to stdout:
{"pages": [...], "media": {...}, "permissions": {username: [codename, ...]}}; codenames
without their app label, which may change as models move between apps. Server errors are
logged to stderr by Django, with their tracebacks.
"""

import json
import re
import sys

import django

MEDIA_LINK = re.compile(r"""(?:src|href|srcset|content)="([^"]*)\"""")
HREF = re.compile(r'href="([^"]+)"')
TEXT_TYPES = ("text/", "application/rss", "application/atom", "application/xml", "application/json")


def permissions():
    from django.contrib.auth import get_user_model

    return {
        user.get_username(): sorted({name.split(".", 1)[1] for name in user.get_all_permissions()})
        for user in get_user_model().objects.filter(is_staff=True)
    }


def answer(response):
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if hasattr(response, "close"):
        response.close()
    return {
        "status": response.status_code,
        "content_type": content_type,
        "location": response.get("Location", ""),
        "length": len(body),
        "starts": body[:8].decode("latin-1"),
        "body": body.decode(errors="replace") if content_type.startswith(TEXT_TYPES) else "",
    }


def media_paths(html, media_url):
    """Every address under media_url an HTML page links to (src, href, srcset, og:image)."""
    paths = set()
    for value in MEDIA_LINK.findall(html):
        for candidate in value.split(","):
            words = candidate.split()
            if words and media_url in words[0]:
                paths.add(media_url + words[0].split(media_url, 1)[1])
    return paths


def main():
    django.setup()
    from django.conf import settings
    from django.test import Client

    client = Client(raise_request_exception=False)
    pages = []
    for request in json.load(sys.stdin):
        send = getattr(client, request.get("method", "get"))
        page = {"request": request, **answer(send(request["path"], request.get("data") or {}))}
        pages.append(page)
        if follow := request.get("follow"):
            for path in sorted(
                {link for link in HREF.findall(page["body"]) if re.match(follow, link)}
            ):
                pages.append({"request": {"path": path}, **answer(client.get(path))})

    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    linked = set()
    for page in pages:
        if page["content_type"].startswith("text/html"):
            linked |= media_paths(page["body"], media_url)
    media = {}
    for path in sorted(linked):
        found = answer(client.get(path))
        media[path] = {key: found[key] for key in ("status", "content_type", "length", "starts")}

    json.dump({"pages": pages, "media": media, "permissions": permissions()}, sys.stdout)


if __name__ == "__main__":
    main()
