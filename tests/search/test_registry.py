"""The search registry: content apps describe what is searchable; search knows no content app."""

import ast
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import search
from articles.models import Article
from search import registry
from search.registry import TITLE, Column
from taxonomy.models import Topic
from thinktank.views import SEARCH_TYPES


def test_a_source_naming_a_missing_field_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="Article has no field 'titel'"):
        registry.register("misspelt", Article, columns=[Column("titel", TITLE)], snippet=["titel"])
    assert "misspelt" not in {source.kind for source in registry.sources()}


def test_a_snippet_must_come_from_a_searched_column():
    with pytest.raises(ImproperlyConfigured, match="snippet field 'summary' is not a searched"):
        registry.register("odd", Article, columns=[Column("title", TITLE)], snippet=["summary"])


def test_a_kind_cannot_be_given_to_a_second_model():
    before = registry.sources()
    with pytest.raises(ImproperlyConfigured, match="'article' is already registered"):
        registry.register("article", Topic, columns=[Column("name", TITLE)], snippet=["name"])
    assert registry.sources() == before


def test_registering_the_same_source_again_changes_nothing():
    article = registry.get("article")
    before = registry.sources()
    again = registry.register(
        "article",
        Article,
        columns=article.columns,
        snippet=article.snippet,
        date_field=article.date_field,
    )
    assert again == article
    assert registry.sources() == before


def test_every_registered_kind_has_its_tab_on_the_search_page():
    assert {source.kind for source in registry.sources()} == set(SEARCH_TYPES) - {"all"}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_search_imports_only_django_and_itself():
    # Content apps register with search; search never reaches up into them.
    allowed = {"django", "search", *sys.stdlib_module_names}
    modules = sorted(Path(search.__file__).parent.rglob("*.py"))
    assert modules
    imports = {f"{path.name}: {name}" for path in modules for name in imported_packages(path)}
    assert {entry for entry in imports if entry.split(": ")[1] not in allowed} == set()
