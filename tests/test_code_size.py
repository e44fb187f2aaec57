"""No application module over 500 lines, and no function over 60.

A module that long mixes concerns a newcomer has to untangle before changing one, and a
function that long does several things at once; split them by what they do (the article
admin, models and Word import are packages for this reason). The application is every
top-level package with an apps.py, thinktank/ included; tests, bench/ and migrations
are not held to it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
NOT_APPLICATION_CODE = {"tests", "bench", "migrations"}


def application_modules():
    packages = sorted({path.parent for path in ROOT.glob("*/apps.py")} | {ROOT / "thinktank"})
    for package in packages:
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if not NOT_APPLICATION_CODE.intersection(relative.parts):
                yield relative.as_posix(), path.read_text()


def long_functions(source):
    """(name, first line, length) of each function or method longer than the limit."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield node.name, node.lineno, length


def problems(path, source):
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{path} has {lines} lines (at most {MAX_MODULE_LINES})")
    for name, line, length in long_functions(source):
        found.append(f"{path}:{line} {name}() has {length} lines (at most {MAX_FUNCTION_LINES})")
    return found


def function(name, body_lines, indent=""):
    body = "".join(f"{indent}    x = {n}\n" for n in range(body_lines))
    return f"{indent}def {name}():\n{body}"


def test_the_check_sees_long_functions_methods_and_nested_functions():
    source = (
        function("short", 59)
        + function("long", 60)
        + "class Admin:\n"
        + function("method", 61, indent="    ")
        + "async def view():\n"
        + function("inner", 70, indent="    ")
    )
    assert [(name, length) for name, _, length in long_functions(source)] == [
        ("long", 61),
        ("view", 72),
        ("method", 62),
        ("inner", 71),
    ]


def test_the_check_sees_a_long_module():
    assert problems("x.py", "x = 1\n" * 500) == []
    assert problems("x.py", "x = 1\n" * 501) == ["x.py has 501 lines (at most 500)"]


def test_the_check_covers_every_app_and_leaves_out_tests_bench_and_migrations():
    paths = [path for path, _ in application_modules()]
    assert "thinktank/settings.py" in paths
    assert "articles/admin/articles.py" in paths
    assert "newsletter/views.py" in paths
    assert not [p for p in paths if p.startswith(("tests/", "bench/")) or "/migrations/" in p]


def test_no_application_module_or_function_is_too_long():
    found = [
        problem for path, source in application_modules() for problem in problems(path, source)
    ]
    assert found == [], "split these by what they do:\n" + "\n".join(found)
