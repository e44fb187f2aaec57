"""What the admin of any publishable model shares: who may do what, the state actions,
and the preview of an unpublished item.

`PublishableRulesMixin` goes before `PublishableAdminMixin` (the panel, panel.py) in
the bases. The rules are the workflow's (publishing/workflow.py), which checks them again
on every change: editors hold `<app>.publish_<model>`; contributors (staff without it)
edit their own work and submit it for review. The admin asks the same functions only to
decide what to show.
"""

from .. import workflow
from .actions import PublishingActionsMixin
from .previews import PreviewAdminMixin


class PublishableRulesMixin(PublishingActionsMixin, PreviewAdminMixin):
    """The list's state actions (actions.py) and the preview page (previews.py), with the
    rules for who may use them."""

    # The fields only editors may change; contributors see them read-only.
    editor_only_fields = ("published_at", "expires_at")

    # Who may do what ---------------------------------------------------------------

    def can_publish(self, request):
        return workflow.may_publish(request.user, self.model)

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return workflow.may_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "publication"]
        if not self.can_publish(request):
            fields += [name for name in self.editor_only_fields if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.can_publish(request) and "status" in form.base_fields:
            # A forged POST of "published" fails validation like any other bad choice.
            status = form.base_fields["status"]
            status.choices = [
                (value, label)
                for value, label in self.model.Status.choices
                if value in self.model.CONTRIBUTOR_STATUSES
            ]
            status.help_text = (
                "Choose “In review” when it is ready: an editor will review and publish it."
            )
        return form
