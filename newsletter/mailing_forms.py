"""The mailing form's checks, which depend on the button the editor pressed.

Saving a draft asks for little; "Send a test to me", "Schedule" and "Send now" need at least
one published article, and the two that reach readers need someone to reach.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .delivery import audience
from .models import Mailing

SEND_TEST, SCHEDULE, SEND_NOW, UNSCHEDULE = "_send_test", "_schedule", "_send_now", "_unschedule"
ACTIONS = (SEND_TEST, SCHEDULE, SEND_NOW, UNSCHEDULE)
NEEDS_ARTICLES = (SEND_TEST, SCHEDULE, SEND_NOW)
NEEDS_AUDIENCE = (SCHEDULE, SEND_NOW)


def action_of(request):
    """Which of the mailing's buttons was pressed (None: a plain save)."""
    return next((name for name in ACTIONS if name in request.POST), None)


class MailingForm(forms.ModelForm):
    action = None  # set per request by MailingAdmin.get_form
    user = None

    class Meta:
        model = Mailing
        fields = ["subject", "introduction", "audience", "topics", "scheduled_for"]

    def clean_introduction(self):
        value = self.cleaned_data.get("introduction") or ""
        if len(value) > 5000:
            raise ValidationError("Keep the introduction short: at most a few paragraphs.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("audience") == Mailing.Audience.TOPICS and not data.get("topics"):
            self.add_error("topics", "Choose at least one topic, or send to all subscribers.")
        if self.action == SCHEDULE:
            when = data.get("scheduled_for")
            if not when:
                self.add_error("scheduled_for", "Choose the date and time to send it.")
            elif when <= timezone.now():
                self.add_error("scheduled_for", "Choose a time in the future, or “Send now”.")
        if self.action == SEND_TEST and not (self.user and self.user.email):
            raise ValidationError(
                "Your account has no email address to send the test to. "
                "Ask an administrator to add one to your user account."
            )
        if self.action in NEEDS_AUDIENCE and not self.errors:
            topic_ids = [topic.pk for topic in data.get("topics") or []]
            if not audience(data["audience"], topic_ids).exists():
                raise ValidationError(
                    "Nobody would receive this mailing: no confirmed subscriber matches "
                    "the audience. Choose other topics, or send to all subscribers."
                )
        return data


class MailingArticleFormSet(forms.BaseInlineFormSet):
    action = None  # set per request by MailingArticleInline.get_formset

    def clean(self):
        super().clean()
        chosen = [
            form
            for form in self.forms
            if form.cleaned_data.get("article") and not form.cleaned_data.get("DELETE")
        ]
        if self.action in NEEDS_ARTICLES and not chosen:
            raise ValidationError(
                "Choose at least one published article: a mailing cannot go out without one."
            )
        articles = [form.cleaned_data["article"] for form in chosen]
        if len(set(articles)) != len(articles):
            raise ValidationError("Each article can appear only once.")
