"""What a person's profile tells search engines (schema.org Person), registered with seo."""

from seo.metadata import image_url, organization


def person(request, person):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": person.role,
        "description": person.short_bio,
        "worksFor": organization(request),
        "sameAs": [link.url for link in person.links.all()],
        "knowsAbout": [topic.name for topic in person.expertise.all()]
        + [region.name for region in person.regions.all()],
        "knowsLanguage": person.language_list,
    }
    if person.media_email:
        data["email"] = person.media_email
    if person.phone:
        data["telephone"] = person.phone
    if image := image_url(request, person.photo, person.photo_renditions, "square"):
        data["image"] = image
    return data
