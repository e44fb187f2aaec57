from django import template

from events import registration

register = template.Library()


@register.simple_tag
def registration_state(event):
    """The event's registration state (events.registration.state), for its box."""
    return registration.state(event)
