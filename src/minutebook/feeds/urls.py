"""Calendar and feed addresses, matched before the public site's committee slugs."""

from django.urls import path

from minutebook.feeds import open_data, views

app_name = "feeds"

urlpatterns = [
    path("<slug:council>/calendar.ics", views.council_calendar, name="council_calendar"),
    path("<slug:council>/open-data/", open_data.open_data, name="open_data"),
    path("<slug:council>/feeds/documents.rss", views.DocumentsFeed(), name="documents_rss"),
    path("<slug:council>/feeds/documents.atom", views.DocumentsAtom(), name="documents_atom"),
    path("<slug:council>/feeds/decisions.rss", views.DecisionsFeed(), name="decisions_rss"),
    path("<slug:council>/feeds/decisions.atom", views.DecisionsAtom(), name="decisions_atom"),
    path("<slug:council>/feeds/forward-plan.rss", views.ForwardPlanFeed(), name="forward_plan_rss"),
    path(
        "<slug:council>/feeds/forward-plan.atom",
        views.ForwardPlanAtom(),
        name="forward_plan_atom",
    ),
    path(
        "<slug:council>/<slug:committee>/calendar.ics",
        views.committee_calendar,
        name="committee_calendar",
    ),
    path(
        "<slug:council>/<slug:committee>/<str:meeting>/calendar.ics",
        views.meeting_calendar,
        name="meeting_calendar",
    ),
]
