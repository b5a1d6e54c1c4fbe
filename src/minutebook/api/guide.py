"""The API's pages for people: the reference (Swagger UI) and the guide.

``/oparl/v1/docs`` runs Swagger UI from this site's own static files (``npm run build``
copies it from node_modules; the site's CSP allows no CDN and no inline script).
``/oparl/v1/guide`` explains the objects with a real example of each, serialised at
request time from the first council's public record exactly as the API serves it (so it
can never drift from the code), and how to keep a copy in step.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from minutebook.api import oparl
from minutebook.api.common import BODY_LISTS, Urls, oparl_type
from minutebook.api.models import OParlType
from minutebook.api.views import urls_for
from minutebook.councils.models import Council

#: Long lists in an example are cut to this many entries (the page says so).
EXAMPLE_LIST_LENGTH = 2

#: The types shown, in the order a client meets them, with what each stands for here.
EXAMPLE_TYPES: list[tuple[str, str]] = [
    (OParlType.ORGANIZATION, "A committee, or any body that meets."),
    (OParlType.POLITICAL_GROUP, "A political group (an Organization of type Fraktion)."),
    (OParlType.PERSON, "A councillor, officer or co-opted member."),
    (OParlType.MEMBERSHIP, "A seat on a committee."),
    (OParlType.MEETING, "A meeting, with its agenda items embedded."),
    (OParlType.AGENDA_ITEM, "One line of a meeting's agenda."),
    (OParlType.PAPER, "A report."),
    (OParlType.CONSULTATION, "A report on one meeting's agenda."),
    (OParlType.FILE, "A document: an appendix, an agenda pack, minutes."),
    (OParlType.LOCATION, "A venue."),
    (OParlType.LEGISLATIVE_TERM, "A council term."),
]


def _shorten(value: Any) -> Any:
    if isinstance(value, list):
        return [_shorten(v) for v in value[:EXAMPLE_LIST_LENGTH]]
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, str) and len(value) > 400:
        return value[:400] + "…"
    return value


def _pretty(obj: dict[str, Any]) -> str:
    return json.dumps(_shorten(obj), indent=2, ensure_ascii=False)


def examples(council: Council, urls: Urls) -> list[dict[str, str]]:
    """The Body and the first public object of each type, as the API serves them."""
    terms = oparl.KINDS[OParlType.LEGISLATIVE_TERM].rows(council.pk).order_by("pk")
    out = [
        {
            "type": "Body",
            "about": "The council, with the addresses of all its lists.",
            "url": urls.body(council.slug),
            "json": _pretty(oparl.body_obj(urls, council, list(terms))),
        }
    ]
    for kind, about in EXAMPLE_TYPES:
        row = oparl.KINDS[kind].rows(council.pk).order_by("pk").first()
        if row is None:
            continue
        obj = oparl.KINDS[kind].serialize(urls, [row])[0]
        out.append(
            {
                "type": oparl_type(kind).rsplit("/", 1)[-1],
                "about": about,
                "url": obj["id"],
                "json": _pretty(obj),
            }
        )
    return out


def guide(request: HttpRequest) -> HttpResponse:
    urls = urls_for(request)
    council = Council.objects.order_by("pk").first()
    context = {
        "api_root": urls.api + "/",
        "example_council": council,
        "examples": examples(council, urls) if council is not None else [],
        "list_length": EXAMPLE_LIST_LENGTH,
        "body_lists": list(BODY_LISTS),
        "reference_url": reverse("oparl:docs"),
        "openapi_url": reverse("oparl:openapi-json"),
    }
    return render(request, "api/guide.html", context)


def reference(request: HttpRequest) -> HttpResponse:
    context = {
        "api_root": urls_for(request).api + "/",
        "openapi_url": reverse("oparl:openapi-json"),
        "guide_url": reverse("oparl:guide"),
    }
    return render(request, "api/reference.html", context)
