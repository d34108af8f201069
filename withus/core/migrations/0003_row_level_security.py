# PostgreSQL row-level security on every organisation-owned table that exists by now (ADR 32). A no-op on SQLite.
# Later migrations that add such a table end with the same RunPython (see withus/core/row_security.py).
from django.db import migrations

from withus.core import row_security


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only"),
        ("organisations", "0003_data_retention_years"),
        ("accounts", "0003_sign_in_addresses"),
        ("people", "0004_data_decision_and_on_behalf"),
        ("notifications", "0003_message_read_at"),
        ("involvement", "0003_record_lock"),
        ("improvement", "0002_measure_phases"),
        ("learning", "0004_course_outcomes_and_pay"),
        ("payments", "0008_batch_routes_summary_and_lines"),
        ("opportunities", "0006_confirmed_by_phone"),
        ("governance", "0001_initial"),
        ("accreditation", "0001_accreditation_first_slice"),
        ("voice", "0001_initial"),
    ]

    operations = [migrations.RunPython(row_security.apply, row_security.remove, elidable=False)]
