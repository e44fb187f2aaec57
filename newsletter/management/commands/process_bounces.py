import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsletter.bounces import Tally, Unreadable, read_address_list, read_report, record


class Command(BaseCommand):
    help = (
        "Stop sending to addresses that bounce or whose readers reported us as spam. "
        "Give a folder of bounce messages (delivery-status notifications) and spam reports "
        "(ARF), or a text file of bouncing addresses, one a line. Failures for now (4.x.x) "
        "mark nothing; unknown addresses and unreadable files are reported and skipped. "
        "Running it again on the same input changes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            help="Folders of messages (one message a file; a Maildir works) or address lists.",
        )
        parser.add_argument(
            "--move-to",
            type=Path,
            help="Move each message read into this folder, so the next run does not read it "
            "again (and an address an editor cleared is not marked again by an old report).",
        )

    def handle(self, *args, paths, move_to=None, **options):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        if move_to:
            move_to.mkdir(parents=True, exist_ok=True)
        tally = Tally()
        for path in paths:
            if path.is_dir():
                for message in message_files(path, skip=move_to):
                    self.read_message(message, tally, move_to)
            else:
                self.read_list(path, tally)
        self.summarise(tally)

    def read_message(self, path, tally, move_to):
        try:
            findings = read_report(path.read_bytes())
        except Exception as error:  # Whatever is in the folder, the others still count.
            reason = str(error) if isinstance(error, Unreadable) else f"unreadable ({error!r})"
            self.skip(path, reason, tally)
            return
        with transaction.atomic():
            record(findings, tally)
        if move_to:
            shutil.move(path, unique_name(move_to / path.name))

    def read_list(self, path, tally):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.skip(path, f"unreadable ({error})", tally)
            return
        findings, problems = read_address_list(text, path.name)
        for problem in problems:
            self.stderr.write(f"Skipped {problem}")
        tally.unreadable += problems
        with transaction.atomic():
            record(findings, tally)

    def skip(self, path, reason, tally):
        self.stderr.write(f"Skipped {path}: {reason}")
        tally.unreadable.append(str(path))

    def summarise(self, tally):
        for address in tally.unknown:
            self.stdout.write(f"Not a subscriber: {address}")
        self.stdout.write(
            "\n".join(
                [
                    f"Marked as bounced: {tally.bounced}",
                    f"Marked as reported as spam: {tally.complained}",
                    f"Marked before (unchanged): {tally.already}",
                    f"Soft bounces ignored (the mail server is still trying): {tally.soft}",
                    f"Other reports ignored (not a failure or complaint): {tally.other}",
                    f"Unknown addresses: {len(tally.unknown)}",
                    f"Unreadable: {len(tally.unreadable)}",
                ]
            )
        )


def message_files(folder, skip=None):
    """Every file under `folder` except hidden ones, a Maildir's unfinished deliveries (tmp/)
    and the folder messages are moved to."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if skip and path.resolve().is_relative_to(skip.resolve()):
            continue
        hidden = any(part.startswith(".") for part in relative.parts)
        if path.is_file() and not hidden and "tmp" not in relative.parts[:-1]:
            yield path


def unique_name(path):
    """`path`, or with a number added if a file of that name is there already."""
    candidate, number = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
