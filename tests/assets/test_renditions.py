"""Uploaded images are resized once into the sizes pages show, around a focal point."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

import assets.renditions
from articles.models import Article, ArticleImage
from tests.helpers.factories import ArticleFactory, PersonFactory, UpdateFactory, image_file

pytestmark = pytest.mark.django_db


def upload(image, name="upload.png", fmt="PNG", **save_kwargs):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_kwargs)
    return SimpleUploadedFile(name, buffer.getvalue())


def open_rendition(field_file, name):
    with field_file.storage.open(name) as f:
        image = Image.open(f)
        image.load()
        return image


def test_a_large_hero_gets_every_size_in_webp_and_jpeg():
    article = ArticleFactory(hero_image=image_file(size=(2000, 1000)), hero_alt="x")
    sizes = article.hero_image_renditions["sizes"]
    assert [(e["w"], e["h"]) for e in sizes["hero"]] == [(480, 240), (960, 480), (1600, 800)]
    assert [(e["w"], e["h"]) for e in sizes["card"]] == [(400, 225), (800, 450)]
    for entry in sizes["hero"] + sizes["card"]:
        assert open_rendition(article.hero_image, entry["webp"]).format == "WEBP"
        jpeg = open_rendition(article.hero_image, entry["jpeg"])
        assert (jpeg.format, jpeg.size) == ("JPEG", (entry["w"], entry["h"]))


def test_small_images_are_never_enlarged():
    article = ArticleFactory(hero_image=image_file(size=(300, 200)), hero_alt="x")
    assert [e["w"] for e in article.hero_image_renditions["sizes"]["hero"]] == [300]


def test_a_crop_keeps_the_focal_point_in_frame():
    wide = Image.new("RGB", (1600, 400), "white")
    wide.paste((200, 0, 0), (1400, 0, 1600, 400))  # the subject, at the right edge
    article = ArticleFactory(
        hero_image=upload(wide, "wide.png"), hero_alt="x", hero_focal_x=94, hero_focal_y=50
    )
    card = article.hero_image_renditions["sizes"]["card"][0]
    image = open_rendition(article.hero_image, card["jpeg"])
    r, g, _b = image.getpixel((image.width - 5, image.height // 2))
    assert r > 150 and g < 60, "the red subject was cropped away"


def test_changing_the_focal_point_remakes_the_crops_and_removes_the_old_files():
    article = ArticleFactory(hero_image=image_file(size=(800, 300)), hero_alt="x")
    old = article.hero_image_renditions["sizes"]["card"][0]["webp"]
    article.hero_focal_x = 10
    article.save()
    new = article.hero_image_renditions["sizes"]["card"][0]["webp"]
    assert new != old
    assert article.hero_image.storage.exists(new)
    assert not article.hero_image.storage.exists(old)


def test_transparent_images_fall_back_to_png():
    article = ArticleFactory(
        hero_image=upload(Image.new("RGBA", (500, 300), (0, 0, 0, 0))), hero_alt="x"
    )
    entry = article.hero_image_renditions["sizes"]["hero"][0]
    assert entry["png"].endswith(".png") and "jpeg" not in entry


def test_camera_orientation_is_applied():
    photo = Image.new("RGB", (200, 100), "blue")
    exif = photo.getexif()
    exif[0x0112] = 6  # stored sideways: display rotated 90°
    update = UpdateFactory(image=upload(photo, "p.jpg", "JPEG", exif=exif), image_alt="x")
    entry = update.image_renditions["sizes"]["wide"][0]
    assert (entry["w"], entry["h"]) == (100, 200)
    assert open_rendition(update.image, entry["jpeg"]).size == (100, 200)


def test_clearing_the_image_removes_its_renditions():
    article = ArticleFactory(hero_image=image_file(size=(600, 400)), hero_alt="x")
    names = [e["webp"] for e in article.hero_image_renditions["sizes"]["hero"]]
    storage = article.hero_image.storage
    article.hero_image = None
    article.save()
    assert article.hero_image_renditions == {}
    assert not any(storage.exists(name) for name in names)


def test_pages_serve_renditions_with_srcset_sizes_and_dimensions(client):
    author = PersonFactory(photo=image_file(size=(500, 500)))
    article = ArticleFactory(
        hero_image=image_file(size=(2000, 1000)), hero_alt="A meeting", authors=[author]
    )
    html = client.get(article.get_absolute_url()).content.decode()
    hero = article.hero_image_renditions["sizes"]["hero"]
    storage = article.hero_image.storage
    srcset = ", ".join(f"{storage.url(e['webp'])} {e['w']}w" for e in hero)
    assert f'<source type="image/webp" srcset="{srcset}"' in html
    assert 'width="1600" height="800" alt="A meeting"' in html
    assert article.hero_image.url not in html  # the original is never sent
    assert 'sizes="2.5rem"' in html  # the author's portrait at its shown size


def test_images_below_the_fold_load_lazily(client):
    ArticleFactory(hero_image=image_file(size=(900, 500)), hero_alt="Lead", featured=True)
    update = UpdateFactory(image=image_file(size=(900, 500)), image_alt="Hearing")
    home = client.get("/").content.decode()
    lead = home[home.index('alt="Lead"') - 400 : home.index('alt="Lead"') + 60]
    assert 'loading="lazy"' not in lead
    page = client.get(update.get_absolute_url()).content.decode()
    assert 'alt="Hearing" class="update__image" loading="lazy"' in page


def test_rendering_a_page_never_resizes_anything(client, monkeypatch):
    article = ArticleFactory(hero_image=image_file(size=(900, 500)), hero_alt="x")

    def fail(*args, **kwargs):
        raise AssertionError("resized during a request")

    monkeypatch.setattr(assets.renditions, "build", fail)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_make_renditions_fills_in_missing_ones_without_touching_timestamps():
    article = ArticleFactory(hero_image=image_file(size=(900, 500)), hero_alt="x")
    Article.objects.filter(pk=article.pk).update(hero_image_renditions={})
    before = Article.objects.get(pk=article.pk).updated_at
    call_command("make_renditions", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.hero_image_renditions["sizes"]["hero"]
    assert article.updated_at == before


def test_make_renditions_fills_in_every_kind_of_image_including_those_in_article_text():
    article = ArticleFactory(hero_image=image_file(size=(900, 500)), hero_alt="x")
    in_text = ArticleImage.objects.create(article=article, image=image_file(size=(900, 500)))
    person = PersonFactory(photo=image_file(size=(600, 600)))
    update = UpdateFactory(image=image_file(size=(900, 500)))
    images = [(article, "hero_image"), (in_text, "image"), (person, "photo"), (update, "image")]
    for obj, field_name in images:
        type(obj).objects.filter(pk=obj.pk).update(**{f"{field_name}_renditions": {}})
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue() == "Renditions made for 4 images.\n"
    for obj, field_name in images:
        obj.refresh_from_db()
        assert getattr(obj, f"{field_name}_renditions")["sizes"], type(obj).__name__


def test_changed_sizes_are_remade_by_make_renditions(monkeypatch):
    from articles import models

    article = ArticleFactory(hero_image=image_file(size=(900, 500)), hero_alt="x")
    bigger = (assets.renditions.Spec("hero", (300, 600)), models.HERO_RENDITIONS[1])
    monkeypatch.setitem(Article.RENDITIONS, "hero_image", (bigger, "hero"))
    call_command("make_renditions", stdout=io.StringIO())
    article.refresh_from_db()
    assert [e["w"] for e in article.hero_image_renditions["sizes"]["hero"]] == [300, 600]
