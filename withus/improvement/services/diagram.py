"""Writes to a project's driver diagram: adding, renaming, moving and deleting nodes."""

from django.core.exceptions import ValidationError
from django.db import transaction

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.improvement.models import DriverNode, NodeKind, PdsaCycle, Project
from withus.improvement.services.scope import require_change

ALLOWED_PARENTS = {
    NodeKind.PRIMARY: (None,),
    NodeKind.SECONDARY: (NodeKind.PRIMARY,),
    NodeKind.CHANGE_IDEA: (NodeKind.PRIMARY, NodeKind.SECONDARY),
}


@transaction.atomic
def driver_node_add(
    *, project: Project, parent: DriverNode | None, kind: str, name: str, actor: User, request=None
) -> DriverNode:
    """Add a box: primary drivers hang from the aim, secondary drivers from a primary, change ideas from either."""
    require_change(actor=actor, project=project)
    if parent is not None and parent.project_id != project.pk:
        raise ValidationError("Choose a driver from this project.")
    if kind not in ALLOWED_PARENTS or (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
        raise ValidationError("That kind of box cannot go there: change ideas are the last level of the diagram.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name"})
    last = DriverNode.objects.filter(project=project, parent=parent).order_by("-position").first()
    node = DriverNode(
        organisation=project.organisation,
        project=project,
        parent=parent,
        kind=kind,
        name=name,
        position=(last.position + 1) if last else 0,
    )
    node.full_clean()
    node.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=node, changed_fields=["name"])
    return node


@transaction.atomic
def driver_node_rename(*, node: DriverNode, name: str, actor: User, request=None) -> DriverNode:
    require_change(actor=actor, project=node.project)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name"})
    if name != node.name:
        node.name = name
        node.full_clean()
        node.save(update_fields=["name", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=node, changed_fields=["name"])
    return node


@transaction.atomic
def driver_node_move(*, node: DriverNode, up: bool, actor: User, request=None) -> DriverNode:
    """Swap a box with its neighbour among its siblings."""
    require_change(actor=actor, project=node.project)
    siblings = list(
        DriverNode.objects.select_for_update()
        .filter(project_id=node.project_id, parent_id=node.parent_id)
        .order_by("position", "created_at")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return node
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=node, changed_fields=["position"])
    return node


def driver_node_descendants(node: DriverNode) -> list[DriverNode]:
    """The boxes beneath this one (two levels at most)."""
    children = list(DriverNode.objects.filter(parent=node))
    grandchildren = list(DriverNode.objects.filter(parent__in=children)) if children else []
    return children + grandchildren


@transaction.atomic
def driver_node_delete(*, node: DriverNode, actor: User, request=None) -> None:
    """Delete a box and everything beneath it, unless a change idea there has PDSA cycles (never orphaned)."""
    node = DriverNode.objects.select_for_update().select_related("project").get(pk=node.pk)
    require_change(actor=actor, project=node.project)
    doomed = [node, *driver_node_descendants(node)]
    ids = [item.pk for item in doomed]
    if PdsaCycle.objects.filter(change_idea_id__in=ids).exists():
        raise ValidationError(
            "A change idea here has PDSA cycles, so it cannot be deleted. "
            "Move those cycles to another change idea first."
        )
    for item in reversed(doomed):
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=item,
            object_label=f"Deleted {item.audit_label}"[:200],
        )
    for item in sorted(doomed, key=lambda item: {"change_idea": 0, "secondary": 1, "primary": 2}[item.kind]):
        item.measures.clear()
        item.delete()
