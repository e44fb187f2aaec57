from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.cache import cacheable
from core.pagination import paginate
from taxonomy import hubs

from .forms import PersonFilterForm
from .models import Person

PER_PAGE = 24


@cacheable
@transaction.non_atomic_requests
def person_list(request):
    form = PersonFilterForm(request.GET)
    people = Person.objects.active()
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            people = people.of_kind(kind)
        if topic := form.cleaned_data["expertise"]:
            people = people.with_expertise(topic)
    else:
        people = people.none()
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page_obj": paginate(request, people, per_page=PER_PAGE)},
    )


@cacheable
@transaction.non_atomic_requests
def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.active().prefetch_related("expertise", "links"), slug=slug
    )
    # Articles and updates come from the apps that own them (taxonomy.hubs): people
    # import no content app.
    crumbs = [(reverse("people:list"), "Experts"), (None, person.name)]
    context = hubs.fill(request, person) | {"person": person, "crumbs": crumbs}
    return render(request, "people/person_detail.html", context)
