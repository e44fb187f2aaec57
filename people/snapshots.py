"""What a revision of a profile holds, and how its relations come back.

Registered with revisions in PeopleConfig.ready(); see revisions/snapshots.py.
"""

from revisions.relations import ManyToMany, Relation, Tags
from revisions.snapshots import Snapshot

from .models import Person, PersonExpertise, PersonLink


class Links(Relation):
    """A profile's external links: owned by the profile, so copied whole."""

    key, label, model = "links", "links", PersonLink
    FIELDS = ("label", "url", "order")

    def dump(self, person):
        rows = PersonLink.objects.filter(person=person).values_list(*self.FIELDS)
        return [dict(zip(self.FIELDS, row, strict=True)) for row in rows]

    def load(self, person, items):
        wanted = [tuple(item[name] for name in self.FIELDS) for item in items]
        rows = PersonLink.objects.filter(person=person)
        if list(rows.values_list(*self.FIELDS)) != wanted:
            rows.delete()
            for label, url, order in wanted:
                PersonLink.objects.create(person=person, label=label, url=url, order=order)
        return []

    def identity(self, item):
        return (item["label"], item["url"])

    def display(self, item):
        return f"{item['label']}: {item['url']}"


class PersonSnapshot(Snapshot):
    model = Person
    relations = (
        Tags("expertise", "expertise", PersonExpertise),
        ManyToMany(Person, "regions", "regions of expertise"),
        Links(),
    )
    # Who may log in as the profile is access, not content; visibility is the
    # directory's publishing decision.
    state_fields = ("is_active", "user")
    text_fields = ("name", "role", "short_bio", "languages")
    html_fields = ("bio",)
