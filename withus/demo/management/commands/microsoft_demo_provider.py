"""A mock Microsoft directory on 127.0.0.1 for trying Sign in with Microsoft locally (issue 24).

`WITHUS_MICROSOFT_DEMO=1 make run` starts it beside the web server; on its sign-in page choose one of the demo
directory's people (finance, admin, no-role, stranger). It is oidc-provider-mock, a development dependency: it
signs any token it is asked for, so it never runs in production."""

import oidc_provider_mock
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from werkzeug.serving import run_simple

from withus.demo.accounts_world import DEMO_PROVIDER_PORT, DIRECTORY_PEOPLE, directory_claims


class Command(BaseCommand):
    help = "Run a mock Microsoft directory for the demo on 127.0.0.1 (WITHUS_MICROSOFT_DEMO=1 make run)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=DEMO_PROVIDER_PORT)

    def handle(self, *args, port: int, **options):
        if not settings.WITHUS_DEMO:
            raise CommandError("The demo directory runs only with WITHUS_DEMO=1.")
        people = [oidc_provider_mock.User(sub=sub, claims=directory_claims(sub)) for sub, *_ in DIRECTORY_PEOPLE]
        app = oidc_provider_mock.app(require_nonce=True, user_claims=people)
        self.stdout.write(f"Demo Microsoft directory on http://127.0.0.1:{port} (people: finance, admin, ...)")
        run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)
