"""Form fields for the words readers search with."""

from django import forms

from .query import clean_query


class SearchField(forms.CharField):
    """Words to look for, as search understands them.

    Control characters and excess length are dropped rather than refused, so a pasted
    query never voids the other filters of the form it is in.
    """

    widget = forms.SearchInput

    def to_python(self, value):
        return clean_query(super().to_python(value))
