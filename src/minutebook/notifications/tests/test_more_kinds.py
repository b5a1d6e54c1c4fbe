"""Notifications of a notice of motion received, a referral received and a call-in's
outcome, and each person's opt-out per kind (chosen on their preferences page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from minutebook.accounts.roles import Role
from minutebook.accounts.testing import grant, make_user
from minutebook.committees.factories import CommitteeFactory, MembershipFactory
from minutebook.committees.models import CommitteeKind, MembershipRole
from minutebook.decisions import services as decision_services
from minutebook.decisions.factories import DecisionFactory
from minutebook.meetings.factories import MeetingFactory
from minutebook.notifications.models import NotificationKind, NotificationPreference
from minutebook.notifications.tests.test_notifications import (  # noqa: F401 (fixture)
    kinds,
    pytestmark,
    run_worker,
    signed_in,
    to,
    world,
)
from minutebook.participation.motions import submit_motion
from minutebook.people.factories import CouncillorFactory


def test_motion_referral_and_call_in_outcome_with_an_opt_out(
    world: Any,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks: Any,
) -> None:
    council = world.council
    dso = world.user("dso")

    # A notice of motion for full council reaches democratic services.
    full = CommitteeFactory(council=council, kind=CommitteeKind.FULL_COUNCIL, name="Council")
    council_meeting = MeetingFactory(committee=full, start=timezone.now() + dt.timedelta(days=40))
    mover, seconder = CouncillorFactory(council=council), CouncillorFactory(council=council)
    with django_capture_on_commit_callbacks(execute=True):
        motion = submit_motion(
            council_meeting, mover=mover, seconder=seconder, text="This council declares..."
        )
    assert NotificationKind.MOTION in kinds(dso)
    run_worker()
    assert any("notice of motion was received" in m.subject for m in to(dso))
    assert not to(world.user("outsider_dso")), "another council's officers hear nothing"
    page = signed_in(dso).get(
        reverse("backoffice:participation_submission", kwargs={"kind": "motion", "pk": motion.pk})
    )
    assert page.status_code == 200

    # A referral to cabinet reaches democratic services and cabinet's chairman.
    cabinet = CommitteeFactory(council=council, kind=CommitteeKind.EXECUTIVE, name="Cabinet")
    scrutiny = CommitteeFactory(council=council, kind=CommitteeKind.OVERVIEW_SCRUTINY)
    leader = CouncillorFactory(council=council, user=make_user("leader"))
    MembershipFactory(committee=cabinet, person=leader, role=MembershipRole.CHAIRMAN)
    held = MeetingFactory(committee=scrutiny, start=timezone.now() - dt.timedelta(days=2))
    matter = decision_services.start_matter(
        council,
        title="Parking review",
        committee=scrutiny,
        recommendation="Review it.",
        meeting=held,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.record_consideration(
            matter.considerations.get(),
            outcome="recommended",
            resolution="Cabinet should adopt the review.",
            refer_to=cabinet,
        )
    assert NotificationKind.REFERRAL in kinds(dso) and NotificationKind.REFERRAL in kinds(
        leader.user
    )

    # A signatory turns call-in outcomes off on their preferences page.
    signers = [
        CouncillorFactory(council=council, user=make_user(f"signer{n}"))
        for n in range(council.call_in_signatories)
    ]
    quiet = signers[0].user
    grant(quiet, council, Role.COUNCILLOR)
    response = signed_in(quiet).post(
        "/members/notifications/preferences/",
        {"delivery": "immediate", "muted_kinds": [NotificationKind.CALL_IN_OUTCOME]},
    )
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=quiet)
    assert pref.muted_kinds == [NotificationKind.CALL_IN_OUTCOME]
    bad = signed_in(quiet).post(
        "/members/notifications/preferences/", {"delivery": "immediate", "muted_kinds": ["x"]}
    )
    assert "Choose from the notifications listed." in bad.content.decode()

    # The call-in's outcome reaches the decision maker and the other signatories.
    meeting = MeetingFactory(committee=cabinet, start=timezone.now() - dt.timedelta(days=1))
    decision = DecisionFactory(meeting=meeting, title="Close the depot")
    decision_services.publish_decision(decision)
    request = decision_services.request_call_in(decision, signatories=signers, grounds="No.")
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.record_call_in_outcome(
            request,
            outcome="no_further_action",
            on=timezone.localdate(),
            notes="The decision was properly taken.",
            user=dso,
        )
    run_worker()
    for user in (leader.user, signers[1].user):
        assert any("was settled: no further action" in m.subject for m in to(user)), user
    assert NotificationKind.CALL_IN_OUTCOME not in kinds(quiet)


def test_a_kind_turned_off_is_not_emailed_from_a_waiting_digest(world: Any) -> None:  # noqa: F811
    """A digest reader turns a kind off after a notice of it was written: the worker's
    digest leaves it out (the preference page promises it is not e-mailed)."""
    from minutebook.notifications.services import notify
    from minutebook.notifications.tests.test_notifications import enqueue_and_run

    dso = world.user("dso")
    client = signed_in(dso)
    assert (
        client.post("/officer/notifications/preferences/", {"delivery": "digest"}).status_code
        == 302
    )
    notify([dso], kind=NotificationKind.MOTION, title="A notice of motion was received")
    notify([dso], kind=NotificationKind.QUESTION, title="A question was received")
    response = client.post(
        "/officer/notifications/preferences/",
        {"delivery": "digest", "muted_kinds": [NotificationKind.MOTION]},
    )
    assert response.status_code == 302
    enqueue_and_run("minutebook.notifications.tasks.send_notification_digests")
    (digest,) = to(dso)
    assert "A question was received" in digest.body
    assert "notice of motion" not in digest.body
