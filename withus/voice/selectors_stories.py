"""Reads for stories: which stories a person reaches, under which live consent, and the response-time figures.

Every output path (the list, a story's page, the export, recording a use) starts from `stories_visible_to` or
`stories_for_use`, which check consent live on the day: an expired or withdrawn use is never shown or exported.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

import withus_spc as spc
from withus.accounts.models import Role, User
from withus.core.dates import add_months, month_start
from withus.organisations.models import Unit
from withus.voice.models.stories import (
    INTERNAL_USES,
    NAMING_ORDER,
    ChangeClaim,
    Naming,
    Story,
    StoryConsent,
    StoryMedia,
    StoryResponse,
    StoryStatus,
    StoryUseKind,
)


def moderated_units(user) -> list | None:
    """Units whose stories the user moderates: None is the whole trust, [] none."""
    if user.has_role(Role.ADMINISTRATOR):
        return None
    return user.units_for(Role.PARTICIPATION_LEAD)


def _in_units(units, path: str = "unit__path") -> Q:
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(**{f"{path}__startswith": unit.path})
    return condition


def uses_for_viewer(user) -> tuple:
    """The uses under which a published story may appear to this user on WithUs's pages."""
    if user.is_participant:
        return (StoryUseKind.PUBLIC_WEBSITE,)
    return INTERNAL_USES


def stories_visible_to(user, today: datetime.date | None = None):
    """Stories this user may open: their own, those they moderate, and published ones under a live consent."""
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return Story.objects.none()
    today = today or timezone.localdate()
    stories = Story.objects.for_organisation(user.organisation_id)
    live = Exists(StoryConsent.objects.live(today).filter(story_id=OuterRef("pk"), use__in=list(uses_for_viewer(user))))
    visible = Q(teller__user=user) | Q(recorded_by=user) | (Q(status=StoryStatus.PUBLISHED) & live)
    units = moderated_units(user)
    if units is None:
        visible |= ~Q(status=StoryStatus.DRAFT)
    elif units:
        visible |= ~Q(status=StoryStatus.DRAFT) & _in_units(units)
    return stories.filter(visible)


def published_for(user, today: datetime.date | None = None):
    """The /stories/ list: published stories the user may see under a live consent."""
    today = today or timezone.localdate()
    return Story.objects.for_organisation(user.organisation_id).listed_under(public=user.is_participant, on=today)


def stories_for_use(organisation_id, use: str, today: datetime.date | None = None):
    """Published stories that may be used this way today (the export and the training material)."""
    today = today or timezone.localdate()
    return Story.objects.for_organisation(organisation_id).published().with_live_consent([use], today)


def moderation_queue(user):
    stories = Story.objects.for_organisation(user.organisation_id).filter(
        status__in=[
            StoryStatus.RECEIVED,
            StoryStatus.IN_MODERATION,
            StoryStatus.WITH_TELLER,
            StoryStatus.APPROVED,
            StoryStatus.HELD,
        ]
    )
    units = moderated_units(user)
    if units is not None:
        stories = stories.filter(_in_units(units)) if units else stories.none()
    return stories


def safeguarding_candidates(organisation_id):
    """Who may be the trust's safeguarding lead for stories: active staff-side people of the trust."""
    return (
        User.objects.filter(organisation_id=organisation_id, is_active=True)
        .filter(roles__role__in=[Role.STAFF, Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR])
        .distinct()
        .order_by("full_name")
    )


def change_owners_for(story: Story):
    """Who may own a change claimed in a response: active staff and participation leads of the trust whose role
    covers the story's unit (the unit, a unit above it, or the whole trust)."""
    parts = story.unit.path.strip("/").split("/")
    above = ["/" + "/".join(parts[: depth + 1]) + "/" for depth in range(len(parts))]
    return (
        User.objects.filter(organisation_id=story.organisation_id, is_active=True)
        .filter(
            Q(roles__unit__isnull=True) | Q(roles__unit__path__in=above),
            roles__role__in=[Role.STAFF, Role.PARTICIPATION_LEAD],
        )
        .distinct()
        .order_by("full_name")
    )


def overdue_changes(user, today: datetime.date | None = None):
    """Changes planned, owned and due before today, on stories with no change made yet, in the units the lead
    moderates: the moderation page lists them for the lead to chase."""
    today = today or timezone.localdate()
    responses = StoryResponse.objects.filter(
        organisation_id=user.organisation_id,
        change_claim=ChangeClaim.PLANNED,
        action_due_on__lt=today,
        story__status=StoryStatus.PUBLISHED,
    ).exclude(story__change_claim=ChangeClaim.MADE)
    units = moderated_units(user)
    if units is not None:
        responses = responses.filter(_in_units(units, "story__unit__path")) if units else responses.none()
    return responses


def media_of(story: Story) -> StoryMedia | None:
    """The story's photo or recording, if it has one that has not been removed (for the teller and moderators)."""
    return StoryMedia.objects.filter(story=story, withdrawn_at__isnull=True).exclude(file="").first()


def media_for_viewer(story: Story, user, consents, today: datetime.date) -> StoryMedia | None:
    """The story's photo or recording if this user may see it now, else None.

    The teller sees it until it is withdrawn; whoever recorded the story and its moderators while it is moderated,
    then while any use of it is agreed. Anyone else only once the story is published, and only under a use that
    the page serves, that the file's own consent covers today and that the story's words are agreed for today
    (`consents`: the story's consent rows)."""
    media = media_of(story)
    if media is None:
        return None
    if story.teller.user_id is not None and user.pk == story.teller.user_id:
        return media
    words = {consent.use for consent in consents if consent.is_live(today)}
    if user.pk == story.recorded_by_id or user.has_perm("voice.moderate_story", story):
        # Moderating it before publication; once published, while any use of the file is still agreed.
        return media if story.status != StoryStatus.PUBLISHED or media.live_uses(today) & words else None
    if story.status != StoryStatus.PUBLISHED:
        return None
    return media if media.live_uses(today) & words & set(uses_for_viewer(user)) else None


def naming_under(consents, uses, today: datetime.date) -> str:
    """The least identifying naming among the live consents for these uses: a teller named under one use is not
    named on a page that serves several."""
    live = [consent.naming for consent in consents if consent.use in uses and consent.is_live(today)]
    if not live:
        return Naming.ANONYMOUS
    return min(live, key=NAMING_ORDER.index)


def teller_shown_as(story: Story, naming: str) -> str:
    person = story.teller
    if naming == Naming.FULL_NAME:
        return person.full_name
    if naming == Naming.FIRST_NAME:
        return (person.preferred_name or person.full_name).split(" ")[0]
    return "Anonymous"


# --- Response times ------------------------------------------------------------------------------------------


@dataclass
class DirectorateTimes:
    directorate: Unit
    months: list[datetime.date] = field(default_factory=list)
    median_days: list[float | None] = field(default_factory=list)
    change_percent: list[float | None] = field(default_factory=list)
    days_variation: str = ""
    change_variation: str = ""


def response_times(organisation_id, *, months: int = 36, today: datetime.date | None = None) -> list[DirectorateTimes]:
    """Per directorate, per month of publication: median days to first response and % with a change claim.

    The database does the work on one covering index (organisation, status, published_month, unit, change_claim,
    days_to_first_response): one grouped query for the counts and change claims per unit and month, and one with
    window functions (SQLite and PostgreSQL alike) that returns only the middle one or two responses of each
    directorate and month, whose mean is the median. Then run charts through withus_spc. Three queries whatever
    the number of stories."""
    today = today or timezone.localdate()
    first = add_months(month_start(today), -(months - 1))
    units = list(Unit.objects.for_organisation(organisation_id).only("pk", "path", "depth", "name"))
    directorates = sorted((unit for unit in units if unit.depth == 0), key=lambda unit: unit.name)
    position_of = {unit.path: index for index, unit in enumerate(directorates)}
    directorate_of = {}
    for unit in units:
        top = "/" + unit.path.strip("/").split("/")[0] + "/"
        if top in position_of:
            directorate_of[unit.pk] = position_of[top]
    if not directorate_of:
        return []
    stories = Story.objects.for_organisation(organisation_id).published().filter(published_month__gte=first).order_by()
    # Counts per unit and month straight off the index (a few hundred rows), added up per directorate here.
    counts = stories.values_list("unit_id", "published_month").annotate(
        # Count a column of the index, not the id (which is not in it: counting it would read every row).
        told=Count("unit_id"),
        claimed=Count("unit_id", filter=~Q(change_claim=ChangeClaim.NONE)),
    )
    told: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for unit_id, month, count, claimed in counts:
        if unit_id in directorate_of:
            figures = told[directorate_of[unit_id]][month]
            figures[0] += count
            figures[1] += claimed
    # Medians need every response of a directorate's month together: partition by the directorate (a CASE over
    # the unit ids) and keep only the middle one or two rows of each partition.
    members: dict[int, list] = defaultdict(list)
    for unit_id, index in directorate_of.items():
        members[index].append(unit_id)
    directorate = Case(
        *[When(unit_id__in=unit_ids, then=Value(index)) for index, unit_ids in sorted(members.items())],
        default=None,
        output_field=IntegerField(),
    )
    group = [F("directorate"), F("published_month")]
    middles = (
        stories.filter(days_to_first_response__isnull=False)
        .annotate(directorate=directorate)
        .annotate(
            position=Window(RowNumber(), partition_by=group, order_by=F("days_to_first_response").asc()),
            responded=Window(Count("unit_id"), partition_by=group),
        )
        .filter(position__gte=(F("responded") + 1) / 2, position__lte=(F("responded") + 2) / 2)
        .values_list("directorate", "published_month", "days_to_first_response")
    )
    middle_days: dict = defaultdict(lambda: defaultdict(list))
    for index, month, days in middles:
        if index is not None:
            middle_days[index][month].append(days)
    month_list = [add_months(first, step) for step in range(months)]
    result = []
    for index, unit in enumerate(directorates):
        if index not in told:
            continue
        times = DirectorateTimes(directorate=unit)
        for month in month_list:
            middle = middle_days[index].get(month)
            times.months.append(month)
            times.median_days.append(round(statistics.median(middle), 1) if middle else None)
            count, claimed = told[index].get(month, (0, 0))
            times.change_percent.append(round(100 * claimed / count, 1) if count else None)
        times.days_variation = _variation(times.median_days, "down")
        times.change_variation = _variation(times.change_percent, "up")
        result.append(times)
    return result


def _variation(values: list[float | None], direction: str) -> str:
    if sum(value is not None for value in values) < 12:
        return ""
    result = spc.analyse(values, chart="run", direction=direction)
    return result.summary.variation or ""
