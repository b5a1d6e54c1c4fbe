"""The API's routes, under the ``oparl`` namespace ninja reverses its own views in."""

from minutebook.api.views import api

app_name = "oparl"
urlpatterns = api.urls[0]
