"""The article page as a publication shows it: one reading column, body images as
renditions, author bios, one further-reading box without repeats, and print."""

import re

import pytest

from articles.models import Article, ArticleImage
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    TopicFactory,
    image_file,
    pdf_file,
)

pytestmark = pytest.mark.django_db


def article_with_body_image(**fields):
    article = ArticleFactory(body="<p>Opening.</p>", **fields)
    picture = ArticleImage.objects.create(
        article=article, image=image_file(size=(1800, 900)), alt="Troop numbers, 2020–2025"
    )
    body = (
        f'<p>Opening.</p><figure><img src="{picture.image.url}" alt="Troop numbers, 2020–2025">'
        "<figcaption>Source: ministry figures.</figcaption></figure>"
    )
    Article.objects.filter(pk=article.pk).update(body=body)
    return article, picture


def test_images_in_the_text_are_served_as_lazy_webp_renditions(client):
    article, picture = article_with_body_image()
    html = client.get(article.get_absolute_url()).content.decode()
    sizes = picture.image_renditions["sizes"]["body"]
    storage = picture.image.storage
    webp = ", ".join(f"{storage.url(e['webp'])} {e['w']}w" for e in sizes)
    assert f'<source type="image/webp" srcset="{webp}"' in html
    figure = html[html.index("<figure><picture>") : html.index("</figure>")]
    assert 'alt="Troop numbers, 2020–2025"' in figure
    assert 'loading="lazy"' in figure
    assert 'width="1600" height="800"' in figure
    assert picture.image.url not in html  # the original upload is never sent
    assert "<figcaption>Source: ministry figures.</figcaption>" in figure


def test_an_image_still_being_processed_shows_its_original(client):
    article, picture = article_with_body_image()
    ArticleImage.objects.filter(pk=picture.pk).update(image_renditions={})
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{picture.image.url}" alt="Troop numbers, 2020–2025" loading="lazy"' in html


def test_body_images_cost_one_query_and_articles_without_any_none(
    client, django_assert_num_queries
):
    plain = ArticleFactory(body="<p>No pictures here.</p>")
    illustrated, _ = article_with_body_image()
    plain = Article.objects.published().for_page().get(pk=plain.pk)
    illustrated = Article.objects.published().for_page().get(pk=illustrated.pk)
    with django_assert_num_queries(0):
        assert plain.body_html == "<p>No pictures here.</p>"
    with django_assert_num_queries(1):
        assert "<picture>" in illustrated.body_html


def test_the_related_box_repeats_nothing_from_more_by(client):
    topic = TopicFactory()
    lead = PersonFactory(name="Leila Benali")
    article = ArticleFactory(topics=[topic], authors=[lead])
    hers = ArticleFactory.create_batch(3, topics=[topic], authors=[lead])
    others = ArticleFactory.create_batch(2, topics=[topic])
    response = client.get(article.get_absolute_url())
    more_by, related = response.context["more_by"], response.context["related"]
    assert set(more_by) == set(hers)
    assert set(related) == set(others)  # filled up from further down the related list
    html = response.content.decode()
    for piece in hers:
        assert html.count(f'href="{piece.get_absolute_url()}"') == 1


def test_authors_get_bio_boxes_at_the_end_with_their_roles(client):
    author = PersonFactory(
        name="Amina Rahman", role="Senior Fellow", short_bio="Writes on Gulf security."
    )
    html = client.get(ArticleFactory(authors=[author]).get_absolute_url()).content.decode()
    bios = html[html.index('id="bios-heading"') :]
    assert "About the author<" in bios
    assert "Amina Rahman" in bios
    assert "Writes on Gulf security." in bios
    assert "Senior Fellow" in bios


def test_byline_offers_the_pdf_cite_and_share_actions(client):
    report = ArticleFactory(kind=Article.Kind.REPORT, pdf=pdf_file(pages=2))
    html = client.get(report.get_absolute_url()).content.decode()
    start = html.index('class="byline"')
    byline = html[start : html.index("</header>", start)]
    assert re.search(r"Download the report \(PDF, [^)]*2 pages\)", byline)
    assert 'href="#cite-heading"' in byline
    assert "<summary>Share</summary>" in byline
    assert "linkedin.com/sharing" in byline


def test_contents_are_collapsible_and_in_the_margin(client):
    article = ArticleFactory(body="<h2>First</h2><p>a</p><h2>Second</h2><p>b</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<details class="toc toc--narrow">' in html
    assert '<nav class="toc toc--wide" aria-labelledby="toc-heading">' in html
    assert html.count('href="#first"') == 2


def test_print_styles_add_the_publisher_address_and_link_addresses(client, settings):
    settings.SITE_ORGANISATION = settings.SITE_ORGANISATION | {"name": "Institute of Examples"}
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<p class="print-masthead">Institute of Examples · http://testserver{article.get_absolute_url()}</p>'
        in html
    )
    css = open("static/css/site.css", encoding="utf-8").read()
    print_css = css[css.index("@media print") :]
    assert ".print-masthead { display: block;" in print_css
    assert 'a[href^="http"]::after' in print_css
    assert 'content: " (" attr(href) ")"' in print_css
