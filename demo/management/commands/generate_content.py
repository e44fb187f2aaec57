"""Generate a large, realistic data set for benchmarks and scale checks.

    manage.py generate_content --articles 100000 --people 2000 --updates 20000

Bulk inserts in batches, so 100,000 articles take minutes, not hours. The
content is random but shaped like the real thing: bodies of 500–1,500 words in
sections, two to four topics, one or two regions and one to three authors per
article, dates spread over fifteen years, a few drafts and scheduled pieces.
"""

import random
import sys
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleAuthor, ArticleTopic, Update, UpdateTopic
from people.models import Person, PersonExpertise
from publishing import workflow
from taxonomy.models import Region, Topic

BATCH = 1000
YEARS = 15

SUBJECTS = [
    "Pakistan",
    "Libya",
    "Egypt",
    "the Sahel",
    "the Gulf states",
    "Turkey",
    "Iran",
    "India",
    "Algeria",
    "Tunisia",
    "Sudan",
    "Saudi Arabia",
    "Qatar",
    "Afghanistan",
    "Morocco",
    "Jordan",
]
THEMES = [
    "defence cooperation",
    "counter-terrorism",
    "arms exports",
    "military diplomacy",
    "maritime security",
    "energy security",
    "border security",
    "peacekeeping",
    "civil conflict",
    "nuclear policy",
    "drone warfare",
    "security sector reform",
]
TITLE_FORMS = [
    "{a} and {b}: the limits of {t}",
    "Why {t} matters for {a}",
    "{a}'s new approach to {t}",
    "What {b} wants from {a}",
    "Rethinking {t} after the crisis in {a}",
    "{t} between {a} and {b}: a reassessment",
]
SENTENCES = [
    "Officials in {a} have signalled a willingness to deepen {t} with {b}.",
    "The agreement builds on decades of uneven engagement between the two capitals.",
    "Critics argue that training without oversight risks entrenching unaccountable forces.",
    "Budgets, not declarations, will show whether the commitment is real.",
    "Regional rivals are watching closely and may seek to offer better terms.",
    "The shift reflects a broader diversification of partners since the last decade.",
    "Much depends on whether the institutions involved can outlast their current leaders.",
    "Previous initiatives faltered when funding dried up and attention moved elsewhere.",
    "For {b}, the relationship offers access to equipment and expertise at lower cost.",
    "The record of {t} in {a} suggests caution about ambitious timelines.",
]
HEADINGS = [
    "Background",
    "The view from {a}",
    "What {b} gains",
    "Risks and constraints",
    "Regional reactions",
    "The economics of {t}",
    "Outlook",
    "Recommendations",
]
FIRST_NAMES = [
    "Amina",
    "Omar",
    "Sarah",
    "Tariq",
    "Leila",
    "James",
    "Fatima",
    "Daniel",
    "Aisha",
    "Karim",
    "Nadia",
    "Hassan",
    "Maria",
    "Yusuf",
    "Elena",
    "Bilal",
    "Hannah",
    "Samir",
    "Zainab",
    "Peter",
]
LAST_NAMES = [
    "Rahman",
    "Benali",
    "Mehmood",
    "Whitcombe",
    "Qasim",
    "Haddad",
    "Khan",
    "Osei",
    "Novak",
    "Farouk",
    "Sato",
    "Ibrahim",
    "Larsen",
    "Mendes",
    "Chaudhry",
    "Okafor",
    "Rossi",
    "Aziz",
]
ROLES = [
    "Senior Fellow",
    "Research Fellow",
    "Associate Fellow",
    "Programme Director",
    "Research Analyst",
    "Visiting Fellow",
]


class Command(BaseCommand):
    help = "Generate a large random data set for benchmarks (bulk inserts, with progress)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--people", type=int, default=100)
        parser.add_argument("--updates", type=int, default=500)
        parser.add_argument("--topics", type=int, default=60)
        parser.add_argument("--regions", type=int, default=15)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        self.random = random.Random(options["seed"])
        self.now = timezone.now()
        self.run_id = int(time.time())
        started = time.monotonic()
        with transaction.atomic():
            topics = self._topics(options["topics"])
            regions = self._regions(options["regions"])
        people = self._people(options["people"], topics)
        self._articles(options["articles"], people, topics, regions)
        self._updates(options["updates"], people, topics)
        self.stdout.write(self.style.SUCCESS(f"Generated in {time.monotonic() - started:.0f} s."))

    # Taxonomies ---------------------------------------------------------------

    def _topics(self, count):
        existing = list(Topic.objects.all())
        names = {t.name for t in existing}
        new = []
        for subject in THEMES + [f"{s} security" for s in SUBJECTS]:
            for suffix in ["", " policy", " studies", " and governance"]:
                name = (subject + suffix).capitalize()
                if len(existing) + len(new) >= count:
                    break
                if name not in names:
                    names.add(name)
                    new.append(Topic(name=name, slug=slugify(name), description=f"On {name}."))
        Topic.objects.bulk_create(new, ignore_conflicts=True)
        return list(Topic.objects.values_list("pk", flat=True))

    def _regions(self, count):
        new = [
            Region(name=f"{subject} region", slug=slugify(f"{subject} region"))
            for subject in SUBJECTS[:count]
        ]
        Region.objects.bulk_create(new, ignore_conflicts=True)
        return list(Region.objects.values_list("pk", flat=True))

    # People -------------------------------------------------------------------

    def _people(self, count, topics):
        rnd = self.random
        kinds = [k for k, _ in Person.Kind.choices]
        for start in self._progress("people", count):
            size = min(BATCH, count - start)
            people = [
                Person(
                    name=f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}",
                    slug=f"gen-{self.run_id}-person-{start + i}",
                    role=f"{rnd.choice(ROLES)}, {rnd.choice(THEMES).capitalize()}",
                    kind=rnd.choices(kinds, weights=[30, 40, 20, 5, 5])[0],
                    short_bio=self._sentence() + " " + self._sentence(),
                    bio="".join(f"<p>{self._paragraph()}</p>" for _ in range(2)),
                    sort_order=rnd.randint(1, 500),
                )
                for i in range(size)
            ]
            with transaction.atomic():
                Person.objects.bulk_create(people)
                PersonExpertise.objects.bulk_create(
                    [
                        PersonExpertise(content_object=person, tag_id=tag)
                        for person in people
                        for tag in rnd.sample(topics, k=min(len(topics), rnd.randint(1, 3)))
                    ]
                )
        return list(Person.objects.values_list("pk", flat=True))

    # Articles -----------------------------------------------------------------

    def _articles(self, count, people, topics, regions):
        rnd = self.random
        system = workflow.system_user()
        kinds = [k for k, _ in Article.Kind.choices]
        for start in self._progress("articles", count):
            size = min(BATCH, count - start)
            articles, publish_times = [], []
            for i in range(size):
                a, b = rnd.sample(SUBJECTS, 2)
                t = rnd.choice(THEMES)
                title = rnd.choice(TITLE_FORMS).format(a=a, b=b, t=t)
                title = title[0].upper() + title[1:]
                draft = rnd.random() < 0.03
                scheduled = not draft and rnd.random() < 0.002
                published_at = (
                    self.now + timedelta(days=rnd.randint(1, 30))
                    if scheduled
                    else self.now - timedelta(minutes=rnd.randint(60, YEARS * 365 * 24 * 60))
                )
                articles.append(
                    Article(
                        title=title,
                        slug=f"{slugify(title)[:180]}-{self.run_id}-{start + i}",
                        kind=rnd.choices(kinds, weights=[40, 25, 10, 10, 15])[0],
                        summary=self._sentence(a, b, t) + " " + self._sentence(a, b, t),
                        body=self._body(a, b, t),
                        featured=rnd.random() < 0.01,
                    )
                )
                publish_times.append(None if draft else published_at)
            with transaction.atomic():
                workflow.bulk_create(articles, system, publish_times)
                ArticleAuthor.objects.bulk_create(
                    [
                        ArticleAuthor(article=article, person_id=person, order=order)
                        for article in articles
                        for order, person in enumerate(rnd.sample(people, k=rnd.randint(1, 3)))
                    ]
                )
                ArticleTopic.objects.bulk_create(
                    [
                        ArticleTopic(content_object=article, tag_id=tag)
                        for article in articles
                        for tag in rnd.sample(topics, k=min(len(topics), rnd.randint(2, 4)))
                    ]
                )
                Through = Article.regions.through
                Through.objects.bulk_create(
                    [
                        Through(article=article, region_id=region)
                        for article in articles
                        for region in rnd.sample(regions, k=min(len(regions), rnd.randint(1, 2)))
                    ]
                )

    def _body(self, a, b, t):
        rnd = self.random
        parts = [f"<p>{self._paragraph(a, b, t)}</p>"]
        for heading in rnd.sample(HEADINGS, k=rnd.randint(3, 6)):
            parts.append(f"<h2>{heading.format(a=a, b=b, t=t)}</h2>")
            parts.extend(f"<p>{self._paragraph(a, b, t)}</p>" for _ in range(rnd.randint(2, 4)))
        return "".join(parts)

    # Updates ------------------------------------------------------------------

    def _updates(self, count, people, topics):
        rnd = self.random
        for start in self._progress("updates", count):
            size = min(BATCH, count - start)
            updates = [
                Update(
                    body=" ".join(self._sentence() for _ in range(rnd.randint(1, 4)))[:1000],
                    link=rnd.choice(["", "", "https://www.example.org/report"]),
                    author_id=rnd.choice(people),
                    published_at=self.now
                    - timedelta(minutes=rnd.randint(1, YEARS * 365 * 24 * 60)),
                )
                for _ in range(size)
            ]
            with transaction.atomic():
                Update.objects.bulk_create(updates)
                UpdateTopic.objects.bulk_create(
                    [
                        UpdateTopic(content_object=update, tag_id=rnd.choice(topics))
                        for update in updates
                    ]
                )

    # Text and progress --------------------------------------------------------

    def _sentence(self, a=None, b=None, t=None):
        rnd = self.random
        a = a or rnd.choice(SUBJECTS)
        b = b or rnd.choice(SUBJECTS)
        t = t or rnd.choice(THEMES)
        return rnd.choice(SENTENCES).format(a=a, b=b, t=t)

    def _paragraph(self, a=None, b=None, t=None):
        return " ".join(self._sentence(a, b, t) for _ in range(self.random.randint(3, 7)))

    def _progress(self, label, total):
        """Yield batch offsets while drawing a progress bar on the terminal."""
        started = time.monotonic()
        for start in range(0, total, BATCH):
            yield start
            done = min(start + BATCH, total)
            width = 30
            filled = width * done // max(total, 1)
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                f"\r{label:>9} [{'#' * filled}{'.' * (width - filled)}] "
                f"{done:,}/{total:,} ({rate:,.0f}/s)",
                ending="",
            )
            self.stdout.flush()
        if total:
            self.stdout.write("")
        sys.stdout.flush()
