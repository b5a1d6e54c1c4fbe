"""The page survey's rules: which unreached routes are rightly not pages, and that any
other unreached route is named (so a page added without its records fails the tests)."""

from __future__ import annotations

from minutebook.backoffice.tests.pages import Answer, Page, Survey, not_a_page

DENIED = Answer(403, "text/html", "")
MISSING = Answer(404, "text/html", "")


def test_a_post_only_action_a_file_and_a_get_that_goes_back_up_are_not_pages() -> None:
    url = "/officer/reports/3/submit/"
    assert "POST" in (not_a_page([(url, DENIED), (url, Answer(405, "text/html", ""))]) or "")
    assert "file" in (not_a_page([(url, Answer(200, "text/plain", ""))]) or "")
    place = "/officer/plans/alpha/1/progress-report/"
    assert "page above" in (
        not_a_page([(place, DENIED), (place, Answer(302, "", "/officer/plans/alpha/1/"))]) or ""
    )


def test_a_missing_record_or_a_redirect_elsewhere_is_no_excuse() -> None:
    url = "/officer/minutes/meetings/1/times/"
    assert not_a_page([(url, MISSING), (url, DENIED)]) is None
    # Sent on to another page (not the one above it): a record in the wrong state.
    assert not_a_page([(url, Answer(302, "", "/officer/reports/1/edit/"))]) is None
    assert not_a_page([(url, Answer(302, "", "/officer/"))]) is None
    # Sent to the page above by one role, answered in full by none: still a server error.
    assert (
        not_a_page(
            [(url, Answer(302, "", "/officer/minutes/meetings/1/")), (url, Answer(500, "", ""))]
        )
        is None
    )


def test_an_unreached_route_and_a_server_error_are_named() -> None:
    reached, missing = Page("a:list", "/officer/a/"), Page("a:detail", "/officer/a/1/")
    excused = Page("a:delete", "/officer/a/1/delete/")
    found = Survey(
        opened={"dso": [(reached, "<html></html>")]},
        answers={
            reached: {"dso": Answer(200, "text/html", "")},
            missing: {"dso": MISSING, "author": DENIED},
            excused: {"dso": Answer(405, "text/html", "")},
        },
        excused={"a:delete": "takes only POST"},
    )
    assert found.unreached() == [
        "a:detail reached by no role (/officer/a/1/ dso: 404, author: 403)"
    ]
    assert found.server_errors() == []
    found.answers[reached]["author"] = Answer(500, "text/html", "")
    assert found.server_errors() == ["/officer/a/ (a:list) as author: server error 500"]
