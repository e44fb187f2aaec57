"""Every way the ORM writes a rich-text field stores sanitised HTML, or is refused.

Parametrised over every model with a RichTextField: a new one is covered once its
factory is in FACTORIES (the first test fails until it is).
"""

import json
from unittest import mock

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat, Upper

from core.richtext import RichTextExpressionError, RichTextField, sanitize_html
from tests.helpers.factories import (
    ArticleFactory,
    EventFactory,
    MailingFactory,
    PageFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "articles.Article": ArticleFactory,
    "events.Event": EventFactory,
    "newsletter.Mailing": MailingFactory,
    "pages.Page": PageFactory,
    "people.Person": PersonFactory,
}
RICH_TEXT_FIELDS = [
    (model, field.name)
    for model in apps.get_models()
    for field in model._meta.concrete_fields
    if isinstance(field, RichTextField)
]
FIELDS = pytest.mark.parametrize(
    ("model", "name"),
    RICH_TEXT_FIELDS,
    ids=[f"{model._meta.label}.{name}" for model, name in RICH_TEXT_FIELDS],
)

HOSTILE = (
    '<h2>Intro</h2><p onclick="steal()">Text<script>alert(1)</script>'
    '<a href="javascript:alert(1)">link</a></p><img src=x onerror=alert(1)>'
)
CLEAN = sanitize_html(HOSTILE)


def test_every_model_with_rich_text_is_covered_here():
    assert {model._meta.label for model, _ in RICH_TEXT_FIELDS} == set(FACTORIES)


def test_the_hostile_text_is_really_changed_by_sanitising():
    assert CLEAN == '<h2 id="intro">Intro</h2><p>Text<a rel="noopener noreferrer">link</a></p>'


def existing(model):
    return FACTORIES[model._meta.label]()


def new_values(model):
    """Field values for a valid new row of `model`, from its factory."""
    obj = FACTORIES[model._meta.label].build()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return {f.attname: getattr(obj, f.attname) for f in fields}


def stored(model, name):
    """The field's value in every row, read back from the database."""
    return set(model.objects.values_list(name, flat=True))


# Every write path cleans ------------------------------------------------------------


@FIELDS
def test_a_validated_save_cleans_the_text_once(model, name):
    """full_clean() (every admin and form save) cleans the text; saving it after does not again."""
    obj = existing(model)
    setattr(obj, name, HOSTILE)
    with mock.patch("core.richtext.sanitize_html", wraps=sanitize_html) as sanitize:
        obj.full_clean()
        obj.save()
    assert stored(model, name) == {CLEAN}
    calls = [call.args[0] for call in sanitize.call_args_list]
    # full_clean() cleans each rich-text field of the model once (an event has two); the
    # save cleans none again.
    rich = [field for field in model._meta.concrete_fields if isinstance(field, RichTextField)]
    assert calls.count(HOSTILE) == 1 and len(calls) == len(rich)


@FIELDS
def test_text_changed_after_validation_is_cleaned_again(model, name):
    obj = existing(model)
    setattr(obj, name, "<p>Checked</p>")
    obj.full_clean()
    setattr(obj, name, getattr(obj, name) + HOSTILE)
    obj.save()
    assert stored(model, name) == {sanitize_html("<p>Checked</p>" + HOSTILE)}


@FIELDS
def test_save(model, name):
    obj = existing(model)
    setattr(obj, name, HOSTILE)
    obj.save()
    assert stored(model, name) == {CLEAN}
    assert getattr(obj, name) == CLEAN


@FIELDS
def test_create(model, name):
    model.objects.create(**new_values(model) | {name: HOSTILE})
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_bulk_create(model, name):
    model.objects.bulk_create([model(**new_values(model) | {name: HOSTILE}) for _ in range(2)])
    assert model.objects.count() == 2
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_update(model, name):
    obj = existing(model)
    assert model.objects.filter(pk=obj.pk).update(**{name: HOSTILE}) == 1
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_update_through_a_plain_queryset_not_the_models_manager(model, name):
    existing(model)
    QuerySet(model).update(**{name: HOSTILE})
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_bulk_update(model, name):
    objs = [existing(model), existing(model)]
    for obj in objs:
        setattr(obj, name, HOSTILE)
    model.objects.bulk_update(objs, [name])
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_update_or_create_updating(model, name):
    obj = existing(model)
    model.objects.update_or_create(pk=obj.pk, defaults={name: HOSTILE})
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_update_or_create_creating(model, name):
    model.objects.update_or_create(pk=999, defaults=new_values(model) | {name: HOSTILE})
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_get_or_create(model, name):
    model.objects.get_or_create(pk=999, defaults=new_values(model) | {name: HOSTILE})
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_loaddata(model, name, tmp_path):
    (record,) = json.loads(serializers.serialize("json", [existing(model)]))
    record["fields"][name] = HOSTILE
    fixture = tmp_path / "hostile.json"
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert stored(model, name) == {CLEAN}


@FIELDS
def test_a_value_typed_as_rich_text_is_cleaned_like_a_string(model, name):
    existing(model)
    model.objects.update(**{name: Value(HOSTILE, output_field=model._meta.get_field(name))})
    assert stored(model, name) == {CLEAN}


# Expressions the database would store uncleaned are refused ----------------------------


def other_text(model):
    """A plain-text column of `model` (every model with rich text has one of these)."""
    return "slug" if any(f.name == "slug" for f in model._meta.fields) else "subject"


EXPRESSIONS = {
    "F": lambda model, name: F(other_text(model)),
    "Concat": lambda model, name: Concat(name, Value("<script>alert(1)</script>")),
    "Subquery": lambda model, name: Subquery(
        model.objects.filter(pk=OuterRef("pk")).values(other_text(model))[:1]
    ),
    "Func": lambda model, name: Upper(other_text(model)),
    "Value of unknown content": lambda model, name: Value("<script>alert(1)</script>"),
    "Value typed as plain text": lambda model, name: Value("<script>", output_field=TextField()),
}
EXPRESSION = pytest.mark.parametrize("make", EXPRESSIONS.values(), ids=EXPRESSIONS.keys())


def refused(model, name):
    label = f"{model._meta.label}.{name}"
    return pytest.raises(RichTextExpressionError, match=rf"{label} is rich text.*Assign a string")


@FIELDS
@EXPRESSION
def test_update_with_an_expression_is_refused(model, name, make):
    obj = existing(model)
    before = stored(model, name)
    with refused(model, name), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{name: make(model, name)})
    assert stored(model, name) == before


@FIELDS
@EXPRESSION
def test_bulk_update_with_an_expression_is_refused(model, name, make):
    obj = existing(model)
    before = stored(model, name)
    setattr(obj, name, make(model, name))
    with refused(model, name), transaction.atomic():
        model.objects.bulk_update([obj], [name])
    assert stored(model, name) == before


@FIELDS
@EXPRESSION
def test_save_with_an_expression_is_refused(model, name, make):
    obj = existing(model)
    before = stored(model, name)
    setattr(obj, name, make(model, name))
    with refused(model, name), transaction.atomic():
        obj.save()
    assert stored(model, name) == before


@FIELDS
def test_create_with_an_expression_is_refused(model, name):
    with refused(model, name), transaction.atomic():
        model.objects.create(**new_values(model) | {name: Value("<script>alert(1)</script>")})
    assert not model.objects.exists()
