"""Public register of interests: one page per councillor (Localism Act 2011 s29(5)).

Sensitive interests (s32) appear only as "Sensitive interest withheld".
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.councils.models import Council
from minutebook.interests import services
from minutebook.people.models import Person, PersonKind

MEMBER_KINDS = (PersonKind.COUNCILLOR, PersonKind.CO_OPTED)


def register_url(person: Person) -> str:
    return reverse(
        "publishing:participation:interests_register",
        kwargs={
            "council": person.council.slug,
            "pk": person.pk,
            "name": services.person_slug(person),
        },
    )


@require_safe
def councillors(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    people = (
        Person.objects.filter(council=obj, kind__in=MEMBER_KINDS, is_active=True)
        .order_by("last_name", "first_name")
        .select_related("ward", "political_group", "council")
    )
    return render(
        request,
        "interests/councillors.html",
        {
            "council": obj,
            "rows": [(p, register_url(p)) for p in people],
            "breadcrumbs": [(obj.short_name or obj.name, obj.get_absolute_url())],
        },
    )


@require_safe
def register(request: HttpRequest, council: str, pk: int, name: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    person = get_object_or_404(
        Person.objects.select_related("council", "ward", "political_group"),
        council=obj,
        pk=pk,
        kind__in=MEMBER_KINDS,
    )
    canonical = register_url(person)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    return render(
        request,
        "interests/register.html",
        {
            "council": obj,
            "person": person,
            "register": services.public_register(person),
            "declarations": services.public_declarations(person),
            "breadcrumbs": [
                (obj.short_name or obj.name, obj.get_absolute_url()),
                (
                    "Councillors",
                    reverse("publishing:participation:interests_councillors", args=[obj.slug]),
                ),
            ],
        },
    )
