"""What /search/ finds of pages. A change here needs a migration (see search/schema.py)."""


def register_search():
    from search import registry
    from search.registry import BODY, SUBTITLE, TITLE, Column

    from .models import Page

    registry.register(
        "page",
        Page,
        columns=[
            Column("title", TITLE, weight="A"),
            Column("summary", SUBTITLE, weight="B"),
            Column("body", BODY, weight="C", html=True),
        ],
        snippet=["summary", "body"],
        date_field="published_at",
    )
