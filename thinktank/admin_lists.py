"""Admin lists that answer bad filter values the way Django answers a bad lookup.

Django's changelist sends "wacky lookup parameters" back to the full list with `?e=1`,
but several values slip past it and end in a 500: a date-hierarchy year too large for
an int (OverflowError), year 9999 (whose following year does not exist), dates that
leave the calendar once turned into UTC, and filter values the database driver refuses
when the query runs (PostgreSQL takes no NUL in text). The admin site mixes this guard
into every ModelAdmin it registers, ours and third-party ones alike.
"""

import calendar
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.utils.timezone import make_aware

# What a filter value can make go wrong in the ORM or the driver, as opposed to a bug.
BAD_VALUE_ERRORS = (ValueError, OverflowError, ValidationError)
EARLIEST = datetime.min.replace(tzinfo=UTC)


def _number(value, lowest, highest):
    # ASCII digits only: int() also reads " 7", "+7", "7_0" and Arabic-Indic digits.
    if not (value.isascii() and value.isdigit()) or not lowest <= int(value) <= highest:
        raise IncorrectLookupParameters(f"{value!r} is not between {lowest} and {highest}")
    return int(value)


def date_range(year, month=None, day=None):
    """The [start, end) datetimes of a year, month or day; end is None after year 9999.

    Each value is a query-string string; IncorrectLookupParameters if any is not a real
    date. A day without a month is a day of January, as in Django's date hierarchy.
    """
    year = _number(year, 1, 9999)
    month = _number(month, 1, 12) if month is not None else None
    day = _number(day, 1, calendar.monthrange(year, month or 1)[1]) if day is not None else None
    start = datetime(year, month or 1, day or 1)
    try:
        if day:
            end = start + timedelta(days=1)
        elif month:
            end = (start + timedelta(days=32)).replace(day=1)
        else:
            end = start.replace(year=year + 1)
    except (ValueError, OverflowError):
        end = None
    if settings.USE_TZ:
        start, end = _aware(start, EARLIEST), _aware(end, None)
    return start, end


def _aware(moment, beyond):
    """`moment` in the current time zone, or `beyond` if it has no UTC equivalent.

    Midnight of 1 January of year 1 east of Greenwich falls in year 0 in UTC, which the
    database adapters cannot write; nothing can be earlier (or later) than those ends.
    """
    if moment is None:
        return beyond
    moment = make_aware(moment)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return beyond
    return moment


class GuardedChangeListMixin:
    """A ChangeList whose date hierarchy and filters turn bad values into `?e=1`."""

    def get_filters(self, request):
        if not self.date_hierarchy:
            return super().get_filters(request)
        year, month, day = (f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        params = self.filter_params
        if year not in params:
            # Without a year Django applies a month or day as a plain lookup (that month of
            # every year, each value given); check only that each is one.
            for value in params.get(month, []):
                _number(value, 1, 12)
            for value in params.get(day, []):
                _number(value, 1, 31)
            return super().get_filters(request)

        # Django reads the last value of each, as here.
        start, end = date_range(
            params[year][-1],
            params[month][-1] if month in params else None,
            params[day][-1] if day in params else None,
        )
        # Django would work out the same range itself, but overflows on year 9999; it
        # reads the parameters only through filter_params, so hide the selection from it.
        self.filter_params = {k: v for k, v in params.items() if k not in (year, month, day)}
        try:
            specs, has_filters, lookups, may_have_duplicates, has_active = super().get_filters(
                request
            )
        finally:
            self.filter_params = params
        lookups[f"{self.date_hierarchy}__gte"] = [start]
        if end is not None:
            lookups[f"{self.date_hierarchy}__lt"] = [end]
        return specs, has_filters, lookups, may_have_duplicates, has_active

    def get_queryset(self, request, exclude_parameters=None):
        # Django checks the lookups it applies itself; a list filter's own queryset()
        # may still choke on a value it was not written for.
        try:
            return super().get_queryset(request, exclude_parameters)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        # Values reach the driver only when the count runs. In a savepoint, so that a
        # refusal from PostgreSQL leaves the request's transaction usable.
        try:
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except (DataError, *BAD_VALUE_ERRORS) as error:
            raise IncorrectLookupParameters(error) from error


@cache
def guarded_changelist(changelist_class):
    if issubclass(changelist_class, GuardedChangeListMixin):
        return changelist_class
    return type(
        changelist_class.__name__,
        (GuardedChangeListMixin, changelist_class),
        {"__module__": changelist_class.__module__, "__doc__": changelist_class.__doc__},
    )


class GuardedChangeListAdminMixin:
    """Every changelist of this admin, whichever class it chooses, gets the guard."""

    def get_changelist(self, request, **kwargs):
        return guarded_changelist(super().get_changelist(request, **kwargs))


def guarded_admin_class(admin_class):
    if issubclass(admin_class, GuardedChangeListAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (GuardedChangeListAdminMixin, admin_class),
        {
            "__module__": admin_class.__module__,
            "__qualname__": admin_class.__qualname__,
            "__doc__": admin_class.__doc__,
        },
    )
