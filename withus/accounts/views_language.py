"""The language page (issue 26 item 4). See withus.accounts.languages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from withus.accounts.languages import LanguageForm, safe_next, user_language_set
from withus.core.forms import add_service_errors
from withus.core.languages import language
from withus.core.permissions import permission_required


@permission_required("accounts.choose_own_language")
@require_http_methods(["GET", "POST"])
def choose_language(request):
    user = request.user
    current = translation.get_language() or ""
    form = LanguageForm(
        request.POST or None,
        user=user,
        initial={"language": language(current).code, "next": request.GET.get("next", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = user_language_set(user=user, code=form.cleaned_data["language"], actor=user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            chosen = language(form.cleaned_data["language"])
            # The confirmation is shown on the next page, which is already in the chosen language.
            with translation.override(chosen.code):
                messages.success(request, translation.gettext("You are now reading WithUs in English."))
            return redirect(safe_next(request, form.cleaned_data.get("next") or ""))
    return render(request, "accounts/language.jinja", {"form": form})
