"""Officer URLs for participation and interests (names in the ``backoffice`` namespace).

Included once from ``backoffice.urls`` with an empty prefix: participation pages live
under /officer/participation/, interests under /officer/interests/. A route naming a
meeting keeps the ``meetings/<pk>`` shape, so the access check finds its council.
"""

from django.urls import include, path, register_converter

from minutebook.participation import officer_views as views


class SubmissionKindConverter:
    """Which kind of submission a route is for: the public's, a councillor's question, a motion."""

    regex = "public|councillor|motion"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SubmissionKindConverter, "submissionkind")

_KIND = "<submissionkind:kind>"

participation = [
    path("", views.index, name="participation"),
    path("meetings/<int:pk>/", views.meeting_detail, name="participation_meeting"),
    path("meetings/<int:pk>/publish/", views.meeting_publish, name="participation_publish"),
    path(
        "meetings/<int:pk>/councillor-question/",
        views.councillor_question_new,
        name="participation_councillor_new",
    ),
    path(
        "meetings/<int:pk>/public-submission/",
        views.public_submission_new,
        name="participation_public_new",
    ),
    path(f"{_KIND}/<int:pk>/", views.submission_detail, name="participation_submission"),
    path(f"{_KIND}/<int:pk>/accept/", views.submission_accept, name="participation_accept"),
    path(f"{_KIND}/<int:pk>/reject/", views.submission_reject, name="participation_reject"),
    path(f"{_KIND}/<int:pk>/answer/", views.submission_answer, name="participation_answer"),
]

urlpatterns = [
    path("participation/", include(participation)),
    path("interests/", include("minutebook.interests.officer_urls")),
]
