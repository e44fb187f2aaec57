from django import forms

from .models import Topic

NAME_MAX_LENGTH = 100  # topics' and regions' name columns


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


class NewTermsField(forms.CharField):
    """Names of topics or regions to create on save, separated by commas: a list of names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        names, seen = [], set()
        for name in (part.strip() for part in text.split(",")):
            if not name or name.casefold() in seen:
                continue
            if len(name) > NAME_MAX_LENGTH:
                raise forms.ValidationError(
                    f"“{name[:40]}…” is too long for a name: keep each under "
                    f"{NAME_MAX_LENGTH} characters.",
                    code="max_length",
                )
            seen.add(name.casefold())
            names.append(name)
        return names
