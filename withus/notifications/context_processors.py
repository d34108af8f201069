"""The header's navigation with the number of unread messages beside "Messages" (one query, participants only)."""

from django.urls import reverse
from django.utils.translation import gettext

from withus.accounts.context_processors import navigation as plain_navigation
from withus.notifications.selectors import unread_count_for


def navigation(request):
    """Replaces accounts' navigation in settings: the same items, and "Messages (2 unread)" when there are any."""
    context = plain_navigation(request)
    items = context["navigation"]
    href = reverse("notifications:my_messages")
    item = next((item for item in items if item["href"] == href), None)
    if item is not None:
        unread = unread_count_for(request.user)
        if unread:
            item["text"] = gettext("%(text)s (%(count)s unread)") % {"text": item["text"], "count": unread}
    return context
