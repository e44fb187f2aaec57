"""A redirect: an old path on this site that answers 301 with a new one."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .paths import MAX_PATH, check_path, normalise

MAX_CHAIN = 20  # hand-made chains longer than this are refused as if they looped
MAX_DEPTH = 8  # folders above a path that may hold its redirect


def _ancestors(path):
    """The folders above `path`, nearest first, never the site's root."""
    cuts = [i for i, char in enumerate(path[:-1]) if char == "/" and i > 0]
    return [path[: i + 1] for i in reversed(cuts)][:MAX_DEPTH]


class RedirectQuerySet(models.QuerySet):
    def target_of(self, path):
        """The path a redirect sends `path` to, or None: one indexed lookup."""
        return self.filter(old_path=path).values_list("new_path", flat=True).first()

    def destination(self, path):
        """Where a request for `path` goes, or None, in one indexed look-up.

        A redirect from a path ending in "/" to another such path also takes what is
        under it (a moved article's /pdf/ and cite.bib): the longest match wins.
        """
        if any(ord(char) < 32 or ord(char) == 127 for char in path):
            # No stored path holds a control character (they are refused), and PostgreSQL
            # refuses a NUL in a query: such an address was never moved.
            return None
        candidates = [path, *_ancestors(path)]
        found = dict(self.filter(old_path__in=candidates).values_list("old_path", "new_path"))
        for candidate in candidates:
            target = found.get(candidate)
            if target is None:
                continue
            if candidate == path:
                return target
            if target.endswith("/"):
                return target + path[len(candidate) :]
        return None

    def final_target(self, path):
        """Where `path` ends up after following redirects (itself if none): None if the
        chain comes back to where it started or never ends."""
        seen = {path}
        for _ in range(MAX_CHAIN):
            target = self.target_of(path)
            if target is None:
                return path
            if target in seen:
                return None
            seen.add(target)
            path = target
        return None

    def point(self, old_path, new_path, *, source):
        """Make `old_path` redirect to `new_path` (after checking both), keeping chains one
        step long: redirects that led to `old_path` now lead to the new path too."""
        redirect = self.filter(old_path=normalise(old_path)).first() or Redirect()
        redirect.old_path, redirect.new_path, redirect.source = old_path, new_path, source
        redirect.full_clean()
        redirect.save_collapsed()
        return redirect

    def moved(self, old_path, new_path):
        """Something readers have seen moved from `old_path` to `new_path`.

        Its new address is live, so a redirect away from it is dropped: renaming back
        (A→B, then B→A) removes A→B instead of making a loop.
        """
        with transaction.atomic():
            self.filter(old_path=normalise(new_path)).delete()
            return self.point(old_path, new_path, source=Redirect.Source.AUTOMATIC)


class Redirect(models.Model):
    class Source(models.TextChoices):
        AUTOMATIC = "automatic", "Address changed"
        BY_HAND = "by_hand", "Added by hand"
        IMPORTED = "imported", "Imported"

    old_path = models.CharField(
        "old address",
        max_length=MAX_PATH,
        unique=True,  # the index the lookup on every not-found page uses
        help_text="The path readers may still have, starting with “/”: /articles/old-title/.",
    )
    new_path = models.CharField(
        "new address",
        max_length=MAX_PATH,
        help_text="Where they are sent instead: a path on this site, starting with “/”. "
        "A query string readers add to the old address is kept.",
    )
    source = models.CharField(
        "how it was made", max_length=20, choices=Source.choices, default=Source.BY_HAND
    )
    created_at = models.DateTimeField("made", auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        indexes = [models.Index(fields=["new_path"], name="redirect_new_path_idx")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def get_absolute_url(self):
        return self.old_path

    def save_collapsed(self):
        """Save, keeping chains one step long (checked by `full_clean` first)."""
        with transaction.atomic():
            others = Redirect.objects.exclude(pk=self.pk) if self.pk else Redirect.objects.all()
            self.new_path = others.final_target(self.new_path) or self.new_path
            self.save()
            others.filter(new_path=self.old_path).update(new_path=self.new_path)

    def clean(self):
        self.old_path, self.new_path = normalise(self.old_path), normalise(self.new_path)
        errors = {}
        for name, label, target in (
            ("old_path", "old address", False),
            ("new_path", "new address", True),
        ):
            try:
                check_path(getattr(self, name), label=label, target=target)
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
        self._refuse_loops()

    def _refuse_loops(self):
        if self.new_path.split("#")[0].split("?")[0] == self.old_path:
            raise ValidationError({"new_path": "The new address is the same as the old one."})
        others = Redirect.objects.exclude(pk=self.pk) if self.pk else Redirect.objects.all()
        end = others.final_target(self.new_path)
        if end is None or end == self.old_path:
            raise ValidationError(
                {
                    "new_path": f"This would make a loop: {self.new_path} already leads back "
                    f"to {self.old_path}, so readers would go round in circles. Delete or "
                    f"change that redirect first."
                }
            )
