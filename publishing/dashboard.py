"""The editors' desk on the admin home: what waits for whom, over every publishable type.

A content app registers each publishable model in its `AppConfig.ready()`:
`register(Article, mine=…, checks=[Check("no summary", Q(summary=""))], fields=["title"])`.
The core owns the five lists and the rules that hold for any type (in review too long,
not updated for years); the model adds what "mine" means and what of its content an
editor should fix once it is published. Nothing here imports a content app, so events and
pages join the desk by registering.

Each registered model costs two queries whatever the amount of content: one counts all
five lists, one fetches the first few items of each (a UNION of the five lists).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import PUBLISHED, Publishable, published_q

SHOWN = 5  # items each list shows; "see all" opens the rest, type by type
SCHEDULED_DAYS = 14
RECENT_DAYS = 30
REVIEW_DAYS = 7
STALE_DAYS = 2 * 365

Status = Publishable.Status


@dataclass(frozen=True)
class Check:
    """Something an editor should fix in a published item: `condition` (a Q or boolean
    expression, such as ~Exists(…)) holds for the items that have the problem."""

    label: str
    condition: object


@dataclass(frozen=True)
class Entry:
    model: type
    mine: Callable  # user -> Q: the items that are the user's own work
    checks: tuple = ()
    fields: tuple = ()  # the fields str(item) needs, so the lists load nothing else


@dataclass(frozen=True)
class DeskList:
    key: str
    title: str
    editors_only: bool
    order: str
    empty: str


LISTS = (
    DeskList("mine", "My drafts", False, "-updated_at", "No drafts of yours."),
    DeskList("review", "Awaiting review", True, "updated_at", "Nothing waits for review."),
    DeskList(
        "scheduled",
        f"Scheduled in the next {SCHEDULED_DAYS} days",
        False,
        "published_at",
        "Nothing is scheduled.",
    ),
    DeskList("recent", "Recently published", False, "-published_at", "Nothing published lately."),
    DeskList("attention", "Needs attention", True, "updated_at", "Nothing needs attention."),
)
LISTS_BY_KEY = {desk_list.key: desk_list for desk_list in LISTS}

_entries = {}


def register(model, *, mine, checks=(), fields=()):
    """Put `model` (a Publishable) on the desk. `mine(user)` is a Q for the user's own
    items; `checks` are what should be fixed once it is published."""
    if not issubclass(model, Publishable):
        raise TypeError(f"{model.__name__} is not publishable.")
    _entries[model] = Entry(model, mine, tuple(checks), tuple(fields))


def entry_for(model):
    return _entries.get(model)


def entries():
    return list(_entries.values())


def all_checks(entry, now):
    """The model's own checks (on published items) and the ones every type shares."""
    published = Q(status=PUBLISHED)
    return [
        *(Check(check.label, published & _as_q(check.condition)) for check in entry.checks),
        Check(
            f"in review for more than {REVIEW_DAYS} days",
            Q(status=Status.IN_REVIEW, updated_at__lt=now - timedelta(days=REVIEW_DAYS)),
        ),
        Check(
            "not updated in 2 years",
            published & Q(updated_at__lt=now - timedelta(days=STALE_DAYS)),
        ),
    ]


def _as_q(condition):
    return condition if isinstance(condition, Q) else Q(condition)


def list_q(entry, key, user, now):
    """The condition for the items on list `key` of `entry`'s model."""
    if key == "mine":
        return Q(status=Status.DRAFT) & entry.mine(user)
    if key == "review":
        return Q(status=Status.IN_REVIEW)
    if key == "scheduled":
        return Q(
            status=PUBLISHED,
            published_at__gt=now,
            published_at__lte=now + timedelta(days=SCHEDULED_DAYS),
        )
    if key == "recent":
        return published_q(now=now) & Q(published_at__gte=now - timedelta(days=RECENT_DAYS))
    if key == "attention":
        q = Q(pk__in=[])
        for check in all_checks(entry, now):
            q |= check.condition
        return q
    raise KeyError(key)


def visible_lists(user, model):
    from .workflow import may_publish

    editor = may_publish(user, model)
    return [desk_list for desk_list in LISTS if editor or not desk_list.editors_only]


# The page -----------------------------------------------------------------------------


@dataclass
class Item:
    obj: object
    url: str
    type_name: str
    when: object
    reasons: list


@dataclass
class Panel:
    desk_list: DeskList
    count: int = 0
    items: list = field(default_factory=list)
    see_all: list = field(default_factory=list)  # (label, count, url) per content type


def build(request, admin_site):
    """The desk's panels for this user: only the lists and types they may see, each
    item from the model admin's own queryset (a contributor sees their own work)."""
    now = timezone.now()
    panels = {}
    for entry in _entries.values():
        model_admin = admin_site._registry.get(entry.model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        lists = visible_lists(request.user, entry.model)
        for desk_list in lists:
            panels.setdefault(desk_list.key, Panel(desk_list))
        _fill(panels, entry, model_admin, request, lists, now)
    for panel in panels.values():
        # Across types, in the list's own order; "see all" has the rest.
        descending = panel.desk_list.order.startswith("-")
        panel.items.sort(key=lambda item: item.when or now, reverse=descending)
        del panel.items[SHOWN:]
    return [panels[desk_list.key] for desk_list in LISTS if desk_list.key in panels]


def _fill(panels, entry, model_admin, request, lists, now):
    opts = entry.model._meta
    base = model_admin.get_queryset(request).prefetch_related(None).order_by()
    conditions = {
        desk_list.key: list_q(entry, desk_list.key, request.user, now) for desk_list in lists
    }
    counts = base.aggregate(
        **{key: Count("pk", filter=q, distinct=True) for key, q in conditions.items()}
    )
    checks = all_checks(entry, now)
    flags = {
        f"desk_check_{i}": ExpressionWrapper(_as_q(check.condition), BooleanField())
        for i, check in enumerate(checks)
    }
    fields = ["pk", "status", "published_at", "expires_at", "updated_at", *entry.fields]
    # Each list's first few ids in a subquery, so the parts of the UNION need no ORDER BY
    # or LIMIT of their own (SQLite allows neither there); sorted again in build().
    rows = entry.model._default_manager.none()
    parts = [
        entry.model._default_manager.filter(
            pk__in=base.filter(conditions[key])
            .order_by(LISTS_BY_KEY[key].order, "-pk")
            .values("pk")[:SHOWN]
        )
        .annotate(desk_list=Value(key), **flags)
        .only(*fields)
        .order_by()
        for key, count in counts.items()
        if count
    ]
    if parts:
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        # No ORDER BY on the union (build() sorts): a model's default ordering on a column
        # left out of only() (an event's starts_at) broke the query.
        rows = rows.order_by()
    changelist = _url(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    for key, count in counts.items():
        panels[key].count += count
        if count and changelist:
            panels[key].see_all.append(
                (opts.verbose_name_plural, count, f"{changelist}?desk={key}")
            )
    for obj in rows:
        panels[obj.desk_list].items.append(_item(obj, opts, checks))


def _item(obj, opts, checks):
    desk_list = LISTS_BY_KEY[obj.desk_list]
    reasons = []
    if desk_list.key == "attention":
        reasons = [check.label for i, check in enumerate(checks) if getattr(obj, f"desk_check_{i}")]
    return Item(
        obj,
        _url(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk),
        opts.verbose_name,
        getattr(obj, desk_list.order.lstrip("-")),  # the time the list is ordered by
        reasons,
    )


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
