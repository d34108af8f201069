"""The board metrics every trust starts with, as data (ADR 29). A trust changes names, owners, targets, rebases
and rule sets in its own rows; the code only counts. A metric whose part of WithUs is not built yet is listed in
`LATER` and created when its selector is added to `withus.reports.selectors.SELECTORS`."""

import datetime
from decimal import Decimal

DEFAULT_METRICS = (
    {
        "code": "big-i-percent",
        "name": "QI projects with Big I involvement",
        "meaning": "Of the QI projects active in the month, the percentage with a service user or carer as a full "
        "member of the project team.",
        "owner": "Director of Quality Improvement",
        "unit_label": "Per cent of active projects",
        "direction": "up",
        "target": Decimal("50"),
        "target_from": datetime.date(2024, 4, 1),
    },
    {
        "code": "panel-coverage-percent",
        "name": "Interview panels with a service user or carer",
        "meaning": "Of the recruitment panels held in the month, the percentage with a service user or carer member.",
        "owner": "Director of People",
        "unit_label": "Per cent of panels",
        "direction": "up",
        "target": Decimal("90"),
        "target_from": datetime.date(2024, 4, 1),
    },
    {
        "code": "claims-paid-within-target-percent",
        "name": "Claims paid on time",
        "meaning": "Of the claims paid in the month, the percentage paid within the trust's target number of days "
        "of the first activity claimed for.",
        "owner": "Director of Finance",
        "unit_label": "Per cent of claims",
        "direction": "up",
        "target": Decimal("95"),
        "target_from": datetime.date(2024, 4, 1),
    },
    {
        "code": "median-days-to-pay",
        "name": "Median days to pay",
        "meaning": "For the claims paid in the month, the middle number of days from the first activity to payment.",
        "owner": "Director of Finance",
        "unit_label": "Days",
        "direction": "down",
        "target": Decimal("30"),
        "target_from": datetime.date(2024, 4, 1),
    },
    {
        "code": "people-active",
        "name": "People taking part",
        "meaning": "Service users and carers who took part in something (an involvement record) in the month.",
        "owner": "Head of People Participation",
        "unit_label": "People",
        "direction": "up",
    },
    {
        "code": "people-new",
        "name": "New people",
        "meaning": "Service users and carers who became active members of the register in the month.",
        "owner": "Head of People Participation",
        "unit_label": "People",
        "direction": "up",
    },
    {
        "code": "people-leaving",
        "name": "People leaving",
        "meaning": "Service users and carers who left the register in the month.",
        "owner": "Head of People Participation",
        "unit_label": "People",
        "direction": "down",
    },
    {
        "code": "involvement-hours",
        "name": "Hours of involvement",
        "meaning": "Hours service users and carers spent taking part in the month, every kind of involvement "
        "together (the pack splits them by kind).",
        "owner": "Head of People Participation",
        "unit_label": "Hours",
        "direction": "up",
    },
    {
        "code": "learning-progression",
        "name": "QI learning pathway completions",
        "meaning": "Service users and carers completing a course of the QI learning pathway in the month.",
        "owner": "Head of the QI Academy",
        "unit_label": "Completions",
        "direction": "up",
    },
    {
        "code": "qi-projects-improving",
        "name": "QI projects showing improvement",
        "meaning": "Active QI projects with at least one measure whose latest reading is special-cause improvement.",
        "owner": "Director of Quality Improvement",
        "unit_label": "Projects",
        "direction": "up",
        "chart": "figure",
    },
    {
        "code": "accreditation-awards",
        "name": "Accreditation awards",
        "meaning": "Bronze, silver or gold accreditation awards decided in the month.",
        "owner": "Head of People Participation",
        "unit_label": "Awards",
        "direction": "up",
    },
)

LATER = (
    ("story-response-days", "Days to respond to a story", "Stories (issue 19)"),
    ("ideas-answered-on-time-percent", "Ideas answered on time", "Ideas (issue 20)"),
    ("experience-survey-score", "Experience of involvement survey score", "Support (issue 21)"),
)
"""Metrics that join when their parts exist: (code, name, where they come from)."""
