"""Reading pages as an anonymous reader would, to see what the page cache keeps."""


def pages_showing(article, topic, author):
    """The pages that show a live article: itself, the lists, its topic and its author."""
    return [
        article.get_absolute_url(),
        "/",
        "/articles/",
        topic.get_absolute_url(),
        author.get_absolute_url(),
    ]
