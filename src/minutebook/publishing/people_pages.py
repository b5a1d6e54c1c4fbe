"""Public pages about people: the councillors, each councillor, wards, and "find your
councillor" by postcode.

Why here and not in ``people``: a councillor's page gathers committees, attendance,
declarations and questions, apps that depend on ``people``; the public site sits above
them all. Contact details appear only where the councillor agreed (``publish_*``);
questions only once published in a supplement (as ``participation`` shows them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutebook.attendance.models import Attendance, AttendanceStatus
from minutebook.committees.models import Membership, PortfolioHolder
from minutebook.councils.models import Council
from minutebook.interests.services import person_slug, public_declarations
from minutebook.participation.models import CouncillorQuestion
from minutebook.people.models import Person, PersonKind, PoliticalGroup, Ward
from minutebook.people.postcodes import normalise_postcode, ward_for
from minutebook.publishing.registers import (
    MEMBER_KINDS,
    _council,
    _crumbs,
    _optional_url,
    councillor_url,
)
from minutebook.publishing.templatetags.public_charts import held as held_attendance

SORTS = {
    "name": ("last_name", "first_name"),
    "ward": ("ward__name", "last_name", "first_name"),
    "group": ("political_group__name", "last_name", "first_name"),
}


def _sitting(council: Council) -> QuerySet[Person]:
    """The council's current councillors."""
    return Person.objects.filter(
        council=council, kind=PersonKind.COUNCILLOR, is_active=True
    ).select_related("council", "ward", "political_group")


def _councillors_crumbs(council: Council) -> list[tuple[str, str]]:
    return [
        *_crumbs(council),
        ("Councillors", reverse("publishing:councillors", kwargs={"council": council.slug})),
    ]


@require_safe
def councillors(request: HttpRequest, council: str) -> HttpResponse:
    """Every sitting councillor, by name, ward or group; filters are plain GET fields."""
    obj = _council(council)
    wards = list(Ward.objects.filter(council=obj).order_by("name"))
    groups = list(PoliticalGroup.objects.filter(council=obj).order_by("name"))
    rows = _sitting(obj)
    ward = next((w for w in wards if w.slug == request.GET.get("ward")), None)
    if ward is not None:
        rows = rows.filter(ward=ward)
    group = next((g for g in groups if str(g.pk) == request.GET.get("group")), None)
    if group is not None:
        rows = rows.filter(political_group=group)
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    co_opted = Person.objects.filter(
        council=obj, kind=PersonKind.CO_OPTED, is_active=True
    ).select_related("council")
    return render(
        request,
        "publishing/councillors.html",
        {
            "council": obj,
            "rows": list(rows.order_by(*SORTS[sort])),
            "total": _sitting(obj).count(),
            "wards": wards,
            "groups": groups,
            "ward": ward,
            "group": group,
            "sort": sort,
            "sorts": [("name", "Name"), ("ward", "Ward"), ("group", "Political group")],
            "co_opted": list(co_opted.order_by("last_name", "first_name")),
            "registers_url": _optional_url(
                "publishing:participation:interests_councillors", council=obj.slug
            ),
            "breadcrumbs": _crumbs(obj),
        },
    )


@require_safe
def wards(request: HttpRequest, council: str) -> HttpResponse:
    obj = _council(council)
    rows = (
        Ward.objects.filter(council=obj)
        .annotate(sitting=Count("councillors", filter=_sitting_q()))
        .order_by("name")
    )
    return render(
        request,
        "publishing/wards.html",
        {
            "council": obj,
            "rows": rows,
            "has_postcodes": obj.postcodes.exists(),
            "breadcrumbs": _councillors_crumbs(obj),
        },
    )


def _sitting_q() -> Q:
    return Q(councillors__kind=PersonKind.COUNCILLOR, councillors__is_active=True)


@require_safe
def ward(request: HttpRequest, council: str, ward: str) -> HttpResponse:
    obj = _council(council)
    place = get_object_or_404(Ward, council=obj, slug=ward)
    return render(
        request,
        "publishing/ward.html",
        {
            "council": obj,
            "ward": place,
            "people": list(_sitting(obj).filter(ward=place).order_by("last_name", "first_name")),
            "breadcrumbs": [
                *_councillors_crumbs(obj),
                ("Wards", reverse("publishing:wards", kwargs={"council": obj.slug})),
            ],
        },
    )


@require_safe
def find_councillor(request: HttpRequest, council: str) -> HttpResponse:
    """A postcode's ward and its councillors, from the table the council loaded."""
    obj = _council(council)
    typed = request.GET.get("postcode", "").strip()[:20]
    error = ""
    found: Ward | None = None
    postcode = None
    if "postcode" in request.GET:
        postcode = normalise_postcode(typed)
        if not typed:
            error = "Enter a postcode"
        elif postcode is None:
            error = "Enter a full UK postcode, like SW1A 1AA"
        else:
            found = ward_for(obj, postcode)
            if found is None:
                error = (
                    f"We could not find {postcode} in {obj.name}'s postcodes. It may be "
                    "outside the council's area, or too new to be listed. Check it, or choose "
                    "your ward from the list of wards."
                )
    return render(
        request,
        "publishing/find_councillor.html",
        {
            "council": obj,
            "typed": typed,
            "postcode": postcode,
            "error": error,
            "ward": found,
            "people": list(_sitting(obj).filter(ward=found).order_by("last_name", "first_name"))
            if found
            else [],
            "has_postcodes": obj.postcodes.exists(),
            "breadcrumbs": _councillors_crumbs(obj),
        },
    )


def _member(council: Council, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("council", "ward", "political_group"),
        council=council,
        pk=pk,
        kind__in=MEMBER_KINDS,
    )


def photo_url(person: Person) -> str:
    """The photo's address, changing when the photo does (so browsers may keep it)."""
    url = reverse(
        "publishing:councillor_photo",
        kwargs={"council": person.council.slug, "pk": person.pk, "name": person_slug(person)},
    )
    return f"{url}?v={int(person.modified.timestamp())}"


@require_safe
def councillor_photo(request: HttpRequest, council: str, pk: int, name: str) -> FileResponse:
    """The photo, always a JPEG minutebook drew itself (``people.photos``)."""
    person = _member(_council(council), pk)
    if not person.photo:
        raise Http404("No photo.")
    try:
        handle = person.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The photo is missing.") from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _attendance(person: Person) -> dict[str, Any]:
    held = held_attendance(Attendance.objects.filter(person=person))
    counts = dict(held.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    expected = sum(counts.values())
    present = counts.get(AttendanceStatus.PRESENT, 0)
    return {
        "present": present,
        "apologies": counts.get(AttendanceStatus.APOLOGIES, 0),
        "absent": counts.get(AttendanceStatus.ABSENT, 0),
        "expected": expected,
        "percent": round(100 * present / expected) if expected else None,
        "meetings": list(
            held.select_related("meeting__committee__council").order_by("-meeting__start")[:100]
        ),
    }


def _questions(person: Person) -> list[CouncillorQuestion]:
    """Questions asked, once published in a supplement (never rejected or withdrawn)."""
    return list(
        CouncillorQuestion.objects.published()
        .filter(councillor=person)
        .select_related("meeting__committee__council")
        .order_by("-meeting__start", "order", "received_at")[:50]
    )


@require_safe
def councillor(request: HttpRequest, council: str, pk: int, name: str) -> HttpResponse:
    obj = _council(council)
    person = _member(obj, pk)
    canonical = councillor_url(person)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("committee")
        .order_by("committee__name", "-start_date")
    )
    current = [m for m in memberships if m.end_date is None or m.end_date >= today]
    past = [m for m in memberships if m.end_date is not None and m.end_date < today]
    portfolios = list(
        PortfolioHolder.objects.filter(person=person, portfolio__is_active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .select_related("portfolio")
        .order_by("portfolio__title")
    )
    contact = [
        (label, value, href)
        for label, value, href, agreed in (
            ("Email", person.email, f"mailto:{person.email}", person.publish_email),
            ("Phone", person.phone, "", person.publish_phone),
            ("Address", person.address, "", person.publish_address),
        )
        if agreed and value.strip()
    ]
    return render(
        request,
        "publishing/councillor.html",
        {
            "council": obj,
            "person": person,
            "photo_url": photo_url(person) if person.photo else "",
            "contact": contact,
            "current": current,
            "past": past,
            "portfolios": portfolios,
            "surgeries": list(person.surgeries.order_by("pk")),
            "attendance": _attendance(person),
            "declarations": public_declarations(person),
            "questions": _questions(person),
            "register_url": _optional_url(
                "publishing:participation:interests_register",
                council=obj.slug,
                pk=person.pk,
                name=person_slug(person),
            ),
            "breadcrumbs": _councillors_crumbs(obj),
        },
    )
