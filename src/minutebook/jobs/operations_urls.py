"""/operations/: the deployment's background work, for superusers (see jobs.views)."""

from django.urls import path

from minutebook.jobs import views

app_name = "operations"
urlpatterns = [
    path("tasks/", views.tasks_page, name="tasks"),
    path("tasks/<uuid:task_id>/retry/", views.retry_task, name="task_retry"),
]
