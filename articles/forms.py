from django import forms
from django.db.models import Min
from django.utils import timezone

from core.cache import cached_for_content
from people.models import Person
from search.forms import SearchField
from search.query import clean_query
from taxonomy.forms import TopicChoiceField
from taxonomy.models import Region, Topic, filter_choices

from .models import Article, Update


class ArticleFilterForm(forms.Form):
    """The reader-facing filters of the article list. Every field is optional."""

    NEWEST, OLDEST, RELEVANCE = "newest", "oldest", "relevance"
    SORTS = {NEWEST: "Newest first", OLDEST: "Oldest first", RELEVANCE: "Best match"}
    # Not filters: they say what to look for and in which order, not which list.
    NOT_FILTERS = ("q", "sort")

    field_order = ["q", "topic", "region", "kind", "year", "sort", "author"]

    q = SearchField(label="Search", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS.items(), required=False)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="All"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(), to_field_name="slug", required=False, empty_label="All"
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("", "All"), *Article.Kind.choices], required=False
    )
    # Reached from a profile's "all articles" link; a menu of every expert
    # would be thousands of options long, so it travels as a hidden field.
    author = forms.ModelChoiceField(
        queryset=Person.objects.active(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        first = cached_for_content(
            "first-published",
            lambda: Article.objects.published().aggregate(first=Min("published_at"))["first"],
            tags=["list:articles"],
        )
        first_year = first.year if first else this_year
        # The menus come from the cache; validating a chosen value still asks the database.
        for name, model in (("topic", Topic), ("region", Region)):
            self.fields[name].choices = [
                ("", "All"),
                *filter_choices(model),
            ]
        self.fields["year"].choices = [("", "All")] + [
            (str(y), str(y)) for y in range(this_year, first_year - 1, -1)
        ]
        if self.is_bound and not self.data.get("sort"):
            # The menu shows the order the list is in, though the address leaves it out.
            self.data = self.data.copy()
            self.data["sort"] = self.default_sort
        if not self.searching:
            # Best match means nothing without words to match: not offered, but a
            # link that asks for it still validates (and lists newest first).
            self.fields["sort"].widget.choices = [
                (key, label) for key, label in self.SORTS.items() if key != self.RELEVANCE
            ]

    @property
    def searching(self):
        return bool(clean_query(self.data.get("q") or ""))

    @property
    def default_sort(self):
        return self.RELEVANCE if self.searching else self.NEWEST

    @property
    def query(self):
        return self.cleaned_data.get("q", "")

    @property
    def ordering(self):
        sort = self.cleaned_data.get("sort") or self.default_sort
        return self.default_sort if sort == self.RELEVANCE else sort

    @property
    def ordering_label(self):
        return self.SORTS[self.ordering]

    def filters(self):
        """The valid filters as keyword arguments for `ArticleQuerySet.filter_by`."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name not in self.NOT_FILTERS
        }

    def cache_key(self):
        """The valid filters as a short, stable string, e.g. for caching counts."""
        return "&".join(
            f"{name}={getattr(value, 'pk', value)}"
            for name, value in sorted(self.filters().items())
        )

    @property
    def active_filters(self):
        words = [("Search", f"“{self.query}”")] if self.query else []
        return words + [
            (self.fields[name].label or name.title(), self._display(name, value))
            for name, value in self.filters().items()
        ]

    def _display(self, name, value):
        if name == "kind":
            return Article.Kind(value).label
        return str(value)


class UpdateForm(forms.ModelForm):
    """The form staff use at /updates/new/ to post under their own name."""

    topics = TopicChoiceField(widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Update
        fields = ["body", "link", "image", "image_alt", "topics"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
