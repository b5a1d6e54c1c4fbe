"""Public addresses for plans; included once from ``publishing.urls``."""

from django.urls import path

from minutebook.plans import views

app_name = "plans"

urlpatterns = [
    path("<slug:council>/plans/", views.plan_list, name="list"),
    path("<slug:council>/plans/<slug:plan>/", views.plan_detail, name="plan"),
]
