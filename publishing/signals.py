"""What the workflow tells the rest of the site, without knowing who listens."""

from django.db import transaction
from django.dispatch import Signal

# Sent once the change is committed, after an item moved between states (submitted,
# sent back, published, scheduled, unpublished, archived, a new expiry): sender is the
# model; keyword arguments `item`, `user` (who did it), `action` (an AuditEvent.Action)
# and `detail` (what the audit log says: the reason an item was sent back, …).
state_changed = Signal()


def announce(item, user, action, detail):
    """Send `state_changed` when the current transaction commits (at once outside one)."""
    transaction.on_commit(
        lambda: state_changed.send(
            sender=type(item), item=item, user=user, action=action, detail=detail
        ),
        robust=True,  # the change is made: a listener's failure is logged, not the editor's
    )
