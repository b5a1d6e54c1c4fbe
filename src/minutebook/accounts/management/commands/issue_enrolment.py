"""Issue a second-factor enrolment code from the command line.

For the first superuser of a new installation, who has nobody to issue them one (and
for a superuser who lost their phone): whoever runs commands on the server is trusted
with more than this already. Everyone else gets theirs from an administrator at
/officer/users/.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutebook.accounts import otp


class Command(BaseCommand):
    help = "Issue a one-time code with which a user sets up an authenticator app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--remove-devices",
            action="store_true",
            help="Also remove the authenticators the user has now (a lost phone).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {options['username']!r}.")
        councils = sorted(otp.councils_of(user))
        issued = otp.issue(
            user,
            None,
            council_id=councils[0] if councils else None,
            remove_devices=options["remove_devices"],
        )
        self.stdout.write(
            f"Enrolment code for {user.get_username()}: {issued.code}\n"
            f"It works once, until {issued.enrolment.expires:%Y-%m-%d %H:%M %Z}. After "
            "signing in with their password they enter it at /accounts/two-factor/enrol/."
        )
        if issued.removed_devices:
            self.stdout.write(f"{issued.removed_devices} authenticator(s) removed.")
