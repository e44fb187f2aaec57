"""Editorial notes on an item's form: one thread, add and resolve with the form's Save.

Works without JavaScript: a blank note box is always there, and a ticked "Resolved" box
is saved with the form. Notes are nobody's to delete; resolving closes them.
"""

from django import forms
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.utils import timezone

from .. import workflow
from ..models import EditorialNote


class EditorialNoteForm(forms.ModelForm):
    resolved = forms.BooleanField(label="Resolved", required=False)

    class Meta:
        model = EditorialNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        labels = {"text": "Add a note"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # What was said stays said; only whether it is dealt with changes.
            self.fields["text"].disabled = True
            self.fields["resolved"].initial = self.instance.is_resolved
        else:
            del self.fields["resolved"]
            self.fields[
                "text"
            ].help_text = "Saved with the form. Tick “Resolved” on a note once it is dealt with."


class EditorialNoteFormSet(BaseGenericInlineFormSet):
    user = None  # the editor saving the form, set by the inline

    @classmethod
    def get_default_prefix(cls):
        return "notes"

    def save_new(self, form, commit=True):
        form.instance.author = self.user
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        if form.cleaned_data.get("resolved"):
            if obj.resolved_at is None:
                obj.resolved_at, obj.resolved_by = timezone.now(), self.user
        else:
            obj.resolved_at = obj.resolved_by = None
        return super().save_existing(form, obj, commit)


class EditorialNoteInline(GenericStackedInline):
    """The notes thread, in the form's main column (its own template, no JavaScript)."""

    model = EditorialNote
    form = EditorialNoteForm
    formset = EditorialNoteFormSet
    template = "admin/publishing/editorial_notes.html"
    extra = 1

    class Media:
        css = {"all": ["css/notes.css"]}

    verbose_name = "editorial note"
    verbose_name_plural = "editorial notes"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "resolved_by")

    # Whoever may change the item may discuss it; seeing the form is the item admin's call.
    def _may_write(self, request, obj):
        return obj is None or workflow.may_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj):
        return self._may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
