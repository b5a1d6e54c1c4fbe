"""/officer/search/: the back-office search (``backoffice.search`` says what it finds)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minutebook.backoffice.access import officer_required
from minutebook.backoffice.search import KINDS, kinds_for, officer_search

MAX_QUERY = 200


@require_GET
@officer_required
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kinds = {k: KINDS[k] for k in kinds_for(request.user)}
    error = ""
    if len(text) > MAX_QUERY:
        error = f"Search for {MAX_QUERY} characters or fewer."
    if kind and kind not in kinds:
        kind = ""
    found = officer_search(request.user, text, kind) if text and not error else None
    groups = [(KINDS[k], k, hits) for k, hits in found.groups.items()] if found else []
    return render(
        request,
        "backoffice/search.html",
        {"q": text, "kind": kind, "kinds": kinds, "found": found, "groups": groups, "error": error},
    )
