"""Officer pages for interests: declarations per meeting, dispensations, the register's records.

Each view checks the officer's role at the council the record belongs to, for the
route's action (``accounts.permissions.ROUTE_ACTIONS``): democratic services and the
monitoring officer (who agrees sensitivity, Localism Act 2011 s32); declarations need
``declaration.change``. A page showing a sensitive interest's withheld details or the
reasons for withholding it is recorded in the audit trail (``audit.reads``).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.permissions import ACTION_ROLES, councils_where, require
from minutebook.audit.reads import record_personal_read
from minutebook.backoffice.access import action_for, officer_required
from minutebook.core.http import form_data
from minutebook.interests import services
from minutebook.interests.forms import (
    DeclarationForm,
    DispensationForm,
    EntryRecordForm,
    OnBehalfEntryForm,
    TenureForm,
)
from minutebook.interests.models import Declaration, Dispensation, Tenure
from minutebook.interests.views import MEMBER_KINDS, register_url
from minutebook.meetings.models import Meeting
from minutebook.members.models import RegisterEntry
from minutebook.people.models import Person

#: What a page shows of a sensitive interest (audited as a read of personal data).
SENSITIVE = "a sensitive interest withheld from the public register"
SENSITIVE_REASONS = "a sensitive interest and the monitoring officer's reasons"


def _crumbs(person: Person | None = None) -> list[tuple[str, str]]:
    crumbs = [
        ("Officer dashboard", reverse("backoffice:dashboard")),
        ("Interests", reverse("backoffice:interests")),
    ]
    if person is not None:
        crumbs.append(
            (person.display_name, reverse("backoffice:interests_person", args=[person.pk]))
        )
    return crumbs


def _person(request: HttpRequest, pk: int) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("council"), pk=pk, kind__in=MEMBER_KINDS
    )
    require(request.user, action_for(request), person)
    return person


@officer_required
def index(request: HttpRequest) -> HttpResponse:
    people = Person.objects.filter(kind__in=MEMBER_KINDS, is_active=True)
    allowed = councils_where(request.user, ACTION_ROLES["interests.view"])
    if allowed is not None:
        people = people.filter(council_id__in=allowed)
    rows = []
    for person in people.select_related("council").order_by("council__name", "last_name"):
        entries = services.officer_rows(person)
        tenure = services.current_tenure(person)
        rows.append(
            {
                "person": person,
                "tenure": tenure,
                "entries": len(entries),
                "late": sum(1 for r in entries if r["late"]),
                "registration": services.registration(person, tenure),
            }
        )
    return render(
        request, "backoffice/interests/index.html", {"rows": rows, "breadcrumbs": _crumbs()[:1]}
    )


@officer_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    tenure = services.current_tenure(person)
    rows = services.officer_rows(person)
    form = TenureForm(
        form_data(request), initial={"took_office": tenure.took_office if tenure else None}
    )
    if request.method == "POST" and form.is_valid():
        took = form.cleaned_data["took_office"]
        Tenure.objects.update_or_create(
            person=person, took_office=took, defaults={"left_office": None}
        )
        messages.success(request, "Date of taking office recorded.")
        return redirect("backoffice:interests_person", pk=person.pk)
    response = render(
        request,
        "backoffice/interests/person.html",
        {
            "person": person,
            "council": person.council,
            "tenure": tenure,
            "deadline": tenure.registration_deadline if tenure else None,
            "registration": services.registration(person, tenure),
            "rows": rows,
            "dispensations": Dispensation.objects.filter(person=person).select_related("committee"),
            "form": form,
            "public_url": register_url(person),
            "breadcrumbs": _crumbs(),
        },
    )
    for row in rows:
        if row["sensitive"]:
            record_personal_read(request, row["entry"], route="officer", what=SENSITIVE)
    return response


@officer_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a register entry for a member (from their paper form or letter).

    The entry is the member's, recorded as entered by the officer, with the day the
    monitoring officer was notified (the record s30(1)'s 28 days are measured against).
    """
    person = _person(request, pk)
    form = OnBehalfEntryForm(
        request.POST if request.method == "POST" else None,
        initial={"notified_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = form.save(commit=False)
            entry.person = person
            entry.entered_by = request.user
            entry.save()
            services.record_entry(
                entry, notified_on=form.cleaned_data["notified_on"], by=request.user
            )
        messages.success(request, "Register entry recorded for the member.")
        return redirect("backoffice:interests_person", pk=person.pk)
    return render(
        request,
        "backoffice/interests/entry_new.html",
        {
            "person": person,
            "council": person.council,
            "form": form,
            "breadcrumbs": _crumbs(person),
        },
    )


@officer_required
def entry_record(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry.objects.select_related("person__council"), pk=pk)
    require(request.user, action_for(request), entry.person)
    record = getattr(entry, "record", None)
    initial = {"notified_on": entry.created.date()}
    if record is not None:
        initial = {
            "notified_on": record.notified_on,
            "arose_on": record.arose_on,
            "is_sensitive": record.is_sensitive,
            "sensitivity_agreed_by": record.sensitivity_agreed_by,
            "sensitivity_reason": record.sensitivity_reason,
        }
    form = EntryRecordForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_entry(entry, by=request.user, **form.cleaned_data)
        messages.success(request, "Register entry record saved.")
        return redirect("backoffice:interests_person", pk=entry.person_id)
    response = render(
        request,
        "backoffice/interests/entry_form.html",
        {
            "entry": entry,
            "person": entry.person,
            "council": entry.person.council,
            "form": form,
            "breadcrumbs": _crumbs(entry.person),
        },
    )
    if record is not None and record.is_sensitive:
        record_personal_read(request, entry, route="officer", what=SENSITIVE_REASONS)
    return response


@officer_required
def dispensation_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = DispensationForm(form_data(request), person=person)
    if request.method == "POST" and form.is_valid():
        dispensation = Dispensation(person=person, recorded_by=request.user, **form.cleaned_data)
        dispensation.full_clean()
        dispensation.save()
        messages.success(request, f"Dispensation {dispensation.reference} recorded.")
        return redirect("backoffice:interests_person", pk=person.pk)
    return render(
        request,
        "backoffice/interests/dispensation_form.html",
        {"person": person, "council": person.council, "form": form, "breadcrumbs": _crumbs(person)},
    )


@officer_required
def meeting_declarations(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee__council"), pk=pk)
    require(request.user, action_for(request), meeting)
    form = DeclarationForm(form_data(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        declaration: Declaration = form.cleaned_data["declaration"]
        declaration.save()
        messages.success(request, f"Declaration by {declaration.person} recorded.")
        return redirect("backoffice:interests_meeting", pk=meeting.pk)
    declarations = (
        Declaration.objects.filter(meeting=meeting)
        .select_related("person", "agenda_item", "dispensation")
        .order_by("agenda_item__order", "person__last_name")
    )
    return render(
        request,
        "backoffice/interests/meeting.html",
        {
            "meeting": meeting,
            "council": meeting.committee.council,
            "declarations": declarations,
            "form": form,
            "breadcrumbs": _crumbs(),
        },
    )
