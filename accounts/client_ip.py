"""Who is asking: the client address used for login throttling and rate limits.

Axes reads it through AXES_CLIENT_IP_CALLABLE; formguard's rate limits count by it.
"""

from django.conf import settings


def client_ip(request):
    """The address of the client, trusting X-Forwarded-For only as far as our own proxies.

    Each proxy appends the address it received the request from, so with N
    trusted proxies the client is the Nth entry from the right. Anything to the
    left of that was written by the client and may be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
