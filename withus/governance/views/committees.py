"""Committee pages: the list, a committee, adding one, its seats (advertised and appointed to) and meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_view
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.governance import presenters, selectors
from withus.governance.forms import (
    AppointForm,
    AttendanceCorrectForm,
    AttendanceForm,
    CommitteeForm,
    ConfirmForm,
    MeetingForm,
    SeatAdvertForm,
    SeatForm,
)
from withus.governance.models import Committee, Seat, SeatTerm
from withus.governance.services import committees as committee_services
from withus.governance.services import meetings as meeting_services
from withus.involvement.models import source_key
from withus.support.readiness import meeting_readiness
from withus.support.selectors import adjustments_for
from withus.support.services import readiness_mark


@permission_required("governance.view_committees")
def committee_list(request):
    overview = presenters.committees_overview(*selectors.committee_seats(request.user.organisation_id))
    return render(
        request,
        "governance/committees.jinja",
        {
            "overview": overview,
            "flags": presenters.flags(overview),
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm("governance.manage_committees"),
        },
    )


def _committee(request, committee_id) -> Committee:
    return get_object_or_404(
        Committee.objects.for_organisation(request.user.organisation_id).select_related("reports_to"), pk=committee_id
    )


def _to_committee(committee: Committee) -> str:
    return reverse("governance:committee", kwargs={"committee_id": committee.pk})


def _seat(request, committee, seat_id) -> Seat:
    return get_object_or_404(committee.seats.select_related("advert", "committee"), pk=seat_id)


@permission_required("governance.view_committees")
def committee_detail(request, committee_id):
    committee = _committee(request, committee_id)
    today = timezone.localdate()
    seats = list(committee.seats.select_related("advert").order_by("position", "title"))
    terms = list(SeatTerm.objects.for_committee(committee).select_related("person"))
    meetings = list(
        committee.meetings.annotate(
            came=Count("attendances", filter=Q(attendances__attended=True)),
            recorded=Count("attendances"),
        ).order_by("-held_on")
    )
    audit_view(request, committee)
    return render(
        request,
        "governance/committee_detail.jinja",
        {
            "readiness": _next_meeting_readiness(request, committee, meetings, today),
            "committee": committee,
            "rows": presenters.seat_rows(seats, terms, today),
            "meetings": meetings,
            "sub_committees": list(committee.sub_committees.all()),
            "today": today,
            "can_manage": request.user.has_perm("governance.manage_committees"),
        },
    )


def _next_meeting_readiness(request, committee, meetings, today):
    """The next meeting's readiness and its members' adjustments (issue 21), for whoever plans meetings."""
    upcoming = [meeting for meeting in meetings if meeting.held_on >= today]
    if not upcoming or not request.user.has_perm("support.plan_meetings"):
        return None
    meeting = min(upcoming, key=lambda item: item.held_on)
    holders = meeting_services.seat_holders_on(committee, meeting.held_on)
    readiness = meeting_readiness(
        organisation_id=committee.organisation_id,
        occasion_key=source_key("committee-meeting", meeting.pk),
        held_on=meeting.held_on,
        papers_sent_on=meeting.papers_on,
        people=[term.person_id for term in holders],
        today=today,
    )
    return {"meeting": meeting, "readiness": readiness}


@permission_required("governance.manage_committees", deny=404)
@require_POST
def meeting_ready(request, committee_id, meeting_id):
    """Mark a meeting ready (issue 21): refused, with the reasons, unless the papers reached the members at least
    7 days before and their adjustments are planned."""
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(committee.meetings, pk=meeting_id)
    today = timezone.localdate()
    holders = [term.person_id for term in meeting_services.seat_holders_on(committee, meeting.held_on)]
    try:
        readiness_mark(
            organisation_id=committee.organisation_id,
            occasion_key=source_key("committee-meeting", meeting.pk),
            occasion_label=str(meeting.audit_label),
            held_on=meeting.held_on,
            papers_sent_on=meeting.papers_on if meeting.papers_on <= today else None,
            adjustments=adjustments_for(holders),
            adjustments_planned=request.POST.get("adjustments_planned") == "yes",
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, "The meeting cannot be marked ready yet. " + " ".join(error.messages))
    else:
        messages.success(request, f"The meeting on {meeting.held_on:%-d %B %Y} is marked ready.")
    return redirect("governance:committee", committee_id=committee.pk)


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def committee_add(request):
    organisation = request.user.organisation
    form = CommitteeForm(request.POST or None, organisation=organisation)
    added = submit(
        request,
        form,
        lambda data: committee_services.committee_create(
            organisation=organisation,
            name=data["name"],
            kind=data["kind"],
            chair=data["chair"],
            reports_to=data["reports_to"],
            purpose=data["purpose"],
            actor=request.user,
            request=request,
        ),
        "The committee is added. Now add its seats for service users and carers.",
        _to_committee,
    )
    return added or render(request, "governance/committee_add.jinja", {"form": form})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_add(request, committee_id):
    committee = _committee(request, committee_id)
    form = SeatForm(request.POST or None, initial={"reserved_for": "either"})
    added = submit(
        request,
        form,
        lambda data: committee_services.seat_create(
            committee=committee,
            title=data["title"],
            reserved_for=data["reserved_for"],
            term_months=data["term_months"],
            position=committee.seats.count(),
            actor=request.user,
            request=request,
        ),
        "The seat is added. Advertise it to fill it.",
        _to_committee(committee),
    )
    return added or render(request, "governance/seat_add.jinja", {"form": form, "committee": committee})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_advertise(request, committee_id, seat_id):
    committee = _committee(request, committee_id)
    seat = _seat(request, committee, seat_id)
    form = SeatAdvertForm(request.POST or None, organisation=request.user.organisation)
    advertised = submit(
        request,
        form,
        lambda data: committee_services.seat_advertise(
            seat=seat,
            unit=data["unit"],
            closes_on=data["closes_on"],
            meets_at=form.meets_at_datetime(),
            actor=request.user,
            request=request,
        ),
        lambda opportunity: (
            f"The seat is advertised as “{opportunity.title}”. Choose the new member from the "
            "opportunity's selection page, then appoint them here."
        ),
        _to_committee(committee),
    )
    context = {"form": form, "committee": committee, "seat": seat}
    return advertised or render(request, "governance/seat_advertise.jinja", context)


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def seat_appoint(request, committee_id, seat_id):
    committee = _committee(request, committee_id)
    seat = _seat(request, committee, seat_id)
    people = committee_services.appointable_people(seat)
    form = AppointForm(request.POST or None, people=people)
    appointed = submit(
        request,
        form,
        lambda data: committee_services.term_appoint(
            seat=seat,
            person=form.people[data["person"]],
            starts_on=data["starts_on"],
            actor=request.user,
            request=request,
        ),
        lambda term: (
            f"{term.person.full_name} holds the seat from {term.starts_on.day} {term.starts_on:%B %Y} "
            f"to {term.ends_on.day} {term.ends_on:%B %Y}."
        ),
        _to_committee(committee),
    )
    return appointed or render(
        request,
        "governance/seat_appoint.jinja",
        {"form": form, "committee": committee, "seat": seat, "people": people},
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_add(request, committee_id):
    committee = _committee(request, committee_id)
    form = MeetingForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: meeting_services.meeting_create(
            committee=committee,
            held_on=data["held_on"],
            papers_on=data["papers_on"],
            hours=data["hours"],
            actor=request.user,
            request=request,
        ),
        "The meeting is added.",
        _to_committee(committee),
    )
    return added or render(request, "governance/meeting_add.jinja", {"form": form, "committee": committee})


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, committee_id, meeting_id):
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(committee.meetings, pk=meeting_id)
    holders = meeting_services.seat_holders_on(committee, meeting.held_on)
    recorded = {row.person_id: row for row in meeting.attendances.select_related("person")}
    waiting = [term for term in holders if term.person_id not in recorded]
    form = AttendanceForm(request.POST or None, holders=waiting)
    recorded_now = submit(
        request,
        form,
        lambda data: meeting_services.meeting_attendance_record(
            meeting=meeting, attended_ids=data["attended"], actor=request.user, request=request
        ),
        "Attendance is recorded. Each person who came has an involvement record.",
        _to_committee(committee),
    )
    return recorded_now or render(
        request,
        "governance/meeting_attendance.jinja",
        {
            "form": form,
            "committee": committee,
            "meeting": meeting,
            "waiting": waiting,
            "recorded": list(recorded.values()),
            "future": meeting.held_on > timezone.localdate(),
        },
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, committee_id, meeting_id):
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(committee.meetings, pk=meeting_id)
    initial = {"held_on": meeting.held_on, "papers_on": meeting.papers_on, "hours": meeting.hours}
    form = MeetingForm(request.POST or None, initial=initial)
    changed = submit(
        request,
        form,
        lambda data: meeting_services.meeting_update(
            meeting=meeting,
            held_on=data["held_on"],
            papers_on=data["papers_on"],
            hours=data["hours"],
            actor=request.user,
            request=request,
        ),
        "The meeting is changed.",
        _to_committee(committee),
    )
    return changed or render(
        request,
        "governance/meeting_edit.jinja",
        {
            "form": form,
            "committee": committee,
            "meeting": meeting,
            "fixed": meeting_services.meeting_fixed_reason(meeting),
        },
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_delete(request, committee_id, meeting_id):
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(committee.meetings, pk=meeting_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    deleted = submit(
        request,
        form,
        lambda _: meeting_services.meeting_delete(meeting=meeting, actor=request.user, request=request),
        f"The meeting on {meeting.held_on:%-d %B %Y} is deleted.",
        _to_committee(committee),
    )
    return deleted or render(
        request,
        "governance/meeting_delete.jinja",
        {
            "form": form,
            "committee": committee,
            "meeting": meeting,
            "fixed": meeting_services.meeting_fixed_reason(meeting),
        },
    )


@permission_required("governance.manage_committees", deny=404)
@require_http_methods(["GET", "POST"])
def meeting_attendance_correct(request, committee_id, meeting_id):
    committee = _committee(request, committee_id)
    meeting = get_object_or_404(committee.meetings, pk=meeting_id)
    rows = list(meeting.attendances.select_related("person").order_by("person__full_name"))
    form = AttendanceCorrectForm(request.POST or None, rows=rows)
    corrected = submit(
        request,
        form,
        lambda data: meeting_services.meeting_attendance_correct(
            meeting=meeting, attended_ids=data["attended"], actor=request.user, request=request
        ),
        lambda changed: "Attendance is corrected for " + ", ".join(row.person.full_name for row in changed) + ".",
        reverse("governance:meeting_attendance", kwargs={"committee_id": committee.pk, "meeting_id": meeting.pk}),
    )
    return corrected or render(
        request,
        "governance/meeting_attendance_correct.jinja",
        {"form": form, "committee": committee, "meeting": meeting, "rows": rows},
    )
