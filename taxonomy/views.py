"""Topic and region pages: indexes with counts, and hubs listing what content apps register."""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.cache import cacheable, cached_for_content

from . import hubs
from .models import Region, Topic, counted


@cacheable("list:topics")
@transaction.non_atomic_requests
def topic_list(request):
    topics = cached_for_content("topics", lambda: counted(Topic), tags=["list:topics"])
    return render(request, "taxonomy/topic_list.html", {"topics": topics})


@cacheable
@transaction.non_atomic_requests
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    crumbs = [(reverse("taxonomy:topic-list"), "Topics"), (None, topic.name)]
    context = hubs.fill(request, topic) | {"topic": topic, "crumbs": crumbs}
    return render(request, "taxonomy/topic_detail.html", context)


@cacheable("list:regions")
@transaction.non_atomic_requests
def region_list(request):
    regions = cached_for_content("regions", lambda: counted(Region), tags=["list:regions"])
    return render(request, "taxonomy/region_list.html", {"regions": regions})


@cacheable
@transaction.non_atomic_requests
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    crumbs = [(reverse("taxonomy:region-list"), "Regions"), (None, region.name)]
    context = hubs.fill(request, region) | {"region": region, "crumbs": crumbs}
    return render(request, "taxonomy/region_detail.html", context)
