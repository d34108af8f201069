"""Writes for stories (issue 19, ADR 26): telling, consent, moderation, release, uses and responses.

Every function validates, saves, audits and tells people (through the notifications outbox, inside the same
transaction) or changes nothing. State changes check the story's `version` under a row lock, so two moderators
acting at once cannot both publish: the second is told the story has changed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _l

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.dates import add_months
from withus.core.models import AuditAction
from withus.notifications.models import MessageKind
from withus.notifications.services.language import in_persons_language
from withus.notifications.services.outbox import notify_person, notify_user
from withus.people.on_behalf import agreement_error, on_behalf_record
from withus.voice.media import CheckedMedia
from withus.voice.models.stories import (
    ON_BEHALF_ROUTES,
    ChangeClaim,
    Story,
    StoryConsent,
    StoryEdit,
    StoryMedia,
    StoryResponse,
    StoryRoute,
    StorySettings,
    StoryStatus,
    StoryStatusChange,
    StoryUse,
    StoryUseKind,
)
from withus.voice.selectors_stories import change_owners_for, safeguarding_candidates

EDITABLE_FIELDS = ("title", "what_happened", "could_be_better")
SIGNED = gettext_noop("With thanks,\nThe People Participation team")
CHANGED = "Someone else changed this story while you were working on it. Look at it again and try once more."


def story_settings_for(organisation_id) -> StorySettings:
    found = StorySettings.objects.filter(organisation_id=organisation_id).first()
    return found or StorySettings(organisation_id=organisation_id)


SETTINGS_FIELDS = ("consent_years", "information_sheet_version", "safeguarding_lead", "disclosures_to_unit_manager")


def story_settings_save(*, organisation, values: dict, actor: User, request=None) -> StorySettings:
    """An administrator's choices for the trust's stories: how long consent lasts by default, the information
    sheet's version recorded with each new consent, and who hears about a disclosure of risk. Audited."""
    errors = {}
    years = values.get("consent_years")
    if not isinstance(years, int) or not 1 <= years <= 10:
        errors["consent_years"] = "Enter a whole number of years from 1 to 10"
    version = (values.get("information_sheet_version") or "").strip()
    if not version:
        errors["information_sheet_version"] = "Enter the version of the information sheet, for example 2.1"
    lead = values.get("safeguarding_lead")
    if lead is not None and not safeguarding_candidates(organisation.pk).filter(pk=lead.pk).exists():
        errors["safeguarding_lead"] = "Select a member of staff from your trust"
    if errors:
        raise ValidationError(errors)
    cleaned = {
        "consent_years": years,
        "information_sheet_version": version,
        "safeguarding_lead": lead,
        "disclosures_to_unit_manager": bool(values.get("disclosures_to_unit_manager")),
    }
    with transaction.atomic():
        found, _ = StorySettings.objects.select_for_update().get_or_create(organisation=organisation)
        changed = [name for name in SETTINGS_FIELDS if getattr(found, name) != cleaned[name]]
        for name in changed:
            setattr(found, name, cleaned[name])
        found.save()
        if changed:
            audit_record(
                action=AuditAction.UPDATE,
                request=request,
                actor=actor,
                obj=found,
                object_type="story_settings",
                object_label=f"Story settings of {organisation.name}",
                changed_fields=changed,
            )
    return found


def default_expiry(organisation_id, granted_on: datetime.date) -> datetime.date:
    return add_months(granted_on, 12 * story_settings_for(organisation_id).consent_years)


def _history(story: Story, actor: User, note: str = "") -> None:
    StoryStatusChange.objects.create(story=story, status=story.status, changed_by=actor, note=note[:1000])


def _locked(story: Story, version: int | None) -> Story:
    current = Story.objects.select_for_update().get(pk=story.pk)
    if version is not None and current.version != version:
        raise ValidationError(CHANGED, code="stale")
    return current


def consent_windows_refresh(story: Story) -> None:
    """Keep the story's consent windows (the list's filter) in step with its consent rows."""
    internal, public = story.consent_windows()
    Story.objects.filter(pk=story.pk).update(internal_consent_until=internal, public_consent_until=public)
    story.internal_consent_until, story.public_consent_until = internal, public


def _move(story: Story, status: str, *, actor: User, request, note: str = "", fields=()) -> Story:
    story.status = status
    story.version += 1
    story.save(update_fields=["status", "version", "updated_at", *fields])
    _history(story, actor, note)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=story, changed_fields=["status", *fields])
    return story


def _tell_teller(story: Story, what: str, subject: str, body: str, *, key: str = "") -> None:
    """Call inside `in_persons_language(story.teller)` (issue 26): the greeting and sign-off are in the same
    language as the subject and body."""
    person = story.teller
    greeting = gettext("Dear %(name)s,") % {"name": person.preferred_name or person.full_name}
    notify_person(
        person=person,
        template=f"voice.story_{what}",
        kind=MessageKind.OUTCOMES,
        subject=subject,
        body=f"{greeting}\n\n{body}\n\n{gettext(SIGNED)}",
        idempotency_key=f"voice.story_{what}:{story.pk}:{key or story.version}",
    )


# --- Telling -------------------------------------------------------------------------------------------------


# How the person agreed, from how their story was heard (the words of withus.people.on_behalf).
ROUTE_AGREED = {StoryRoute.CONVERSATION: "in person", StoryRoute.PHONE: "on the phone", StoryRoute.LETTER: "in writing"}


def _telling_route(*, organisation, teller, values: dict, actor: User) -> str:
    """The route a story reached the trust by: the teller's own in WithUs, or as the recorder heard it."""
    if teller.organisation_id != organisation.pk or values["unit"].organisation_id != organisation.pk:
        raise ValidationError(_l("Choose a person and a ward or team from your trust."))
    if teller.user_id == actor.pk:
        return StoryRoute.WEB
    if not actor.has_perm("voice.record_story_on_behalf"):
        raise ValidationError({"teller": _l("You can only tell your own story.")})
    route = values.get("route") or ""
    if route not in ON_BEHALF_ROUTES:
        raise ValidationError({"route": "Select how you heard this story"})
    return route


def story_save(
    *,
    organisation,
    teller,
    values: dict,
    actor: User,
    consents: list[tuple[str, str]] | None = None,
    expires_on: datetime.date | None = None,
    submit: bool,
    story: Story | None = None,
    media: CheckedMedia | None = None,
    media_uses: list[str] | None = None,
    media_description: str = "",
    person_agreed: bool = False,
    request=None,
) -> Story:
    """Save a story as a draft, or submit it with one consent row per chosen use.

    `values`: title, what_happened, could_be_better, unit, experience_month, theme, route. A participant tells only
    their own story, in WithUs; someone telling it for another person records the route they heard it by.
    `media`: a checked photo or recording (`withus.voice.media.checked_media`), replacing any kept with the draft;
    `media_uses`: the uses agreed for the file, its own consent, each one also agreed for the story's words.
    """
    today = timezone.localdate()
    route = _telling_route(organisation=organisation, teller=teller, values=values, actor=actor)
    # Sent for someone else (issue 26 item 5): only with their agreement, recorded once as done by the actor for them.
    for_someone = submit and route != StoryRoute.WEB
    if for_someone and not person_agreed:
        raise agreement_error(teller)
    settings = story_settings_for(organisation.pk)
    expires_on = expires_on or add_months(today, 12 * settings.consent_years)
    errors = {}
    if values.get("experience_month") and values["experience_month"] > today:
        errors["experience_month"] = _l("When it happened must be this month or earlier")
    if submit and not consents:
        errors["uses"] = _l("Select at least one way we may use the story, or save it as a draft")
    if submit and expires_on <= today:
        errors["expires_on"] = _l("The date the agreement ends must be in the future")
    media_uses = list(dict.fromkeys(media_uses or []))
    has_media = media is not None or (story is not None and _kept_media(story) is not None)
    if any(use not in StoryUseKind.values for use in media_uses):
        errors["media_uses"] = _l("Select from the options shown")
    elif media_uses and not has_media:
        errors["media_file"] = _l("Choose the photo or recording, or untick how we may use it")
    elif submit and has_media and not media_uses:
        errors["media_uses"] = _l("Select how we may use the photo or recording, or remove it")
    elif set(media_uses) - {use for use, _naming in consents or []}:
        errors["media_uses"] = _l("The photo or recording can only be used in a way you also agreed for the story")
    if errors:
        raise ValidationError(errors)
    stored = _store_media(organisation, media, actor, media_description) if media is not None else None
    try:
        story = _story_save(
            organisation=organisation,
            teller=teller,
            values=values,
            actor=actor,
            consents=consents,
            expires_on=expires_on,
            submit=submit,
            story=story,
            route=route,
            settings=settings,
            stored=stored,
            media_uses=media_uses,
            media_description=media_description,
            for_someone=for_someone,
            person_agreed=person_agreed,
            request=request,
        )
    except BaseException:
        # Nothing half-saved: a refused or failed save leaves no file behind.
        if stored is not None:
            stored.file.delete(save=False)
        raise
    return story


def _kept_media(story: Story) -> StoryMedia | None:
    return StoryMedia.objects.filter(story=story, withdrawn_at__isnull=True).first()


def _store_media(organisation, media: CheckedMedia, actor: User, description: str) -> StoryMedia:
    """Write the checked file first (the row needs its name); the caller deletes it if the save fails."""
    stored = StoryMedia(
        organisation=organisation,
        kind=media.kind,
        content_type=media.content_type,
        size=len(media.content),
        sha256=media.sha256,
        uploaded_by=actor,
        description=description[:300],
    )
    stored.file.save("media", ContentFile(media.content), save=False)
    return stored


def _story_save(
    *,
    organisation,
    teller,
    values,
    actor,
    consents,
    expires_on,
    submit,
    story,
    route,
    settings,
    stored,
    media_uses,
    media_description,
    for_someone,
    person_agreed,
    request,
) -> Story:
    today = timezone.localdate()
    with transaction.atomic():
        creating = story is None
        if creating:
            story = Story(organisation=organisation, teller=teller, recorded_by=actor)
        else:
            story = _locked(story, None)
            if story.status != StoryStatus.DRAFT:
                raise ValidationError(_l("This story has already been sent, so it cannot be changed here."))
        for name in ("title", "what_happened", "could_be_better"):
            setattr(story, name, values.get(name) or "")
        story.unit = values["unit"]
        story.experience_month = values.get("experience_month")
        story.theme = values.get("theme") or story.theme
        story.route = route
        story.is_complaint = bool(values.get("is_complaint"))
        if submit:
            story.status = StoryStatus.RECEIVED
            story.submitted_at = timezone.now()
        story.save()
        if submit:
            for use, naming in consents:
                StoryConsent.objects.create(
                    organisation=organisation,
                    story=story,
                    use=use,
                    naming=naming,
                    granted_on=today,
                    expires_on=expires_on,
                    information_sheet_version=settings.information_sheet_version,
                    recorded_by=actor,
                )
            consent_windows_refresh(story)
            with translation.override(None):  # the history is kept in English, whatever language the teller reads
                _history(story, actor, f"Told by {StoryRoute(route).label.lower()}")
            if for_someone:
                on_behalf_record(
                    person=teller,
                    actor=actor,
                    what=f"Sent the story '{story.title}' for them",
                    obj=story,
                    person_agreed=person_agreed,
                    how_agreed=ROUTE_AGREED[route],
                    request=request,
                )
        media = _attach_media(story, stored)
        if media is not None:
            media.uses = media_uses
            media.description = media_description[:300]
            if submit:
                media.granted_on = today
                media.expires_on = expires_on
                media.information_sheet_version = settings.information_sheet_version
            media.save()
        audit_record(
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=story,
            changed_fields=["status"] + (["consents"] if submit else []) + (["media"] if stored else []),
        )
    return story


def _attach_media(story: Story, stored: StoryMedia | None) -> StoryMedia | None:
    """The story's file: a new one replaces the one kept with the draft (whose file is deleted once saved)."""
    kept = StoryMedia.objects.select_for_update().filter(story=story).first()
    if stored is None:
        return kept if kept is not None and kept.withdrawn_at is None else None
    if kept is not None:
        old_file = kept.file.name
        for name in ("kind", "content_type", "size", "sha256", "uploaded_by", "description"):
            setattr(kept, name, getattr(stored, name))
        kept.file = stored.file
        kept.withdrawn_at, kept.withdrawn_by = None, None
        if old_file:
            transaction.on_commit(lambda: kept.file.storage.delete(old_file))
        return kept
    stored.story = story
    return stored


def story_media_withdraw(*, story: Story, actor: User, request=None) -> StoryMedia:
    """Stop every use of the photo or recording at once: the file is deleted, the row says when and by whom."""
    with transaction.atomic():
        media = StoryMedia.objects.select_for_update().filter(story=story).first()
        if media is None or media.withdrawn_at is not None:
            raise ValidationError(_l("There is no photo or recording to remove."))
        name = media.file.name
        media.withdrawn_at = timezone.now()
        media.withdrawn_by = actor
        media.file = ""
        media.uses = []
        media.save(update_fields=["withdrawn_at", "withdrawn_by", "file", "uses", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=story, changed_fields=["media"])
        if name:
            storage = StoryMedia._meta.get_field("file").storage  # noqa: SLF001 - Django's documented field API
            transaction.on_commit(lambda: storage.delete(name))
    return media


# --- Moderation and release -----------------------------------------------------------------------------------


def story_moderation_start(*, story: Story, actor: User, version: int, request=None) -> Story:
    with transaction.atomic():
        story = _locked(story, version)
        if story.status not in (StoryStatus.RECEIVED, StoryStatus.HELD, StoryStatus.WITH_TELLER):
            raise ValidationError("Only a story that has been received or held can be moderated.")
        return _move(story, StoryStatus.IN_MODERATION, actor=actor, request=request)


def story_edit(*, story: Story, field: str, after: str, reason: str, actor: User, version: int, request=None) -> Story:
    """Change the wording, keeping what it said and why it changed for the teller to see."""
    if field not in EDITABLE_FIELDS:
        raise ValidationError({"field": "Select the part of the story you changed"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you changed it, so the teller can see"})
    if not after.strip() and field != "could_be_better":
        raise ValidationError({"after": "Enter the new wording"})
    with transaction.atomic():
        story = _locked(story, version)
        if story.status != StoryStatus.IN_MODERATION:
            raise ValidationError("Start moderating the story before you change its wording.")
        before = getattr(story, field)
        if before == after:
            raise ValidationError({"after": "The new wording is the same as before"})
        StoryEdit.objects.create(story=story, field=field, before=before, after=after, reason=reason, edited_by=actor)
        setattr(story, field, after)
        story.version += 1
        story.teller_approved_at = None
        story.save(update_fields=[field, "version", "teller_approved_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=story, changed_fields=[field])
    return story


def story_send_to_teller(*, story: Story, actor: User, version: int, request=None) -> Story:
    with transaction.atomic():
        story = _locked(story, version)
        if story.status != StoryStatus.IN_MODERATION:
            raise ValidationError("Only a story in moderation can be sent to its teller.")
        story = _move(story, StoryStatus.WITH_TELLER, actor=actor, request=request)
        with in_persons_language(story.teller):
            _tell_teller(
                story,
                "to_approve",
                gettext("Please look at your story before we share it"),
                gettext(
                    "We have read your story “%(title)s”. Before anyone else sees it, please look at the version we "
                    "would share, with every change we made and why. You can approve it or tell us what is wrong. "
                    "Sign in to WithUs and go to My stories."
                )
                % {"title": story.title},
            )
    return story


def story_teller_approve(*, story: Story, actor: User, request=None) -> Story:
    with transaction.atomic():
        story = _locked(story, None)
        if story.status != StoryStatus.WITH_TELLER:
            raise ValidationError(_l("This story is not waiting for you to approve it."))
        story.teller_approved_at = timezone.now()
        return _move(story, StoryStatus.APPROVED, actor=actor, request=request, fields=["teller_approved_at"])


def story_teller_ask_changes(*, story: Story, actor: User, note: str, request=None) -> Story:
    if not note.strip():
        raise ValidationError({"note": _l("Enter what you would like changed")})
    with transaction.atomic():
        story = _locked(story, None)
        if story.status != StoryStatus.WITH_TELLER:
            raise ValidationError(_l("This story is not waiting for you to approve it."))
        return _move(story, StoryStatus.IN_MODERATION, actor=actor, request=request, note=note)


def story_publish(*, story: Story, actor: User, version: int, request=None) -> Story:
    """Release to the uses consented. Nothing is published that the teller has not seen and approved."""
    with transaction.atomic():
        story = _locked(story, version)
        if story.status != StoryStatus.APPROVED or story.teller_approved_at is None:
            raise ValidationError("The teller must approve the moderated version before it is published.")
        if not story.consents.live(timezone.localdate()).exists():
            raise ValidationError("The teller's agreement has ended or been withdrawn for every use.")
        story.published_at = timezone.now()
        figures = story.set_response_figures()
        story = _move(story, StoryStatus.PUBLISHED, actor=actor, request=request, fields=["published_at", *figures])
        with in_persons_language(story.teller):
            _tell_teller(
                story,
                "published",
                gettext("Your story has been shared"),
                gettext(
                    "Your story “%(title)s” is now shared, only in the ways you agreed to. You can see where it is "
                    "used, and stop any use, in WithUs under My stories."
                )
                % {"title": story.title},
            )
    return story


def story_hold_or_reject(*, story: Story, actor: User, version: int, status: str, reason: str, request=None) -> Story:
    if status not in (StoryStatus.HELD, StoryStatus.REJECTED):
        raise ValidationError({"decision": "Select what to do with the story"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason, in words the teller will understand"})
    with transaction.atomic():
        story = _locked(story, version)
        if story.status in (StoryStatus.DRAFT, StoryStatus.PUBLISHED, StoryStatus.REJECTED):
            raise ValidationError("This story cannot be held or turned down now.")
        story.outcome_reason = reason
        story = _move(story, status, actor=actor, request=request, note=reason, fields=["outcome_reason"])
        with in_persons_language(story.teller):
            if status == StoryStatus.HELD:
                said = gettext("Your story is on hold for now. The reason: %(reason)s")
            else:
                said = gettext("Your story will not be published. The reason: %(reason)s")
            subject = gettext("About your story “%(title)s”") % {"title": story.title}
            _tell_teller(story, status, subject, said % {"reason": reason})
    return story


def _disclosure_recipients(story: Story) -> list[User]:
    settings = story_settings_for(story.organisation_id)
    if settings.disclosures_to_unit_manager:
        managers = list(
            User.objects.filter(
                organisation_id=story.organisation_id, roles__role=Role.STAFF, roles__unit=story.unit, is_active=True
            ).distinct()
        )
        if managers:
            return managers
    if settings.safeguarding_lead_id:
        return [settings.safeguarding_lead]
    # No safeguarding lead set: every trust-wide participation lead, so it is never lost.
    return list(
        User.objects.filter(
            organisation_id=story.organisation_id,
            roles__role=Role.PARTICIPATION_LEAD,
            roles__unit__isnull=True,
            is_active=True,
        ).distinct()
    )


def story_flag_risk(*, story: Story, note: str, actor: User, request=None) -> list[User]:
    """A disclosure of risk or harm: passed at once to the trust's safeguarding lead (or the unit's manager)."""
    if not note.strip():
        raise ValidationError({"note": "Enter what the story discloses, so the safeguarding lead can act"})
    with transaction.atomic():
        story = _locked(story, None)
        recipients = _disclosure_recipients(story)
        if not recipients:
            raise ValidationError("No safeguarding lead is set up. Phone your safeguarding team now.")
        story.risk_flagged_at = timezone.now()
        story.risk_flagged_to = recipients[0]
        story.risk_note = note
        story.save(update_fields=["risk_flagged_at", "risk_flagged_to", "risk_note", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE, request=request, actor=actor, obj=story, changed_fields=["risk_flagged_at"]
        )
        for user in recipients:
            notify_user(
                user=user,
                template="voice.story_risk",
                subject="A story discloses risk or harm",
                body=(
                    f"{actor.full_name} flagged a story told about {story.unit.name} as disclosing risk or harm.\n\n"
                    f"What they noted: {note}\n\nSign in to WithUs to read the story and act today."
                ),
                idempotency_key=f"voice.story_risk:{story.pk}:{user.pk}:{story.risk_flagged_at.isoformat()}",
                actor=actor,
            )
    return recipients


# --- Consent and uses -----------------------------------------------------------------------------------------


def consent_withdraw(*, consent: StoryConsent, actor: User, request=None) -> list[StoryUse]:
    """Stop every future use under this consent at once; return where the story was already used under it."""
    with transaction.atomic():
        consent = StoryConsent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ValidationError(_l("This agreement has already been withdrawn."))
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        consent_windows_refresh(consent.story)
        audit_record(
            action=AuditAction.UPDATE, request=request, actor=actor, obj=consent.story, changed_fields=["consent"]
        )
        return list(consent.uses.order_by("-used_on"))


def story_use_record(
    *, story: Story, use: str, occasion: str, audience: str, used_on: datetime.date, actor: User, request=None
) -> StoryUse:
    """Record one use. Refused unless the teller's consent for that use is live today and on the day of use."""
    today = timezone.localdate()
    if use not in StoryUseKind.values:
        raise ValidationError({"use": "Select how the story is used"})
    if used_on > today:
        raise ValidationError({"used_on": "The date of use must be today or in the past"})
    if not occasion.strip() or not audience.strip():
        raise ValidationError("Enter the occasion and who the audience is.")
    with transaction.atomic():
        story = _locked(story, None)
        if story.status != StoryStatus.PUBLISHED:
            raise ValidationError("Only a published story can be used.")
        consent = story.consents.live(today).filter(use=use).first()
        if consent is None or not consent.is_live(used_on):
            raise ValidationError(
                {"use": "The teller has not agreed to this use, or their agreement has ended or been withdrawn"}
            )
        used = StoryUse.objects.create(
            organisation_id=story.organisation_id,
            story=story,
            consent=consent,
            use=use,
            occasion=occasion,
            audience=audience,
            used_on=used_on,
            recorded_by=actor,
        )
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=story, changed_fields=["uses"])
    return used


def consents_warn_expiring(*, today: datetime.date | None = None) -> int:
    """Tell the teller and their lead a month before a consent ends (daily command; once per consent)."""
    today = today or timezone.localdate()
    warned = 0
    due = (
        StoryConsent.objects.expiring_between(today, add_months(today, 1))
        .filter(expiry_warned_on__isnull=True)
        .select_related("story__teller__participation_lead")
    )
    for consent in due:
        with transaction.atomic():
            story = consent.story
            when = f"{consent.expires_on:%-d %B %Y}"
            with in_persons_language(story.teller):
                _tell_teller(
                    story,
                    "consent_ending",
                    gettext("Your agreement to share your story ends soon"),
                    gettext(
                        "Your agreement for “%(title)s” to be used for %(use)s ends on %(date)s. After that we will "
                        "not use it in that way. If you would like it to carry on, tell your People Participation "
                        "lead."
                    )
                    % {"title": story.title, "use": consent.get_use_display().lower(), "date": when},
                    key=str(consent.pk),
                )
            lead = story.teller.participation_lead
            if lead is not None:
                notify_user(
                    user=lead,
                    template="voice.story_consent_ending",
                    subject="A story's consent ends soon",
                    body=f"The consent for “{story.title}” ({consent.get_use_display().lower()}) ends on {when}.",
                    idempotency_key=f"voice.story_consent_ending_lead:{consent.pk}",
                )
            StoryConsent.objects.filter(pk=consent.pk).update(expiry_warned_on=today)
            warned += 1
    return warned


# --- Responses ------------------------------------------------------------------------------------------------


def _change_action(story: Story, claim: str, project, values: dict, errors: dict):
    """A change claimed is a tracked action: it links a QI project, or names who owns it (and, for a change
    planned, the date it is due by). Returns (owner, due_on); nothing is kept when no change is claimed."""
    if claim == ChangeClaim.NONE:
        return None, None
    owner, due_on = values.get("action_owner"), values.get("action_due_on")
    if claim == ChangeClaim.MADE:
        due_on = None
    if owner is not None and not change_owners_for(story).filter(pk=owner.pk).exists():
        errors["action_owner"] = "Select someone who works in this ward or team"
    if project is None and owner is None:
        errors["action_owner"] = "Link a QI project, or select who owns the change"
    if claim == ChangeClaim.PLANNED and project is None and due_on is None:
        errors["action_due_on"] = "Enter the date the change is due by, or link a QI project"
    if due_on is not None and due_on < timezone.localdate():
        errors["action_due_on"] = "The date the change is due by must be today or in the future"
    if due_on is not None and owner is None and "action_owner" not in errors:
        errors["action_owner"] = "Select who owns the change"
    return owner, due_on


def response_add(*, story: Story, actor: User, values: dict, projects_allowed=None, request=None) -> StoryResponse:
    """A public-facing reply from staff of the story's unit. A change claim must say what changed."""
    if not actor.has_perm("voice.respond_to_story", story):
        raise ValidationError("Only staff of the ward or team the story is about can respond to it.")
    claim = values.get("change_claim") or ChangeClaim.NONE
    errors = {}
    if not (values.get("body") or "").strip():
        errors["body"] = "Enter your response"
    if claim != ChangeClaim.NONE and not (values.get("change_description") or "").strip():
        errors["change_description"] = "Say what has changed or will change, in plain English"
    project = values.get("project")
    if project is not None and project.organisation_id != story.organisation_id:
        errors["project"] = "Select a QI project from your trust"
    owner, due_on = _change_action(story, claim, project, values, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        story = _locked(story, None)
        if story.status != StoryStatus.PUBLISHED:
            raise ValidationError("Only a published story can be responded to.")
        response = StoryResponse.objects.create(
            organisation_id=story.organisation_id,
            story=story,
            responder=actor,
            responder_role=values.get("responder_role", ""),
            body=values["body"],
            change_claim=claim,
            change_description=values.get("change_description", "") if claim != ChangeClaim.NONE else "",
            project=project,
            action_owner=owner,
            action_due_on=due_on,
        )
        fields = []
        if story.first_response_at is None:
            story.first_response_at = response.created_at
            fields += ["first_response_at", *story.set_response_figures()]
        rank = [ChangeClaim.NONE, ChangeClaim.PLANNED, ChangeClaim.MADE]
        if rank.index(claim) > rank.index(story.change_claim):
            story.change_claim = claim
            fields.append("change_claim")
        if fields:
            story.save(update_fields=[*fields, "updated_at"])
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=story, changed_fields=["responses"])
        _tell_response(story, response, actor=actor, claim=claim, due_on=due_on)
    return response


def _tell_response(story: Story, response: StoryResponse, *, actor: User, claim: str, due_on) -> None:
    """Tell the teller someone responded, in their language (issue 26): whole sentences, joined."""
    with in_persons_language(story.teller):
        sentences = [
            gettext("%(name)s responded to your story “%(title)s”.") % {"name": actor.full_name, "title": story.title}
        ]
        if claim == ChangeClaim.MADE:
            sentences.append(gettext("They say a change has been made."))
        elif claim == ChangeClaim.PLANNED and due_on:
            sentences.append(
                gettext("They say a change is planned, due by %(date)s.") % {"date": f"{due_on:%-d %B %Y}"}
            )
        elif claim == ChangeClaim.PLANNED:
            sentences.append(gettext("They say a change is planned."))
        sentences.append(gettext("You can read it, reply and tell us whether it helped, in WithUs under My stories."))
        _tell_teller(
            story,
            "response",
            gettext("Someone has responded to your story"),
            " ".join(sentences),
            key=str(response.pk),
        )


def response_reply(
    *, response: StoryResponse, actor: User, reply: str, helped: bool | None, request=None
) -> StoryResponse:
    if not reply.strip() and helped is None:
        raise ValidationError({"reply": "Write a reply, or say whether the response helped"})
    with transaction.atomic():
        response = StoryResponse.objects.select_for_update().get(pk=response.pk)
        response.teller_reply = reply
        response.teller_found_helpful = helped
        response.teller_replied_at = timezone.now()
        response.save(update_fields=["teller_reply", "teller_found_helpful", "teller_replied_at", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE, request=request, actor=actor, obj=response.story, changed_fields=["reply"]
        )
    return response
