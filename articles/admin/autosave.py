"""Autosave: an editor's unsaved article form, kept in the background.

static/js/autosave.js posts the form here every few seconds while it changes.
Nothing is applied: reopening the form offers the copy; saving discards it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse, QueryDict
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ..models import ArticleAutosave


class AutosaveMixin:
    AUTOSAVE_IGNORED = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother"}

    def autosave_urls(self):
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave_add",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
        ]

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = None
        if object_id is not None:
            article = self.get_object(request, object_id)
            if article is None or not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        data = {
            name: request.POST.getlist(name)
            for name in request.POST
            if name not in self.AUTOSAVE_IGNORED
        }
        draft, _ = ArticleAutosave.objects.update_or_create(
            user=request.user, article=article, defaults={"data": data}
        )
        saved = date_format(timezone.localtime(draft.saved_at), "H:i:s")
        return JsonResponse(
            {"saved_at": draft.saved_at.isoformat(), "message": f"Unsaved changes kept at {saved}."}
        )

    def _autosave_for(self, request, article):
        draft = ArticleAutosave.objects.filter(user=request.user, article=article).first()
        if draft and (article is None or draft.saved_at > article.updated_at):
            return draft
        return None

    def _offer_autosave(self, request, article):
        draft = self._autosave_for(request, article)
        if draft is None or request.GET.get("restore_autosave"):
            return
        when = date_format(timezone.localtime(draft.saved_at), "j M Y, H:i")
        self.message_user(
            request,
            format_html(
                "You have unsaved changes to this form from {}. "
                '<a href="?restore_autosave=1">Restore them</a> (check the form, then save), '
                "or carry on: they are discarded when you save.",
                when,
            ),
            messages.WARNING,
        )

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET":
            self._offer_autosave(request, None)
        return super().add_view(request, form_url, extra_context)

    def _restored_form(self, request, form, article):
        """The form class bound to the autosaved copy, when the editor asked for it."""
        draft = self._autosave_for(request, article)
        if request.method != "GET" or not request.GET.get("restore_autosave") or draft is None:
            return form
        data = QueryDict(mutable=True)
        for name, values in draft.data.items():
            data.setlist(name, values)

        class RestoredForm(form):
            def __init__(self, *args, **kwargs):
                if not args and kwargs.get("data") is None:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        return RestoredForm

    def _discard_autosave(self, request, article):
        """Saved for real: the background copy of this form has served its purpose."""
        ArticleAutosave.objects.filter(user=request.user, article=article).delete()
