"""The inlines of the article form: authors and corrections (preview links: publishing)."""

from django import forms
from django.contrib import admin

from ..models import ArticleAuthor, Correction


class BylineFormSet(forms.BaseInlineFormSet):
    """Authors in the order the editor put them: two authors never share a place.

    The order fields decide (the script that drags and moves rows rewrites them; without
    it editors type numbers), ties go to the row higher on the page, and the kept rows are
    renumbered 0, 1, 2… so the stored order has no gaps or duplicates.
    """

    def clean(self):
        super().clean()
        kept = [
            (form.cleaned_data.get("order") or 0, index, form)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        for place, (_order, _index, form) in enumerate(sorted(kept, key=lambda k: k[:2])):
            if form.instance.order != place:
                form.instance.order = place
                form.cleaned_data["order"] = place
                # A row whose place alone moved is still saved.
                if "order" not in form.changed_data:
                    form.changed_data.append("order")


# Stacked, not tabular: a tabular inline names its inputs only by column headings, which
# screen readers do not announce; stacked rows have a <label> for each.
class ArticleAuthorInline(admin.StackedInline):
    model = ArticleAuthor
    formset = BylineFormSet
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order, the first at the top)"

    class Media:
        js = ["js/byline_order.js"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["date", "text"]
    verbose_name_plural = (
        "public corrections (shown at the end of the article; fix typos without one)"
    )
