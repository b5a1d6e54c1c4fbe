"""The "Open data" page: every feed, calendar, export and API entry point of a council.

Feeds and calendars are also linked from the pages they belong to
(``feeds.templatetags.feed_links``); this page is where someone looking for the data
as a whole finds all of it, and the crawl test checks that each is linked.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minutebook.committees.models import Committee
from minutebook.councils.models import Council


@require_safe
def open_data(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    slug = {"council": obj.slug}
    feeds = [
        (
            what,
            reverse(f"feeds:{name}_atom", kwargs=slug),
            reverse(f"feeds:{name}_rss", kwargs=slug),
        )
        for what, name in (
            ("Decisions", "decisions"),
            ("New documents", "documents"),
            ("Forward plan changes", "forward_plan"),
        )
    ]
    committees = [
        (body, reverse("feeds:committee_calendar", kwargs={**slug, "committee": body.slug}))
        for body in Committee.objects.filter(council=obj, is_active=True).order_by("name")
    ]
    body = {"slug": obj.slug}
    return render(
        request,
        "feeds/open_data.html",
        {
            "council": obj,
            "feeds": feeds,
            "council_calendar": reverse("feeds:council_calendar", kwargs=slug),
            "committees": committees,
            "export_url": reverse("oparl:export_zip", kwargs=body),
            "api_root": reverse("oparl:api-root"),
            "api_body": reverse("oparl:body", kwargs=body),
            "api_docs": reverse("oparl:openapi-view"),
            "api_guide": reverse("oparl:guide"),
            "api_schema": reverse("oparl:openapi-json"),
            "breadcrumbs": [(obj.short_name or obj.name, obj.get_absolute_url())],
        },
    )
