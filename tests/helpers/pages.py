"""The page admin form as the tests post it."""

from tests.helpers.forms import management_form


def page_form(**fields):
    return {
        "title": "A page",
        "slug": "a-page",
        "parent": "",
        "summary": "",
        "body": "<p>Text.</p>",
        "hero_alt": "",
        "hero_focal_x": "50",
        "hero_focal_y": "50",
        "menu_order": "0",
        **management_form("preview_links", 0),
        **management_form("notes", 0),
        "_save": "Save",
        **fields,
    }
