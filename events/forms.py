from django import forms
from django.db.models import Min
from django.utils import timezone

from core.cache import cached_for_content
from formguard.forms import GuardedForm
from taxonomy.models import Region, Topic, filter_choices

from .models import Event


class RegistrationForm(GuardedForm, forms.Form):
    """Who is coming; formguard's trap field and signed time keep bots out."""

    stamp_salt = "events.register"

    name = forms.CharField(
        label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link there to confirm your registration.",
    )
    affiliation = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    accessibility_needs = forms.CharField(
        label="Accessibility needs (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything we should arrange so you can take part fully.",
    )

    def __init__(self, *args, invited=False, **kwargs):
        super().__init__(*args, **kwargs)
        if invited:
            # The invitation names the address; it is not the reader's to change.
            del self.fields["email"]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class InvitationForm(forms.Form):
    """Editors paste addresses, one per line or separated by commas."""

    addresses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
        help_text="Paste the invitees' email addresses, one per line or separated by commas. "
        "Each gets a personal link to register; addresses already invited are skipped.",
    )

    def clean_addresses(self):
        validate = forms.EmailField().clean
        raw = self.cleaned_data["addresses"].replace(",", "\n").replace(";", "\n").split()
        addresses, bad, seen = [], [], set()
        for item in raw:
            item = item.strip().strip("<>")
            try:
                address = validate(item)
            except forms.ValidationError:
                bad.append(item)
                continue
            if address.lower() not in seen:
                seen.add(address.lower())
                addresses.append(address)
        if bad:
            raise forms.ValidationError(
                "These are not email addresses; correct or remove them: %(bad)s",
                params={"bad": ", ".join(bad[:20])},
            )
        if not addresses:
            raise forms.ValidationError("Paste at least one email address.")
        return addresses


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
            tags=["list:events"],
        )
        first_year = min(first.year if first else this_year, this_year)
        # The menus come from the cache; validating a chosen value still asks the database.
        for name, model in (("topic", Topic), ("region", Region)):
            self.fields[name].choices = [
                ("", "All"),
                *filter_choices(model),
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
