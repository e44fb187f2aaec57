"""Bounces and spam reports: `process_bounces` reads a bounce folder or a list of addresses,
and from then on mailings skip the addresses that failed for good or complained."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from newsletter.bounces import COMPLAINT, HARD, OTHER, SOFT, Unreadable, read_report
from newsletter.models import Subscriber
from tests.helpers.bounces import (
    delivery_report,
    hard_bounce,
    recipient,
    soft_bounce,
    spam_report,
)
from tests.helpers.factories import SubscriberFactory, TopicFactory

pytestmark = pytest.mark.django_db


def process(*paths, **options):
    """Run the command; its output and its complaints."""
    out, err = io.StringIO(), io.StringIO()
    call_command("process_bounces", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def summary(output):
    """The summary's counts by label, e.g. {"Marked as bounced": 1, …}."""
    lines = [line.rsplit(": ", 1) for line in output.splitlines() if line[-1:].isdigit()]
    return {label: int(count) for label, count in lines}


def folder(tmp_path, **messages):
    """A bounce folder holding `messages` (file name → bytes)."""
    path = tmp_path / "bounces"
    path.mkdir()
    for name, data in messages.items():
        (path / name).write_bytes(data)
    return path


def reload(*subscribers):
    for subscriber in subscribers:
        subscriber.refresh_from_db()


class TestReadingReports:
    def test_a_hard_bounce_names_the_recipient_status_and_diagnostic(self):
        [finding] = read_report(hard_bounce("Gone@Example.org"))
        assert finding.kind == HARD
        assert finding.addresses == ("Gone@Example.org",)
        assert finding.detail.startswith("Bounced (5.1.1): smtp; 550 5.1.1 <Gone@Example.org>")

    def test_a_soft_bounce_is_only_for_now(self):
        [finding] = read_report(soft_bounce("full@example.org"))
        assert finding.kind == SOFT

    def test_failed_with_a_temporary_status_is_still_soft(self):
        report = delivery_report(recipient("late@example.org", "failed", "4.4.7"))
        assert [f.kind for f in read_report(report)] == [SOFT]

    def test_a_report_of_delivery_is_no_failure(self):
        report = delivery_report(recipient("fine@example.org", "delivered", "2.0.0", ""))
        assert [f.kind for f in read_report(report)] == [OTHER]

    def test_the_original_recipient_comes_before_the_forwarding_address(self):
        block = recipient("reader@forwarded.example", original_to="reader@example.org")
        [finding] = read_report(delivery_report(block))
        assert finding.addresses == ("reader@example.org", "reader@forwarded.example")

    @pytest.mark.parametrize(
        "report",
        [
            spam_report("reader@example.org"),
            spam_report("reader@example.org", rcpt_to=False),
            spam_report("reader@example.org", rcpt_to=False, headers_only=True),
        ],
        ids=["original-rcpt-to", "attached-original", "attached-headers"],
    )
    def test_a_spam_report_names_the_reader_one_way_or_another(self, report):
        [finding] = read_report(report)
        assert finding.kind == COMPLAINT
        assert finding.addresses == ("reader@example.org",)
        assert finding.detail == "Reported as spam (abuse report from ExampleFBL/1.0)"

    def test_a_not_spam_report_is_no_complaint(self):
        [finding] = read_report(spam_report("reader@example.org", feedback_type="not-spam"))
        assert finding.kind == OTHER

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"\x00\xff\xfe garbage", "not an email message"),
            (b"From: a@example.org\r\nSubject: hello\r\n\r\nHi", "no multipart/report"),
            (
                b"Content-Type: multipart/report; report-type=disposition-notification;"
                b' boundary="b"\r\n\r\n--b--\r\n',
                "unknown type (disposition-notification)",
            ),
            (
                b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"'
                b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n--b--\r\n",
                "without its delivery-status part",
            ),
        ],
        ids=["garbage", "plain-email", "read-receipt", "no-status-part"],
    )
    def test_anything_else_is_unreadable_with_a_reason(self, data, reason):
        with pytest.raises(Unreadable, match=re.escape(reason)):
            read_report(data)


class TestTheCommandOnABounceFolder:
    def test_marks_hard_bounces_and_complaints_and_reports_the_rest(self, tmp_path):
        gone, full, annoyed, fine = (
            SubscriberFactory(email=e)
            for e in ["gone@example.org", "full@example.org", "annoyed@example.org", "ok@x.org"]
        )
        bounces = folder(
            tmp_path,
            **{
                "1.eml": hard_bounce("GONE@example.org"),
                "2.eml": soft_bounce("full@example.org"),
                "3.eml": spam_report("annoyed@example.org"),
                "4.eml": hard_bounce("stranger@example.org"),
                "5.eml": b"\x00\x01 not a message",
            },
        )
        out, err = process(bounces)
        assert summary(out) == {
            "Marked as bounced": 1,
            "Marked as reported as spam": 1,
            "Marked before (unchanged)": 0,
            "Soft bounces ignored (the mail server is still trying)": 1,
            "Other reports ignored (not a failure or complaint)": 0,
            "Unknown addresses": 1,
            "Unreadable": 1,
        }
        assert "Not a subscriber: stranger@example.org" in out
        assert f"Skipped {bounces / '5.eml'}: not an email message" in err
        reload(gone, full, annoyed, fine)
        assert gone.bounced_at and gone.complained_at is None
        assert gone.delivery_problem.startswith("Bounced (5.1.1): smtp; 550 5.1.1")
        assert annoyed.complained_at and annoyed.bounced_at is None
        assert annoyed.delivery_problem == "Reported as spam (abuse report from ExampleFBL/1.0)"
        assert full.bounced_at is None and full.delivery_problem == ""
        assert set(Subscriber.objects.deliverable()) == {full, fine}

    def test_a_report_about_several_recipients_marks_each_hard_failure(self, tmp_path):
        one, two, three = SubscriberFactory.create_batch(3)
        report = delivery_report(
            recipient(one.email),
            recipient(two.email, "delayed", "4.2.2", "smtp; 452 mailbox full"),
            recipient(three.email, status="5.2.1"),
        )
        out, _ = process(folder(tmp_path, dsn=report))
        assert summary(out)["Marked as bounced"] == 2
        assert summary(out)["Soft bounces ignored (the mail server is still trying)"] == 1
        reload(one, two, three)
        assert [bool(s.bounced_at) for s in (one, two, three)] == [True, False, True]
        assert three.delivery_problem.startswith("Bounced (5.2.1)")

    def test_running_twice_changes_nothing_more(self, tmp_path):
        gone = SubscriberFactory(email="gone@example.org")
        annoyed = SubscriberFactory(email="annoyed@example.org")
        bounces = folder(
            tmp_path, a=hard_bounce(gone.email), b=spam_report(annoyed.email), c=b"junk"
        )
        process(bounces)
        reload(gone, annoyed)
        first = [(s.bounced_at, s.complained_at, s.delivery_problem) for s in (gone, annoyed)]
        out, _ = process(bounces)
        counts = summary(out)
        assert counts["Marked as bounced"] == counts["Marked as reported as spam"] == 0
        assert counts["Marked before (unchanged)"] == 2
        reload(gone, annoyed)
        assert [(s.bounced_at, s.complained_at, s.delivery_problem) for s in (gone, annoyed)] == (
            first
        )

    def test_reads_a_maildir_but_not_its_unfinished_or_hidden_files(self, tmp_path):
        gone = SubscriberFactory()
        maildir = tmp_path / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True)
        (maildir / "new" / "1700000000.M1.host").write_bytes(hard_bounce(gone.email))
        (maildir / "tmp" / "1700000001.M2.host").write_bytes(b"half a mess")
        (maildir / ".dovecot.index").write_bytes(b"\x00binary")
        out, err = process(maildir)
        assert summary(out)["Marked as bounced"] == 1
        assert summary(out)["Unreadable"] == 0 and err == ""

    def test_move_to_takes_read_messages_out_of_the_folder_and_leaves_unreadable_ones(
        self, tmp_path
    ):
        gone = SubscriberFactory()
        bounces = folder(tmp_path, read=hard_bounce(gone.email), broken=b"junk")
        done = tmp_path / "done"
        out, _ = process(bounces, move_to=done)
        assert summary(out)["Marked as bounced"] == 1
        assert sorted(p.name for p in bounces.iterdir()) == ["broken"]
        assert [p.name for p in done.iterdir()] == ["read"]
        # An editor clears the address; the next run does not read the old report again.
        Subscriber.objects.filter(pk=gone.pk).update(bounced_at=None, delivery_problem="")
        out, _ = process(bounces, move_to=done)
        gone.refresh_from_db()
        assert gone.bounced_at is None

    def test_a_missing_path_is_an_error(self, tmp_path):
        with pytest.raises(CommandError, match="Not found"):
            process(tmp_path / "nowhere")


class TestTheCommandOnAnAddressList:
    def test_marks_each_listed_address_and_reports_strangers_and_nonsense(self, tmp_path):
        first = SubscriberFactory(email="first@example.org")
        second = SubscriberFactory(email="second@example.org")
        listed = tmp_path / "bounced.txt"
        listed.write_text(
            "# Bounces from the old mailing tool\n"
            "\n"
            "  First@Example.ORG  \n"
            "second@example.org  # the account was closed\n"
            "stranger@example.org\n"
            "not an address\n"
        )
        out, err = process(listed)
        counts = summary(out)
        assert counts["Marked as bounced"] == 2
        assert counts["Unknown addresses"] == 1
        assert counts["Unreadable"] == 1
        assert "bounced.txt, line 6: not an email address: 'not an address'" in err
        reload(first, second)
        assert first.bounced_at and second.bounced_at
        assert first.delivery_problem == "Bounced: listed in bounced.txt"
        assert summary(process(listed)[0])["Marked before (unchanged)"] == 2

    def test_a_binary_file_is_skipped_by_name(self, tmp_path):
        listed = tmp_path / "list.txt"
        listed.write_bytes(b"\xff\xfe\x00garbage")
        out, err = process(listed)
        assert f"Skipped {listed}: unreadable" in err
        assert summary(out)["Unreadable"] == 1


class TestDeliverable:
    def test_leaves_out_each_reason_not_to_send(self):
        now = timezone.now()
        fine = SubscriberFactory()
        SubscriberFactory(pending=True)
        SubscriberFactory(unsubscribed=True)
        SubscriberFactory(bounced_at=now, delivery_problem="Bounced (5.1.1)")
        SubscriberFactory(complained_at=now, delivery_problem="Reported as spam")
        assert list(Subscriber.objects.deliverable()) == [fine]

    def test_a_soft_bounce_keeps_the_address(self, tmp_path):
        full = SubscriberFactory()
        process(folder(tmp_path, soft=soft_bounce(full.email)))
        assert list(Subscriber.objects.deliverable()) == [full]

    def test_topic_audiences_skip_bounced_addresses_too(self):
        SubscriberFactory(bounced_at=timezone.now())
        fine = SubscriberFactory()
        assert list(Subscriber.objects.interested_in(TopicFactory())) == [fine]
