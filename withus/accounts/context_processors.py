"""Navigation for the signed-in person: only the places they may go."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

# Each entry: (text, URL name, permission). Features add their own entries here. Participants' pages are translated
# (issue 26): their texts are marked for the catalogue here and translated when the page is drawn.
PARTICIPANT_NAVIGATION = (
    (gettext_noop("My details"), "people:me", "people.view_own_record"),
    (gettext_noop("Opportunities"), "opportunities:list", "opportunities.browse"),
    (gettext_noop("My involvement"), "involvement:my_involvement", "involvement.view_own_involvement"),
    (gettext_noop("My learning"), "learning:mine", "learning.view_own_learning"),
    (gettext_noop("My QI projects"), "improvement:mine", "improvement.view_own_projects"),
    (gettext_noop("My stories"), "stories:mine", "voice.view_own_stories"),
    (gettext_noop("You were heard"), "ideas:heard", "ideas.view_own"),
    (gettext_noop("My payments"), "payments:my_payments", "payments.view_own_payments"),
    (gettext_noop("Messages"), "notifications:my_messages", "notifications.view_own_messages"),
)

NAVIGATION = (
    ("Home", "home", "accounts.view_home"),
    ("Register", "people:register", "people.view_register"),
    ("Opportunities", "opportunities:list", "opportunities.browse"),
    ("Spread", "opportunities:spread", "opportunities.view_spread"),
    ("Learning", "learning:courses", "learning.manage_cohorts"),
    ("QI projects", "improvement:portfolio", "improvement.view_portfolio"),
    ("Stories", "stories:list", "voice.view_stories"),
    ("Ideas", "ideas:list", "ideas.view_ideas"),
    ("Check-ins", "support:check_ins", "support.support_people"),
    ("Experience", "support:experience", "support.view_experience"),
    ("Committees", "governance:committees", "governance.view_committees"),
    ("Recruitment", "governance:recruitment", "governance.view_recruitment"),
    ("Accreditation", "accreditation:programme", "accreditation.view_programme"),
    # Board members who hold a seat open packs from their e-mail or My panels: asking "holds a seat?" here would
    # cost every staff page a query.
    ("Board reports", "reports:board", "reports.find_board_packs"),
    ("Equity", "reports:equity", "reports.view_equity"),
    ("Claims", "payments:claims", "payments.view_claims"),
    ("Finance", "payments:batches", "payments.view_batches"),
    ("Messages sent", "notifications:outbox", "notifications.view_outbox"),
    ("Units", "organisations:units", "organisations.view_units"),
    ("People and roles", "accounts:users", "accounts.manage_users"),
    ("Published information", "organisations:trust_information", "organisations.manage_trust_information"),
    ("API tokens", "api:tokens", "api.manage_tokens"),
    ("Audit log", "accounts:audit_log", "accounts.view_audit_log"),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    if user.is_participant:
        items.extend(
            {"text": gettext(text), "href": reverse(name)}
            for text, name, perm in PARTICIPANT_NAVIGATION
            if user.has_perm(perm)
        )
    else:
        items.extend({"text": text, "href": reverse(name)} for text, name, perm in NAVIGATION if user.has_perm(perm))
        if getattr(user, "person", None) is not None:
            items.append({"text": gettext("My details"), "href": reverse("people:me")})
    # One item is current: the one whose address matches most of the page's (so /me/involvement/ marks
    # "My involvement", not "My details" at /me/ as well).
    matching = [
        item
        for item in items
        if request.path == item["href"] or (item["href"] != "/" and request.path.startswith(item["href"]))
    ]
    current = max(matching, key=lambda item: len(item["href"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"navigation": items}
