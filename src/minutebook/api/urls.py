"""The API's routes, under the ``oparl`` namespace ninja reverses its own views in.

The reference and the guide come first: ``docs`` is ours (Swagger UI from this site's
static files), not ninja's own page, which loads its script from a CDN the CSP refuses.
"""

from django.urls import path

from minutebook.api import guide
from minutebook.api.views import api

app_name = "oparl"
urlpatterns = [
    path("docs", guide.reference, name="docs"),
    path("guide", guide.guide, name="guide"),
    *api.urls[0],
]
