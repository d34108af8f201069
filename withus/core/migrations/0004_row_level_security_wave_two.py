# Row-level security on the organisation-owned tables that wave two's apps added after 0003 (stories and ideas,
# support, board reports, API tokens, accreditation's action plans, directory sign-in): the same policy again, on
# every such table that exists by now (ADR 32). A no-op on SQLite; applying it twice changes nothing.
from django.db import migrations

from withus.core import row_security


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_row_level_security"),
        ("organisations", "0004_languages_offered"),
        ("accounts", "0005_directory_sign_in"),
        ("improvement", "0003_measure_fed_by_api"),
        ("accreditation", "0002_action_plans_panels_appeals"),
        ("voice", "0003_ideas"),
        ("support", "0003_covering_experience_indexes"),
        ("reports", "0001_board_reports"),
        ("api", "0001_initial"),
    ]

    operations = [migrations.RunPython(row_security.apply, row_security.remove_nothing, elidable=False)]
