"""The public meetings calendar, included from ``publishing.urls`` before committee slugs."""

from django.urls import path, register_converter

from minutebook.meetings import public_views


class _Digits:
    """A fixed number of digits, written back zero-padded: 2025, 03."""

    regex = ""
    width = 0

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return f"{int(value):0{self.width}d}"


class CalendarYear(_Digits):
    regex = r"\d{4}"
    width = 4


class CalendarMonth(_Digits):
    regex = r"\d{2}"
    width = 2


register_converter(CalendarYear, "calendar_year")
register_converter(CalendarMonth, "calendar_month")

urlpatterns = [
    path("<slug:council>/meetings/", public_views.meetings_list, name="meetings_list"),
    path(
        "<slug:council>/meetings/<calendar_year:year>/<calendar_month:month>/",
        public_views.meetings_month,
        name="meetings_month",
    ),
]
