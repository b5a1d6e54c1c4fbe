"""Background reading of uploaded files for review: a PDF can take seconds to parse."""

from __future__ import annotations

from django_tasks import task


@task()
def read_import_review(review_id: int) -> str:
    """Parse an ``ImportReview``'s files; its status says what came of it."""
    from minutebook.importer.review import read_review

    return str(read_review(review_id).status)
