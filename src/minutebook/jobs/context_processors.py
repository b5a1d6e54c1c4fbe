"""``background``: the queue's state for officer pages, computed only if a page shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def background(request: HttpRequest) -> dict[str, object]:
    from minutebook.jobs.status import summary

    return {"background": SimpleLazyObject(summary)}
