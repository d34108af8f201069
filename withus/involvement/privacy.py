"""The involvement log's part in data protection: the last involvement (retention runs from it) and what the
subject access export shows. Registered with withus.people.registry in InvolvementConfig.ready()."""

from django.db.models import Max

from withus.involvement.models import InvolvementRecord
from withus.people.models import Person
from withus.people.registry import AccessSection


def last_involvement(person: Person):
    return InvolvementRecord.objects.for_person(person).aggregate(last=Max("date"))["last"]


def access_sections(person: Person) -> list[AccessSection]:
    records = InvolvementRecord.objects.for_person(person).select_related("kind", "unit").order_by("date")
    return [
        AccessSection(
            "Involvement log",
            [
                {
                    "On": record.date.isoformat(),
                    "What": record.source_label,
                    "Kind": record.kind.name,
                    "Where": record.unit.name if record.unit else "",
                    "Hours": str(record.hours),
                    "Role": record.role,
                    "Paid": "Yes" if record.payable else "No",
                }
                for record in records
            ],
        )
    ]
