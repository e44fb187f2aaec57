"""Mailings in the admin: compose, preview, test, schedule, send, and follow the counts.

A sent mailing (and every digest) is read-only: the page shows its deliveries by state, and
"Send again" when some failed. "Send digest now" on the list runs the topic digest at once.
"""

import base64
import hashlib
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from articles.models import Article
from tasks.email import enqueue_email

from . import mail_render
from .delivery import audience_of, send_again, start_sending
from .digest import send_digest
from .mailing_forms import (
    SCHEDULE,
    SEND_NOW,
    SEND_TEST,
    UNSCHEDULE,
    MailingArticleFormSet,
    MailingForm,
    action_of,
)
from .models import Delivery, Mailing, MailingArticle

STYLE_RE = re.compile(r'style="([^"]*)"')


class MailingArticleInline(admin.TabularInline):
    model = MailingArticle
    formset = MailingArticleFormSet
    fields = ["position", "article"]
    autocomplete_fields = ["article"]
    extra = 1
    verbose_name_plural = "articles, in order (published ones only)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.action = action_of(request)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.published()
            kwargs["error_messages"] = {
                "invalid_choice": "Only published articles can go in a mailing: publish it first."
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_sent) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_sent) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_sent) and super().has_delete_permission(request, obj)


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    form = MailingForm
    inlines = [MailingArticleInline]
    list_display = ["subject", "kind", "state", "delivered", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    filter_horizontal = ["topics"]
    change_form_template = "admin/newsletter/mailing/change_form.html"
    change_list_template = "admin/newsletter/mailing/change_list.html"
    COUNT_FIELDS = ["status", "sent_at", "delivery_counts", "preview"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_fieldsets(self, request, obj=None):
        message = ["subject", "introduction", "audience", "topics"]
        if obj is None or not obj.is_sent:
            return [
                (None, {"fields": message}),
                ("Schedule", {"fields": ["scheduled_for", "status"]}),
                ("Preview", {"fields": ["preview"]}),
            ]
        return [(None, {"fields": message}), ("Delivery", {"fields": self.COUNT_FIELDS})]

    def get_readonly_fields(self, request, obj=None):
        return self.COUNT_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.action, form.user = action_of(request), request.user
        return form

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_sent) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_sent) and super().has_delete_permission(request, obj)

    @admin.display(description="status", ordering="status")
    def state(self, mailing):
        if mailing.status == Mailing.Status.SCHEDULED and mailing.scheduled_for:
            return f"Scheduled for {_local(mailing.scheduled_for)}"
        if mailing.is_sent and mailing.sent_at:
            return f"Sent {_local(mailing.sent_at)}"
        return mailing.get_status_display()

    @admin.display(description="delivered")
    def delivered(self, mailing):
        total = sum(getattr(mailing, f"{state}_count") for state in Delivery.COUNTED)
        return f"{mailing.sent_count} of {total}" if mailing.is_sent else "—"

    @admin.display(description="deliveries")
    def delivery_counts(self, mailing):
        counts = mailing.deliveries.aggregate(**Delivery.count_expressions(prefix=""))
        return format_html(
            "Queued: {} · Sending: {} · Sent: {} · Failed: {} · Uncertain: {} · "
            "Skipped: {} · Unsubscribed since: {}",
            counts["queued_count"],
            counts["sending_count"],
            counts["sent_count"],
            counts["failed_count"],
            counts["uncertain_count"],
            counts["skipped_count"],
            counts["unsubscribed_count"],
        )

    @admin.display(description="the email")
    def preview(self, mailing):
        if not mailing.pk:
            return "Save the draft to see the email as it will look."
        url = reverse("admin:newsletter_mailing_preview", args=[mailing.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the email as it will look</a> '
            "(as last saved)",
            url,
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("send-digest/", wrap(self.send_digest_view), name="newsletter_mailing_digest"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="newsletter_mailing_preview"),
            path(
                "<int:pk>/send-again/", wrap(self.send_again_view), name="newsletter_mailing_again"
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        status = {SCHEDULE: Mailing.Status.SCHEDULED, UNSCHEDULE: Mailing.Status.DRAFT}
        if new := status.get(action_of(request)):
            # Only drafts and scheduled mailings are saved here; sending has its own door.
            Mailing.objects.filter(pk=obj.pk, sent_at__isnull=True).update(status=new)
            obj.refresh_from_db(fields=["status"])

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        action = action_of(request)
        if action is None:
            return None
        if action == SEND_TEST:
            send_test(obj, request.user.email)
            self.message_user(
                request, f"A test was sent to {request.user.email}. It arrives within a minute."
            )
        elif action == SCHEDULE:
            self.message_user(request, f"Scheduled: it goes out {_local(obj.scheduled_for)}.")
        elif action == UNSCHEDULE:
            self.message_user(request, "No longer scheduled: it is a draft again.")
        elif action == SEND_NOW:
            count = audience_of(obj).count()
            start_sending(obj, request.user, f"To {count} subscriber{'s' if count != 1 else ''}")
            self.message_user(
                request,
                f"Sending to {count} subscribers. The counts below fill in as it goes out.",
                messages.SUCCESS,
            )
        change_url = reverse("admin:newsletter_mailing_change", args=[obj.pk])
        return HttpResponseRedirect(change_url)

    def preview_view(self, request, pk):
        mailing = get_object_or_404(Mailing, pk=pk)
        if not self.has_view_permission(request, mailing):
            raise PermissionDenied
        html = rendering_for(mailing).html
        return sandboxed(html)

    def send_digest_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return _send_digest(request, self)

    def send_again_view(self, request, pk):
        if not super().has_change_permission(request):
            raise PermissionDenied
        return _send_again(request, self, get_object_or_404(Mailing, pk=pk))


@require_POST
def _send_digest(request, model_admin):
    send_digest.enqueue(request.user.pk)
    model_admin.message_user(
        request,
        "The topic digest is on its way to every subscriber with new articles in their "
        "topics; those with nothing new get none. It appears in this list once queued.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(reverse("admin:newsletter_mailing_changelist"))


@require_POST
def _send_again(request, model_admin, mailing):
    count = send_again(mailing) if mailing.is_sent else 0
    if count is None:
        model_admin.message_user(
            request, "Some messages are still going out: wait until they finish.", messages.ERROR
        )
    elif count:
        model_admin.message_user(
            request,
            f"Sending again to the {count} recipients whose message failed. "
            "Nobody who got it already gets a second copy.",
            messages.SUCCESS,
        )
    else:
        model_admin.message_user(request, "No failed messages to send again.", messages.WARNING)
    return HttpResponseRedirect(reverse("admin:newsletter_mailing_change", args=[mailing.pk]))


def rendering_for(mailing):
    """The email as recipients see it: the published articles (a digest's first recipient's)."""
    if mailing.kind == Mailing.Kind.DIGEST:
        first = mailing.deliveries.order_by("pk").first()
        ids = first.article_ids if first else []
        live = Article.objects.published().in_bulk(ids)
        articles = [live[i] for i in ids if i in live]
    else:
        live = Article.objects.published()
        links = mailing.article_links.filter(article__in=live).select_related("article")
        articles = [link.article for link in links]
    return mail_render.render(mailing, articles)


def send_test(mailing, address):
    rendered = rendering_for(mailing)
    link = mail_render.absolute(reverse("newsletter:subscribe"))
    enqueue_email(mail_render.personalise(rendered, address, link, subject_prefix="[Test] "))


def sandboxed(html):
    """The email as a page of its own: no scripts, nothing loaded from elsewhere, and only
    the email's own inline styles allowed, by hash (the site's policy has no unsafe-inline)."""
    hashes = sorted({_csp_hash(style) for style in STYLE_RE.findall(html)})
    policy = {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-hashes'", *hashes],
        "img-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
        "sandbox": True,
    }

    @csp_override(policy)
    def page(html):
        response = HttpResponse(html)
        response["Cache-Control"] = "no-store"
        return response

    return page(html)


def _csp_hash(style):
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def _local(moment):
    return date_format(timezone.localtime(moment), "j M Y, H:i")
