"""The client's address: what the audit log records and what the sign-in rate limits count against.

Behind the documented reverse proxy every connection comes from the proxy, so REMOTE_ADDR is the proxy's
address. Each trusted proxy appends the address it saw to X-Forwarded-For; with N trusted proxies the real
client is therefore the N-th entry from the right. Entries to the left of it were sent by the client and can
say anything, so they are never used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the client that sent this request, or None if there is none to tell."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.WITHUS_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _address(hops[-proxies]) or remote
    return remote
