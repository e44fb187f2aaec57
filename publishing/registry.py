"""What each publishable model tells the core, in its app's `AppConfig.ready()`.

Today that is how to show an unpublished item to someone holding a preview link; the core
imports no content app, so the content app hands it the function.
"""

_previews = {}


def register_preview(model, render):
    """`render(request, item, explanation)` returns the item's page with a preview banner.

    The admin's live preview passes an item built from the unsaved form: it has
    `unsaved_preview = True`, its relations are in its prefetch cache, and it must not be
    saved (a new item's primary key is a stand-in 0). Cache nothing under its key.
    """
    _previews[model] = render


def has_preview(model):
    return model in _previews


def render_preview(request, item, explanation):
    try:
        render = _previews[type(item)]
    except KeyError:
        raise LookupError(f"{type(item).__name__} has no preview registered.") from None
    return render(request, item, explanation)
