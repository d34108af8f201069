"""The demo trust's stories (issue 19): about 25 told stories in every state, plus three years of published ones
behind the response-time run charts. Amara Bello's story of racist abuse on Willow Ward is consented for staff
training and board (not public) and answered with "change made" linked to the QI project; changes planned have an
owner and a date, two of them overdue; the garden story has a photo with its own consent; one story's training
consent was withdrawn after two uses; one story's consent ends this month. Idempotent and deterministic.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from withus.accounts.models import Role, User
from withus.core.dates import add_months, month_start
from withus.demo.improvement_world import RACISM_TITLE
from withus.improvement.models import Project
from withus.organisations.models import Unit
from withus.people.models import Person, PersonKind
from withus.voice.media import checked_media
from withus.voice.models.stories import (
    ChangeClaim,
    Naming,
    Story,
    StoryConsent,
    StoryEdit,
    StoryMedia,
    StoryResponse,
    StoryRoute,
    StorySettings,
    StoryStatus,
    StoryStatusChange,
    StoryTheme,
    StoryUse,
    StoryUseKind,
    response_figures,
)
from withus.voice.services_stories import consent_windows_refresh

SEED = 19_2026
DOMAIN = "demo.withus.local"

# (title, unit code, theme, status, what happened, could be better)
TOLD = [
    (
        "The night staff made me feel safe",
        "CEDAR",
        StoryTheme.SAFETY,
        StoryStatus.PUBLISHED,
        "I was frightened on my first night. A nurse sat with me and explained what would happen in the morning.",
        "It would help to have a leaflet about the first night.",
    ),
    (
        "Nobody told my mum I had moved ward",
        "BIRCH",
        StoryTheme.FAMILY,
        StoryStatus.PUBLISHED,
        "I was moved to another ward late at night and my mum rang the old ward the next day. Nobody knew where I was.",
        "Tell families when someone moves ward.",
    ),
    (
        "Waiting for my first appointment",
        "CMHT-N",
        StoryTheme.COMMUNICATION,
        StoryStatus.PUBLISHED,
        "I waited eleven weeks for my first appointment and nobody rang to say how long it would be.",
        "A phone call to say where I was on the list.",
    ),
    (
        "The garden at Hawthorn House",
        "HAWTHORN",
        StoryTheme.ENVIRONMENT,
        StoryStatus.PUBLISHED,
        "Working in the garden helped me sleep and feel like myself again.",
        "",
    ),
    (
        "My care plan was written with me",
        "EIP",
        StoryTheme.CARE,
        StoryStatus.PUBLISHED,
        "My care coordinator wrote my care plan with me, in my words, and gave me a copy.",
        "",
    ),
    (
        "The crisis team came within the hour",
        "CRISIS",
        StoryTheme.CARE,
        StoryStatus.PUBLISHED,
        "When I called at 2am they came within the hour and stayed until I felt calmer.",
        "",
    ),
    (
        "The district nurse remembered my name",
        "DN",
        StoryTheme.RESPECT,
        StoryStatus.PUBLISHED,
        "Every visit the same nurse came and she remembered what mattered to me.",
        "",
    ),
    (
        "Too noisy to sleep",
        "CEDAR",
        StoryTheme.ENVIRONMENT,
        StoryStatus.PUBLISHED,
        "The doors banged all night and the lights in the corridor were always on.",
        "Softer closers on the doors.",
    ),
    (
        "Help to understand my medication",
        "CMHT-S",
        StoryTheme.CARE,
        StoryStatus.PUBLISHED,
        "The pharmacist explained each tablet and what the side effects might be.",
        "",
    ),
    (
        "My son's therapy sessions",
        "CHILD-TH",
        StoryTheme.FAMILY,
        StoryStatus.PUBLISHED,
        "The therapist showed me exercises I can do with my son at home.",
        "",
    ),
    (
        "Being listened to at ward round",
        "WILLOW",
        StoryTheme.COMMUNICATION,
        StoryStatus.PUBLISHED,
        "Ward round used to feel like a panel. Now I get to speak first.",
        "",
    ),
    (
        "I was not told why my leave was cancelled",
        "WILLOW",
        StoryTheme.COMMUNICATION,
        StoryStatus.RECEIVED,
        "My leave was cancelled and nobody explained why until the next day.",
        "Explain on the day.",
    ),
    (
        "Food that suits my religion",
        "BIRCH",
        StoryTheme.RESPECT,
        StoryStatus.RECEIVED,
        "For a week there was no halal option at tea time.",
        "Check the menu with patients.",
    ),
    (
        "The first night on Cedar Ward",
        "CEDAR",
        StoryTheme.SAFETY,
        StoryStatus.IN_MODERATION,
        "Staff member Jo shouted at me when I asked for water at night.",
        "Kinder night checks.",
    ),
    (
        "Phone calls to the team go unanswered",
        "CMHT-N",
        StoryTheme.COMMUNICATION,
        StoryStatus.WITH_TELLER,
        "I rang the team five times in one week and nobody called back.",
        "A call back the same day.",
    ),
    (
        "Help with my benefits form",
        "HAWTHORN",
        StoryTheme.CARE,
        StoryStatus.APPROVED,
        "The occupational therapist helped me fill in my benefits form.",
        "",
    ),
    (
        "Something I'd rather not share yet",
        "EDS",
        StoryTheme.OTHER,
        StoryStatus.HELD,
        "A story about my time in the eating disorders service.",
        "",
    ),
    (
        "An old story about a ward that has closed",
        "BIRCH",
        StoryTheme.OTHER,
        StoryStatus.REJECTED,
        "This happened eight years ago on a ward that has since closed.",
        "",
    ),
    (
        "Half-written story about the perinatal team",
        "PERINATAL",
        StoryTheme.CARE,
        StoryStatus.DRAFT,
        "The perinatal team visited me at home after my daughter was born and",
        "",
    ),
]
AMARA_STORY = (
    "Racist abuse on Willow Ward was ignored",
    "When I was on Willow Ward another patient called me racist names every day. When I told staff, they said it "
    "was part of his illness and nothing changed. I felt I had to hide in my room.",
    "Staff should call it out every time, and the ward should have a clear agreement that racism is not accepted.",
)


def _user(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{DOMAIN}").first()


def build_stories(*, trust, seed: int = SEED) -> int:
    if Story.objects.filter(organisation=trust).exists():
        return 0
    rng = random.Random(seed)
    lead = _user("lead") or User.objects.filter(organisation=trust, roles__role=Role.PARTICIPATION_LEAD).first()
    staff = _user("staff") or lead
    if lead is None:
        return 0
    StorySettings.objects.get_or_create(organisation=trust, defaults={"safeguarding_lead": lead})
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    tellers = list(
        Person.objects.filter(organisation=trust, kind__in=[PersonKind.SERVICE_USER, PersonKind.CARER]).order_by(
            "full_name"
        )
    )
    amara = Person.objects.filter(organisation=trust, full_name="Amara Bello").first()
    ben = Person.objects.filter(organisation=trust, full_name="Ben Hughes").first()
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    for index, (title, code, theme, status, happened, better) in enumerate(TOLD):
        teller = ben if (code == "EIP" and ben) else tellers[index % len(tellers)]
        published_at = now - datetime.timedelta(days=20 + index * 9) if status == StoryStatus.PUBLISHED else None
        story = _story(trust, teller, units[code], lead, title, happened, better, theme, status, published_at, rng)
        uses = [StoryUseKind.INTERNAL_LEARNING, StoryUseKind.STAFF_TRAINING]
        if index % 2 == 0:
            uses.append(StoryUseKind.PUBLIC_WEBSITE)
        if status != StoryStatus.DRAFT:
            granted = (published_at or now).date() - datetime.timedelta(days=30)
            for use in uses:
                _consent(trust, story, use, lead, granted, add_months(granted, 24), Naming.FIRST_NAME)
        if status == StoryStatus.PUBLISHED and index % 3 != 2:
            claim = [ChangeClaim.NONE, ChangeClaim.PLANNED, ChangeClaim.MADE][index % 3]
            _respond(
                story, staff if code == "WILLOW" else lead, claim, published_at + datetime.timedelta(days=4 + index % 6)
            )
        if status == StoryStatus.IN_MODERATION:
            StoryEdit.objects.create(
                story=story,
                field="what_happened",
                before=happened,
                after="A member of staff shouted at me when I asked for water at night.",
                reason="We replaced the staff member's name with their role, as we do for every story.",
                edited_by=lead,
            )
            Story.objects.filter(pk=story.pk).update(
                what_happened="A member of staff shouted at me when I asked for water at night."
            )
        if status in (StoryStatus.HELD, StoryStatus.REJECTED):
            story.outcome_reason = (
                "You asked us to wait until you feel ready."
                if status == StoryStatus.HELD
                else "We only publish stories about care in the last 3 years, so that staff can act on them."
            )
            story.save(update_fields=["outcome_reason"])
        created += 1
    _garden_photo(trust, lead)
    if amara is not None:
        created += _amara(trust, amara, units, lead, staff, now)
    created += _withdrawn_and_expiring(trust, tellers, units, lead, today, now, rng)
    created += _history(trust, tellers, units, lead, staff, now, rng)
    for story in Story.objects.filter(organisation=trust):
        consent_windows_refresh(story)
    return created


def _garden_photo(trust, lead) -> None:
    """A photo with the Hawthorn House garden story, its own consent for learning and training inside the trust."""
    story = Story.objects.filter(organisation=trust, title="The garden at Hawthorn House").first()
    if story is None:
        return
    image = Image.new("RGB", (640, 400), (198, 226, 255))
    drawing = ImageDraw.Draw(image)
    drawing.rectangle((0, 260, 640, 400), fill=(76, 142, 58))
    drawing.ellipse((500, 40, 580, 120), fill=(255, 203, 5))
    for left in range(40, 600, 90):
        drawing.rectangle((left + 18, 200, left + 26, 262), fill=(110, 72, 40))
        drawing.ellipse((left, 150, left + 44, 210), fill=(42, 110, 45))
    output = io.BytesIO()
    image.save(output, format="PNG")
    checked = checked_media(output.getvalue())
    consent = story.consents.order_by("expires_on").first()
    media = StoryMedia(
        organisation=trust,
        story=story,
        kind=checked.kind,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=lead,
        description="Raised beds and trees in the garden at Hawthorn House",
        uses=[StoryUseKind.INTERNAL_LEARNING, StoryUseKind.STAFF_TRAINING],
        granted_on=consent.granted_on,
        expires_on=consent.expires_on,
        information_sheet_version="1.0",
    )
    media.file.save("media", ContentFile(checked.content), save=False)
    media.save()


def _story(trust, teller, unit, lead, title, happened, better, theme, status, published_at, rng, route=None):
    submitted = (published_at or timezone.now()) - datetime.timedelta(days=10)
    story = Story.objects.create(
        organisation=trust,
        teller=teller,
        unit=unit,
        # Someone without a sign-in told it to the team; someone with one told it in WithUs or to the team.
        route=route
        or rng.choice(
            [StoryRoute.WEB, StoryRoute.WEB, StoryRoute.CONVERSATION, StoryRoute.PHONE]
            if teller.user_id
            else [StoryRoute.CONVERSATION, StoryRoute.PHONE, StoryRoute.LETTER]
        ),
        recorded_by=teller.user or lead,
        title=title,
        what_happened=happened,
        could_be_better=better,
        experience_month=month_start(submitted.date() - datetime.timedelta(days=30)),
        theme=theme,
        status=status,
        submitted_at=None if status == StoryStatus.DRAFT else submitted,
        teller_approved_at=published_at - datetime.timedelta(days=2) if published_at else None,
        published_at=published_at,
        published_month=response_figures(published_at, None)[0],
    )
    if status != StoryStatus.DRAFT:
        StoryStatusChange.objects.create(story=story, status=status, changed_by=lead, note="Demo story")
    return story


def _consent(trust, story, use, lead, granted, expires, naming):
    return StoryConsent.objects.create(
        organisation=trust,
        story=story,
        use=use,
        naming=naming,
        granted_on=granted,
        expires_on=expires,
        information_sheet_version="1.0",
        recorded_by=lead,
    )


def _respond(story, responder, claim, when, *, project=None, body=""):
    response = StoryResponse.objects.create(
        organisation=story.organisation,
        story=story,
        responder=responder,
        responder_role="Ward manager" if responder.has_role(Role.STAFF) else "People Participation lead",
        body=body or f"Thank you for telling us about {story.unit.name}. We have shared your story with the team.",
        change_claim=claim,
        change_description={
            ChangeClaim.PLANNED: "We will talk about this at the next team meeting and agree what to change.",
            ChangeClaim.MADE: "We have changed how we do this; the team agreed it together.",
        }.get(claim, ""),
        project=project,
        # A change claimed is a tracked action: a QI project, or an owner (with a date for a change planned; two of
        # the demo's planned changes are past their date, so the lead sees them as overdue).
        action_owner=responder if claim != ChangeClaim.NONE and project is None else None,
        action_due_on=when.date() + datetime.timedelta(days=60) if claim == ChangeClaim.PLANNED else None,
    )
    StoryResponse.objects.filter(pk=response.pk).update(created_at=when)
    Story.objects.filter(pk=story.pk).update(
        first_response_at=when,
        change_claim=claim,
        days_to_first_response=response_figures(story.published_at, when)[1],
    )
    return response


def _amara(trust, amara, units, lead, staff, now) -> int:
    title, happened, better = AMARA_STORY
    published_at = now - datetime.timedelta(days=120)
    story = _story(
        trust,
        amara,
        units["WILLOW"],
        lead,
        title,
        happened,
        better,
        StoryTheme.RESPECT,
        StoryStatus.PUBLISHED,
        published_at,
        random.Random(1),
        route=StoryRoute.WEB,
    )
    granted = published_at.date() - datetime.timedelta(days=20)
    training = _consent(
        trust, story, StoryUseKind.STAFF_TRAINING, lead, granted, add_months(granted, 24), Naming.FIRST_NAME
    )
    _consent(trust, story, StoryUseKind.BOARD, lead, granted, add_months(granted, 24), Naming.FULL_NAME)
    StoryEdit.objects.create(
        story=story,
        field="what_happened",
        before=happened + " The nurse in charge was Dave.",
        after=happened,
        reason="We took out the staff member's name, as we do for every story.",
        edited_by=lead,
    )
    project = Project.objects.filter(organisation=trust, title=RACISM_TITLE).first()
    _respond(
        story,
        staff,
        ChangeClaim.MADE,
        published_at + datetime.timedelta(days=3),
        project=project,
        body="Thank you, Amara. You were right: racism was not being called out. We are sorry. Your story started "
        "our QI project, and service users and staff now lead it together.",
    )
    StoryResponse.objects.filter(story=story).update(
        change_description="A ward agreement written with service users, a 'call it out' peer-support role and "
        "community meetings led by service users. Racist incidents have fallen by about 90%."
    )
    StoryUse.objects.create(
        organisation=trust,
        story=story,
        consent=training,
        use=StoryUseKind.STAFF_TRAINING,
        occasion="Induction for new Willow Ward staff",
        audience="New nursing staff",
        used_on=(published_at + datetime.timedelta(days=30)).date(),
        recorded_by=lead,
    )
    return 1


def _withdrawn_and_expiring(trust, tellers, units, lead, today, now, rng) -> int:
    published_at = now - datetime.timedelta(days=300)
    withdrawn = _story(
        trust,
        tellers[3 % len(tellers)],
        units["CEDAR"],
        lead,
        "Restraint on my first day",
        "I was held down on my first day and nobody explained why afterwards.",
        "Talk to people after restraint.",
        StoryTheme.SAFETY,
        StoryStatus.PUBLISHED,
        published_at,
        rng,
    )
    granted = published_at.date() - datetime.timedelta(days=10)
    consent = _consent(
        trust, withdrawn, StoryUseKind.STAFF_TRAINING, lead, granted, add_months(granted, 24), Naming.ANONYMOUS
    )
    _consent(trust, withdrawn, StoryUseKind.INTERNAL_LEARNING, lead, granted, add_months(granted, 24), Naming.ANONYMOUS)
    for days, occasion in ((40, "Restraint reduction training"), (100, "Preceptorship day")):
        StoryUse.objects.create(
            organisation=trust,
            story=withdrawn,
            consent=consent,
            use=StoryUseKind.STAFF_TRAINING,
            occasion=occasion,
            audience="Nursing staff",
            used_on=(published_at + datetime.timedelta(days=days)).date(),
            recorded_by=lead,
        )
    StoryConsent.objects.filter(pk=consent.pk).update(withdrawn_at=now - datetime.timedelta(days=20), withdrawn_by=lead)
    expiring = _story(
        trust,
        tellers[5 % len(tellers)],
        units["CMHT-S"],
        lead,
        "A peer worker helped me back to work",
        "A peer support worker came with me to my first day back at work.",
        "",
        StoryTheme.CARE,
        StoryStatus.PUBLISHED,
        now - datetime.timedelta(days=700),
        rng,
    )
    ends = max(today, today.replace(day=28))
    for use in (StoryUseKind.INTERNAL_LEARNING, StoryUseKind.STAFF_TRAINING):
        _consent(trust, expiring, use, lead, add_months(ends, -24), ends, Naming.FIRST_NAME)
    return 2


def _history(trust, tellers, units, lead, staff, now, rng) -> int:
    """Three years of published stories so the response-time run charts have a pattern to show."""
    codes = ["WILLOW", "CEDAR", "BIRCH", "HAWTHORN", "CMHT-N", "CMHT-S", "CRISIS", "EIP", "DN", "CHILD-TH", "EDS"]
    created = 0
    for months_back in range(35, 0, -1):
        for _ in range(rng.randint(2, 4)):
            code = rng.choice(codes)
            published_at = now - datetime.timedelta(days=30 * months_back + rng.randint(0, 25))
            story = _story(
                trust,
                rng.choice(tellers),
                units[code],
                lead,
                f"My time with {units[code].name}",
                "A story told to the People Participation team and shared with the teller's agreement.",
                "",
                rng.choice(StoryTheme.values),
                StoryStatus.PUBLISHED,
                published_at,
                rng,
            )
            granted = published_at.date() - datetime.timedelta(days=10)
            _consent(
                trust, story, StoryUseKind.INTERNAL_LEARNING, lead, granted, add_months(granted, 24), Naming.ANONYMOUS
            )
            # Responses got quicker over time, and more of them claimed a change.
            days = max(1, int(rng.gauss(4 + months_back / 2.5, 2)))
            claim = ChangeClaim.MADE if rng.random() < 0.6 - months_back / 100 else ChangeClaim.NONE
            _respond(story, staff if code == "WILLOW" else lead, claim, published_at + datetime.timedelta(days=days))
            created += 1
    return created
