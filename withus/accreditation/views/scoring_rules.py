"""Scoring rules as data (issue 18 item 2): the trust's rules, and an administrator's page to change a rule's
parameters. Each change is a new version; decisions keep the snapshot they were made on (ADR 24)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from withus.accreditation.forms import RuleParametersForm
from withus.accreditation.models import ScoringRule
from withus.accreditation.services.standards import scoring_rule_update
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.permissions import permission_required


@permission_required("accreditation.change_rule", deny=404)
def rule_list(request):
    rules = ScoringRule.objects.for_organisation(request.user.organisation_id)
    audit_record(action=AuditAction.VIEW, request=request, object_type="accreditation_rules")
    return render(request, "accreditation/rules.jinja", {"rules": rules})


@permission_required("accreditation.change_rule", deny=404)
@require_http_methods(["GET", "POST"])
def rule_edit(request, rule_id):
    rule = get_object_or_404(ScoringRule.objects.for_organisation(request.user.organisation_id), pk=rule_id)
    form = RuleParametersForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            rule = scoring_rule_update(rule=rule, parameters=form.parameters(), actor=request.user, request=request)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, f"{rule.name} is now version {rule.version}. Past decisions keep their rule.")
            return redirect("accreditation:rules")
    audit_record(action=AuditAction.VIEW, request=request, obj=rule)
    return render(request, "accreditation/rule_edit.jinja", {"rule": rule, "form": form})
