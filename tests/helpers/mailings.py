"""Mailings as the tests make them: the admin's form, and mailings ready to send."""

from newsletter.models import Mailing, MailingArticle
from tests.helpers.forms import management_form

MAILINGS = "/admin/newsletter/mailing/"


def mailing_form(articles=(), button="_save", **fields):
    """A complete mailing add/change form with `articles` in order; `button` is pressed."""
    data = {
        "subject": "Our week in analysis",
        "introduction": "<p>Three pieces worth your time.</p>",
        "audience": Mailing.Audience.ALL,
        "topics": [],
        "scheduled_for_0": "",
        "scheduled_for_1": "",
        **management_form("article_links", len(articles)),
        button: "pressed",
        **fields,
    }
    for index, article in enumerate(articles):
        data[f"article_links-{index}-article"] = article.pk
        data[f"article_links-{index}-position"] = index
    return data


def a_mailing(articles, **fields):
    """A draft mailing with `articles`, saved directly."""
    mailing = Mailing.objects.create(subject=fields.pop("subject", "Our week"), **fields)
    for position, article in enumerate(articles):
        MailingArticle.objects.create(mailing=mailing, article=article, position=position)
    return mailing
