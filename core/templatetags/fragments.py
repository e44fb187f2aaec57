"""`{% fragment "name" part … [tags="list:articles home"] [on_miss=load] %}…{% endfragment %}`:
a rendered fragment cached per version of the objects among its parts and of `tags` (what
it lists, which no row names). core/cache/fragments.py says what a fragment may show.

`on_miss` names a callable run before the fragment renders, and only then: the view's
prefetch of what the fragment shows, which a cached fragment does not need. `isolated`
says the fragment shows nothing its page loaded before it (a site header), so it does
not carry the page's tags.

A part that is None means the fragment cannot be named (a search, an invalid filter): it
is rendered each time. Previews (a `preview` in the context) never use fragments.
"""

from django import template

from core.cache.fragments import fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, parts, options, nodelist):
        self.name = name
        self.parts = parts
        self.tags = options.get("tags")
        self.on_miss = options.get("on_miss")
        self.isolated = options.get("isolated", False)
        self.nodelist = nodelist

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        if context.get("preview") or any(part is None for part in parts):
            return self.nodelist.render(context)
        tags = self.tags.resolve(context).split() if self.tags else ()
        return fragment(
            self.name.resolve(context),
            parts,
            lambda: self._render(context),
            tags=tags,
            inherit=not self.isolated,
        )

    def _render(self, context):
        if self.on_miss is not None:
            self.on_miss.resolve(context)  # templates call what they resolve
        return self.nodelist.render(context)


@register.tag("fragment")
def do_fragment(parser, token):
    name, *bits = token.split_contents()[1:] or [None]
    if name is None:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    options = {}
    while bits and (bits[-1] == "isolated" or bits[-1].startswith(("tags=", "on_miss="))):
        option, _, value = bits.pop().partition("=")
        options[option] = parser.compile_filter(value) if value else True
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits]
    return FragmentNode(parser.compile_filter(name), parts, options, nodelist)
