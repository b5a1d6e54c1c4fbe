"""Officer set-up URLs for wards, groups and people, under /officer/setup/."""

from django.urls import path

from minutebook.people import officer_views as views

urlpatterns = [
    path("<slug:council>/wards/", views.wards, name="setup_wards"),
    path("<slug:council>/wards/new/", views.ward_new, name="setup_ward_new"),
    path("wards/<int:pk>/", views.ward, name="setup_ward"),
    path("wards/<int:pk>/delete/", views.ward_delete, name="setup_ward_delete"),
    path("<slug:council>/groups/", views.groups, name="setup_groups"),
    path("<slug:council>/groups/new/", views.group_new, name="setup_group_new"),
    path("groups/<int:pk>/", views.group, name="setup_group"),
    path("groups/<int:pk>/delete/", views.group_delete, name="setup_group_delete"),
    path("<slug:council>/people/", views.people, name="setup_people"),
    path("<slug:council>/people/new/", views.person_new, name="setup_person_new"),
    path("people/<int:pk>/", views.person, name="setup_person"),
    path("people/<int:pk>/delete/", views.person_delete, name="setup_person_delete"),
    path("<slug:council>/terms/", views.terms, name="setup_terms"),
    path("<slug:council>/terms/new/", views.term_new, name="setup_term_new"),
    path("terms/<int:pk>/", views.term, name="setup_term"),
    path("<slug:council>/surgeries/", views.surgeries, name="setup_surgeries"),
    path("<slug:council>/surgeries/new/", views.surgery_new, name="setup_surgery_new"),
    path("surgeries/<int:pk>/", views.surgery, name="setup_surgery"),
]
