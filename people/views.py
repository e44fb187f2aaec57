from django.db import transaction
from django.db.models import prefetch_related_objects
from django.db.models.functions import Substr, Upper
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.cache import cacheable, cached_for_content
from core.pagination import paginate
from core.querystrings import without_empty_parameters
from taxonomy import hubs

from .forms import LETTERS, PersonFilterForm
from .models import Person

PER_PAGE = 24

PROFILE_RELATIONS = ("expertise", "regions", "links")


@cacheable("list:people")
@transaction.non_atomic_requests
def person_list(request):
    if redirect_to := without_empty_parameters(request, [("page", "1")]):
        return redirect_to
    form = PersonFilterForm(request.GET)
    people = Person.objects.active()
    people = form.filter(people) if form.is_valid() else people.none()
    letters = cached_for_content("people-initials", _initials, tags=["list:people"])
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page_obj": paginate(request, people, per_page=PER_PAGE),
            "letters": [(letter, letter in letters) for letter in LETTERS],
        },
    )


def _initials():
    """The letters the A–Z links: those some active person's surname starts with."""
    initials = Person.objects.active().order_by().annotate(i=Upper(Substr("index_name", 1, 1)))
    return set(initials.values_list("i", flat=True).distinct())


@cacheable
@transaction.non_atomic_requests
def person_detail(request, slug):
    # The row alone: its expertise, regions and links load when the fragments showing them
    # (templates/people/person_detail.html) are rendered, not when they are cached.
    person = get_object_or_404(Person.objects.active(), slug=slug)
    # Articles and updates come from the apps that own them (taxonomy.hubs): people
    # import no content app.
    crumbs = [(reverse("people:list"), "Experts"), (None, person.name)]
    context = hubs.fill(request, person) | {
        "person": person,
        "crumbs": crumbs,
        "load_relations": lambda: prefetch_related_objects([person], *PROFILE_RELATIONS),
    }
    return render(request, "people/person_detail.html", context)
