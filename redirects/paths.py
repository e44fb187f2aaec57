"""What a redirect's paths may be: on this site, and written one way so lookups match."""

import unicodedata
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError

MAX_PATH = 500


def normalise(path):
    """The path as `request.path` has it: decoded (reverse() and editors may give
    %-escapes, a request arrives decoded), without surrounding spaces."""
    return unquote((path or "").strip())


def check_path(path, *, label, target=False):
    """Raise ValidationError with a plain message unless `path` is a path on this site.

    Only a target (`target=True`) may carry a query string or a #fragment.
    """
    if not path:
        raise ValidationError(f"Give the {label}.")
    if len(path) > MAX_PATH:
        raise ValidationError(f"The {label} is too long (at most {MAX_PATH} characters).")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in path):
        raise ValidationError(f"The {label} contains invisible control characters.")
    if any(char.isspace() for char in path):
        raise ValidationError(f"The {label} contains spaces. Use %20 or a hyphen instead.")
    if urlsplit(path).scheme or urlsplit(path).netloc or path.startswith(("//", "/\\")):
        raise ValidationError(
            f"The {label} must be an address on this site, starting with a single “/”, "
            f"like /articles/new-title/. Addresses on other sites are not allowed."
        )
    if not path.startswith("/"):
        raise ValidationError(
            f"The {label} must start with “/”, like /articles/new-title/ "
            f"(leave out https:// and the site’s name)."
        )
    if not target and path == "/":
        raise ValidationError("The home page cannot be redirected: it always exists.")
    if not target and ("?" in path or "#" in path):
        raise ValidationError(
            f"The {label} is matched without its ?query or #part: leave them out."
        )
