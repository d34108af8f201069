"""Choosing the language WithUs is read in (issue 26 item 4): the person's own choice, kept on their account.

Only English and the languages the person's trust has confirmed are offered. Changing it is audited like any other
change to an account. The page the person came from is where they go back to, so switching keeps their place.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.http import url_has_allowed_host_and_scheme

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.languages import BY_CODE, DEFAULT_LANGUAGE, language
from withus.core.models import AuditAction


def languages_for(user: User) -> list:
    """English and the languages the user's trust offers, in the order of withus.core.languages."""
    offered = set(user.organisation.languages_offered if user.organisation_id else [])
    return [choice for code, choice in BY_CODE.items() if code == DEFAULT_LANGUAGE or code in offered]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label="Which language do you want to read WithUs in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the language you want to read WithUs in"},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages_for(user)
        self.fields["language"].choices = [(choice.code, choice.own_name) for choice in self.languages]


def safe_next(request, target: str) -> str:
    """Where to go back to: a page of this site only, never another site (an open redirect)."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return "/"


@transaction.atomic
def user_language_set(*, user: User, code: str, actor: User, request=None) -> User:
    """Keep the language a person reads WithUs in. Only their own, and only one their trust offers."""
    if actor.pk != user.pk:
        raise ValidationError("You can only choose the language of your own account.")
    if code not in {choice.code for choice in languages_for(user)}:
        raise ValidationError({"language": "Choose one of the languages listed"})
    stored = "" if code == DEFAULT_LANGUAGE else code
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != stored:
        user.language = stored
        user.save(update_fields=["language"])
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=user,
            object_type="user",
            object_label=f"Language of {user.full_name}: {language(code).english_name}",
            changed_fields=["language"],
        )
    return user
