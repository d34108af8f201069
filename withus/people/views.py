"""Register pages. Views stay thin: check the permission, scope the query, call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from withus.accounts.models import Role
from withus.accounts.selectors import users_holding
from withus.core.audit import audit_record, audit_view
from withus.core.easy_read import render_readable
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.core.spreadsheets import csv_text
from withus.core.submissions import submission_key_lookup
from withus.core.submit import submit
from withus.organisations.models import Unit
from withus.people import services
from withus.people.forms import (
    ConsentForm,
    EqualityForm,
    GiveSignInForm,
    LeadForm,
    MyDetailsForm,
    PersonCreateForm,
    PersonForm,
    RegisterFilterForm,
    StatusChangeForm,
)
from withus.people.models import (
    ConsentTopic,
    DataDecisionStatus,
    EqualityRecord,
    EthnicCategory,
    Interest,
    Need,
    Person,
    PersonKind,
)
from withus.people.presenters import consent_word, own_communication, status_tag, suppressed
from withus.people.selectors import signed_in_person, signed_in_person_or_404


def _visible_person(request, person_id) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("organisation"), pk=person_id)


@permission_required("people.view_register")
def _register_query(request):
    """The register's search and filters from the query string, and the people they pick out (only people the
    user may see). The register page, its export and its print view all use this, so they always agree."""
    organisation_id = request.user.organisation_id
    units = list(Unit.objects.for_organisation(organisation_id).active().in_tree_order())
    interests = list(Interest.objects.for_organisation(organisation_id))
    needs = list(Need.objects.for_organisation(organisation_id))
    filters = RegisterFilterForm(request.GET or None, units=units, interests=interests, needs=needs)
    people = Person.objects.visible_to(request.user)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    # A search that cannot be used (too long), or a communication need not on the list, is refused with a message,
    # never ignored to list everyone.
    search_refused = filters.is_bound and any(name in filters.errors for name in ("q", "communication_need"))
    if search_refused:
        people = people.none()
    if chosen.get("q"):
        people = people.search(chosen["q"])
    if chosen.get("status"):
        people = people.filter(status=chosen["status"])
    if chosen.get("kind"):
        people = people.filter(kind=chosen["kind"])
    if chosen.get("unit"):
        unit = next(unit for unit in units if str(unit.pk) == chosen["unit"])
        people = people.in_units([unit])
    if chosen.get("interest"):
        people = people.with_interest(chosen["interest"])
    if chosen.get("need"):
        people = people.with_need(chosen["need"])
    if chosen.get("communication_need"):
        people = people.with_communication_need(chosen["communication_need"])
    people = people.order_by("full_name", "pk").prefetch_related("units").with_consent_flags()
    return filters, people, any(chosen.values()) or search_refused, search_refused


@permission_required("people.view_register")
def register(request):
    filters, people, any_filter, search_refused = _register_query(request)
    page = Paginator(people, settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/register.jinja",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "status_tag": status_tag,
            "any_filter": any_filter,
            "form": filters if search_refused else None,
        },
    )


# The most people one export or print holds: more, and the page asks for a narrower search.
REGISTER_OUTPUT_LIMIT = 2000


def _register_output(request, how: str):
    _filters, people, any_filter, _refused = _register_query(request)
    rows = list(people[: REGISTER_OUTPUT_LIMIT + 1])
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        organisation_id=request.user.organisation_id,
        object_type="register",
        object_label=f"Involvement register ({how}, {min(len(rows), REGISTER_OUTPUT_LIMIT)} people)",
    )
    return rows[:REGISTER_OUTPUT_LIMIT], len(rows) > REGISTER_OUTPUT_LIMIT, any_filter


@permission_required("people.view_register")
def register_export(request):
    """The register as a CSV file, with the same search and filters as the page; formula-safe and audited."""
    rows, cut, _any_filter = _register_output(request, "CSV")
    body = csv_text(
        ["Name", "Type", "Status", "Connected with", "Contact about opportunities"],
        (
            [
                person.display_name,
                person.get_kind_display(),
                person.get_status_display(),
                ", ".join(unit.name for unit in person.units.all()),
                consent_word(person.contact_consent),
            ]
            for person in rows
        ),
    )
    if cut:
        body += f"Only the first {REGISTER_OUTPUT_LIMIT} people are listed. Search or filter to list fewer.\r\n"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="involvement-register-{today}.csv"'
    return response


@permission_required("people.view_register")
def register_print(request):
    """Every person the search and filters pick out on one page, laid out for printing; audited."""
    rows, cut, any_filter = _register_output(request, "print")
    return render(
        request,
        "people/register_print.jinja",
        {
            "people": rows,
            "cut": cut,
            "limit": REGISTER_OUTPUT_LIMIT,
            "any_filter": any_filter,
            "query": request.GET.urlencode(),
            "consent_word": consent_word,
            "today": timezone.localdate(),
        },
    )


@permission_required("people.add_person")
@require_http_methods(["GET", "POST"])
def person_add(request):
    organisation = request.user.organisation
    form = PersonCreateForm(request.POST or None, organisation=organisation)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        already = submission_key_lookup(
            key=data["submission_key"], organisation_id=organisation.pk, object_type="person"
        )
        if already:
            return redirect("people:detail", person_id=already)
        duplicates = list(
            Person.objects.visible_to(request.user).likely_duplicates_of(
                full_name=data["full_name"], email=data["email"], phone=data["phone"]
            )
        )
        if duplicates and not data["not_a_duplicate"]:
            form.add_error(
                "not_a_duplicate",
                "This may be someone already in the register. Check the people "
                "listed, then confirm this is a different person",
            )
        else:
            statements = services.current_consent_statements(organisation)
            consents = [
                statements[topic]
                for topic, wanted in (
                    (ConsentTopic.CONTACT, data["consent_contact"]),
                    (ConsentTopic.DATA, data["consent_data"]),
                )
                if wanted and topic in statements
            ]
            try:
                person = services.person_create(
                    organisation=organisation,
                    details=_details_from(data),
                    actor=request.user,
                    request=request,
                    submission_key=data["submission_key"],
                    consents=consents,
                    give_sign_in=data["give_sign_in"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{person.full_name} has been added to the register.")
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.jinja",
        {
            "form": form,
            "duplicates": duplicates,
            "creating": True,
            "status_tag": status_tag,
        },
    )


def _details_from(data: dict) -> services.PersonDetails:
    values = {key: data[key] for key in services.PERSON_FIELDS if key in data}
    relations = {key: data[key] for key in services.RELATION_FIELDS if key in data}
    return services.PersonDetails(values=values, relations=relations)


@permission_required("people.view_own_record")
def person_detail(request, person_id):
    if not request.user.has_perm("people.view_person"):
        # A participant who follows a link to their own record is taken to "My details"; anyone else's is 404.
        own = signed_in_person(request.user)
        if own is not None and own.pk == person_id:
            return redirect("people:me")
        raise Http404
    person = _visible_person(request, person_id)
    audit_view(request, person)
    return render(
        request,
        "people/person_detail.jinja",
        {
            "person": person,
            "units": person.units.all(),
            "champion_units": person.champion_units.all(),
            "needs": person.needs.all(),
            "interests": person.interests.all(),
            "history": person.status_changes.select_related("changed_by")[:20],
            "consents": services.current_consents(person),
            "consent_topics": ConsentTopic,
            "status_tag": status_tag,
            "open_decision": person.data_decisions.filter(status=DataDecisionStatus.OPEN).first(),
            "agreed_decision": person.data_decisions.exclude(status=DataDecisionStatus.OPEN).first(),
            "retention_years": person.organisation.data_retention_years,
            "on_behalf": person.on_behalf_actions.select_related("actor")[:20],
            "sign_in_ways": services.sign_in_ways_to_give(person)
            if request.user.has_perm("people.give_sign_in")
            else [],
        },
    )


@permission_required("people.change_person", deny=404)
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    person = _visible_person(request, person_id)
    initial = {key: getattr(person, key) for key in services.PERSON_FIELDS}
    initial.update({key: list(getattr(person, key).all()) for key in services.RELATION_FIELDS})
    form = PersonForm(request.POST or None, initial=initial, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        duplicates = Person.objects.visible_to(request.user).likely_duplicates_of(
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            exclude_pk=person.pk,
        )
        try:
            services.person_update(
                person=person, details=_details_from(form.cleaned_data), actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if duplicates.exists():
                messages.warning(
                    request,
                    "Saved. Another person in the register has the same name and contact "
                    "details: check whether they are the same person.",
                )
            else:
                messages.success(request, "The changes have been saved.")
            return redirect("people:detail", person_id=person.pk)
    if request.method == "GET":
        audit_view(request, person)
    return render(request, "people/person_form.jinja", {"form": form, "person": person, "creating": False})


@permission_required("people.change_status", deny=404)
@require_http_methods(["GET", "POST"])
def person_status(request, person_id):
    person = _visible_person(request, person_id)
    form = StatusChangeForm(request.POST or None, initial={"to_status": person.status})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.person_change_status(
                person=person,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, "The status was already set to that, so nothing changed.")
            else:
                messages.success(request, f"Status changed to {change.get_to_status_display().lower()}.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_status.jinja", {"form": form, "person": person})


@permission_required("people.change_person", deny=404)
@require_http_methods(["GET", "POST"])
def person_lead(request, person_id):
    person = _visible_person(request, person_id)
    leads = users_holding(request.user.organisation_id, [Role.PARTICIPATION_LEAD])
    form = LeadForm(request.POST or None, initial={"lead": person.participation_lead_id}, leads=leads)
    return submit(
        request,
        form,
        lambda data: services.person_set_lead(person=person, lead=data["lead"], actor=request.user, request=request),
        lambda saved: (
            f"{saved.participation_lead.full_name} is now {saved.full_name}'s People Participation lead."
            if saved.participation_lead_id
            else f"{saved.full_name} has no named People Participation lead now."
        ),
        reverse("people:detail", args=[person.pk]),
    ) or render(request, "people/person_lead.jinja", {"form": form, "person": person})


@permission_required("people.give_sign_in", deny=404)
@require_http_methods(["GET", "POST"])
def person_sign_in(request, person_id):
    """Give someone a WithUs sign-in: by a code sent to their e-mail address, or by text message to their UK mobile
    number (issue 17, ADR 34); or let someone who signs in by e-mail also sign in by text message."""
    person = _visible_person(request, person_id)
    ways = services.sign_in_ways_to_give(person)
    form = GiveSignInForm(request.POST or None, person=person, ways=ways)

    def told(user) -> str:
        how = "a code sent by e-mail" if user.email and not user.phone else "a code sent by text message"
        if person.user_id and user.email and user.phone:
            how = "a code sent by e-mail or by text message"
        return f"{person.full_name} can now sign in to WithUs with {how}. A message telling them how is on its way."

    return submit(
        request,
        form,
        lambda data: services.person_give_sign_in(person=person, actor=request.user, request=request, by=data["how"]),
        told,
        reverse("people:detail", args=[person.pk]),
    ) or render(request, "people/person_sign_in.jinja", {"form": form, "person": person, "ways": ways})


@permission_required("people.record_consent", deny=404)
@require_http_methods(["GET", "POST"])
def person_consent(request, person_id, topic):
    person = _visible_person(request, person_id)
    if topic not in ConsentTopic.values:
        raise Http404
    statement = services.current_consent_statements(person.organisation).get(topic)
    form = ConsentForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: services.person_record_consent(
            person=person, topic=topic, agreed=data["agreed"], actor=request.user, request=request
        ),
        "The consent decision has been recorded.",
        reverse("people:detail", kwargs={"person_id": person.pk}),
    )
    return saved or render(
        request,
        "people/person_consent.jinja",
        {
            "form": form,
            "person": person,
            "statement": statement,
            "topic": ConsentTopic(topic),
        },
    )


@permission_required("people.view_equality")
@require_http_methods(["GET", "POST"])
def person_equality(request, person_id):
    person = _visible_person(request, person_id)
    record = EqualityRecord.objects.for_person(person).first()
    initial = {field: getattr(record, field) for field in services.EQUALITY_FIELDS} if record else {}
    form = EqualityForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm("people.change_equality"):
            raise Http404
        if form.is_valid():
            services.equality_record_save(person=person, values=form.cleaned_data, actor=request.user, request=request)
            messages.success(request, "The equality monitoring record has been saved.")
            return redirect("people:detail", person_id=person.pk)
    elif record is not None:
        audit_view(request, record, object_type="equality_record")
    return render(request, "people/person_equality.jinja", {"form": form, "person": person, "record": record})


@permission_required("people.view_equality_summary")
def equality_summary(request):
    """Aggregate figures only: never who is who."""
    people = Person.objects.visible_to(request.user).exclude(kind=PersonKind.STAFF)
    records = EqualityRecord.objects.for_people(people)
    total_people = people.count()
    rows = records.values("ethnic_category").annotate(count=Count("pk")).order_by("ethnic_category")
    by_code = {row["ethnic_category"]: row["count"] for row in rows}
    recorded = sum(by_code.values())
    ethnicity = [
        {"label": label, "count": suppressed(by_code.get(code, 0))}
        for code, label in EthnicCategory.choices
        if by_code.get(code, 0)
    ]
    return render(
        request,
        "people/equality_summary.jinja",
        {
            "total_people": total_people,
            "recorded": recorded,
            "ethnicity": ethnicity,
            "missing": suppressed(total_people - recorded),
        },
    )


@permission_required("people.view_own_record")
def me(request):
    person = signed_in_person_or_404(request.user)
    audit_view(request, person)
    statements = services.current_consent_statements(person.organisation)
    return render_readable(
        request,
        "people/me.jinja",
        {
            "person": person,
            "own_communication": own_communication(person),
            "needs": person.needs.all(),
            "interests": person.interests.all(),
            "units": person.units.all(),
            "consents": services.current_consents(person),
            "statements": statements,
            "consent_topics": ConsentTopic,
            "status_tag": status_tag,
            "data_decision": person.data_decisions.first(),
            "retention_years": person.organisation.data_retention_years,
            "on_behalf": person.on_behalf_actions.select_related("actor")[:20],
        },
    )


@permission_required("people.change_own_record")
@require_http_methods(["GET", "POST"])
def me_edit(request):
    person = signed_in_person_or_404(request.user)
    initial = {key: getattr(person, key) for key in services.OWN_DETAIL_FIELDS}
    initial["needs"] = list(person.needs.all())
    form = MyDetailsForm(request.POST or None, initial=initial, organisation=person.organisation)

    def save(data):
        values = {key: data[key] for key in services.OWN_DETAIL_FIELDS}
        details = services.PersonDetails(values, {"needs": data["needs"]})
        services.person_update_own_details(person=person, details=details, actor=request.user, request=request)

    if saved := submit(request, form, save, "Thank you. Your details have been updated.", "people:me"):
        return saved
    if request.method == "GET":
        audit_view(request, person)
    return render(request, "people/me_edit.jinja", {"form": form, "person": person})


@permission_required("people.change_own_record")
@require_http_methods(["GET", "POST"])
def me_consent_withdraw(request, topic):
    person = signed_in_person_or_404(request.user)
    if topic not in ConsentTopic.values:
        raise Http404
    if request.method == "POST":
        services.person_record_consent(person=person, topic=topic, agreed=False, actor=request.user, request=request)
        messages.success(request, WITHDRAWN_MESSAGES[topic])
        return redirect("people:me")
    return render(
        request,
        "people/me_consent_withdraw.jinja",
        {
            "person": person,
            "topic": ConsentTopic(topic),
            "retention_years": person.organisation.data_retention_years,
            "data_decision": None,
        },
    )


WITHDRAWN_MESSAGES = {
    ConsentTopic.CONTACT: (
        "You have withdrawn your agreement to be contacted about opportunities. We will not offer them to you or "
        "e-mail you about them, and anything you had said you were interested in has been ended. "
        "This does not affect your care."
    ),
    ConsentTopic.DATA: (
        "You have withdrawn your agreement to WithUs keeping and using your information. Someone from the People "
        "Participation team will contact you to agree what happens to it. This does not affect your care."
    ),
}
