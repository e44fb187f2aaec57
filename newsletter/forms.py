from datetime import timedelta

from django import forms
from django.core import signing

from articles.models import Topic

from .models import normalise_email
from .tokens import form_age, form_stamp

# People take longer than this to fill in the form; scripts often do not.
MIN_FORM_SECONDS = 2
# A form shown longer ago than this is shown again rather than accepted.
MAX_FORM_AGE = timedelta(days=1)


class SubscribeForm(forms.Form):
    """Email and topics, plus two checks for bots that need no third-party script.

    A trap field hidden from people (bots fill in every field) and a signed
    note of when the form was shown (bots submit at once). Both travel outside
    the declared fields, so the page renders only what readers should see.
    """

    TRAP_FIELD = "website"
    STAMP_FIELD = "shown"

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose none to get analysis on every topic.",
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        super().clean()
        if self.is_bound and self._stamp_state() == "expired":
            raise forms.ValidationError(
                "This form was open for a long time. Please check your details and send it again.",
                code="expired",
            )

    @property
    def stamp(self):
        """The stamp to render: the submitted one while still usable, else a new one.

        Keeping it means a reader correcting a typo is not taken for a bot.
        """
        if self.is_bound and self._stamp_state() in ("ok", "too-fast"):
            return self.data[self.STAMP_FIELD]
        return form_stamp()

    def looks_automated(self):
        """True when the trap was filled in, or the form was sent too fast or not from our page."""
        return bool(self.data.get(self.TRAP_FIELD)) or self._stamp_state() in (
            "missing",
            "too-fast",
        )

    def _stamp_state(self):
        try:
            age = form_age(self.data.get(self.STAMP_FIELD), MAX_FORM_AGE.total_seconds())
        except signing.SignatureExpired:
            return "expired"
        except signing.BadSignature:
            return "missing"
        return "too-fast" if age < MIN_FORM_SECONDS else "ok"
