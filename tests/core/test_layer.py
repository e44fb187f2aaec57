"""The shared core is the lowest layer: everything may use it, it uses nothing of ours."""

import ast
from pathlib import Path

CORE = Path(__file__).parents[2] / "core"
OURS = {
    "thinktank",
    "demo",
    "backup",
    "articles",
    "people",
    "newsletter",
    "publishing",
    "revisions",
    "audit",
    "search",
    "seo",
    "assets",
    "accounts",
    "formguard",
    "taxonomy",
}


def test_core_imports_only_django_and_third_party_libraries():
    imported = set()
    for module in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert {"django", "nh3", "core"} <= imported  # the walk found the modules
    assert imported & OURS == set()
