"""Load the fictional demo trust. Safe to run again: it only adds what is missing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from withus.demo import text_sign_in_world
from withus.demo.world import DEMO_DOMAIN, DEMO_PASSWORD, SIGN_INS, DemoRefused, build_world


class Command(BaseCommand):
    help = "Create (or top up) the demo trust: units, about 60 people, and demo sign-ins when WITHUS_DEMO=1."

    def handle(self, *args, **options):
        try:
            result = build_world(with_sign_ins=settings.WITHUS_DEMO)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo trust: {result['organisation'].name}")
        self.stdout.write(f"People added this time: {result['people_created']}")
        if settings.WITHUS_DEMO:
            self.stdout.write(f"Demo sign-ins (password '{DEMO_PASSWORD}'):")
            for sign_in in SIGN_INS:
                self.stdout.write(f"  {sign_in.local_part}@{DEMO_DOMAIN}  {sign_in.full_name}, {sign_in.role.label}")
            winnie = text_sign_in_world
            self.stdout.write(
                f"  {winnie.MOBILE_AS_TYPED}  {winnie.FULL_NAME}, Participant: no e-mail; signs in with a code by "
                "text message at /accounts/login/text/ (the text is written to the console)"
            )
        else:
            self.stdout.write("No sign-ins were created: set WITHUS_DEMO=1 to create the demo sign-ins.")
