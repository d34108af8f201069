from django.urls import reverse

from withus.core.models import AuditEntry
from withus.improvement.models import DriverNode, NodeKind
from withus.improvement.tests.factories import DriverNodeFactory, PdsaCycleFactory


def _names(project, parent=None):
    return list(
        DriverNode.objects.filter(project=project, parent=parent).order_by("position").values_list("name", flat=True)
    )


def test_drivers_and_change_ideas_are_added_renamed_and_reordered(qi_client, project):
    qi_client.post(reverse("improvement:node_add", args=[project.pk]), {"kind": "primary", "name": "Culture"})
    qi_client.post(reverse("improvement:node_add", args=[project.pk]), {"kind": "primary", "name": "Safety"})
    culture = DriverNode.objects.get(name="Culture")
    qi_client.post(
        reverse("improvement:node_add_under", args=[project.pk, culture.pk]),
        {"kind": "secondary", "name": "Expectations"},
    )
    expectations = DriverNode.objects.get(name="Expectations")
    qi_client.post(
        reverse("improvement:node_add_under", args=[project.pk, expectations.pk]),
        {"kind": "change_idea", "name": "Ward agreement"},
    )
    assert DriverNode.objects.get(name="Ward agreement").kind == NodeKind.CHANGE_IDEA
    # A change idea is the last level: nothing can be added beneath it.
    idea = DriverNode.objects.get(name="Ward agreement")
    assert qi_client.get(reverse("improvement:node_add_under", args=[project.pk, idea.pk])).status_code == 404
    refused = qi_client.post(
        reverse("improvement:node_add_under", args=[project.pk, expectations.pk]), {"kind": "secondary", "name": "X"}
    )
    assert "Select one of the options" in refused.content.decode()
    qi_client.post(reverse("improvement:node_rename", args=[project.pk, culture.pk]), {"name": "Ward culture"})
    qi_client.post(reverse("improvement:node_move", args=[project.pk, culture.pk, "down"]))
    assert _names(project) == ["Safety", "Ward culture"]
    page = qi_client.get(reverse("improvement:diagram", args=[project.pk])).content.decode()
    assert "Primary driver: </span>Ward culture" in page
    assert "Change idea: </span>Ward agreement" in page
    assert AuditEntry.objects.filter(object_type="drivernode").count() >= 5


def test_deleting_a_driver_asks_first_and_removes_what_is_beneath(qi_client, project):
    primary = DriverNodeFactory(project=project, name="Culture")
    DriverNodeFactory(project=project, parent=primary, kind=NodeKind.CHANGE_IDEA, name="Agreement")
    url = reverse("improvement:node_delete", args=[project.pk, primary.pk])
    page = qi_client.get(url).content.decode()
    assert "Delete “Culture”?" in page
    assert "Change idea: Agreement" in page
    assert DriverNode.objects.count() == 2
    qi_client.post(url)
    assert not DriverNode.objects.filter(project=project).exists()


def test_a_driver_whose_change_ideas_have_pdsa_cycles_is_never_deleted(qi_client, project, idea):
    cycle = PdsaCycleFactory(change_idea=idea)
    url = reverse("improvement:node_delete", args=[project.pk, idea.parent_id])
    assert "This cannot be deleted yet" in qi_client.get(url).content.decode()
    qi_client.post(url)
    assert DriverNode.objects.filter(pk=idea.parent_id).exists()
    cycle.refresh_from_db()
    assert cycle.change_idea == idea


def test_a_participant_on_the_team_sees_the_diagram_but_cannot_change_it(member_client, project, idea):
    page = member_client.get(reverse("improvement:diagram", args=[project.pk])).content.decode()
    assert "Ward agreement" in page
    assert "Rename" not in page
    assert member_client.get(reverse("improvement:node_add", args=[project.pk])).status_code == 404
