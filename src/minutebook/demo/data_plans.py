"""Fixed text for the demo's scrutiny work programmes and the plans committees track.

Dates are offsets in weeks from "today", so the plans always have work done, work due
and work overdue. Owners name ``data.OFFICER_POSTS`` keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Work a scrutiny committee has in hand besides its meetings' reports:
#: (subject, description, status, requested by).
WORK_PROGRAMME_EXTRAS: dict[str, list[tuple[str, str, str, str]]] = {
    "people_scrutiny": [
        (
            "Task and finish review: transition to adult services for young people with SEND",
            "A cross-party group of four members is hearing from families, schools and the "
            "integrated care board, and will report with recommendations to Cabinet.",
            "commissioned",
            "The committee",
        ),
        (
            "Dental access for children in rural wards",
            "To hear from the integrated care board on NHS dental access.",
            "proposed",
            "Member request",
        ),
        (
            "Care leavers' council tax exemption",
            "Withdrawn: Cabinet adopted the exemption before the committee reached it.",
            "withdrawn",
            "Member request",
        ),
    ],
    "place_scrutiny": [
        (
            "Task and finish review: bus services after the end of the fare cap",
            "Four members are reviewing the supported bus network and will report to Cabinet.",
            "commissioned",
            "The committee",
        ),
        (
            "Flood resilience in the Vale",
            "To review the Local Flood Risk Management Strategy with the Environment Agency.",
            "proposed",
            "Public suggestion",
        ),
        (
            "Car park charges in market towns",
            "Deferred until the parking review reports to Cabinet.",
            "deferred",
            "Member request",
        ),
    ],
}


@dataclass(frozen=True)
class Action:
    """An action (or, under an action, a milestone) of a plan."""

    reference: str
    title: str
    owner: str
    start_weeks: int
    end_weeks: int | None
    #: (weeks ago, status label, note): the status history, oldest first.
    history: tuple[tuple[int, str, str], ...] = ()
    measures: str = ""
    ongoing: bool = False
    milestones: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Area:
    reference: str
    title: str
    focus: tuple[tuple[str, str, tuple[Action, ...]], ...] = ()


@dataclass(frozen=True)
class Risk:
    reference: str
    title: str
    owner: str
    scores: tuple[int, int, int, int]  # likelihood, impact; residual likelihood, impact
    controls: str
    history: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class PlanDef:
    key: str
    title: str
    slug: str
    kind: str
    committee: str
    description: str
    #: The title of the demo report in which the committee reviews the plan.
    report: str = ""
    findings: tuple[tuple[str, str], ...] = ()
    areas: tuple[Area, ...] = ()
    risks: tuple[Risk, ...] = field(default_factory=tuple)


SEND_PLAN = PlanDef(
    key="send",
    title="SEND Written Statement of Action",
    slug="send-written-statement-of-action",
    kind="wsoa",
    committee="people_scrutiny",
    description="The council's and the integrated care board's response to the joint "
    "local area SEND inspection. Progress is reported to the People and Health Scrutiny "
    "Committee at each meeting.",
    report="Written Statement of Action: SEND Improvement Progress",
    findings=(
        ("W1", "Education, health and care plans are not completed within 20 weeks."),
        ("W2", "Families are not well informed about the local offer."),
    ),
    areas=(
        Area(
            "1",
            "Timely and good quality education, health and care plans",
            (
                (
                    "1.1",
                    "Assessment within the statutory 20 weeks",
                    (
                        Action(
                            "1.1.1",
                            "Recruit four additional educational psychologists",
                            "head_education",
                            -40,
                            -8,
                            ((36, "On track", ""), (10, "Complete", "All four posts filled.")),
                            "Vacancy rate below 10%.",
                        ),
                        Action(
                            "1.1.2",
                            "Clear the backlog of assessments over 20 weeks",
                            "head_education",
                            -36,
                            -2,
                            (
                                (30, "On track", ""),
                                (12, "Significant risk", "Referrals up 18% on last year."),
                            ),
                            "No assessment older than 20 weeks.",
                            milestones=(
                                Action("1.1.2a", "Backlog halved", "head_education", -36, -16),
                                Action("1.1.2b", "Backlog cleared", "head_education", -16, -2),
                            ),
                        ),
                    ),
                ),
                (
                    "1.2",
                    "Quality of plans",
                    (
                        Action(
                            "1.2.1",
                            "Monthly multi-agency audit of new plans",
                            "head_children",
                            -30,
                            None,
                            ((28, "On track", "Audit programme running."),),
                            "80% of audited plans rated good.",
                            ongoing=True,
                        ),
                    ),
                ),
            ),
        ),
        Area(
            "2",
            "Communication with families",
            (
                (
                    "2.1",
                    "The local offer",
                    (
                        Action(
                            "2.1.1",
                            "Relaunch the local offer website with parent carers",
                            "head_ict",
                            -20,
                            6,
                            ((18, "On track", ""),),
                            "Satisfaction with the local offer above 60%.",
                        ),
                        Action(
                            "2.1.2",
                            "Termly newsletter to families",
                            "head_education",
                            -12,
                            20,
                            (),
                            "",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

RISK_REGISTER = PlanDef(
    key="risks",
    title="Strategic Risk Register",
    slug="strategic-risk-register",
    kind="risk_register",
    committee="audit",
    description="The council's strategic risks, scored for likelihood and impact before "
    "and after the controls in place. The Audit and Governance Committee reviews it twice "
    "a year.",
    report="Strategic Risk Register",
    risks=(
        Risk(
            "SR1",
            "The medium term financial plan cannot be balanced",
            "s151",
            (4, 5, 3, 4),
            "Savings programme monitored monthly; reserves strategy; quarterly reports to Cabinet.",
            ((20, "Significant risk", "Pay award above budget."),),
        ),
        Risk(
            "SR2",
            "Demand for adult social care exceeds the budget",
            "ed_adults",
            (4, 4, 3, 4),
            "Home first discharge model; market sustainability plan.",
            ((20, "Significant risk", ""), (6, "High risk", "Winter pressures.")),
        ),
        Risk(
            "SR3",
            "A cyber attack disrupts council services",
            "head_ict",
            (3, 5, 2, 4),
            "Offline back-ups tested quarterly; staff training; Cyber Essentials Plus.",
            ((20, "On track", ""),),
        ),
        Risk(
            "SR4",
            "Failure to recruit and retain social workers",
            "head_hr",
            (3, 4, 2, 3),
            "Market supplement; grow-our-own apprenticeships.",
            ((20, "On track", ""),),
        ),
    ),
)

PLANS: tuple[PlanDef, ...] = (SEND_PLAN, RISK_REGISTER)
