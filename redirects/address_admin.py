"""The change form of anything with a public address warns before that address changes.

Mixed into the admins of registered models (articles, series, people, topics, regions).
Once readers may know an item's address, the slug box carries a "Yes, change the web
address" tick box (a plain form field: no JavaScript), changing the slug without it is
refused with a plain message, and the save says which old address now redirects where.
"""

from django import forms
from django.contrib import messages
from django.utils.html import format_html

from . import registry

CONFIRM = "confirm_new_address"
SLUG = "slug"


class AddressWidget(forms.Widget):
    """The slug's own input, then the confirmation box under it."""

    def __init__(self, inner, path, checked):
        super().__init__(inner.attrs)
        self.inner, self.path, self.checked = inner, path, checked

    def render(self, name, value, attrs=None, renderer=None):
        box_id = f"id_{CONFIRM}"
        return format_html(
            '{}<div class="address-confirm"><p class="help" id="{}_helptext">Readers may have '
            "bookmarked or linked to {}. To change the address, tick this box too: the old "
            "address will then send readers on to the new one.</p>{} "
            '<label class="vCheckboxLabel" for="{}">Yes, change the web address</label></div>',
            self.inner.render(name, value, attrs, renderer),
            box_id,
            self.path,
            forms.CheckboxInput().render(
                CONFIRM,
                self.checked,
                {"id": box_id, "aria-describedby": f"{box_id}_helptext"},
            ),
            box_id,
        )

    def value_from_datadict(self, data, files, name):
        return self.inner.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.inner.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.inner.id_for_label(id_)


class AddressChangeFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_path = None
        if SLUG in self.fields and registry.address_is_public(self.instance):
            self.public_path = self.instance.get_absolute_url()
            field = self.fields[SLUG]
            field.widget = AddressWidget(field.widget, self.public_path, self._confirmed())

    def _confirmed(self):
        return self.is_bound and forms.CheckboxInput().value_from_datadict(
            self.data, self.files, CONFIRM
        )

    def clean(self):
        cleaned = super().clean()
        if self.public_path and SLUG in self.changed_data and not self._confirmed():
            self.add_error(
                SLUG,
                f"This changes a web address readers may already have ({self.public_path}). "
                "Tick “Yes, change the web address” and save again to change it; the old "
                "address will then send readers to the new one. Or put the old slug back: "
                f"{self[SLUG].initial}",
            )
        return cleaned


class AddressChangeAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (AddressChangeFormMixin, form), {})

    def response_change(self, request, obj):
        moved = registry.last_move(obj)
        if moved:
            self.message_user(
                request,
                f"The old address {moved[0]} now redirects to {moved[1]}.",
                messages.WARNING,
            )
        return super().response_change(request, obj)
