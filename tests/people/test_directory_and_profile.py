"""The directory (search by name, A–Z, expertise and region) and the profile's new fields."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from people.models import Person, PersonLink, index_name
from revisions.snapshots import for_model
from tests.helpers.factories import ArticleFactory, PersonFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [person.name for person in response.context["page_obj"].object_list]


def jsonld(html, schema_type):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (data,) = [b for b in map(json.loads, blocks) if b.get("@type") == schema_type]
    return data


@pytest.fixture
def directory():
    sahel, energy = RegionFactory(slug="sahel", name="Sahel"), TopicFactory(slug="energy")
    amina = PersonFactory(name="Dr Amina Rahman", sort_order=10)
    amina.regions.add(sahel)
    leila = PersonFactory(name="Leila Benali", sort_order=20)
    leila.expertise.add(energy)
    leila.regions.add(sahel)
    PersonFactory(name="Omar Haddad", sort_order=30)
    PersonFactory(name="Hidden Rahman", is_active=False)


class TestDirectory:
    def test_search_by_name_finds_any_part_of_it(self, client, directory):
        assert names(client.get("/people/?q=rahman")) == ["Dr Amina Rahman"]
        assert names(client.get("/people/?q=BENALI+leila")) == ["Leila Benali"]
        assert names(client.get("/people/?q=nobody")) == []

    def test_a_to_z_files_people_by_surname_without_titles(self, client, directory):
        assert names(client.get("/people/?letter=R")) == ["Dr Amina Rahman"]
        assert names(client.get("/people/?letter=B")) == ["Leila Benali"]
        assert Person.objects.get(name="Dr Amina Rahman").index_name == "Rahman, Amina"

    def test_the_a_to_z_links_only_letters_someone_is_filed_under(self, client, directory):
        html = client.get("/people/").content.decode()
        assert 'href="?letter=R"' in html and 'href="?letter=H"' in html
        assert 'href="?letter=Z"' not in html
        assert "No surnames starting with </span>Z" in html

    def test_filters_by_region_and_expertise_combine(self, client, directory):
        assert names(client.get("/people/?region=sahel")) == ["Dr Amina Rahman", "Leila Benali"]
        assert names(client.get("/people/?region=sahel&expertise=energy")) == ["Leila Benali"]

    def test_a_count_heads_the_results(self, client, directory):
        html = client.get("/people/?region=sahel").content.decode()
        assert re.search(r'id="results-heading"[^>]*>2 experts for .*Region: Sahel', html)

    def test_the_submitted_form_redirects_to_a_clean_address(self, client, directory):
        response = client.get("/people/?q=&letter=&expertise=&region=sahel&kind=")
        assert (response.status_code, response["Location"]) == (301, "/people/?region=sahel")

    @pytest.mark.parametrize(
        "query",
        ["letter=Ä", "letter=ab", "region=atlantis", "q=" + "x" * 300, "q=%00", "letter[]=A"],
    )
    def test_bad_input_never_errors(self, client, directory, query):
        response = client.get(f"/people/?{query}", follow=True)
        assert response.status_code == 200

    def test_the_directory_is_a_collection_page(self, client, directory):
        data = jsonld(client.get("/people/").content.decode(), "CollectionPage")
        assert data["mainEntity"]["numberOfItems"] == 3
        assert data["mainEntity"]["itemListElement"][0]["name"] == "Dr Amina Rahman"


class TestProfileFields:
    def test_profile_shows_regions_languages_and_media_contact(self, client):
        person = PersonFactory(
            name="Amina Rahman",
            role="Senior Fellow",
            languages="English, Urdu ,, Pashto",
            phone="+44 20 7946 0018",
            media_email="press@example.org",
        )
        person.regions.add(RegionFactory(name="South Asia", slug="south-asia"))
        person.links.create(label="ORCID", url="https://orcid.org/0000-0002-1825-0097")
        html = client.get(person.get_absolute_url()).content.decode()
        assert '<a href="/regions/south-asia/">South Asia</a>' in html
        assert "English, Urdu, Pashto" in html
        assert '<a href="tel:+442079460018">+44 20 7946 0018</a>' in html
        assert (
            'href="mailto:press@example.org?subject=Interview%20request%3A%20Amina%20Rahman"'
            in html
        )
        assert ">Request an interview<" in html
        assert 'href="https://orcid.org/0000-0002-1825-0097" rel="me noopener">ORCID<' in html

    def test_the_role_is_shown_once(self, client):
        person = PersonFactory(role="Senior Fellow, Security", kind=Person.Kind.FELLOW)
        main = client.get(person.get_absolute_url()).content.decode().split("<main", 1)[1]
        assert main.count("Senior Fellow, Security") == 1

    def test_no_media_box_without_a_way_to_reach_the_press_office(self, client):
        person = PersonFactory(media_email="", phone="")
        assert "Request an interview" not in client.get(person.get_absolute_url()).content.decode()

    def test_publications_are_paginated(self, client):
        person = PersonFactory()
        ArticleFactory.create_batch(13, authors=[person])
        first = client.get(person.get_absolute_url())
        assert len(first.context["page_obj"].object_list) == 12
        assert 'rel="next"' in first.content.decode()
        second = client.get(person.get_absolute_url(), {"page": 2})
        assert len(second.context["page_obj"].object_list) == 1

    @pytest.mark.parametrize("phone", ["call me", "+44 <b>", "1" * 40, "12"])
    def test_a_phone_that_is_not_a_number_is_refused(self, phone):
        with pytest.raises(ValidationError):
            PersonFactory.build(phone=phone, slug="x").full_clean(exclude=["photo"])

    @pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "not a url"])
    def test_a_link_must_be_a_web_address(self, url):
        person = PersonFactory()
        with pytest.raises(ValidationError):
            PersonLink(person=person, label="X", url=url).full_clean()

    @pytest.mark.parametrize(
        "name, filed",
        [("Dr Amina Rahman", "Rahman, Amina"), ("Prof. Jo Li", "Li, Jo"), ("Plato", "Plato")],
    )
    def test_index_names_put_the_surname_first(self, name, filed):
        assert index_name(name) == filed

    def test_an_index_name_typed_by_an_editor_is_kept(self):
        person = PersonFactory(name="Ana de la Cruz", index_name="de la Cruz, Ana")
        person.save()
        assert person.index_name == "de la Cruz, Ana"

    def test_the_profile_has_breadcrumbs_for_search_engines(self, client):
        person = PersonFactory(name="Leila Benali")
        data = jsonld(client.get(person.get_absolute_url()).content.decode(), "BreadcrumbList")
        items = data["itemListElement"]
        assert [i["name"] for i in items] == ["Home", "Experts", "Leila Benali"]
        assert [i["position"] for i in items] == [1, 2, 3]
        assert items[-1]["item"] == f"http://testserver{person.get_absolute_url()}"


def test_regions_of_expertise_are_kept_in_revisions():
    person = PersonFactory(languages="English")
    person.regions.add(RegionFactory(name="Gulf"))
    data = for_model(Person).serialize(person)
    assert [item["name"] for item in data["regions"]] == ["Gulf"]
    assert data["fields"]["languages"] == "English"


class TestAdmin:
    def test_editor_gives_a_profile_regions_languages_phone_and_checked_links(self, editor_client):
        from tests.helpers.forms import management_form
        from tests.helpers.people import PEOPLE, person_form

        region = RegionFactory(name="Gulf")
        response = editor_client.post(
            f"{PEOPLE}add/",
            person_form(
                regions=[region.pk],
                languages="English, Arabic",
                phone="+44 20 7946 0018",
                index_name="",
                **management_form("links", 1),
                **{
                    "links-0-label": "ORCID",
                    "links-0-url": "https://orcid.org/0000-0002-1825-0097",
                },
                **{"links-0-order": "0"},
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        person = Person.objects.get()
        assert list(person.regions.all()) == [region]
        assert (person.languages, person.phone) == ("English, Arabic", "+44 20 7946 0018")
        assert person.index_name == "Rahman, Amina"

    def test_a_bad_phone_or_link_comes_back_in_plain_words(self, editor_client):
        from tests.helpers.forms import management_form
        from tests.helpers.people import PEOPLE, person_form

        response = editor_client.post(
            f"{PEOPLE}add/",
            person_form(
                phone="ring reception",
                **management_form("links", 1),
                **{"links-0-label": "Site", "links-0-url": "ftp://example.org/cv"},
                **{"links-0-order": "0"},
            ),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Enter a phone number of digits" in html
        assert "Enter a valid URL." in html  # the link: only http(s) addresses pass
        assert not Person.objects.exists()


def test_the_profile_tells_search_engines_what_the_person_knows(client):
    person = PersonFactory(languages="English, Arabic", phone="+44 20 7946 0018")
    person.expertise.add(TopicFactory(name="Energy"))
    person.regions.add(RegionFactory(name="Gulf"))
    data = jsonld(client.get(person.get_absolute_url()).content.decode(), "Person")
    assert data["knowsAbout"] == ["Energy", "Gulf"]
    assert data["knowsLanguage"] == ["English", "Arabic"]
    assert data["telephone"] == "+44 20 7946 0018"
