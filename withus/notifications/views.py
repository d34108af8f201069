"""Pages: the outbox for staff (with letters to post and calls to make), each person's contact choices, and the
messages a person was sent. Plus Notify's delivery-receipt callback."""

import hmac
import json

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from withus.core.audit import audit_record, audit_view
from withus.core.models import AuditAction
from withus.core.pdf import render_pdf
from withus.core.permissions import permission_required
from withus.core.submit import submit
from withus.notifications import presenters, selectors
from withus.notifications.forms import ContactChoicesForm, OutboxFilterForm
from withus.notifications.models import Channel, MessageStatus
from withus.notifications.services import inbox, sending
from withus.notifications.services.language import persons_language
from withus.notifications.services.preferences import contact_preference_update, preference_for
from withus.people.selectors import signed_in_person

MY_RECORD_MISSING = "You are not in the involvement register yet."


def _message(request, message_id):
    return get_object_or_404(selectors.messages_visible_to(request.user), pk=message_id)


@permission_required("notifications.view_outbox")
def outbox(request):
    form = OutboxFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = selectors.messages_visible_to(request.user)
    if chosen.get("status"):
        found = found.filter(status=chosen["status"])
    if chosen.get("channel"):
        found = found.filter(channel=chosen["channel"])
    if chosen.get("template"):
        found = found.filter(template__icontains=chosen["template"].strip())
    if chosen.get("person"):
        found = found.filter(person__full_name__icontains=chosen["person"].strip())
    if request.GET.get("person_id"):
        try:
            found = found.filter(person_id=request.GET["person_id"])
        except ValidationError:
            found = found.none()
    page = Paginator(found.order_by("-created_at", "pk"), settings.WITHUS_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(action=AuditAction.VIEW, request=request, object_type="outbox", object_label="Outbox")
    query = request.GET.copy()
    query.pop("page", None)
    waiting = selectors.messages_visible_to(request.user).for_staff_to_handle()
    return render(
        request,
        "notifications/outbox.jinja",
        {
            "filters": form,
            "page": page,
            "query": query.urlencode(),
            "letters_to_post": waiting.filter(channel=Channel.LETTER).count(),
            "calls_to_make": waiting.filter(channel=Channel.LEAD_CALL).count(),
            "failed": selectors.messages_visible_to(request.user).failed().count(),
            "arrange_before_sending": presenters.arrange_before_sending,
        },
    )


@permission_required("notifications.view_outbox")
def message_detail(request, message_id):
    message = _message(request, message_id)
    audit_view(request, message)
    return render(
        request,
        "notifications/message_detail.jinja",
        {
            "message": message,
            "history": message.history.select_related("changed_by"),
            "MessageStatus": MessageStatus,
            "letter_version": presenters.letter_version(message) if message.channel == Channel.LETTER else "",
            "arrange": presenters.arrange_before_sending(message),
        },
    )


def _act(request, message_id, service, done: str):
    message = _message(request, message_id)
    try:
        service(message=message, actor=request.user, request=request)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    else:
        flash.success(request, done)
    return redirect("notifications:detail", message_id=message.pk)


@permission_required("notifications.handle_message")
@require_POST
def message_resend(request, message_id):
    return _act(request, message_id, sending.message_resend, "The message is queued to be sent again.")


@permission_required("notifications.handle_message")
@require_POST
def message_done(request, message_id):
    return _act(request, message_id, sending.message_mark_done, "Marked as done.")


@permission_required("notifications.handle_message")
def letter_pdf(request, message_id):
    """The letter to print and post, in the version the person's communication needs ask for (ADR 41): easy read
    (short lines, large type, a picture beside each part), large print, or standard. Braille and audio are not made
    here: the message page and the outbox tell staff to arrange them."""
    message = _message(request, message_id)
    if message.channel != Channel.LETTER:
        raise Http404
    audit_record(action=AuditAction.EXPORT, request=request, obj=message)
    title = f"Letter to {message.person.full_name if message.person else 'a member of staff'}"
    version = presenters.letter_version(message)
    # The language the person reads (the one their messages are written in): lang and dir for the PDF, so an Urdu
    # letter runs right to left.
    language = persons_language(message.person) if message.person else settings.LANGUAGE_CODE
    context = {
        "message": message,
        "title": title,
        "large_print": version == "large_print",
        "lang": language,
        "dir": "rtl" if translation.get_language_info(language)["bidi"] else "ltr",
    }
    template = "notifications/letter.html.jinja"
    if version == "easy_read":
        title = f"{title} (easy read)"
        context.update(title=title, ideas=presenters.easy_read_ideas(message.body))
        template = "notifications/letter.easy.html.jinja"
    with translation.override(language):  # the date in the letter's language too
        pdf = render_pdf(template, context, title=title)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{message.pk}.pdf"'
    return response


def _contact_page(request, person, *, own: bool, back: str):
    preference = preference_for(person)
    form = ContactChoicesForm(request.POST or None, initial=ContactChoicesForm.initial_for(preference), own=own)
    saved = submit(
        request,
        form,
        lambda data: contact_preference_update(
            person=person, values=form.values(), actor=request.user, request=request
        ),
        "Your choices are saved." if own else f"{person.full_name}'s choices are saved.",
        back,
    )
    if saved:
        return saved
    if request.method == "GET":
        audit_view(request, person)
    return render(
        request,
        "notifications/contact_choices.jinja",
        {"form": form, "person": person, "own": own, "preference": preference, "back": back},
    )


@permission_required("notifications.change_own_contact_choices")
@require_http_methods(["GET", "POST"])
def my_contact(request):
    person = signed_in_person(request.user)
    if person is None:
        raise Http404(MY_RECORD_MISSING)
    return _contact_page(request, person, own=True, back="people:me")


@permission_required("notifications.change_contact_choices", deny=404)
@require_http_methods(["GET", "POST"])
def person_contact(request, person_id):
    person = selectors.person_for_contact_choices(request.user, person_id)
    if person is None:
        raise Http404
    from django.urls import reverse

    return _contact_page(request, person, own=False, back=reverse("people:detail", kwargs={"person_id": person.pk}))


@permission_required("notifications.view_own_messages")
def my_messages(request):
    person = signed_in_person(request.user)
    if person is None:
        raise Http404(MY_RECORD_MISSING)
    audit_view(request, person)
    page = Paginator(selectors.messages_to(person).order_by("-created_at", "pk"), 20).get_page(request.GET.get("page"))
    shown = list(page)
    not_seen = [message.pk for message in shown if message.read_at is None]
    new = {message.pk for message in shown if message.read_at is None and message.status != MessageStatus.NOT_SENT}
    if not_seen:
        inbox.messages_mark_read(person=person, message_ids=not_seen)
    return render(
        request, "notifications/my_messages.jinja", {"page": page, "shown": shown, "new": new, "person": person}
    )


@login_not_required
@csrf_exempt
@require_POST
def callback(request):
    """GOV.UK Notify's delivery receipts. Public, but only with the bearer token set in Notify for this service."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"error": "Not allowed"}, status=403)
    try:
        body = json.loads(request.body or b"{}")
        message = sending.message_record_status(
            notify_id=str(body.get("id", "")), reference=str(body.get("reference") or ""), status=body.get("status", "")
        )
    except (ValueError, AttributeError, ValidationError):
        return JsonResponse({"error": "Not a delivery receipt"}, status=400)
    if message is None:
        return JsonResponse({"error": "No such message"}, status=404)
    return JsonResponse({"status": message.status})
