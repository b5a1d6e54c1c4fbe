"""Bad input on the public forms, checked as the officer forms are (``test_bad_input``).

The forms anyone may post: a question, deputation or petition for a meeting, email
alerts, signing in and the second factor. Each POST form on those pages is read and sent empty, with
10,000 characters in each text field and with letters in each number and date field.
Each refusal must come back as the form with an error summary whose links lead to the
fields, each error message named by its field's ``aria-describedby``, and what was typed
still in the fields.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutebook.accounts.testing import make_user
from minutebook.backoffice.tests import forms as f
from minutebook.backoffice.tests.test_bad_input import LONG, Poster
from minutebook.meetings.models import Meeting
from minutebook.participation.tests.test_views import _fresh, form_url, meeting

__all__ = ["_fresh", "meeting"]  # fixtures


def _check(client: Client, url: str) -> list[str]:
    page = client.get(url)
    assert page.status_code == 200, url
    forms = f.post_forms(page.content.decode(), url)
    assert forms, f"no form on {url}"
    failures: list[str] = []
    for form in forms:
        if not form.editable:
            continue  # a button (signing out): nothing to type
        poster = Poster(client, "a visitor", url, form)
        poster.post("every field empty", f.emptied(form), expect_error=True, kept={})
        texts = f.text_fields(form)
        if texts:
            data = f.baseline(form)
            typed = {}
            for i, field in enumerate(texts):
                typed[field.name] = data[field.name][0] = f"long{i}".ljust(LONG, "x")
            # Only free text (textareas) may rightly take 10,000 characters.
            bounded = any(field.kind != "textarea" for field in texts)
            poster.post(
                "10,000 characters in each text field", data, expect_error=bounded, kept=typed
            )
        numbers = f.typed_fields(form)
        if numbers:
            data = f.baseline(form)
            typed = {}
            for i, field in enumerate(numbers):
                typed[field.name] = data[field.name][0] = f"wrong{i}"
            poster.post("letters in number and date fields", data, expect_error=True, kept=typed)
        failures += poster.failures
    return failures


def test_every_public_form_shows_its_errors_accessibly(client: Client, meeting: Meeting) -> None:
    council = meeting.committee.council
    urls = [
        form_url(meeting),
        reverse("publishing:alerts_subscribe", kwargs={"council": council.slug}),
        reverse("accounts:login"),
    ]
    failures = [fault for url in urls for fault in _check(client, url)]
    assert not failures, f"{len(failures)} faults:\n" + "\n".join(failures)


def test_the_second_factor_forms_show_their_errors_accessibly(db: None) -> None:
    """Signed in with a password, not yet with a code: the enrolment code and the code
    from the authenticator app."""
    user = make_user("pat")
    client = Client()
    client.force_login(user)
    failures = _check(client, "/accounts/two-factor/enrol/")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    failures += _check(client, "/accounts/two-factor/verify/")
    assert not failures, f"{len(failures)} faults:\n" + "\n".join(failures)
