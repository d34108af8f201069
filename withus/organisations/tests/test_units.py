import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.organisations.models import Unit, UnitKind
from withus.organisations.services import unit_update


def test_a_subtree_is_one_prefix_query(trust):
    inside = set(Unit.objects.within([trust.mental_health]).values_list("code", flat=True))
    assert inside == {"RMH", "ACUTE", "WILLOW", "CEDAR"}


def test_moving_a_unit_moves_everything_beneath_it(trust):
    unit_update(
        unit=trust.acute,
        name="Adult Acute",
        code="ACUTE",
        kind=UnitKind.SERVICE,
        parent=trust.community,
        is_active=True,
    )
    assert set(Unit.objects.within([trust.community]).values_list("code", flat=True)) == {
        "MCH",
        "DN",
        "ACUTE",
        "WILLOW",
        "CEDAR",
    }
    trust.willow.refresh_from_db()
    assert trust.willow.depth == 2
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="unit").exists()


def test_a_unit_cannot_sit_inside_itself(trust):
    with pytest.raises(ValidationError):
        unit_update(
            unit=trust.mental_health,
            name="Riverside",
            code="RMH",
            kind=UnitKind.DIRECTORATE,
            parent=trust.willow,
            is_active=True,
        )


def test_administrators_add_units(admin_client, trust):
    response = admin_client.post(
        reverse("organisations:unit_add"),
        {"name": "Birch Ward", "code": "birch", "kind": "ward", "parent": str(trust.acute.pk)},
    )
    assert response.status_code == 302
    birch = Unit.objects.get(code="BIRCH")
    assert birch.path.startswith(trust.acute.path)


def test_a_duplicate_code_is_explained(admin_client, trust):
    response = admin_client.post(
        reverse("organisations:unit_add"), {"name": "Another", "code": "WILLOW", "kind": "ward"}
    )
    assert "Another unit already uses this code" in response.content.decode()
    assert Unit.objects.filter(code="WILLOW").count() == 1


def test_only_administrators_manage_units(lead_client, staff_client, trust):
    assert lead_client.get(reverse("organisations:units")).status_code == 200
    assert lead_client.get(reverse("organisations:unit_add")).status_code == 403
    assert staff_client.post(reverse("organisations:unit_edit", args=[trust.willow.pk]), {}).status_code == 403
