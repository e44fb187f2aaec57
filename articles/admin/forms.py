"""The article form."""

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ..models import Article


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing to overwrite changes saved since it was opened."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        loaded = self.cleaned_data.get("loaded_version")
        if self.instance.pk and loaded:
            saved = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if saved and saved.isoformat() != loaded:
                raise forms.ValidationError(self._conflict_message(saved), code="conflict")
        return cleaned

    def _conflict_message(self, saved):
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=str(self.instance.pk),
            )
            .select_related("user")
            .first()
        )
        who = (
            entry.user.get_full_name() or entry.user.get_username()
            if entry and entry.user
            else "Someone"
        )
        when = date_format(timezone.localtime(saved), "H:i")
        history = reverse("admin:articles_article_history", args=[self.instance.pk])
        return format_html(
            "{} saved this article at {}, after you opened it, so your changes were not saved "
            "(nothing is lost: they are still in this form). "
            '<a href="{}" target="_blank" rel="noopener">See their changes</a> in a new tab, '
            "copy what you need from here, then reload this page and apply your changes again.",
            who,
            when,
            history,
        )
