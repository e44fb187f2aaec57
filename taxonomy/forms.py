from django import forms

from .models import Topic


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """Pick existing topics; hands taggit a list, which its manager expects."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Topic.objects.order_by("name"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        for pk in value or []:
            # Out-of-range ids overflow SQLite's integers instead of failing validation.
            if not (str(pk).isascii() and str(pk).isdigit()) or int(pk) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return list(super().clean(value))
