"""Newsletter sign-up with double opt-in, and one-click unsubscribe.

None of these pages is cached: the form carries a CSRF token, and the others
are reached through secret links.
"""

import re

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from formguard import ratelimit
from taxonomy.models import Topic

from .emails import send_confirmation
from .forms import SubscribeForm
from .models import Subscriber
from .tokens import read_confirmation_token, read_mailing_token

# Topic slugs may be non-ASCII (taggit keeps Unicode letters).
SLUG_RE = re.compile(r"[-\w]+")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        slug = request.GET.get("topic", "")[:100]
        # Only a well-formed slug reaches the database (PostgreSQL refuses NUL bytes).
        chosen = Topic.objects.filter(slug=slug).first() if SLUG_RE.fullmatch(slug) else None
        form = SubscribeForm(initial={"topics": [chosen] if chosen else []})
        return render(request, "newsletter/subscribe.html", {"form": form})

    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form})
    if form.looks_automated():
        # The answer a person gets, so a bot learns nothing; nothing is stored or sent.
        return redirect("newsletter:check-inbox")
    if not ratelimit.allow_client(
        request, "signup-ip", settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR, ratelimit.HOUR
    ):
        return ratelimit.too_many(request, "newsletter/rate_limited.html")

    email, topics = form.cleaned_data["email"], list(form.cleaned_data["topics"])
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    if created:
        # Nobody else's choice to protect yet; confirmation makes them count.
        subscriber.topics.set(topics)
    # An existing subscriber's topics change only when they confirm from their inbox;
    # the page says the same whether or not the address was known. Past the
    # per-address limit no email goes out, and the page says the same again. The email is
    # queued: a mail server that is down delays it (a worker retries) but not this page.
    if ratelimit.allow(
        "confirm-email", email, settings.NEWSLETTER_EMAILS_PER_ADDRESS_PER_DAY, ratelimit.DAY
    ):
        send_confirmation(request, subscriber, topics)
    return redirect("newsletter:check-inbox")


@never_cache
def check_inbox(request):
    return render(
        request,
        "newsletter/check_inbox.html",
        {
            "days": settings.NEWSLETTER_CONFIRM_DAYS,
            "per_day": settings.NEWSLETTER_EMAILS_PER_ADDRESS_PER_DAY,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST subscribes (mail scanners open links too)."""
    try:
        subscriber_id, topic_ids = read_confirmation_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, "expired", status=410)
    except signing.BadSignature:
        return _link_problem(request, "invalid", status=400)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return _link_problem(request, "gone", status=404)
    topics = list(Topic.objects.filter(pk__in=topic_ids).order_by("name"))
    context = {"subscriber": subscriber, "topics": topics}
    if request.method == "POST":
        subscriber.confirm(topics)
        return _noindex(render(request, "newsletter/confirmed.html", context))
    return _noindex(render(request, "newsletter/confirm.html", context))


# The token in the address is the authority here, not a cookie: mail programs
# send the one-click POST (RFC 8058) without one, so there is no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token, via=None):
    """GET shows a button; POST (the button, or a mail program's one-click) unsubscribes.

    `via`, in a mailing's links, names that mailing (signed), which counts who left through it.
    """
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return _link_problem(request, "unknown", status=404)
    if request.method == "POST":
        if subscriber.unsubscribe() and via and (mailing_id := read_mailing_token(via)):
            subscriber.deliveries.filter(mailing_id=mailing_id).update(
                unsubscribed_at=subscriber.unsubscribed_at
            )
        return _noindex(render(request, "newsletter/unsubscribed.html"))
    return _noindex(render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber}))


def _link_problem(request, problem, status):
    response = render(request, "newsletter/link_problem.html", {"problem": problem}, status=status)
    return _noindex(response)


def _noindex(response):
    """Pages reached by a secret link stay out of search engines."""
    response.headers["X-Robots-Tag"] = "noindex"
    return response
