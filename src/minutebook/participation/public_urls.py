"""Public addresses for participation and the register of interests.

Included once from ``publishing.urls`` before the committee routes, so the fixed
``councillors`` segment is matched before committee slugs (as ``committees`` is).
"""

from django.urls import include, path, register_converter

from minutebook.participation import views


class MeetingSlug:
    """A meeting's date, optionally with a same-day suffix: 2025-01-14, 2025-01-14-2."""

    regex = r"\d{4}-\d{2}-\d{2}(?:-\d+)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MeetingSlug, "participation_meeting")

app_name = "participation"

_MEETING = "<slug:council>/<slug:committee>/<participation_meeting:meeting>"

urlpatterns = [
    path("", include("minutebook.interests.public_urls")),
    path(f"{_MEETING}/questions/", views.submit, name="submit"),
    path(f"{_MEETING}/questions/received/", views.received, name="received"),
    path(f"{_MEETING}/questions/published/", views.published, name="published"),
]
