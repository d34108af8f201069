"""Story pages (issue 19): telling, the teller's own page, moderation, release, responses, uses and figures.

Every page finds its story through `stories_visible_to` (404 for anything else) and then asks the named object
permission; every view of a story that is not published, or of the teller's private page, is audited.
"""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.easy_read import render_readable
from withus.core.forms import add_service_errors
from withus.core.models import AuditAction
from withus.core.permissions import permission_required
from withus.improvement.models import Project
from withus.organisations.models import Unit, UnitKind
from withus.voice import selectors_stories as selectors
from withus.voice import services_stories as services
from withus.voice.forms_stories import (
    ApprovalForm,
    DecisionForm,
    ModerationEditForm,
    ReplyForm,
    ResponseForm,
    RiskForm,
    StoryFilterForm,
    StoryForm,
    StorySettingsForm,
    UseForm,
)
from withus.voice.media import checked_media
from withus.voice.models.stories import INTERNAL_USES, MEDIA_EXTENSIONS, ChangeClaim, StoryStatus, StoryUseKind
from withus.voice.presenters_stories import HELPERS, story_card

T = "voice/stories/"


def _render(request, template: str, context: dict, **kwargs):
    return render(request, T + template, {**HELPERS, **context}, **kwargs)


def _story(request, story_id, need: str | None = None):
    story = get_object_or_404(
        selectors.stories_visible_to(request.user).select_related("unit", "teller", "recorded_by"), pk=story_id
    )
    if need and not request.user.has_perm(need, story):
        raise Http404
    return story


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _story_form(request, story, form, *, save, done, heading: str, submit: str, then: str = "stories:detail"):
    """One form about one story (form.jinja): on a valid POST, `save(cleaned_data)` calls the service; its errors go
    on the form, nothing is saved and the form is shown again; on success `done` (text, or made from what the
    service returned) is shown on the next page."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(then, story_id=story.pk) if then == "stories:detail" else redirect(then)
    return _render(request, "form.jinja", {"form": form, "story": story, "heading": heading, "submit": submit})


# --- Lists ------------------------------------------------------------------------------------------------------


@permission_required("voice.view_stories")
def story_list(request):
    user = request.user
    units = list(
        Unit.objects.for_organisation(user.organisation_id)
        .active()
        .filter(kind__in=[UnitKind.WARD, UnitKind.TEAM])
        .order_by("name")
    )
    filters = StoryFilterForm(request.GET or None, units=units)
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    stories = selectors.published_for(user).select_related("unit")
    if chosen.get("unit"):
        stories = stories.filter(unit_id=chosen["unit"])
    if chosen.get("theme"):
        stories = stories.filter(theme=chosen["theme"])
    response_state = chosen.get("response")
    if response_state == "none":
        stories = stories.filter(first_response_at__isnull=True)
    elif response_state == "responded":
        stories = stories.filter(first_response_at__isnull=False)
    elif response_state in (ChangeClaim.PLANNED, ChangeClaim.MADE):
        stories = stories.filter(change_claim=response_state)
    page = Paginator(stories.order_by("-published_at", "pk"), settings.WITHUS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "list.jinja",
        {
            "filters": filters,
            "page": page,
            "cards": [story_card(story) for story in page],
            "query": query.urlencode(),
            "can_moderate": user.has_perm("voice.moderate_stories"),
            "can_see_times": user.has_perm("voice.view_story_response_times"),
            "can_change_settings": user.has_perm("voice.change_story_settings"),
            "for_participant": user.is_participant,
        },
    )


@permission_required("voice.view_own_stories")
def my_stories(request):
    stories = list(
        selectors.stories_visible_to(request.user)
        .filter(teller__user=request.user)
        .select_related("unit")
        .prefetch_related("consents__uses", "responses", "uses")
        .order_by("-created_at")
    )
    for story in stories:
        audit_view(request, story)
    return _render(request, "mine.jinja", {"stories": stories, "today": timezone.localdate()})


@permission_required("voice.moderate_stories")
def moderation_queue(request):
    stories = list(selectors.moderation_queue(request.user).select_related("unit").order_by("submitted_at"))
    overdue = selectors.overdue_changes(request.user).select_related("story__unit", "action_owner")
    return _render(
        request,
        "queue.jinja",
        {"stories": stories, "overdue": list(overdue.order_by("action_due_on", "pk")[:100])},
    )


@permission_required("voice.view_story_response_times")
def response_times(request):
    figures = selectors.response_times(request.user.organisation_id)
    return _render(request, "response_times.jinja", {"figures": figures})


@permission_required("voice.export_stories")
def story_export(request):
    """Training material and the like: only stories whose teller's consent for this use is live today."""
    use = request.GET.get("use") or StoryUseKind.STAFF_TRAINING
    if use not in INTERNAL_USES:
        raise Http404
    today = timezone.localdate()
    stories = selectors.stories_for_use(request.user.organisation_id, use, today).select_related("unit", "teller")
    stories = stories.prefetch_related("consents").order_by("-published_at")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stories-{use}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Title", "Ward or team", "Told by", "What happened", "What could be better", "Consent ends"])
    for story in stories:
        consents = list(story.consents.all())
        naming = selectors.naming_under(consents, (use,), today)
        ends = min(c.expires_on for c in consents if c.use == use and c.is_live(today))
        writer.writerow(
            [
                story.title,
                story.unit.name,
                selectors.teller_shown_as(story, naming),
                story.what_happened,
                story.could_be_better,
                f"{ends:%-d %B %Y}",
            ]
        )
    audit_record(action=AuditAction.EXPORT, request=request, object_type="story", object_label=f"Stories for {use}")
    return response


@permission_required("voice.change_story_settings")
@require_http_methods(["GET", "POST"])
def story_settings(request):
    """An administrator's settings for the trust's stories (audited)."""
    organisation = request.user.organisation
    current = services.story_settings_for(organisation.pk)
    initial = {name: getattr(current, name) for name in services.SETTINGS_FIELDS}
    form = StorySettingsForm(
        request.POST or None, initial=initial, candidates=selectors.safeguarding_candidates(organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.story_settings_save(
                organisation=organisation, values=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The story settings are saved. New stories and agreements use them now.")
            return redirect("stories:settings")
    return _render(request, "settings.jinja", {"form": form})


# --- Telling ----------------------------------------------------------------------------------------------------


def _tell(request, story=None):
    user = request.user
    own_person = getattr(user, "person", None)
    on_behalf = user.has_perm("voice.record_story_on_behalf") and not (story and story.teller.user_id == user.pk)
    if not on_behalf and own_person is None:
        # Only someone in the register tells their own story; staff roles that do not record stories have none.
        raise PermissionDenied
    initial = {}
    if story is None and on_behalf and request.GET.get("teller"):
        # From "Act for" on the person's page (issue 26 item 5): the teller is chosen already; the form checks them.
        initial = {"teller": request.GET["teller"]}
    if story is not None:
        initial = {
            "teller": story.teller_id,
            "route": story.route,
            "title": story.title,
            "what_happened": story.what_happened,
            "could_be_better": story.could_be_better,
            "unit": story.unit_id,
            "experience_month": story.experience_month.isoformat() if story.experience_month else "",
            "theme": story.theme,
            "is_complaint": story.is_complaint,
        }
    consent_years = services.story_settings_for(user.organisation_id).consent_years
    kept_media = selectors.media_of(story) if story is not None else None
    if kept_media is not None:
        initial["media_uses"] = kept_media.uses
        initial["media_description"] = kept_media.description
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=user,
        organisation_id=user.organisation_id,
        on_behalf=on_behalf,
        consent_years=consent_years,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit = request.POST.get("action") != "draft"
        try:
            upload = data.get("media_file")
            media = checked_media(upload.read(), field="media_file") if upload else None
            story = services.story_save(
                organisation=user.organisation,
                teller=data["teller"] if on_behalf else own_person,
                values=data,
                actor=user,
                consents=form.cleaned_consents(),
                expires_on=data.get("expires_on"),
                submit=submit,
                story=story,
                media=media,
                media_uses=data.get("media_uses") or [],
                media_description=data.get("media_description") or "",
                person_agreed=bool(data.get("person_agreed")),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(
                    request,
                    gettext(
                        "Thank you. Your story has been sent to the People Participation team. Nobody else will see "
                        "it until you have approved the version to be shared."
                    ),
                )
            else:
                messages.success(
                    request, gettext("Your draft has been saved. You can finish it later from My stories.")
                )
            return redirect(
                "stories:mine" if not on_behalf else "stories:detail",
                **({} if not on_behalf else {"story_id": story.pk}),
            )
    context = {
        **HELPERS,
        "form": form,
        "on_behalf": on_behalf,
        "story": story,
        "kept_media": kept_media,
        "consent_year_count": consent_years,
    }
    return render_readable(request, T + "tell.jinja", context)


@permission_required("voice.tell_story")
@require_http_methods(["GET", "POST"])
def story_new(request):
    return _tell(request)


@permission_required("voice.tell_story", deny=404)
@require_http_methods(["GET", "POST"])
def story_draft(request, story_id):
    story = _story(request, story_id)
    if story.status != StoryStatus.DRAFT or request.user.pk not in (story.recorded_by_id, story.teller.user_id):
        raise Http404
    return _tell(request, story)


# --- One story --------------------------------------------------------------------------------------------------


@permission_required("voice.view_stories", deny=404)
def story_detail(request, story_id):
    story = _story(request, story_id)
    user = request.user
    today = timezone.localdate()
    consents = list(story.consents.all())
    is_teller = story.teller.user_id == user.pk
    moderates = user.has_perm("voice.moderate_story", story)
    page_uses = selectors.uses_for_viewer(user)
    naming = selectors.naming_under(consents, page_uses, today)
    if story.status != StoryStatus.PUBLISHED or is_teller or moderates:
        audit_view(request, story)
    responses = list(story.responses.select_related("project", "responder", "action_owner"))
    media = selectors.media_for_viewer(story, user, consents, today)
    projects = Project.objects.visible_to(user).order_by("title")
    return _render(
        request,
        "detail.jinja",
        {
            "story": story,
            "shown_as": story.teller.full_name
            if (moderates or is_teller)
            else selectors.teller_shown_as(story, naming),
            "consents": consents if (moderates or is_teller) else [c for c in consents if c.is_live(today)],
            "today": today,
            "uses": list(story.uses.select_related("recorded_by"))
            if (moderates or is_teller or not user.is_participant)
            else [],
            "responses": responses,
            "edits": list(story.edits.select_related("edited_by")) if (moderates or is_teller) else [],
            "history": list(story.history.select_related("changed_by")) if moderates else [],
            "is_teller": is_teller,
            "media": media,
            "can_remove_media": media is not None and user.has_perm("voice.withdraw_story_consent", story),
            "moderates": moderates,
            "can_respond": story.status == StoryStatus.PUBLISHED and user.has_perm("voice.respond_to_story", story),
            "can_record_use": story.status == StoryStatus.PUBLISHED and user.has_perm("voice.record_story_use"),
            "response_form": ResponseForm(projects=projects, owners=selectors.change_owners_for(story)),
            "use_form": UseForm(),
            "edit_form": ModerationEditForm(),
            "decision_form": DecisionForm(),
            "risk_form": RiskForm(),
        },
    )


def _moderation_action(request, story_id, action):
    story = _story(request, story_id, need="voice.moderate_story")
    try:
        action(story)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("stories:detail", story_id=story.pk)


@permission_required("voice.moderate_stories", deny=404)
@require_POST
def story_moderate(request, story_id):
    """Start moderation, send to the teller, or publish: one button each on the story page."""
    step = request.POST.get("step")
    steps = {
        "start": (services.story_moderation_start, "You are moderating this story."),
        "send": (
            services.story_send_to_teller,
            "The story is waiting for the teller to approve it. A message to them is in the messages to send.",
        ),
        "publish": (services.story_publish, "The story is published to the uses the teller agreed to."),
    }

    def act(story):
        if step not in steps:
            raise ValidationError("Choose what to do with the story.")
        service, done = steps[step]
        service(story=story, actor=request.user, version=_version(request), request=request)
        messages.success(request, done)

    return _moderation_action(request, story_id, act)


@permission_required("voice.moderate_stories", deny=404)
@require_http_methods(["GET", "POST"])
def story_edit(request, story_id):
    story = _story(request, story_id, need="voice.moderate_story")
    return _story_form(
        request,
        story,
        ModerationEditForm(request.POST or None),
        save=lambda data: services.story_edit(
            story=story, version=_version(request), actor=request.user, request=request, **data
        ),
        done="Your change and its reason are saved. The teller will see both.",
        heading="Change the wording",
        submit="Save the change",
    )


@permission_required("voice.moderate_stories", deny=404)
@require_http_methods(["GET", "POST"])
def story_decide(request, story_id):
    story = _story(request, story_id, need="voice.moderate_story")
    return _story_form(
        request,
        story,
        DecisionForm(request.POST or None),
        save=lambda data: services.story_hold_or_reject(
            story=story,
            actor=request.user,
            version=_version(request),
            status=data["decision"],
            reason=data["reason"],
            request=request,
        ),
        done="Saved. A message to the teller with the reason is in the messages to send.",
        heading="Hold or do not publish",
        submit="Save",
        then="stories:queue",
    )


@permission_required("voice.moderate_stories", deny=404)
@require_http_methods(["GET", "POST"])
def story_flag_risk(request, story_id):
    story = _story(request, story_id, need="voice.moderate_story")
    return _story_form(
        request,
        story,
        RiskForm(request.POST or None),
        save=lambda data: services.story_flag_risk(story=story, note=data["note"], actor=request.user, request=request),
        done=lambda recipients: (
            f"Flagged. A message to {', '.join(user.full_name for user in recipients)} is in the messages to send. "
            "If anyone is in danger now, phone them as well."
        ),
        heading="Flag a disclosure of risk or harm",
        submit="Flag it now",
    )


@permission_required("voice.view_own_stories", deny=404)
@require_http_methods(["GET", "POST"])
def story_approve(request, story_id):
    story = _story(request, story_id, need="voice.change_own_story")
    if story.status != StoryStatus.WITH_TELLER:
        raise Http404
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.story_teller_approve(story=story, actor=request.user, request=request)
                messages.success(
                    request,
                    gettext("Thank you. You approved this version. It will be shared only in the ways you agreed to."),
                )
            else:
                services.story_teller_ask_changes(
                    story=story, actor=request.user, note=form.cleaned_data["note"], request=request
                )
                messages.success(
                    request, gettext("Thank you. The People Participation team will look at your changes.")
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("stories:mine")
    audit_view(request, story)
    return _render(request, "approve.jinja", {"form": form, "story": story, "edits": list(story.edits.all())})


@permission_required("voice.view_own_stories", deny=404)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, story_id, consent_id):
    story = _story(request, story_id, need="voice.withdraw_story_consent")
    consent = get_object_or_404(story.consents.all(), pk=consent_id)
    used = list(consent.uses.all())
    if request.method == "POST":
        try:
            used = services.consent_withdraw(consent=consent, actor=request.user, request=request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                gettext("We will not use the story for %(use)s again.") % {"use": consent.get_use_display().lower()},
            )
            return _render(request, "withdrawn.jinja", {"story": story, "consent": consent, "used": used})
    return _render(request, "withdraw.jinja", {"story": story, "consent": consent, "used": used})


@permission_required("voice.view_stories", deny=404)
@require_GET
def story_media(request, story_id):
    """The story's photo or recording, only to those who may see it and only while its consent is live."""
    story = _story(request, story_id)
    media = selectors.media_for_viewer(story, request.user, list(story.consents.all()), timezone.localdate())
    if media is None:
        raise Http404
    try:
        with media.file.open("rb") as handle:
            content = handle.read()
    except OSError as error:
        raise Http404 from error
    audit_record(action=AuditAction.VIEW, request=request, obj=story, object_label=media.audit_label)
    response = HttpResponse(content, content_type=media.content_type)
    response["Content-Disposition"] = f'inline; filename="story-{media.kind}.{MEDIA_EXTENSIONS[media.content_type]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@permission_required("voice.view_stories", deny=404)
@require_http_methods(["GET", "POST"])
def story_media_withdraw(request, story_id):
    """The teller (or a lead for the unit, or an administrator) removes the photo or recording from every use."""
    story = _story(request, story_id, need="voice.withdraw_story_consent")
    media = selectors.media_of(story)
    if media is None:
        raise Http404
    if request.method == "POST":
        try:
            services.story_media_withdraw(story=story, actor=request.user, request=request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                gettext("The photo is deleted. Nobody will see it again.")
                if media.kind == "photo"
                else gettext("The sound recording is deleted. Nobody will see it again."),
            )
        return redirect("stories:detail", story_id=story.pk)
    return _render(request, "media_withdraw.jinja", {"story": story, "media": media})


@permission_required("voice.view_stories", deny=404)
@require_POST
def response_add(request, story_id):
    story = _story(request, story_id, need="voice.respond_to_story")
    return _story_form(
        request,
        story,
        ResponseForm(
            request.POST, projects=Project.objects.visible_to(request.user), owners=selectors.change_owners_for(story)
        ),
        save=lambda data: services.response_add(story=story, actor=request.user, values=data, request=request),
        done="Your response is published. A message to the teller is in the messages to send.",
        heading="Respond to the story",
        submit="Publish the response",
    )


@permission_required("voice.view_own_stories", deny=404)
@require_http_methods(["GET", "POST"])
def response_reply(request, story_id, response_id):
    story = _story(request, story_id, need="voice.change_own_story")
    response = get_object_or_404(story.responses.all(), pk=response_id)
    form = ReplyForm(request.POST or None)
    return _story_form(
        request,
        story,
        form,
        save=lambda data: services.response_reply(
            response=response, actor=request.user, reply=data["reply"], helped=form.helped_value(), request=request
        ),
        done=gettext("Thank you. Your reply is saved."),
        heading=gettext("Reply to the response"),
        submit=gettext("Send reply"),
    )


@permission_required("voice.record_story_use", deny=404)
@require_POST
def use_add(request, story_id):
    story = _story(request, story_id)
    return _story_form(
        request,
        story,
        UseForm(request.POST),
        save=lambda data: services.story_use_record(story=story, actor=request.user, request=request, **data),
        done="The use is recorded.",
        heading="Record a use of the story",
        submit="Record the use",
    )
