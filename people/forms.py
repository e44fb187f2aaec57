from django import forms

from taxonomy.models import Topic

from .models import Person


class PersonFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Role", choices=[("", "Everyone"), *Person.Kind.choices], required=False
    )
    expertise = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="Any"
    )
