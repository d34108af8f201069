from django.apps import AppConfig


class SmokeConfig(AppConfig):
    """Only for CI's production smoke test (ADR 8). Installed by the production settings only when
    WITHUS_SMOKE_TEST=1 on a loopback-only site, and by the test settings so its refusals are tested."""

    name = "withus.smoke"
    label = "smoke"
    verbose_name = "Production smoke test"
