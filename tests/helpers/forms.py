"""What a browser submits: every <form> on a page, read from its HTML.

The admin tests post forms exactly as the page renders them, and so do the load check's
writers (bench/loadcheck.py), which run outside Django: this module uses the standard
library only.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """One <form>: its attributes and the (name, value, multiple) pairs a browser submits."""

    attrs: dict
    fields: list = field(default_factory=list)

    @property
    def method(self):
        return (self.attrs.get("method") or "get").lower()

    def data(self):
        """The submission as a dict; a name sent twice, or by a multiple select, maps to a list."""
        data = {}
        for name, value, multiple in self.fields:
            if multiple or name in data:
                previous = data.get(name, [])
                data[name] = [*([previous] if isinstance(previous, str) else previous), value]
            else:
                data[name] = value
        return data


class FormReader(HTMLParser):
    """Collects every <form> on a page with what a browser would submit from it.

    Read-only fields still send their value; unticked boxes, file inputs and buttons send
    nothing, as in a browser.
    """

    NOT_SUBMITTED = {"button", "file", "image", "reset", "submit"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = self._textarea = None
        self._multiple = False
        self._options, self._text = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        name = attrs.get("name")
        if self._form is None or (tag != "option" and not name):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in self.NOT_SUBMITTED:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value") or "on", False))
                return
            self._form.fields.append((name, attrs.get("value") or "", False))
        elif tag == "select":
            self._select, self._multiple, self._options = name, "multiple" in attrs, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]  # a browser submits the first option
            self._form.fields.extend((self._select, value, self._multiple) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            # HTML drops the line break that directly follows <textarea>.
            text = "".join(self._text).removeprefix("\r").removeprefix("\n")
            self._form.fields.append((self._textarea, text, False))
            self._textarea = None


def forms_in(html):
    """Every <form> in `html`, in page order."""
    reader = FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def form_data(response, **changes):
    """The admin form on `response` as a browser submits it untouched, plus `changes`.

    Read from the rendered HTML: the main form, every inline formset and its
    management form. A change of None leaves a field out (unticks a box).
    """
    form_id = f"{response.context['opts'].model_name}_form"
    forms = [
        form for form in forms_in(response.content.decode()) if form.attrs.get("id") == form_id
    ]
    assert forms and forms[0].fields, "no admin form on the page"
    data = forms[0].data()
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def management_form(prefix, total, initial=0):
    """The hidden fields an inline formset needs, as the admin renders them."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def hidden_value(response, name):
    """The value of the hidden field `name` on the page (a form's signed stamp, say)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert match, f"no {name} field on the page"
    return match.group(1)
