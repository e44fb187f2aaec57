import string

from django import forms

from search.forms import SearchField
from taxonomy.models import Region, Topic, filter_choices

from .models import Person

LETTERS = list(string.ascii_uppercase)


class PersonFilterForm(forms.Form):
    """The directory's search and filters. Every field is optional."""

    q = SearchField(label="Name", required=False)
    letter = forms.ChoiceField(
        label="Surname starts with",
        choices=[("", "Any"), *((letter, letter) for letter in LETTERS)],
        required=False,
    )
    expertise = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
    kind = forms.ChoiceField(
        label="Role", choices=[("", "Everyone"), *Person.Kind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The A–Z is a row of links, not a menu; the field only validates them.
        self.fields["letter"].widget = forms.HiddenInput()
        # The same cached menus as the article list's (articles.forms).
        for name, model in (("expertise", Topic), ("region", Region)):
            self.fields[name].choices = [
                ("", "Any"),
                *filter_choices(model),
            ]

    def filter(self, people):
        data = self.cleaned_data
        if words := " ".join(data["q"].split()):
            people = people.named(words)
        if data["kind"]:
            people = people.of_kind(data["kind"])
        if data["expertise"]:
            people = people.with_expertise(data["expertise"])
        if data["region"]:
            people = people.in_region(data["region"])
        if data["letter"]:
            people = people.filed_under(data["letter"])
        return people

    @property
    def active_filters(self):
        if not self.is_valid():
            return []
        shown = []
        for name, value in self.cleaned_data.items():
            if not value:
                continue
            if name == "kind":
                value = Person.Kind(value).label
            shown.append((self.fields[name].label or name.title(), str(value)))
        return shown
