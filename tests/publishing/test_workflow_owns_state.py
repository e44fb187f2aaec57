"""Only `publishing/workflow.py` changes a publishable item's state or publish times.

Read from the source: an assignment `item.status = …`, a `setattr(item, "status", …)`, or
one of those fields passed to a publishable model's constructor, `create()`,
`update_or_create()`, `get_or_create()` or `update()` (a publication time to any queryset's
`update()`, since its model cannot be read from the source), anywhere in the
application outside the workflow, fails here with its file and line.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from publishing.models import Publishable

ROOT = Path(__file__).resolve().parents[2]
STATE_FIELDS = {"status", "published_at", "expires_at", "first_published_at", "last_published_at"}
WRITING_METHODS = {"create", "update", "update_or_create", "get_or_create"}
ALLOWED = {Path("publishing/workflow.py")}
# Modules that own another model's `status`, which is no publishing state: there, and only
# for that field, an assignment is theirs to make.
OTHER_STATUSES = {
    Path("events/registration.py"): "a registration's place: confirmed, waitlisted, declined…",
}
# var/ holds scratch trees (the benchmarks check out older commits there).
NOT_APPLICATION = {"tests", "bench", "var", ".venv", "node_modules", "migrations", "staticfiles"}


def publishable_names():
    return {model.__name__ for model in apps.get_models() if issubclass(model, Publishable)}


def application_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if NOT_APPLICATION.isdisjoint(relative.parts) and relative not in ALLOWED:
            yield relative


def _receiver(call):
    """`Article` in `Article.objects.create(…)` or `Article.objects.filter(…).update(…)`."""
    node = call.func
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def state_writes(source, publishables):
    """(line, what) for every write of a state field the rules above forbid."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in STATE_FIELDS:
                        yield node.lineno, f"assigns .{part.attr}"
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) > 1:
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in STATE_FIELDS:
                yield node.lineno, f"setattr(…, {name.value!r})"
        constructs = isinstance(func, ast.Name) and func.id in publishables
        writes = isinstance(func, ast.Attribute) and func.attr in WRITING_METHODS
        fields = STATE_FIELDS
        if writes and _receiver(node) not in publishables:
            # A queryset of unknown model: "status" is a common name (task results have
            # one); the publication times are this core's own.
            writes = func.attr == "update"
            fields = STATE_FIELDS - {"status"}
        if constructs or writes:
            for keyword in node.keywords:
                if keyword.arg in fields:
                    yield node.lineno, f"passes {keyword.arg}= to {ast.unparse(func)}()"


def test_no_module_but_the_workflow_writes_state_fields():
    publishables = publishable_names()
    found = [
        f"{path}:{line}: {what}"
        for path in application_modules()
        for line, what in state_writes((ROOT / path).read_text(), publishables)
        if not (path in OTHER_STATUSES and what == "assigns .status")
    ]
    assert found == [], "Use publishing.workflow instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "article.status = 'published'",
        "article.published_at, x = now, 1",
        "self.expires_at += delta",
        "setattr(article, 'status', 'draft')",
        "Article(title='t', status='published')",
        "Article.objects.create(published_at=now)",
        "Article.objects.filter(pk=1).update(status='archived')",
        "queryset.update(last_published_at=now)",
    ],
)
def test_each_kind_of_state_write_is_caught(source):
    assert list(state_writes(source, {"Article"}))


@pytest.mark.parametrize(
    "source",
    [
        "response.status_code = 404",
        "Update.objects.create(published_at=now)",
        "results.filter(pk=1).update(status='READY')",
        "render(request, 'x.html', status=410)",
        "Article.objects.filter(status='published')",
        "workflow.publish(article, user, at=when)",
    ],
)
def test_reading_and_other_models_are_not_writes(source):
    assert list(state_writes(source, {"Article"})) == []


def test_the_workflow_itself_is_where_the_writes_are():
    source = (ROOT / "publishing/workflow.py").read_text()
    assert list(state_writes(source, publishable_names()))
