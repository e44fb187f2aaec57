"""The person admin form as the tests post it, and its addresses."""

from people.models import Person
from tests.helpers.forms import management_form

PEOPLE = "/admin/people/person/"


def change_url(person):
    return f"{PEOPLE}{person.pk}/change/"


def delete_url(person):
    return f"{PEOPLE}{person.pk}/delete/"


def person_form(**fields):
    """A complete, valid person add form with no links; `fields` override it."""
    return {
        "name": "Amina Rahman",
        "slug": "amina-rahman",
        "role": "Senior Fellow",
        "kind": Person.Kind.FELLOW,
        "short_bio": "Works on defence cooperation.",
        "bio": "",
        "media_email": "",
        "is_active": "on",
        "sort_order": "100",
        "user": "",
        "photo_focal_x": "50",
        "photo_focal_y": "50",
        **management_form("links", 0),
        "_save": "Save",
        **fields,
    }
