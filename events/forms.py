from django import forms
from django.db.models import Min
from django.utils import timezone

from core.cache import cached_for_content
from taxonomy.models import Region, Topic

from .models import Event


class EventFilterForm(forms.Form):
    """The events list's filters (topic, region, year, kind). Every field is optional."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="All"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), to_field_name="slug", required=False, empty_label="All"
    )
    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label="Type", choices=[("", "All"), *Event.Kind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        first = cached_for_content(
            "events-first-start",
            lambda: Event.objects.listed().aggregate(first=Min("starts_at"))["first"],
        )
        first_year = min(first.year if first else this_year, this_year)
        # The menus come from the cache; validating a chosen value still asks the database.
        for name, model in (("topic", Topic), ("region", Region)):
            self.fields[name].choices = [
                ("", "All"),
                *cached_for_content(
                    f"{name}-choices", lambda m=model: list(m.objects.values_list("slug", "name"))
                ),
            ]
        self.fields["year"].choices = [("", "All")] + [
            (str(y), str(y)) for y in range(this_year + 1, first_year - 1, -1)
        ]

    def filters(self):
        """The valid filters as keyword arguments for `EventQuerySet.filter_by`."""
        return {name: value for name, value in self.cleaned_data.items() if value}

    def cache_key(self):
        return "&".join(
            f"{name}={getattr(value, 'pk', value)}"
            for name, value in sorted(self.filters().items())
        )

    @property
    def active_filters(self):
        labels = {"kind": lambda value: Event.Kind(value).label}
        return [
            (self.fields[name].label or name.title(), labels.get(name, str)(value))
            for name, value in self.filters().items()
        ]
