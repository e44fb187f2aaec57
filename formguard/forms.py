"""Two checks for bots on public forms that need no third-party script.

A trap field hidden from people (bots fill in every field) and a signed note of when the
form was shown (bots submit at once). Both travel outside the declared fields, so the page
renders only what readers should see; `{% include "formguard/fields.html" %}` inside the
<form> element adds them.
"""

from datetime import timedelta

from django import forms
from django.core import signing

from .stamps import form_age, form_stamp


class GuardedForm:
    """Mixed in before the form class: `class SignUpForm(GuardedForm, forms.Form)`.

    Once the form is valid, the view asks `looks_automated()`; a bot gets the answer a
    person would, and nothing is stored or sent.
    """

    TRAP_FIELD = "website"
    STAMP_FIELD = "shown"
    # People take longer than this to fill in a form; scripts often do not.
    MIN_FORM_SECONDS = 2
    # A form shown longer ago than this is shown again rather than accepted.
    MAX_FORM_AGE = timedelta(days=1)
    # Stamps are signed per kind of form, so one form's stamp is no use on another.
    stamp_salt = "formguard.form"

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and self._stamp_state() == "expired":
            raise forms.ValidationError(
                "This form was open for a long time. Please check your details and send it again.",
                code="expired",
            )
        return cleaned_data

    @property
    def stamp(self):
        """The stamp to render: the submitted one while still usable, else a new one.

        Keeping it means a reader correcting a typo is not taken for a bot.
        """
        if self.is_bound and self._stamp_state() in ("ok", "too-fast"):
            return self.data[self.STAMP_FIELD]
        return form_stamp(self.stamp_salt)

    def looks_automated(self):
        """True when the trap was filled in, or the form was sent too fast or not from our page."""
        return bool(self.data.get(self.TRAP_FIELD)) or self._stamp_state() in (
            "missing",
            "too-fast",
        )

    def _stamp_state(self):
        try:
            age = form_age(
                self.data.get(self.STAMP_FIELD),
                self.MAX_FORM_AGE.total_seconds(),
                self.stamp_salt,
            )
        except signing.SignatureExpired:
            return "expired"
        except signing.BadSignature:
            return "missing"
        return "too-fast" if age < self.MIN_FORM_SECONDS else "ok"
