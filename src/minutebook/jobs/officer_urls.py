"""The background tasks page under /officer/tasks/."""

from django.urls import path

from minutebook.jobs import views

urlpatterns = [
    path("", views.tasks_page, name="tasks"),
    path("<uuid:task_id>/retry/", views.retry_task, name="task_retry"),
]
