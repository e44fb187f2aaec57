from django import forms

from formguard.forms import GuardedForm
from taxonomy.models import Topic

from .models import normalise_email


class SubscribeForm(GuardedForm, forms.Form):
    """Email and topics; formguard's trap field and signed time keep bots out."""

    # The salt the sign-up form's stamps had before formguard took them over, so a
    # form opened before an upgrade is still taken as shown by this site.
    stamp_salt = "newsletter.form"

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
