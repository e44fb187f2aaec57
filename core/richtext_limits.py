"""
How large and how deeply nested rich text may be, checked before it is sanitised.

The sanitiser (nh3, on the html5ever parser) slows down with the square of the
nesting: each new block element looks down the whole stack of open ones, so a
1.1 MB body of 100,000 nested <div>s took 14 seconds to save. Text over
RICHTEXT_MAX_BYTES, or nested deeper than RICHTEXT_MAX_DEPTH, is refused first,
with a message that says what to do. What editors make is nested a few levels
deep (a quotation in a list item in a list), and the size limit is twice a long
report, so neither is near real text; bench/richtext_worst.py times the worst
text both let through.

The depth is measured in one pass that reads tags as an HTML parser does
(comments, quoted attribute values, end tags with nothing to close) and never
counts shallower than the sanitiser's parser can build:

- an element stays open until its own end tag arrives while it is the innermost
  open element; only the elements HTML lets authors leave open (p, li, dd, dt,
  headings) are closed the way a parser closes them;
- after an element whose content a parser may read either as text or as markup,
  depending on where it stands (scripts, styles, <svg>, <math>, text areas and
  the like), every later tag counts one level deeper. The sanitiser removes
  those elements anyway, and the editor never makes them.
"""

import re
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

VOID_ELEMENTS = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Start tags that close a <p> left open, as the parser does.
CLOSES_P = (
    frozenset(
        "address article aside blockquote center details dialog dir div dl fieldset "
        "figcaption figure footer header hgroup hr li dd dt listing main menu nav ol p pre "
        "search section summary ul".split()
    )
    | HEADINGS
)
# Start tags that close an element of the same kind left open just before them.
SAME_KIND = {
    **dict.fromkeys(HEADINGS, HEADINGS),
    "li": frozenset({"li"}),
    "dd": frozenset({"dd", "dt"}),
    "dt": frozenset({"dd", "dt"}),
}
# End tags that also close the elements inside them that may be left open.
LEFT_OPEN = frozenset("dd dt li optgroup option p rb rp rt rtc".split())
CLOSE_THROUGH_LEFT_OPEN = (
    frozenset(
        "address article aside blockquote button center details dialog dir div dl fieldset "
        "figcaption figure footer header hgroup listing main menu nav ol pre search section "
        "summary ul li dd dt p".split()
    )
    | HEADINGS
)
# A parser may ignore </form> and keep the form open; so does this count.
NEVER_CLOSED = "form"
# A table's rows and cells come with a tbody and a tr the parser adds.
TABLE_LEVELS = 3

_VOID, _CLOSES_P, _SAME_KIND, _TABLE = 1, 2, 4, 8
START_FLAGS = {}
for _names, _flag in (
    (VOID_ELEMENTS, _VOID),
    (CLOSES_P, _CLOSES_P),
    (SAME_KIND, _SAME_KIND),
    (("table",), _TABLE),
):
    for _name in _names:
        START_FLAGS[_name] = START_FLAGS.get(_name, 0) | _flag

# From the first start tag of one of these on, every tag counts as one level
# deeper (see above). Found by a plain search, so one inside a comment or an
# attribute counts too.
UNCERTAIN_RE = re.compile(
    r"<(?:script|style|xmp|iframe|noembed|noframes|noscript|textarea|title|plaintext|svg|math)"
    r"(?=[\t\n\f\r />]|$)",
    re.IGNORECASE,
)
# A tag's attributes, read as HTML does: quotes count only around a value.
_ATTRIBUTES = r"""
    (?:
        [\t\n\f\r /]++
      | [^\t\n\f\r />][^\t\n\f\r /=>]*+
        (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'][^\t\n\f\r >]*+)?)?
    )*+
"""
# One token of markup, with groups (start tag name, "</" if the same element's
# end tag follows after nothing but text, end tag name, the rest of the text if
# it ends inside a tag). Also matched, to be skipped: comments, doctypes and
# other "<!…>"/"<?…>", and "</…>" that is no tag. Possessive quantifiers keep
# every match linear.
TOKEN_RE = re.compile(
    rf"""
    <(?:
        ([A-Za-z][^\t\n\f\r />]*+){_ATTRIBUTES}>(?:[^<]*+(</)\1>)?
      | /([A-Za-z][^\t\n\f\r />]*+){_ATTRIBUTES}>
      | !--(?:-?>|.*?--!?>|.*)
      | [!?][^>]*+>?
      | /(?:>|[^A-Za-z>][^>]*+>?)
      | (/?[A-Za-z].*)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
START_LIKE_RE = re.compile(r"<[A-Za-z]")
TABLE_START_RE = re.compile(r"<table", re.IGNORECASE)
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class RichTextRefused(ValidationError):
    """Rich text the site will not sanitise; the message tells the editor what to do."""


def check_rich_text(html):
    """Raise RichTextRefused if `html` is too large or nested too deeply to sanitise."""
    limit = settings.RICHTEXT_MAX_BYTES
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise RichTextRefused(
            "This text is %(size)s of HTML; the limit is %(limit)s. Split it into shorter "
            "pieces (for example parts of a series), or paste it as plain text to drop "
            "formatting copied from elsewhere.",
            code="rich_text_too_large",
            params=_sizes(size, limit),
        )
    deepest = settings.RICHTEXT_MAX_DEPTH
    if nesting_depth(html, stop_above=deepest) > deepest:
        raise RichTextRefused(
            "This text is nested more than %(limit)d levels deep, which usually comes from "
            "pasting from another website or program. Paste it as plain text instead "
            "(Ctrl+Shift+V, or Cmd+Shift+V on a Mac) and format it again here.",
            code="rich_text_too_deep",
            params={"limit": deepest},
        )


def _sizes(size, limit):
    """The two sizes as editors read them; never "512.0 KB; the limit is 512.0 KB"."""
    shown, limit_shown = filesizeformat(size), filesizeformat(limit)
    if shown == limit_shown:
        shown = f"just over {limit_shown}"
    return {"size": shown, "limit": limit_shown}


def nesting_depth(html, stop_above=None):
    """How deeply elements in `html` nest, erring on the deep side; linear time.

    Stops counting once the depth passes `stop_above`.
    """
    uncertain = UNCERTAIN_RE.search(html)
    end = uncertain.start() if uncertain else len(html)
    stack = []
    push, pop, flags_of = stack.append, stack.pop, START_FLAGS.get
    depth = deepest = 0  # depth: len(stack), plus the levels tables add
    limit = len(html) if stop_above is None else stop_above
    for start, pair, end_tag, cut_off in TOKEN_RE.findall(html, 0, end):
        if start:
            name = start if start.islower() else start.translate(ASCII_LOWER)
            levels = 1
            if flags := flags_of(name):
                if flags & _CLOSES_P and stack and stack[-1] == "p":
                    pop()
                    depth -= 1
                if flags & _SAME_KIND and stack and stack[-1] in SAME_KIND[name]:
                    pop()
                    depth -= 1
                if flags & _VOID:
                    continue
                if flags & _TABLE:
                    levels = TABLE_LEVELS
            if not pair or name == NEVER_CLOSED:
                push(name)
                depth += levels
                levels = 0
            if depth + levels > deepest:
                deepest = depth + levels
                if deepest > limit:
                    return deepest
        elif end_tag:
            name = end_tag if end_tag.islower() else end_tag.translate(ASCII_LOWER)
            if stack and stack[-1] == name and name != NEVER_CLOSED:
                pop()
                depth -= TABLE_LEVELS if name == "table" else 1
            else:
                if name == "p" and depth + 1 > deepest:
                    deepest = depth + 1  # with no <p> open, the parser adds an empty one
                depth -= _close(stack, name)
        elif cut_off:
            # A tag runs to the end (of the text, or up to `end`): count from there.
            end -= len(cut_off) + 1
            break
    if end < len(html):
        deepest = max(deepest, depth + _all_open(html, end))
    return deepest


def _all_open(html, start):
    """The depth `html[start:]` adds if every tag in it opens an element and none closes."""
    tags = len(START_LIKE_RE.findall(html, start))
    return tags + len(TABLE_START_RE.findall(html, start)) * (TABLE_LEVELS - 1)


def _close(stack, name):
    """Apply the end tag `name`, closing only what a parser surely closes; return the levels."""
    if name == NEVER_CLOSED:
        return 0
    for index in range(len(stack) - 1, -1, -1):
        element = stack[index]
        if element == name or (name in HEADINGS and element in HEADINGS):
            closed = stack[index:]
            del stack[index:]
            return len(closed) + closed.count("table") * (TABLE_LEVELS - 1)
        if element not in LEFT_OPEN or name not in CLOSE_THROUGH_LEFT_OPEN:
            return 0
    return 0
