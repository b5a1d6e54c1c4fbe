"""The members' area under /members/."""

from django.urls import path

from minutebook.members import business, signing, views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<int:pk>/", views.meeting_pack, name="meeting"),
    path(
        "meetings/<int:pk>/members-pack.pdf",
        views.meeting_members_pack,
        {"fmt": "pdf"},
        name="meeting-pack-pdf",
    ),
    path(
        "meetings/<int:pk>/members-pack.html",
        views.meeting_members_pack,
        {"fmt": "html"},
        name="meeting-pack-html",
    ),
    path(
        "meetings/<int:pk>/supplements/<int:number>/members-pack.pdf",
        views.supplement_members_pack,
        {"fmt": "pdf"},
        name="supplement-pack-pdf",
    ),
    path(
        "meetings/<int:pk>/supplements/<int:number>/members-pack.html",
        views.supplement_members_pack,
        {"fmt": "html"},
        name="supplement-pack-html",
    ),
    path("reports/<int:pk>/", views.report_page, name="report"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("interests/", views.interests, name="interests"),
    path("interests/<int:pk>/", views.register_entry, name="register-entry"),
    path("questions-and-motions/", business.overview, name="business"),
    path("meetings/<int:pk>/question/", business.question_new, name="question-new"),
    path("meetings/<int:pk>/motion/", business.motion_new, name="motion-new"),
    path("meetings/<int:pk>/sign-minutes/", signing.sign_minutes, name="sign-minutes"),
    path("notes/", views.notes, name="notes"),
    path("notes/export.json", views.notes_json, name="notes-json"),
    path("notes/export.csv", views.notes_csv, name="notes-csv"),
]
