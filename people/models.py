from django.conf import settings
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from assets.images import WebImageField, validate_image
from assets.renditions import RenditionsMixin, Spec, focal_field
from assets.uploads import UploadPath
from core.cache import CacheTagged, ChangeTrackingQuerySet
from core.richtext import RichTextField
from taxonomy.models import Region, Topic

PHONE_RE = r"^\+?[0-9][0-9 ().-]{5,29}$"
validate_phone = RegexValidator(
    PHONE_RE, "Enter a phone number of digits, spaces and + ( ) - . only, e.g. +44 20 7946 0000."
)
validate_web_address = URLValidator(
    schemes=["https", "http"], message="Enter a web address starting with https://."
)


HONORIFICS = {"dr", "prof", "professor", "sir", "dame", "mr", "mrs", "ms", "mx"}


def index_name(name):
    """How the A–Z files a name: surname first ("Dr Amina Rahman" -> "Rahman, Amina")."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


class PersonQuerySet(ChangeTrackingQuerySet):
    def active(self):
        """People shown to readers: the directory and linked profiles."""
        return self.filter(is_active=True)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def with_expertise(self, topic):
        return self.filter(expertise=topic)

    def in_region(self, region):
        return self.filter(regions=region)

    def named(self, words):
        """People whose name holds every one of `words`, in any order."""
        qs = self
        for word in words.split()[:5]:
            qs = qs.filter(name__icontains=word)
        return qs

    def filed_under(self, letter):
        """The A–Z: people whose surname (index name) starts with `letter`."""
        return self.filter(index_name__istartswith=letter).order_by("index_name")


PORTRAIT_RENDITIONS = (Spec("square", (96, 192, 400), ratio=1),)


class Person(CacheTagged, RenditionsMixin, models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        FELLOW = "fellow", "Fellow"
        NON_RESIDENT_FELLOW = "non_resident_fellow", "Non-resident fellow"
        BOARD = "board", "Board"
        ALUMNI = "alumni", "Alumni"

    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=150,
        unique=True,
        help_text="The profile’s web address: /people/this-slug/. Filled in from the name.",
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='Job title as readers should see it, e.g. "Senior Fellow, Security Programme".',
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.FELLOW)
    index_name = models.CharField(
        "A–Z name",
        max_length=150,
        blank=True,
        help_text="How the directory's A–Z files this person, surname first, e.g. "
        '"Rahman, Amina". Filled in from the name when left empty.',
    )
    short_bio = models.TextField(
        max_length=500,
        blank=True,
        help_text="One or two sentences, shown in the directory and under articles.",
    )
    bio = RichTextField(blank=True, verbose_name="full biography")
    photo = WebImageField(
        upload_to=UploadPath("people"),
        blank=True,
        validators=[validate_image],
        width_field="photo_width",
        height_field="photo_height",
        help_text="A head-and-shoulders portrait, ideally square. JPEG, PNG or WebP.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_focal_x = focal_field("x")
    photo_focal_y = focal_field("y")
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    expertise = TaggableManager(
        through="PersonExpertise",
        blank=True,
        verbose_name="expertise",
        help_text="Topics this person can speak to; they are listed as experts on those topics.",
        ordering=["name"],
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="experts",
        verbose_name="regions of expertise",
        help_text="Parts of the world this person can speak to; they are listed as experts "
        "on those regions' pages.",
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        help_text="Languages they work and give interviews in, separated by commas, e.g. "
        '"English, French, Arabic".',
    )
    media_email = models.EmailField(
        blank=True,
        verbose_name="media enquiries email",
        help_text="Shown publicly for press requests. Leave empty to show none.",
    )
    phone = models.CharField(
        "media enquiries phone",
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text="Shown publicly for press requests, in international form, e.g. "
        "+44 20 7946 0000. Leave empty to show none.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The login account of a staff member, so they can post updates and edit "
        "their own profile.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to hide this person from the directory and their profile page.",
    )
    sort_order = models.PositiveIntegerField(
        default=100,
        help_text="Lower numbers come first in the directory; people with equal numbers are "
        "sorted by name.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    RENDITIONS = {"photo": (PORTRAIT_RENDITIONS, "photo")}

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["is_active", "sort_order", "name"], name="person_directory_idx"),
            models.Index(fields=["kind", "is_active"], name="person_kind_idx"),
            models.Index(fields=["is_active", "index_name"], name="person_a_to_z_idx"),
        ]
        permissions = [("change_own_person", "Can edit their own profile")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.index_name.strip():
            self.index_name = index_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    @property
    def language_list(self):
        return [language.strip() for language in self.languages.split(",") if language.strip()]

    @property
    def phone_uri(self):
        """The phone as a tel: link: digits and a leading + only."""
        digits = "".join(c for c in self.phone if c.isdigit())
        return f"tel:{'+' if self.phone.strip().startswith('+') else ''}{digits}"

    @property
    def initial(self):
        return (self.index_name or self.name)[:1].upper()

    def can_be_edited_by(self, user):
        if user.has_perm("people.change_person"):
            return True
        return (
            self.user_id is not None
            and self.user_id == user.pk
            and user.has_perm("people.change_own_person")
        )


class PersonExpertise(TaggedItemBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="expert_links")

    class Meta:
        verbose_name = "expertise"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_expertise")
        ]


class PersonLink(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        max_length=80, help_text='What readers see, e.g. "Google Scholar" or "Bluesky".'
    )
    url = models.URLField("address", max_length=500, validators=[validate_web_address])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "external link"

    def __str__(self):
        return self.label
