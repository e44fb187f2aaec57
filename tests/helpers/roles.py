"""Role matrices: which status each kind of user gets on each URL."""

import pytest

ROLES = ["anonymous", "staff", "editor", "superuser"]
FIXTURES = {"anonymous": "client", "staff": "staff_client"}


def role_cases(matrix):
    """pytest params (url, role, expected) from rows of (url, *status for each of ROLES)."""
    return [
        pytest.param(url, role, status, id=f"{role}:{url}")
        for url, *statuses in matrix
        for role, status in zip(ROLES, statuses, strict=True)
    ]


def client_for(request, role):
    """The logged-in test client for `role` (fixtures in tests/conftest.py)."""
    return request.getfixturevalue(FIXTURES.get(role, f"{role}_client"))
