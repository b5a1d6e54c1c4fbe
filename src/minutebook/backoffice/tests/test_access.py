import pytest
from django.contrib.auth import get_user_model

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant
from minutebook.meetings.factories import MeetingFactory


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/officer/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_signed_in_non_staff_is_refused(client):
    user = get_user_model().objects.create_user("resident", password="x-very-long-pass")
    client.force_login(user)
    assert client.get("/officer/").status_code == 403


@pytest.mark.django_db
def test_officer_sees_upcoming_meetings(client):
    from datetime import timedelta

    from django.utils import timezone

    meeting = MeetingFactory(start=timezone.now() + timedelta(days=3))
    user = get_user_model().objects.create_user("officer", password="x-very-long-pass")
    grant(user, meeting.committee.council, Role.DEMOCRATIC_SERVICES)
    client.force_login(user)
    response = client.get("/officer/")
    assert response.status_code == 200
    assert meeting.committee.name in response.content.decode()
