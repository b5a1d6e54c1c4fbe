"""The site's URLs plus ``/__bench__/bare/``, the bare view every page is compared with.

Used by ``bench/web.py`` in process (as ``ROOT_URLCONF``) and by the servers it starts
in ``--http`` mode (through ``bench_web_settings``).
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare/", bare_view),
    path("", include("minutebook.urls")),
]
