"""The PCREF workspace (/reports/pcref/): executive lead, actions co-produced with named community groups, the
yearly self-assessment against the six competencies, the dates the board monitored it, feedback evidence from
stories and ideas by the teller's census group (small numbers suppressed) and the evidence pack PDF. Bad input is
refused kindly and saves nothing; everything is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.reports.models import ActionStatus, Competency, PcrefAction, PcrefAssessment, PcrefMonitoring, PcrefPlan
from withus.reports.pcref import feedback_by_group
from withus.reports.services_pcref import pcref_monitoring_add, pcref_set_executive_lead
from withus.reports.tests.builders import with_ethnicity

URL = "/reports/pcref/"


@pytest.fixture
def lead(make_user, client):
    user = make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah")
    client.force_login(user)
    client.user = user
    return client


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_a_lead_keeps_the_plan_and_reads_it_back(lead, make_user):
    executive = make_user(Role.ADMINISTRATOR, full_name="Dr Ruth Adeyemi")
    year = timezone.localdate().year
    assert lead.post("/reports/pcref/lead/", {"executive_lead": executive.pk}).status_code == 302
    due = timezone.localdate() + datetime.timedelta(days=60)
    response = lead.post(
        "/reports/pcref/actions/add/",
        {
            "title": "Co-design the carers' café with Somali families",
            "co_produced_with": "Riverside Somali Women's Group",
            "competency": Competency.CO_PRODUCTION,
            "owner": "People Participation team",
            **_date("due_on", due),
        },
    )
    assert response.status_code == 302
    action = PcrefAction.objects.get()
    assert lead.post(f"/reports/pcref/actions/{action.pk}/", {"status": ActionStatus.IN_PROGRESS}).status_code == 302
    url = f"/reports/pcref/{year}/assessment/{Competency.CO_PRODUCTION}/"
    assert lead.post(url, {"rating": "1", "evidence": "Two actions agreed with two groups"}).status_code == 302
    assert lead.post(url, {"rating": "2", "evidence": "Agreed again at the community forum"}).status_code == 302
    met_on = timezone.localdate() - datetime.timedelta(days=10)
    monitoring = {"meeting": "Trust Board (public session)", "note": "Plan and panel gap", **_date("met_on", met_on)}
    assert lead.post("/reports/pcref/monitoring/add/", monitoring).status_code == 302
    page = lead.get(URL).content.decode()
    assert "Dr Ruth Adeyemi" in page
    assert "Riverside Somali Women&#39;s Group" in page or "Riverside Somali Women's Group" in page
    assert "In progress" in page
    assert "2: Achieving" in page
    assert "Agreed again at the community forum" in page
    assert "Trust Board (public session)" in page
    assert PcrefAssessment.objects.get().rating == 2  # the second save replaced the first
    audited = AuditEntry.objects.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE])
    assert audited.filter(object_type="pcrefaction").count() == 2
    assert audited.filter(object_type="pcrefassessment").count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="pcref workspace").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"co_produced_with": ""}, "Name the community groups the action is co-produced with"),
        ({"title": ""}, "Enter what will be done"),
        ({"competency": "guesswork"}, "Choose one of the six"),
        ({"owner": ""}, "Enter owner"),
        ({"due_on_day": ""}, "Due must include a day"),
        ({"due_on_month": "13"}, "Due must be a real date"),
    ],
)
def test_a_bad_action_says_how_to_fix_it_and_saves_nothing(lead, data, message):
    due = timezone.localdate() + datetime.timedelta(days=30)
    values = {
        "title": "Translate the leaflet",
        "co_produced_with": "Marsh Bangladeshi Elders",
        "competency": Competency.CULTURAL_AWARENESS,
        "owner": "Comms",
        **_date("due_on", due),
        **data,
    }
    response = lead.post("/reports/pcref/actions/add/", values)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not PcrefAction.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"rating": ""}, "Choose a rating from 0 to 3"), ({"rating": "7"}, "Choose a rating from 0 to 3"),
     ({"evidence": ""}, "Enter what the rating is based on")],
)  # fmt: skip
def test_a_bad_self_assessment_saves_nothing(lead, data, message):
    year = timezone.localdate().year
    values = {"rating": "1", "evidence": "Staff training co-delivered", **data}
    response = lead.post(f"/reports/pcref/{year}/assessment/{Competency.WORKFORCE}/", values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PcrefAssessment.objects.exists()


def test_an_unknown_competency_or_year_is_not_found(lead):
    year = timezone.localdate().year
    assert lead.get(f"/reports/pcref/{year}/assessment/bravery/").status_code == 404
    assert lead.get(f"/reports/pcref/{year + 1}/assessment/{Competency.WORKFORCE}/").status_code == 404
    assert lead.get(f"/reports/pcref/2019/assessment/{Competency.WORKFORCE}/").status_code == 404
    assert lead.get(URL, {"year": "2019"}).status_code == 404
    assert lead.get(f"/reports/pcref/{year + 1}/evidence.pdf").status_code == 404


def test_monitoring_in_the_future_or_twice_is_refused(lead, trust):
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = lead.post("/reports/pcref/monitoring/add/", {"meeting": "Trust Board", **_date("met_on", future)})
    assert "The date must be today or in the past" in response.content.decode()
    day = timezone.localdate() - datetime.timedelta(days=3)
    pcref_monitoring_add(organisation=trust.organisation, met_on=day, meeting="Trust Board", actor=lead.user)
    response = lead.post("/reports/pcref/monitoring/add/", {"meeting": "Trust Board", **_date("met_on", day)})
    assert "That meeting on that date is already recorded" in response.content.decode()
    assert PcrefMonitoring.objects.count() == 1


def test_the_executive_lead_must_be_staff_of_the_trust(trust, make_user):
    participant = make_user(Role.PARTICIPANT)
    board_member = make_user(Role.BOARD_MEMBER)
    for user in (participant, board_member):
        with pytest.raises(ValidationError, match="member of staff"):
            pcref_set_executive_lead(organisation=trust.organisation, executive_lead=user, actor=user)
    assert not PcrefPlan.objects.exists()


def _stories(trust, lead_user, code: str, count: int, answered: int):
    from withus.voice.models.stories import Story, StoryStatus

    now = timezone.now()
    for number in range(count):
        teller = with_ethnicity(PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER), code)
        Story.objects.create(
            organisation=trust.organisation, teller=teller, unit=trust.willow, recorded_by=lead_user,
            title="A story", what_happened="What happened", status=StoryStatus.RECEIVED, submitted_at=now,
            first_response_at=now if number < answered else None,
        )  # fmt: skip


def test_feedback_evidence_counts_stories_by_group_and_suppresses_small_groups(trust, make_user):
    lead_user = make_user(Role.PARTICIPATION_LEAD)
    _stories(trust, lead_user, "A", 10, answered=9)
    _stories(trust, lead_user, "M", 6, answered=3)  # Black Caribbean
    _stories(trust, lead_user, "H", 2, answered=2)  # Indian: a small group
    rows = {row.group: row for row in feedback_by_group(trust.organisation.pk, timezone.localdate().year)}
    assert rows["white"].stories == 10
    assert round(rows["white"].stories_answered) == 90
    assert rows["asian"].stories is None
    assert rows["asian"].stories_answered is None
    assert rows["black"].stories is None  # the next smallest, so the total cannot give Asian's 2 away
    assert rows["mixed"].stories == 0


def test_the_page_shows_no_teller_and_the_evidence_pack_is_a_pdf(lead, trust):
    _stories(trust, lead.user, "A", 6, answered=6)
    page = lead.get(URL).content.decode()
    assert 'id="feedback-table"' in page
    assert "Fewer than 5" not in page or "Not shown" in page
    response = lead.get(f"/reports/pcref/{timezone.localdate().year}/evidence.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="pcref evidence pack").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.IMPROVEMENT_ADVISOR, Role.BOARD_MEMBER, Role.PARTICIPANT])
def test_only_leads_and_administrators_find_the_workspace(make_user, client, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 404
    assert client.post("/reports/pcref/actions/add/", {"title": "x"}).status_code == 404
    assert not PcrefAction.objects.exists()


# --- EDS 2022 ------------------------------------------------------------------------------------------------


def test_eds_scores_add_up_to_a_band_only_when_all_eleven_are_scored(lead):
    from withus.reports.models import EdsBand, EdsOutcome, EdsScore

    year = timezone.localdate().year
    page = lead.get(f"/reports/pcref/eds/{year}/").content.decode()
    assert "Not yet: 0 of 11 outcomes scored" in page
    assert not EdsBand.objects.exists()  # reading writes nothing; the defaults are shown
    assert "Developing: from 8 to 21" in page
    for number, outcome in enumerate(EdsOutcome.values):
        score = "2" if number < 6 else "1"
        data = {"score": score, "evidence": f"Evidence for {outcome}", "scored_by": "EDS panel with two service users"}
        assert lead.post(f"/reports/pcref/eds/{year}/{outcome}/", data).status_code == 302
        if number == 0:
            assert "Not yet: 1 of 11 outcomes scored" in lead.get(f"/reports/pcref/eds/{year}/").content.decode()
    page = lead.get(f"/reports/pcref/eds/{year}/").content.decode()
    assert "17 of 33" in page  # 6 × 2 + 5 × 1
    assert '<dd class="nhsuk-summary-list__value" id="eds-band">Developing</dd>' in page
    assert EdsBand.objects.count() == 4
    assert EdsScore.objects.count() == 11
    assert AuditEntry.objects.filter(object_type="edsscore", action=AuditAction.CREATE).count() == 11


@pytest.mark.parametrize(
    ("data", "message"),
    [({"score": ""}, "Choose a score from 0 to 3"), ({"score": "4"}, "Choose a score from 0 to 3"),
     ({"evidence": ""}, "Enter what the score is based on"), ({"scored_by": ""}, "Enter who agreed the score")],
)  # fmt: skip
def test_a_bad_eds_score_saves_nothing(lead, data, message):
    from withus.reports.models import EdsScore

    year = timezone.localdate().year
    values = {"score": "2", "evidence": "Access audit", "scored_by": "EDS panel", **data}
    response = lead.post(f"/reports/pcref/eds/{year}/1A/", values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EdsScore.objects.exists()


def test_an_unknown_eds_outcome_or_year_is_not_found(lead):
    year = timezone.localdate().year
    assert lead.get(f"/reports/pcref/eds/{year}/4Z/").status_code == 404
    assert lead.get(f"/reports/pcref/eds/{year + 1}/").status_code == 404
