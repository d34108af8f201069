"""The involvement log moves here from opportunities: state only, the tables stay (renamed in 0002)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organisations", "0001_initial"),
        ("people", "0001_initial"),
        ("opportunities", "0002_record_source_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="InvolvementKind",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("code", models.SlugField(max_length=40)),
                        ("name", models.CharField(max_length=100)),
                        ("description", models.CharField(blank=True, max_length=300)),
                        ("payment_activity_code", models.CharField(max_length=20)),
                        ("payment_description", models.CharField(blank=True, max_length=200)),
                        ("required_training", models.CharField(blank=True, max_length=200)),
                        ("is_active", models.BooleanField(default=True)),
                        ("position", models.PositiveSmallIntegerField(default=0)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisations.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "opportunities_involvementkind",
                        "ordering": ["position", "name"],
                        "constraints": [
                            models.UniqueConstraint(fields=("organisation", "code"), name="involvement_kind_code_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="InvolvementRecord",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("date", models.DateField()),
                        ("hours", models.DecimalField(decimal_places=2, max_digits=4)),
                        ("role", models.CharField(blank=True, max_length=100)),
                        (
                            "source_type",
                            models.CharField(
                                choices=[
                                    ("opportunity", "Opportunity"),
                                    ("project", "QI project"),
                                    ("committee", "Committee"),
                                    ("training", "Training"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("source_id", models.CharField(blank=True, max_length=64)),
                        ("source_label", models.CharField(max_length=200)),
                        ("source_key", models.CharField(blank=True, max_length=100)),
                        ("payable", models.BooleanField(default=True)),
                        (
                            "kind",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="involvement.involvementkind",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisations.organisation",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisations.unit",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "opportunities_involvementrecord",
                        "ordering": ["-date", "-created_at"],
                        "indexes": [
                            models.Index(fields=["organisation", "person", "date"], name="record_org_person_date"),
                            models.Index(fields=["organisation", "unit", "date"], name="record_org_unit_date"),
                            models.Index(fields=["organisation", "kind", "date"], name="record_org_kind_date"),
                            models.Index(fields=["organisation", "date"], name="record_org_date"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("source_key", ""), _negated=True),
                                fields=("organisation", "person", "source_key"),
                                name="record_once_per_occasion",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("hours__gt", 0), ("hours__lte", 12)), name="record_hours_range"
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
