"""The workflow functions, called directly as a command, an import or a future API would."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent
from publishing import workflow
from revisions.models import Revision, TrashedItem
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def events(item):
    return list(AuditEvent.objects.for_object(item).values_list("action", flat=True))


def revision_labels(item):
    return list(Revision.objects.for_object(item).values_list("description", flat=True))


@pytest.fixture
def own_draft(staff_user):
    return ArticleFactory(draft=True, authors=[staff_user.person])


class TestPermissions:
    @pytest.mark.parametrize(
        "move",
        [
            workflow.publish,
            workflow.unpublish,
            workflow.archive,
            lambda item, user: workflow.schedule(item, user, timezone.now() + timedelta(days=1)),
            lambda item, user: workflow.set_expiry(item, user, timezone.now() + timedelta(days=1)),
            lambda item, user: workflow.send_back(item, user, "Shorter, please."),
            lambda item, user: workflow.add_correction(item, user, "A date was wrong."),
        ],
    )
    def test_a_contributor_may_not_publish_by_calling_the_workflow(
        self, move, staff_user, own_draft
    ):
        with pytest.raises(PermissionDenied):
            move(own_draft, staff_user)
        own_draft.refresh_from_db()
        assert own_draft.status == Article.Status.DRAFT
        assert events(own_draft) == []

    def test_a_contributor_may_not_save_their_draft_as_published(self, staff_user, own_draft):
        own_draft.status = Article.Status.PUBLISHED
        with pytest.raises(PermissionDenied):
            workflow.save(own_draft, staff_user)
        assert Article.objects.get(pk=own_draft.pk).status == Article.Status.DRAFT

    def test_a_contributor_may_not_edit_someone_elses_article(self, staff_user):
        other = ArticleFactory(draft=True)
        other.title = "Mine now"
        with pytest.raises(PermissionDenied):
            workflow.save(other, staff_user)

    def test_a_contributor_submits_their_own_draft(self, staff_user, own_draft):
        outcome = workflow.submit(own_draft, staff_user)
        own_draft.refresh_from_db()
        assert own_draft.status == Article.Status.IN_REVIEW
        assert events(own_draft) == [Action.SUBMIT]
        assert outcome.tags == frozenset()  # readers see nothing change

    def test_a_contributor_may_not_trash_a_published_article_they_wrote(self, staff_user):
        article = ArticleFactory(authors=[staff_user.person])
        with pytest.raises(PermissionDenied):
            workflow.trash(article, staff_user)
        assert Article.objects.filter(pk=article.pk).exists()


class TestSystemUser:
    def test_commands_act_as_a_named_user_who_cannot_log_in(self, client):
        system = workflow.system_user()
        assert system.get_username() == workflow.SYSTEM_USERNAME
        assert not system.is_active and not system.has_usable_password()
        assert workflow.system_user() == system  # one, however often asked
        page = client.get("/admin/login/")
        response = client.post(
            "/admin/login/",
            {"username": workflow.SYSTEM_USERNAME, "password": "", "next": "/admin/"},
            headers={"cookie": page.headers.get("set-cookie", "")},
        )
        assert "_auth_user_id" not in client.session
        assert response.status_code in (200, 403)

    def test_the_audit_log_names_it(self):
        article = ArticleFactory(draft=True)
        workflow.publish(article, workflow.system_user())
        event = AuditEvent.objects.for_object(article).get()
        assert event.user.get_username() == workflow.SYSTEM_USERNAME

    def test_an_active_user_with_the_same_name_gets_no_special_rights(self, django_user_model):
        impostor = django_user_model.objects.create_user(workflow.SYSTEM_USERNAME, password="x")
        with pytest.raises(PermissionDenied):
            workflow.publish(ArticleFactory(draft=True), impostor)


class TestStates:
    def test_publishing_records_when_and_tags_what_readers_now_see(self, editor):
        topic, region, person = TopicFactory(), RegionFactory(), PersonFactory()
        article = ArticleFactory(draft=True, topics=[topic], regions=[region], authors=[person])
        outcome = workflow.publish(article, editor)
        article.refresh_from_db()
        assert article.is_live
        assert article.first_published_at == article.last_published_at == article.published_at
        assert events(article) == [Action.PUBLISH]
        assert revision_labels(article)[0] == "Published"
        assert outcome.tags == {
            f"article:{article.pk}",
            "list:articles",
            # The lists it joins; the topic's, region's and person's own tags are for their
            # names, which did not change.
            f"topic-items:{topic.pk}",
            f"region-items:{region.pk}",
            f"person-items:{person.pk}",
            "search",
        }

    def test_scheduling_in_the_past_is_refused(self, editor):
        with pytest.raises(ValidationError):
            workflow.schedule(ArticleFactory(draft=True), editor, timezone.now())

    def test_scheduling_records_a_schedule(self, editor):
        article = ArticleFactory(draft=True)
        workflow.schedule(article, editor, timezone.now() + timedelta(days=2))
        assert article.is_scheduled
        assert events(article) == [Action.SCHEDULE]

    def test_an_expiry_before_publication_is_refused_and_changes_nothing(self, editor):
        article = ArticleFactory()
        with pytest.raises(ValidationError):
            workflow.set_expiry(article, editor, article.published_at - timedelta(hours=1))
        assert article.expires_at is None
        article.refresh_from_db()
        assert article.expires_at is None and events(article) == []

    def test_setting_and_clearing_an_expiry_is_audited(self, editor):
        article = ArticleFactory()
        workflow.set_expiry(article, editor, timezone.now() + timedelta(days=1))
        workflow.set_expiry(article, editor, None)
        article.refresh_from_db()
        assert article.expires_at is None
        assert events(article) == [Action.EXPIRY, Action.EXPIRY]

    def test_sending_back_needs_a_reason_and_records_it(self, editor):
        article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
        with pytest.raises(ValidationError):
            workflow.send_back(article, editor, "  ")
        workflow.send_back(article, editor, "Cut the second section.")
        assert article.status == Article.Status.DRAFT
        event = AuditEvent.objects.for_object(article).get()
        assert (event.action, event.detail) == (Action.SEND_BACK, "Cut the second section.")

    def test_a_move_that_changes_nothing_records_nothing(self, editor):
        article = ArticleFactory()
        outcome = workflow.publish(article, editor)
        assert not outcome.changed and outcome.tags == frozenset()
        assert events(article) == []

    def test_unpublishing_tags_the_pages_that_showed_it(self, editor):
        article = ArticleFactory()
        outcome = workflow.unpublish(article, editor)
        assert f"article:{article.pk}" in outcome.tags
        assert events(article) == [Action.UNPUBLISH]

    def test_the_audit_event_and_the_revision_are_one_transaction(self, editor):
        article = ArticleFactory(draft=True)
        with (
            mock.patch("publishing.workflow.record", side_effect=RuntimeError("audit down")),
            pytest.raises(RuntimeError),
        ):
            workflow.publish(article, editor)
        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
        assert revision_labels(article) == []


class TestSaving:
    def test_the_first_save_of_an_old_item_keeps_it_as_it_was(self, editor):
        article = ArticleFactory(title="Before")
        article.title = "After"
        workflow.save(article, editor, description="Changed Title.")
        assert revision_labels(article) == [
            "Changed Title.",
            "As it was before its history was kept",
        ]

    def test_editing_a_live_item_is_audited_and_a_draft_is_not(self, editor):
        live, draft = ArticleFactory(), ArticleFactory(draft=True)
        for article in (live, draft):
            article.summary = "A new summary."
            workflow.save(article, editor)
        assert events(live) == [Action.EDIT]
        assert events(draft) == []

    def test_a_draft_edit_touches_no_cached_page(self, editor):
        draft = ArticleFactory(draft=True)
        draft.title = "Still a draft"
        assert workflow.save(draft, editor).tags == frozenset()


class TestTrashAndRevisions:
    def test_trash_and_restore_bring_back_the_same_item(self, editor, staff_user):
        topic = TopicFactory()
        article = ArticleFactory(topics=[topic])
        pk = article.pk
        assert f"article:{pk}" in workflow.trash(article, editor).tags
        assert not Article.objects.filter(pk=pk).exists()
        trashed = TrashedItem.objects.get()
        with pytest.raises(PermissionDenied):
            workflow.restore_from_trash(trashed, staff_user)
        outcome = workflow.restore_from_trash(trashed, workflow.system_user())
        assert outcome.item.pk == pk and list(outcome.item.topics.all()) == [topic]
        assert events(outcome.item) == [Action.RESTORE_FROM_TRASH, Action.TRASH]

    def test_restoring_a_revision_keeps_the_state(self, editor):
        article = ArticleFactory(title="First")
        article.title = "Second"
        workflow.save(article, editor)
        first = Revision.objects.for_object(article).last()
        workflow.unpublish(article, editor)
        workflow.restore_revision(article, first, editor)
        article.refresh_from_db()
        assert (article.title, article.status) == ("First", Article.Status.DRAFT)


class TestPreviewLinksAndCorrections:
    def test_a_link_is_audited_and_revoking_it_stops_it(self, editor, client):
        draft = ArticleFactory(draft=True)
        link = workflow.create_preview_link(
            draft, editor, note="Co-author", expires_at=timezone.now() + timedelta(days=1)
        ).item
        assert client.get(link.get_absolute_url()).status_code == 200
        workflow.revoke_preview_link(link, editor)
        assert client.get(link.get_absolute_url()).status_code == 410
        assert events(draft) == [Action.REVOKE_PREVIEW_LINK, Action.PREVIEW_LINK]

    def test_a_link_must_end_in_the_future(self, editor):
        with pytest.raises(ValidationError):
            workflow.create_preview_link(
                ArticleFactory(draft=True), editor, note="x", expires_at=timezone.now()
            )

    def test_a_correction_is_audited_and_shown(self, editor, client):
        article = ArticleFactory()
        workflow.add_correction(article, editor, "The visit was in May, not June.")
        assert events(article) == [Action.CORRECTION]
        assert "not June" in client.get(article.get_absolute_url()).text


class TestUpdates:
    def test_posting_editing_and_deleting_an_update_is_audited(self, staff_user):
        update = UpdateFactory.build(author=staff_user.person, body="Our fellow testified.")
        assert "list:updates" in workflow.save(update, staff_user).tags
        update.body = "Our fellow testified before the committee."
        workflow.save(update, staff_user)
        pk = update.pk
        workflow.trash(update, staff_user)
        assert list(
            AuditEvent.objects.filter(object_id=str(pk)).values_list("action", flat=True)
        ) == [Action.TRASH, Action.EDIT, Action.PUBLISH]
        assert TrashedItem.objects.filter(object_repr__startswith="Our fellow").exists()

    def test_staff_may_not_edit_someone_elses_update(self, staff_user):
        update = UpdateFactory()
        update.body = "Changed"
        with pytest.raises(PermissionDenied):
            workflow.save(update, staff_user)


def test_a_bulk_load_publishes_each_at_its_time_and_audits_each(editor):
    now = timezone.now()
    items = [Article(title=f"Bulk {n}", slug=f"bulk-{n}") for n in range(3)]
    workflow.bulk_create(items, editor, [now - timedelta(days=1), None, now + timedelta(days=1)])
    states = list(Article.objects.order_by("slug").values_list("status", flat=True))
    assert states == ["published", "draft", "published"]
    assert list(Article.objects.published().values_list("slug", flat=True)) == ["bulk-0"]
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        Action.PUBLISH,
        Action.SCHEDULE,
    ]
