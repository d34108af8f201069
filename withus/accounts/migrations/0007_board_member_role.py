# The read-only board member role (issue 22, ADR 39): a choice only, no table changes.

from django.db import migrations, models

ROLE_CHOICES = [
    ("participant", "Participant (service user or carer)"),
    ("staff", "Staff"),
    ("participation_lead", "People Participation lead"),
    ("improvement_advisor", "Improvement advisor (QI)"),
    ("finance_approver", "Finance approver"),
    ("administrator", "Administrator"),
    ("board_member", "Board member (reads board packs and the annual report)"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_email_optional_and_sign_in_mobile"),
    ]

    operations = [
        migrations.AlterField(
            model_name="directoryrolemapping",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, max_length=32),
        ),
        migrations.AlterField(
            model_name="roleassignment",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, max_length=32),
        ),
    ]
