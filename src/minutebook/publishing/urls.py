from django.urls import path

from minutebook.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.home, name="home"),
]
