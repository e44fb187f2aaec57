"""The publishing panel: a publishable item's state, and the buttons that move it, on its form.

`PublishableAdminMixin` replaces `VersionedAdminMixin` in the bases of the admin of any
`Publishable` model. Its change form shows a panel (beside the fields on wide screens, at
the top on narrow ones) with a status badge and the buttons the user's role allows. Each
button is a submit button of the change form: the form is saved through the workflow as
usual, then the button's workflow function (publish, schedule, submit...) runs, and its
permission check, not the template, decides. A refusal is a message, never an error page.
"""

import dataclasses
from datetime import UTC

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .. import workflow
from ..models import PUBLISHED, PreviewLink
from .common import _url
from .desk import DeskFilter
from .times import long_when, relative
from .versioned import VersionedAdminMixin

# The panel's buttons, by the name each submits; the first one present wins.
ACTIONS = ("_publish", "_schedule", "_set_expiry", "_clear_expiry", "_unpublish", "_archive")
CONTRIBUTOR_ACTIONS = ("_submit",)
PICKER_FORMAT = "%Y-%m-%dT%H:%M"


def requested_action(data):
    return next((name for name in (*ACTIONS, *CONTRIBUTOR_ACTIONS) if name in data), None)


@dataclasses.dataclass(frozen=True)
class Badge:
    kind: str  # draft, review, scheduled, live, expired, archived: the CSS modifier
    label: str
    detail: str = ""


def status_badge(item):
    """What state `item` is in, as the panel and the list show it."""
    if item is None or item.pk is None:
        return Badge("draft", "Draft", "Not saved yet")
    if item.is_scheduled:
        # "Scheduled for 7 Dec 2026, 09:00 (in 3 days)": whole days, as editors count them.
        when = date_format(timezone.localtime(item.published_at), "j M Y, H:i")
        return Badge("scheduled", f"Scheduled for {when} ({relative(item.published_at)})")
    if item.is_expired:
        return Badge("expired", item.state_label())
    if item.status == PUBLISHED:
        return Badge("live", "Live", item.expiry_label())
    kind = {"in_review": "review", "archived": "archived"}.get(item.status, "draft")
    return Badge(kind, item.get_status_display())


def badge_html(item):
    badge = status_badge(item)
    detail = format_html('<span class="status-detail">{}</span>', badge.detail)
    return format_html(
        '<span class="status-badge status-badge--{}">{}</span>{}',
        badge.kind,
        badge.label,
        detail if badge.detail else "",
    )


def picker(**attrs):
    """A native date and time picker; its value is read in the site's time zone."""
    return forms.DateTimeInput(attrs={"type": "datetime-local", **attrs}, format=PICKER_FORMAT)


class PanelFormMixin(forms.Form):
    """The panel's two pickers, checked only when their button was pressed."""

    go_live_at = forms.DateTimeField(required=False, label="Go live at", widget=picker())
    expire_at = forms.DateTimeField(
        required=False, label="Take it off the site at", widget=picker()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        if item.pk and item.is_scheduled:
            self.fields["go_live_at"].initial = timezone.localtime(item.published_at)
        if item.pk and item.expires_at:
            self.fields["expire_at"].initial = timezone.localtime(item.expires_at)

    def clean(self):
        cleaned = super().clean()
        action = requested_action(self.data)
        now = timezone.now()
        # Kept in UTC, as the database returns them: a revision of a time read in Karachi
        # would otherwise differ from the same time read back, and count as an edit.
        for name in ("go_live_at", "expire_at"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].astimezone(UTC)
        go_live_at, expire_at = cleaned.get("go_live_at"), cleaned.get("expire_at")
        if action == "_schedule" and "go_live_at" not in self.errors:
            if go_live_at is None:
                self.add_error("go_live_at", "Choose the date and time it should go live.")
            elif go_live_at <= now:
                self.add_error("go_live_at", "Choose a time in the future, or press Publish now.")
        if action == "_set_expiry" and "expire_at" not in self.errors:
            published_at = self.instance.published_at if self.instance.pk else None
            if expire_at is None:
                self.add_error("expire_at", "Choose the date and time it should leave the site.")
            elif expire_at <= now:
                self.add_error(
                    "expire_at",
                    "Choose a time in the future. To take it off the site now, press Unpublish.",
                )
            elif published_at and expire_at <= published_at:
                self.add_error(
                    "expire_at",
                    f"This is before it is published ({long_when(published_at)}). "
                    "Choose a later time.",
                )
        return cleaned


class PublishableAdminMixin(VersionedAdminMixin):
    def get_list_filter(self, request):
        # The desk's "see all" links (publishing/dashboard.py) filter every type's list.
        filters = list(super().get_list_filter(request))
        return filters if DeskFilter in filters else [DeskFilter, *filters]

    """The publishing panel and its buttons; revisions, history and the trash as before."""

    publishing_template = "admin/publishing/change_form.html"

    # The form -------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (PanelFormMixin, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        opts = self.opts
        if self.change_form_template is None:
            # The model's own template first (it may extend the panel's), then the panel's.
            self.change_form_template = [
                f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
                f"admin/{opts.app_label}/change_form.html",
                self.publishing_template,
            ]
        context["publishing_panel"] = self.publishing_panel(request, obj, context)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publishing_panel(self, request, obj, context):
        """What the panel shows `request.user` for `obj` (None on the add form)."""
        user = request.user
        editor = workflow.may_publish(user, self.model)
        can_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        status = obj.status if obj else "draft"
        live = bool(obj and obj.is_live)
        return {
            "badge": status_badge(obj),
            "can_save": can_save and not context.get("is_popup"),
            "save_label": "Save draft" if status == "draft" else "Save",
            "saves_live": bool(obj and (live or obj.is_scheduled)),
            "preview_url": self._admin_url(obj, "preview"),
            "public_url": obj.get_absolute_url() if live else None,
            "submit": not editor and status == "draft",
            "publish": editor and not live and not (obj and obj.is_expired),
            "schedule": editor and not live and not (obj and obj.is_expired),
            "scheduled": bool(obj and obj.is_scheduled),
            "expiry": editor,
            "expires_at": obj.expires_at if obj else None,
            "unpublish": editor and status in (PUBLISHED, "archived"),
            "unpublish_label": (
                "Unschedule"
                if obj and obj.is_scheduled
                else "Back to draft"
                if status == "archived"
                else "Unpublish"
            ),
            "archive": editor and status == PUBLISHED,
            "zone": timezone.get_current_timezone_name(),
        }

    def _admin_url(self, obj, view):
        if obj is None:
            return None
        try:
            return reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}",
                args=[obj.pk],
            )
        except NoReverseMatch:
            return None

    # Saving, then the button's move -----------------------------------------------------

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = requested_action(request.POST)
        if action:
            request.publishing_result = (action, self._move(request, form, action))

    def _move(self, request, form, action):
        """Run the pressed button's workflow function; the refusal, if any, as text."""
        item, user, now = form.instance, request.user, timezone.now()
        moves = {
            "_publish": lambda: workflow.publish(
                item, user, at=now if item.published_at and item.published_at > now else None
            ),
            "_schedule": lambda: workflow.schedule(item, user, form.cleaned_data["go_live_at"]),
            "_set_expiry": lambda: workflow.set_expiry(item, user, form.cleaned_data["expire_at"]),
            "_clear_expiry": lambda: workflow.set_expiry(item, user, None),
            "_unpublish": lambda: workflow.unpublish(item, user),
            "_archive": lambda: workflow.archive(item, user),
            "_submit": lambda: workflow.submit(item, user),
        }
        try:
            moves[action]()
        except (PermissionDenied, ValidationError) as refused:
            text = " ".join(refused.messages) if isinstance(refused, ValidationError) else refused
            return str(text) or "You may not do that."
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if IS_POPUP_VAR in request.POST or not hasattr(request, "publishing_result"):
            return super().response_add(request, obj, post_url_continue)
        return self._after_move(request, obj)

    def response_change(self, request, obj):
        if IS_POPUP_VAR in request.POST or not hasattr(request, "publishing_result"):
            return super().response_change(request, obj)
        return self._after_move(request, obj)

    def _after_move(self, request, obj):
        action, refusal = request.publishing_result
        if refusal:
            self.message_user(
                request,
                f"Your changes were saved, but {refusal[0].lower()}{refusal[1:]}",
                messages.ERROR,
            )
        else:
            obj.refresh_from_db()
            self.message_user(request, self.moved_message(action, obj), messages.SUCCESS)
        return self._back_to_form(request, obj)

    def _back_to_form(self, request, obj):
        return HttpResponseRedirect(
            add_preserved_filters(
                {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
                _url(self.admin_site, obj),
            )
        )

    def moved_message(self, action, item):
        """What the editor is told once a button's move is done."""
        messages_for = {
            "_set_expiry": lambda: format_html(
                "“{}” will leave the site on {}, {}.",
                item,
                long_when(item.expires_at),
                relative(item.expires_at),
            ),
            "_clear_expiry": lambda: format_html(
                "“{}” has no expiry date: it stays on the site.", item
            ),
            "_unpublish": lambda: format_html(
                "“{}” is back to draft: readers no longer see it.", item
            ),
            "_archive": lambda: format_html("“{}” is archived: off the site, kept here.", item),
            "_submit": lambda: format_html(
                "“{}” is submitted for review: an editor will check and publish it.", item
            ),
        }
        if action in messages_for:
            return messages_for[action]()
        if item.is_live:
            return format_html(
                '“{}” is now live. <a href="{}">View it on the site</a>.',
                item,
                item.get_absolute_url(),
            )
        if item.is_scheduled:
            return format_html(
                "“{}” will go live on {}, {}. Until then readers do not see it.",
                item,
                long_when(item.published_at),
                relative(item.published_at),
            )
        return format_html(
            "“{}” is published, but its expiry date has passed, so readers do not see it. "
            "Clear the expiry to show it.",
            item,
        )

    # Preview links: revoking one is a button of its own --------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_preview_link_view),
                name="{}_{}_revoke_preview_link".format(*info),
            ),
            *super().get_urls(),
        ]

    def revoke_preview_link_view(self, request, object_id, link_id):
        """POST: stop one preview link working, leaving the rest of the form unsaved."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        link = PreviewLink.objects.for_item(obj).filter(pk=link_id).first()
        if link is None:
            self.message_user(request, "That preview link no longer exists.", messages.WARNING)
        else:
            try:
                workflow.revoke_preview_link(link, request.user)
            except PermissionDenied as refused:
                self.message_user(request, str(refused), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"The preview link for {link.note} is revoked: it no longer works.",
                    messages.SUCCESS,
                )
        return self._back_to_form(request, obj)
