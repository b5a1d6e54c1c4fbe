"""Stable, semantic public addresses.

``/<council>/<committee>/<yyyy-mm-dd>/`` names a meeting (with ``-2`` when a committee
meets twice on one day); agenda items hang off it by their printed number. The fixed
``committees`` and ``documents`` segments are matched before committee slugs, so no
committee may use them.
"""

from django.urls import include, path, register_converter

from minutebook.alerts import views as alert_views
from minutebook.meetings.item_links import ITEM_NUMBER
from minutebook.packs import views as pack_views
from minutebook.publishing import forward_plan_entries, registers, views


class MeetingSlugConverter:
    """A meeting's date, optionally with a same-day suffix: 2025-01-14, 2025-01-14-2."""

    regex = r"\d{4}-\d{2}-\d{2}(?:-\d+)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ItemNumberConverter:
    """A printed agenda number: 4, 4a, 12.1."""

    regex = ITEM_NUMBER.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MeetingSlugConverter, "meeting")
register_converter(ItemNumberConverter, "itemnumber")

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", registers.search_page, name="search_all"),
    path("alerts/", include("minutebook.alerts.urls")),
    path("<slug:council>/", views.council_home, name="council"),
    path("<slug:council>/committees/", views.committees, name="committees"),
    path("<slug:council>/search/", registers.search_page, name="search"),
    path("<slug:council>/decisions/", registers.decisions, name="decisions"),
    path("<slug:council>/decisions/<int:pk>/", registers.decision_detail, name="decision"),
    path("<slug:council>/forward-plan/", registers.forward_plan, name="forward_plan"),
    path(
        "<slug:council>/forward-plan/versions/<int:number>/",
        registers.forward_plan_version,
        name="forward_plan_version",
    ),
    path(
        "<slug:council>/forward-plan/entries/<int:pk>/",
        forward_plan_entries.entry_detail,
        name="forward_plan_entry",
    ),
    path("", include("minutebook.publishing.people_urls")),
    path("<slug:council>/alerts/", alert_views.subscribe, name="alerts_subscribe"),
    path("<slug:council>/documents/<int:pk>/", views.document_file, name="document"),
    path("", include("minutebook.participation.public_urls")),
    path("", include("minutebook.minutes.public_urls")),
    path("", include("minutebook.scrutiny.public_urls")),
    path("", include("minutebook.plans.public_urls")),
    path("", include("minutebook.meetings.public_urls")),
    path("<slug:council>/<slug:committee>/", views.committee_detail, name="committee"),
    path(
        "<slug:council>/<slug:committee>/<meeting:meeting>/",
        views.meeting_detail,
        name="meeting",
    ),
    path(
        "<slug:council>/<slug:committee>/<meeting:meeting>/agenda-pack.<str:fmt>",
        pack_views.public_pack,
        name="pack",
    ),
    path(
        "<slug:council>/<slug:committee>/<meeting:meeting>/items/<itemnumber:number>/",
        views.agenda_item_detail,
        name="item",
    ),
]
