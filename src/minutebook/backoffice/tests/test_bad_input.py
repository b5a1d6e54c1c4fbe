"""Bad input on every officer and members' form, found by opening every page (issue 17).

Each page under /officer/ and /members/ that a role may open is fetched (``pages.survey``,
with the spare records that open every page); each
``<form method="post">`` on it that posts back into /officer/ or /members/ is read with
html.parser and sent as a browser would: once as the page stands (empty fields filled
plausibly), then five bad ways: with every field empty, with every text field 10,000
characters long, with letters in every number, date and time field, with a range's
dates out of order, and with another council's id in each field that chooses a record.

Every bad submission must come back as the form again (200 or 400; 409 when the record
is locked against change) with a GOV.UK error summary that links to the fields, each
error message named by its field's ``aria-describedby`` (``error_html``), and what was
typed still in the fields; none may be a server error. Each is posted in a savepoint
that is rolled back, so one form's success cannot change the next page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from minutebook.accounts.tests.matrix_world import Scene, build_scene
from minutebook.backoffice.tests import forms as f
from minutebook.backoffice.tests.error_html import error_page_faults
from minutebook.backoffice.tests.pages import VISITORS, Survey, enrich, survey

#: Forms whose every field may rightly be left empty: by the route they post to, or by
#: the route and the names of the fields where one page posts several forms to one route.
EMPTY_OK: dict[str, str] = {
    "backoffice:decisions:publish": "the publication time is optional: blank means now",
    "backoffice:plans:item links-decisions,links-findings,links-meetings,links-minute_items": (
        "a plan item linked to nothing: every link removed"
    ),
    "backoffice:report-authors assigned_to": "nobody assigned: the report is unassigned",
    "backoffice:report-clear": "clearing takes no input: the comment is optional and the "
    "role is the clearer's own",
    "backoffice:scrutiny:settings": "one checkbox: unticked is a choice",
    "backoffice:user-second-factor": "issuing an enrolment code takes no input: removing "
    "the user's authenticators too is an optional tick",
    "backoffice:notifications": "marking no notification read changes nothing, and says so",
    "member_notifications:list": "marking no notification read changes nothing, and says so",
    "members:report": "a councillor's private note may be cleared by saving it empty",
}

#: Forms where an id that is not on the page is ignored rather than refused, and why
#: that is safe.
OTHER_IDS_OK: dict[str, str] = {
    "backoffice:notifications": "only the user's own notifications are marked read; any "
    "other id is skipped and the count says so",
    "member_notifications:list": "only the user's own notifications are marked read; any "
    "other id is skipped and the count says so",
}


def _listed(allowlist: dict[str, str], form: f.Form) -> bool:
    route = _route(form.action)
    names = ",".join(sorted({field.name for field in form.editable}))
    return route in allowlist or f"{route} {names}" in allowlist


LONG = 10_000


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[tuple[Scene, Survey]]:
    media = tmp_path_factory.mktemp("bad-input-media")
    with (
        override_settings(MEDIA_ROOT=str(media), MINUTEBOOK_UNASSIGNED_STAFF_ROLE=""),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_scene()
        yield built, survey(built, enrich(built))
        transaction.set_rollback(True)


def _route(url: str) -> str | None:
    """The route name a form posts to, if it is an officer or members' route."""
    path = url.split("?", 1)[0]
    if not path.startswith(("/officer/", "/members/")):
        return None
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _bravo_ids(scene: Scene, field_name: str, offered: set[str]) -> str | None:
    """An id of Bravo's record of the kind the field names, or of any Bravo record, that
    the page does not offer."""
    hints = {
        "committee": ("committee",),
        "meeting": ("meeting",),
        "report": ("public_report", "exempt_report"),
        "item": ("public_item",),
        "decision": ("public_decision",),
        "person": ("councillor",),
        "councillor": ("councillor",),
        "member": ("councillor",),
        "chair": ("councillor",),
        "substitute": ("councillor",),
        "user": ("staff_user",),
        "assign": ("staff_user",),
        "author": ("staff_user",),
        "officer": ("staff_user",),
        "document": ("document", "appendix"),
        "matter": ("matter",),
        "referral": ("matter",),
        "entry": ("plan_entry",),
        "signator": ("councillor",),
        "mover": ("councillor",),
        "seconder": ("councillor",),
        "owner": ("councillor",),
        "holder": ("councillor",),
        "venue": ("venue",),
        "portfolio": ("portfolio",),
        "term": ("term",),
        "question": ("question",),
        "minute": ("public_minute",),
        "ward": ("ward",),
        "group": ("group",),
    }
    records = scene.bravo.records
    ids = {key: getattr(record, "pk", None) for key, record in records.items()}
    # Bravo's ward and political group are the councillor's, not records of their own.
    ids["ward"] = records["councillor"].ward_id
    ids["group"] = records["councillor"].political_group_id
    preferred = [r for hint, keys in hints.items() if hint in field_name for r in keys]
    for key in [*preferred, *ids]:
        pk = str(ids[key] or "")
        if pk.isdigit() and pk not in offered:
            return pk
    return None


class Poster:
    """Posts one form's submissions and notes what went wrong."""

    def __init__(self, client: Client, role: str, page: str, form: f.Form) -> None:
        self.client, self.role, self.page, self.form = client, role, page, form
        self.failures: list[str] = []

    def post(self, case: str, data: f.Data, *, expect_error: bool, kept: dict[str, str]) -> None:
        where = f"{self.form.action} (a form on {self.page}, as {self.role}), {case}"
        with transaction.atomic():
            response = self.client.post(self.form.action, data)
            transaction.set_rollback(True)
        code = response.status_code
        if code >= 500:
            self.failures.append(f"{where}: server error {code}")
            return
        if not expect_error:
            return
        body = response.content.decode("utf-8", "replace")
        # 409: the record is signed and locked against any change (minutes), said on the form.
        if code not in (200, 400, 409):
            self.failures.append(f"{where}: {code} {response.get('Location', '')}, no error")
            return
        faults = error_page_faults(body)
        if faults:
            self.failures.append(f"{where}: {code}, " + "; ".join(faults))
        lost = f.lost(body, self.form.action, kept)
        if lost:
            self.failures.append(f"{where}: typed input not kept in the form: {lost}")


def check_form(client: Client, role: str, page: str, form: f.Form, scene: Scene) -> list[str]:
    poster = Poster(client, role, page, form)
    poster.post("as the page stands", f.baseline(form), expect_error=False, kept={})
    if not form.editable:
        return poster.failures  # a button: nothing to type
    poster.post(
        "every field empty", f.emptied(form), expect_error=not _listed(EMPTY_OK, form), kept={}
    )

    texts = f.text_fields(form)
    if texts:
        data = f.baseline(form)
        typed = {}
        for i, field in enumerate(texts):
            value = f"long{i}".ljust(LONG, "x")
            data[field.name] = [value]
            typed[field.name] = value
        # Only free text (textareas) may rightly take 10,000 characters.
        bounded = any(field.kind != "textarea" for field in texts)
        poster.post("10,000 characters in each text field", data, expect_error=bounded, kept=typed)

    typed_fields = f.typed_fields(form)
    if typed_fields:
        data = f.baseline(form)
        typed = {}
        for i, field in enumerate(typed_fields):
            data[field.name] = [f"wrong{i}"]
            typed[field.name] = f"wrong{i}"
        poster.post("letters in number and date fields", data, expect_error=True, kept=typed)

    for start, end in f.start_end_pairs(form):
        data = f.baseline(form)
        f.set_date(data, form, start, f.FUTURE + dt.timedelta(days=30))
        f.set_date(data, form, end, f.FUTURE)
        poster.post(f"{start} after {end}", data, expect_error=True, kept={})

    for field in f.choice_fields(form):
        other = _bravo_ids(scene, field.name, f.ids_of(form, field.name))
        if other is None:
            continue
        data = f.baseline(form)
        data[field.name] = [other]
        poster.post(
            f"another council's id {other} in {field.name}",
            data,
            expect_error=not _listed(OTHER_IDS_OK, form),
            kept={},
        )
    return poster.failures


def test_every_form_refuses_bad_input(world: tuple[Scene, Survey], db: None) -> None:
    """Each role's pages in turn; a form is checked by the first role that reaches it (its
    view answers bad input the same whoever posts it), so the later roles add only the
    forms that they alone see (the members' area, the clearers' forms, the user accounts)."""
    scene, found = world
    seen: set[tuple[str, tuple[str, ...]]] = set()
    failures: list[str] = []
    for role, opened in found.opened.items():
        client = Client(raise_request_exception=False)
        client.force_login(scene.users[role])
        checked = 0
        for page, html in opened:
            for form in f.post_forms(html, page.url):
                if _route(form.action) is None or form.signature() in seen:
                    continue
                seen.add(form.signature())
                checked += 1
                failures += check_form(client, role, page.url, form, scene)
        if role in VISITORS:
            assert checked, f"no form found first by {role}: the page discovery is broken"
    assert not failures, f"{len(failures)} faults in {len(seen)} forms:\n" + "\n".join(failures)
