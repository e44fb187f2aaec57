"""What each publishable model tells the core, in its app's `AppConfig.ready()`.

Today that is how to show an unpublished item to someone holding a preview link; the core
imports no content app, so the content app hands it the function.
"""

_previews = {}


def register_preview(model, render):
    """`render(request, item, explanation)` returns the item's page with a preview banner."""
    _previews[model] = render


def render_preview(request, item, explanation):
    try:
        render = _previews[type(item)]
    except KeyError:
        raise LookupError(f"{type(item).__name__} has no preview registered.") from None
    return render(request, item, explanation)
