"""The site's URL patterns that are no door to publishable content, each with its reason.

Every URL pattern of the site is either a door some publishable model declared
(publishing/doors.py; articles in articles/doors.py), where the contract test checks
that no hidden item is seen, or named here with why no item can be seen through it.
The contract test fails on a pattern that is neither, so a new page is classified
when it is added. Keys are URL names; "namespace:*" covers a whole include.
"""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

from publishing import doors

# Update has no draft, review or archive states yet: until it inherits Publishable and
# declares its doors, its pages are checked by tests/security/test_draft_leaks.py alone.
NOT_PUBLISHABLE_YET = "updates: not Publishable yet, so not in the contract test"

NOT_CONTENT = {
    "admin:*": "the editorial admin: staff only, behind log-in and permissions",
    "healthz": "the load balancers' check: a constant 'ok'",
    # A registrant's own pages: reached only with the signed link emailed to them, for an
    # event they registered for while it was live.
    "events:register-invited": "an invitee's registration form, only with their signed link",
    "events:confirm": "confirms one registration, only with its signed link",
    "events:registration": "one registrant's own page, only with their signed link",
    "events:cancel-registration": "cancels one registration, only with its signed link",
    "robots": "rules for crawlers: constant text",
    "favicon": "a redirect to the site icon",
    "media": "uploaded images as files (only when Django serves them itself)",
    "private-media": "stored files for editors who hold a signed, expiring link",
    "sitemap-index": "names the sitemap sections, never an item in them",
    "publishing:shared-preview": "one unpublished item, only to the holder of its signed link; "
    "the contract test checks that the link expires and can be revoked",
    "people:list": "lists profiles and their roles; no article or update appears on it",
    "articles:update-list": NOT_PUBLISHABLE_YET,
    "articles:update-detail": NOT_PUBLISHABLE_YET,
    "feed-updates": NOT_PUBLISHABLE_YET,
    "feed-updates-atom": NOT_PUBLISHABLE_YET,
    "articles:update-create": "the staff update form: logged-in staff only",
    "articles:update-edit": "the staff update form: the update's author only",
    "articles:update-delete": "the staff update form: the update's author only",
    "newsletter:subscribe": "the newsletter sign-up form",
    "newsletter:check-inbox": "a constant page after signing up",
    "newsletter:confirm": "confirms a subscriber's address from a signed link",
    "newsletter:unsubscribe": "ends a subscription from a signed link",
    "newsletter:unsubscribe-from": "the same, from a mailing's link (counted for that mailing)",
    "login": "log-in form",
    "logout": "log-out",
    "two-factor": "a logged-in user's two-factor settings",
    "notifications": "a logged-in user's email notification choice",
    "password_change": "a logged-in user's password form",
    "password_change_done": "a constant page after a password change",
    "password_reset": "the password reset request form",
    "password_reset_done": "a constant page after a reset request",
    "password_reset_confirm": "sets a new password from a signed link",
    "password_reset_complete": "a constant page after a reset",
}


@dataclass(frozen=True)
class Pattern:
    """One URL pattern of the site: its namespaces, its full name (None if unnamed), its route."""

    namespaces: tuple
    name: str | None
    route: str

    def __str__(self):
        return self.name or f"(unnamed) {self.route}"


def url_patterns(resolver=None, namespaces=(), prefix=""):
    """Every URL pattern of the root URLconf, includes and namespaces followed."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from url_patterns(entry, inner, route)
        else:
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Pattern(namespaces, name, route)


def is_declared(pattern):
    """Whether `pattern` is some model's door or named in NOT_CONTENT."""
    wildcards = {key.removesuffix(":*") for key in NOT_CONTENT if key.endswith(":*")}
    if any(namespace in wildcards for namespace in pattern.namespaces):
        return True
    return pattern.name in doors.door_url_names() or pattern.name in NOT_CONTENT


def undeclared_patterns():
    """The site's URL patterns that are in no model's doors and not declared as no content."""
    return [pattern for pattern in url_patterns() if not is_declared(pattern)]


def stale_declarations():
    """Names in NOT_CONTENT or a model's doors that no URL pattern has any longer."""
    named = {pattern.name for pattern in url_patterns()}
    namespaces = {ns for pattern in url_patterns() for ns in pattern.namespaces}
    declared = set(NOT_CONTENT) | doors.door_url_names()
    return sorted(
        key
        for key in declared
        if not (key.removesuffix(":*") in namespaces if key.endswith(":*") else key in named)
    )
