"""Snapshots and comparisons on their own: what is kept, what comes back, what is shown."""

import pytest
from django.template import Context, Template

from articles.models import Article
from revisions import diff
from revisions.models import Revision, TrashedItem
from revisions.snapshots import for_model
from tests.helpers.factories import (
    ArticleFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


def test_words_marks_what_was_removed_and_added():
    left, right = diff.words("Gulf shipping under threat", "Gulf shipping: insurers retreat")
    assert left == [("equal", "Gulf shipping"), ("delete", " under threat")]
    assert right == [("equal", "Gulf shipping"), ("insert", ": insurers retreat")]


def test_identical_texts_have_no_marks():
    assert diff.words("Same", "Same") == ([("equal", "Same")], [("equal", "Same")])
    assert diff.paragraphs("<p>Same</p>", "<p>Same</p>") == []


def test_long_unchanged_stretches_of_rich_text_fold_away():
    paragraphs = [f"<p>Paragraph {n}.</p>" for n in range(20)]
    changed = [*paragraphs]
    changed[10] = "<p>Paragraph ten, rewritten.</p>"
    rows = diff.paragraphs("".join(paragraphs), "".join(changed))
    assert [row.change for row in rows] == ["skip", "equal", "changed", "equal", "skip"]
    assert (rows[0].skipped, rows[-1].skipped) == (9, 8)


def test_rich_text_is_compared_as_plain_text_of_its_paragraphs_and_headings():
    blocks = diff.blocks(
        '<h2 id="a">Intro &amp; aims</h2><p>One <em>two</em></p><ul><li>x</li></ul>'
    )
    assert blocks == [
        diff.Block("h2", "Intro & aims"),
        diff.Block("p", "One two"),
        diff.Block("li", "x"),
    ]


def test_printed_segments_are_escaped():
    template = Template("{% load revisions %}{% segments pieces %}")
    pieces = [("equal", "<b>"), ("insert", "<script>x()</script>"), ("delete", '"&')]
    html = template.render(Context({"pieces": pieces}))
    assert html == "&lt;b&gt;<ins>&lt;script&gt;x()&lt;/script&gt;</ins><del>&quot;&amp;</del>"


def test_a_snapshot_keeps_ids_and_names_of_related_things():
    article = ArticleFactory(
        authors=[PersonFactory(name="B"), PersonFactory(name="A")],
        topics=[TopicFactory(name="Z"), TopicFactory(name="Y")],
        regions=[RegionFactory(name="R")],
    )
    data = for_model(Article).serialize(article)
    assert [a["name"] for a in data["authors"]] == ["B", "A"]  # byline order
    assert [t["name"] for t in data["topics"]] == ["Y", "Z"]
    assert data["regions"] == [{"id": article.regions.get().pk, "name": "R"}]
    assert "updated_at" not in data["fields"]
    assert "id" not in data["fields"]


def test_the_trash_snapshot_rebuilds_an_identical_article(editor):
    article = ArticleFactory(
        authors=[PersonFactory()],
        topics=[TopicFactory()],
        regions=[RegionFactory()],
        hero_image=image_file(),
        hero_alt="A port",
    )
    snapshot = for_model(Article)
    before = snapshot.serialize(article, complete=True)
    item = TrashedItem.objects.trash(article, editor)
    assert "hero_image_renditions" in item.data["fields"]  # no resizing on the way back
    restored, warnings = item.restore(editor)
    assert warnings == []
    assert snapshot.serialize(Article.objects.get(pk=restored.pk), complete=True) == before


def test_a_revision_whose_image_file_is_gone_keeps_the_current_image(editor):
    article = ArticleFactory(hero_image=image_file(), hero_alt="Old")
    old = Revision.objects.snapshot(article, editor, "Saved")
    article.hero_image.storage.delete(article.hero_image.name)
    article.hero_image, article.hero_alt = image_file("new.jpg"), "New"
    article.save()
    current = article.hero_image.name

    warnings = old.restore(article, editor)

    article.refresh_from_db()
    assert article.hero_image.name == current
    assert article.hero_alt == "Old"
    assert warnings == [
        "The hero image of that version is no longer stored, so the current one was kept."
    ]


def test_restoring_a_revision_with_another_image_brings_that_image_back(editor):
    article = ArticleFactory(hero_image=image_file(size=(120, 60)), hero_alt="Old")
    old_name = article.hero_image.name
    old = Revision.objects.snapshot(article, editor, "Saved")
    article.hero_image = image_file("new.jpg", size=(40, 40))
    article.save()

    old.restore(article, editor)

    article.refresh_from_db()
    assert article.hero_image.name == old_name
    assert (article.hero_width, article.hero_height) == (120, 60)
    assert article.hero_image_renditions["source"] == old_name
