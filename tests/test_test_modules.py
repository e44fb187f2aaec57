"""Test modules stand alone: what several of them share lives in tests/helpers/.

Importing one test module from another runs its module code twice over, ties unrelated
tests together, and hides shared helpers where nobody looks for them. conftest.py files
and the modules under tests/helpers/ are not test modules and may be imported.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported_modules(source, package):
    """Every module `source` imports (and every name it imports from a module), absolute."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parent, *([base] if base else [])])
            yield base
            # `from tests.articles import test_admin` imports a module, too.
            yield from (f"{base}.{alias.name}" for alias in node.names)


def imported_test_modules(source, module):
    """The test modules (tests/**/test_*.py files) that the module `module` imports."""
    return sorted(
        {
            name
            for name in imported_modules(source, module.rpartition(".")[0])
            if name.rpartition(".")[2].startswith("test_")
            and (ROOT / Path(*name.split("."))).with_suffix(".py").is_file()
        }
    )


@pytest.mark.parametrize(
    "source",
    [
        "from tests.articles.test_admin import form_data",
        "import tests.articles.test_admin",
        "from tests.articles import test_admin",
        "from .test_admin import form_data",
        "def f():\n    from tests.articles.test_admin import form_data",
    ],
)
def test_the_check_sees_every_way_of_importing_a_test_module(source):
    module = "tests.articles.test_something_new"
    assert imported_test_modules(source, module) == ["tests.articles.test_admin"]


def test_the_check_allows_helpers_and_conftest():
    source = "from tests.helpers.forms import form_data\nfrom .conftest import edit\n"
    assert imported_test_modules(source, "tests.revisions.test_history") == []


def test_no_test_module_imports_another_test_module():
    offenders = {
        str(path.relative_to(ROOT)): imported_test_modules(path.read_text(), module_name(path))
        for path in sorted(TESTS.rglob("test_*.py"))
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}, "move what they share into tests/helpers/"
