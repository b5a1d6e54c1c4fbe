"""The demo's meetings and what goes on their agendas: topics, reports and items."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from minutebook.clock.deadlines import agenda_publish_by
from minutebook.committees.models import CommitteeKind
from minutebook.core.exempt import describe_paragraphs
from minutebook.demo import data
from minutebook.demo.builder_defs import (
    COMMITTEES,
    LONDON,
    SCRUTINY_TOPICS,
    BuilderBase,
    Plan,
    ReportSpec,
    S,
)
from minutebook.meetings.models import Meeting, MeetingState
from minutebook.people.models import Person
from minutebook.reports.models import EqiaStatus, Report, ReportPurpose, RiskLevel


class AgendasMixin(BuilderBase):
    """The year of meetings, and each published agenda as item dicts with their reports."""

    def build_meetings(self) -> None:
        plans: list[Plan] = []
        for cdef in COMMITTEES:
            previous: Plan | None = None
            for cycle in range(cdef.first, cdef.last + 1):
                day = self.week0 + timedelta(
                    weeks=cdef.period_weeks * cycle + cdef.offset_weeks, days=cdef.weekday
                )
                while (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
                    day -= timedelta(weeks=1)  # no meetings over Christmas and New Year
                if not self.cal.is_working_day(day):
                    day = self.cal.next_working_day(day)
                start = datetime.combine(day, cdef.start, tzinfo=LONDON)
                publish_day = self.cal.add_working_days(agenda_publish_by(day), -2)
                published: datetime | None = self.at(publish_day, 16)
                if start < self.now:
                    state = MeetingState.HELD
                elif published is not None and published <= self.now:
                    state = MeetingState.AGENDA_PUBLISHED
                else:
                    state = MeetingState.SCHEDULED
                    published = None
                plan = Plan(cdef, cycle, day, start, state, published, self.rng(cdef.key, cycle))
                if cdef.key == "planning" and cycle == -5:
                    plan.state = MeetingState.CANCELLED
                    plan.published_at = None
                if (
                    previous is not None
                    and previous.state in (MeetingState.HELD, MeetingState.MINUTES_APPROVED)
                    and plan.state == MeetingState.HELD
                ):
                    previous.state = MeetingState.MINUTES_APPROVED
                plan.previous = previous
                if plan.state != MeetingState.CANCELLED:
                    previous = plan
                plans.append(plan)
        meetings = []
        for plan in plans:
            m = Meeting(
                committee=self.committees[plan.cdef.key],
                start=plan.start,
                end=plan.start + timedelta(hours=plan.cdef.hours),
                venue=self.venues[plan.cdef.venue],
                online_url=data.ONLINE_LINK,
                state=plan.state,
                published_at=plan.published_at,
                date=plan.day,
                slug=plan.day.isoformat(),
                cancellation_reason=(
                    "Cancelled by the Chairman: there was no business to transact."
                    if plan.state == MeetingState.CANCELLED
                    else ""
                ),
                # One coming meeting was moved, so the calendar shows how a move reads.
                moved_from=(
                    plan.start - timedelta(days=7)
                    if plan.cdef.key == "planning" and plan.cycle == 1
                    else None
                ),
            )
            plan.meeting = m
            meetings.append(m)
        Meeting.objects.bulk_create(meetings)
        self.plans = plans
        self.count("meetings", len(meetings))

    def build_agendas(self) -> None:
        self.report_specs: list[ReportSpec] = []
        self.travels: list[tuple[ReportSpec, dict[str, Any], Plan]] = []
        self.fp_topics: dict[tuple[str, int], tuple[data.Topic, Plan, str, list[int]]] = {}
        self.assign_topics()
        self.pending_items: list[tuple[Plan, list[dict[str, Any]]]] = []
        # Cabinet first: Full Council agendas carry Cabinet's recommendations.
        for plan in sorted(self.plans, key=lambda p: p.cdef.key != "cabinet"):
            if plan.state in (MeetingState.SCHEDULED, MeetingState.CANCELLED):
                continue
            self.pending_items.append((plan, self.agenda_for(plan)))
        self.write_reports()
        self.write_items()
        self.write_participation()
        self.write_urgency()
        self.write_minutes()
        self.write_attendance()
        self.write_motions()
        self.write_actions()
        self.write_matters()
        self.write_call_ins()

    def assign_topics(self) -> None:
        """Decide which topics go to which meeting, for every meeting (scheduled too).

        The forward plan needs topics for future cabinet meetings that have no agenda yet.
        """
        self.topics_for: dict[tuple[str, int], list[data.Topic]] = {}
        recurring = {data.CABINET_TOPICS[0].title, data.CABINET_TOPICS[7].title}
        rng = self.rng("topics", "cabinet")
        one_offs = [t for t in data.CABINET_TOPICS if t.title not in recurring]
        rng.shuffle(one_offs)
        cab = [p for p in self.plans if p.cdef.key == "cabinet"]
        for i, plan in enumerate(cab):
            chosen: list[data.Topic] = []
            if i % 3 == 0:
                chosen.append(data.CABINET_TOPICS[0])
            if i % 3 == 1:
                chosen.append(data.CABINET_TOPICS[7])
            if one_offs:
                chosen.append(one_offs.pop())
            self.topics_for[("cabinet", plan.cycle)] = chosen
        for key, pool in SCRUTINY_TOPICS.items():
            rng = self.rng("topics", key)
            topics = list(pool)
            rng.shuffle(topics)
            # Task and finish reports come early in the year, so Cabinet can respond.
            topics.sort(key=lambda t: t.purpose != "recommendation")
            series = [p for p in self.plans if p.cdef.key == key]
            for i, plan in enumerate(series):
                picks = [topics[i % len(topics)]]
                if i % 2 == 0:
                    picks.append(topics[(i + len(series)) % len(topics)])
                unique = {t.title: t for t in picks}
                self.topics_for[(key, plan.cycle)] = list(unique.values())
        rng = self.rng("topics", "council")
        council_topics = list(data.COUNCIL_TOPICS)
        budget = council_topics.pop(0)  # the budget meeting is the one nearest February
        rng.shuffle(council_topics)
        councils = [p for p in self.plans if p.cdef.key == "council"]
        budget_plan = min(
            councils, key=lambda p: min((p.day.month - 2) % 12, (2 - p.day.month) % 12)
        )
        for plan in councils:
            if plan is budget_plan:
                self.topics_for[("council", plan.cycle)] = [budget]
            else:
                self.topics_for[("council", plan.cycle)] = council_topics[:1]
                council_topics = council_topics[1:]

    def values(
        self, rng: random.Random, day: date, topic: data.Topic | None = None
    ) -> dict[str, Any]:
        places = rng.sample(sorted(data.PLACES), 2)
        # Quarterly reports cover the quarter that was under way six weeks earlier.
        covered = day - timedelta(days=45)
        fy_start = covered.year if covered.month >= 4 else covered.year - 1
        quarter = ((covered.month - 4) % 12) // 3 + 1
        amount = topic.amount if topic and topic.amount else rng.randrange(200, 900) * 1000
        return {
            "place": places[0],
            "place2": places[1],
            "year": day.year,
            "next_year": day.year + 1,
            "next_next_year": day.year + 2,
            "this_fy": f"{day.year}/{(day.year + 1) % 100:02d}",
            "next_fy": f"{day.year + 1}/{(day.year + 2) % 100:02d}",
            "fy": f"{fy_start}/{(fy_start + 1) % 100:02d}",
            "quarter": quarter,
            "overspend": f"{rng.randrange(12, 68) / 10:.1f}",
            "responses": rng.randrange(300, 2400),
            "amount_k": amount // 1000,
            "amount_m": f"{amount / 1_000_000:.1f}",
            "pct": rng.randrange(18, 46),
            "ev": rng.randrange(2, 6),
            "providers": rng.randrange(40, 90),
            "uplift": f"{rng.randrange(45, 90) / 10:.1f}",
            "measures": rng.randrange(28, 44),
            "libraries": rng.randrange(14, 22),
            "budget": rng.randrange(310, 380),
            "ct": "4.99",
            "unmet": rng.randrange(900, 1400),
            "unmet2": rng.randrange(200, 500),
            "done": rng.randrange(14, 22),
            "total": rng.randrange(24, 30),
            "sessions": rng.randrange(4, 8),
            "potholes": rng.randrange(6000, 14000),
            "homes": rng.randrange(9, 16) * 1000,
            "secret_k": rng.randrange(350, 4800),
            "secret_k2": rng.randrange(300, 4000),
            "n": rng.randrange(3, 120),
            "lane": rng.choice(data.LANES),
            "farm": rng.choice(data.FARMS),
        }

    def authors_for(self, portfolio: str, rng: random.Random) -> tuple[list[Person], Person]:
        posts, director = data.PORTFOLIO_OFFICERS[portfolio]
        authors = [self.officers[posts[0]]]
        if rng.random() < 0.3:
            authors.append(self.officers[posts[1]])
        return authors, self.officers[director]

    def new_report(
        self,
        plan: Plan,
        topic: data.Topic,
        vals: dict[str, Any],
        *,
        exempt: tuple[list[int], str, str] | None = None,
        title: str | None = None,
    ) -> ReportSpec:
        authors, director = self.authors_for(topic.portfolio, plan.rng)
        holder = self.holders[topic.portfolio]
        portfolio = self.portfolios[topic.portfolio]
        purpose = {
            "decision": ReportPurpose.DECISION,
            "recommendation": ReportPurpose.RECOMMENDATION,
            "review": ReportPurpose.REVIEW_CONSULTATION,
            "information": ReportPurpose.INFORMATION,
        }[topic.purpose]
        recs = [r.format(**vals) for r in topic.recommendations]
        wards = topic.wards.format(**vals)
        risk = {"Low": RiskLevel.LOW, "Medium": RiskLevel.MEDIUM, "High": RiskLevel.HIGH}
        summary = topic.summary.format(**vals)
        body_parts = [
            "1. Background",
            summary,
            "2. Proposals",
            "Officers have considered the options set out below and recommend the first.",
            "Option 1: proceed as recommended. Option 2: defer for further work. Option 3: do "
            "nothing, which would leave the council exposed to the risks in section 8.",
            "3. Consultation",
            f"The portfolio holder, the chairman of the relevant scrutiny committee and ward "
            f"members for {wards if wards != 'All' else 'all wards'} have been consulted. "
            "Their comments are reflected in the recommendations.",
            "4. Next steps",
            "Subject to the decision, officers will implement the recommendations and report "
            "progress through the quarterly performance report.",
        ]
        exempt_body = spec_token = ""
        paragraphs: list[int] = []
        reason = ""
        if exempt:
            paragraphs, reason, exempt_body = exempt
            token = self.canary()
            exempt_body = f"{exempt_body} [{token}]"
            spec_token = token
            summary = f"{summary} Restricted: {token}."
            body_parts.append(f"5. Confidential details\n{exempt_body}")
        report = Report(
            council=self.council,
            title=title or topic.title.format(**vals),
            purpose=purpose,
            recommendation_to=self.committees["council"]
            if topic.purpose == "recommendation" and plan.cdef.key == "cabinet"
            else (self.committees["cabinet"] if topic.purpose == "recommendation" else None),
            portfolio=portfolio,
            portfolio_holder=holder,
            portfolio_holder_text=f"Cllr {holder.first_name[0]} {holder.last_name}, "
            f"{portfolio.title.split(': ')[-1]}",
            executive_director=director,
            executive_director_text=f"{director.first_name[0]} {director.last_name}, "
            f"{director.job_title}",
            local_councillors_text="All"
            if wards == "All"
            else f"Councillors for {data.PLACES.get(wards, wards)} ward",
            key_decision=topic.key and plan.cdef.key == "cabinet",
            brief_summary=summary,
            recommendations="\n".join(f"{i}. {r}" for i, r in enumerate(recs, 1)),
            reasons=topic.reasons.format(**vals),
            financial_implications=topic.financial.format(**vals),
            legal_implications=topic.legal.format(**vals),
            climate_implications=topic.climate,
            wellbeing_health_implications=topic.wellbeing,
            hr_implications=topic.hr,
            equalities_implications=topic.equalities,
            eqia_status=EqiaStatus.FULL if "Appendix" in topic.equalities else EqiaStatus.SCREENING,
            risk_current=risk[topic.risk[0]],
            risk_residual=risk[topic.risk[1]],
            risk_implications=f"Risk assessment: {topic.risk[0].lower()} before mitigation, "
            f"{topic.risk[1].lower()} once the measures in this report are in place.",
            body="\n\n".join(body_parts),
            background_papers=topic.background.format(**vals),
            exempt_paragraphs=sorted(paragraphs),
            public_interest_reason=reason,
            is_exempt=bool(paragraphs),
        )
        spec = ReportSpec(topic, report, authors, recs, exempt_body=exempt_body)
        spec.token = spec_token
        spec.wards = [] if wards == "All" else [self.ward_by_name[data.PLACES[vals["place"]]]]
        spec.appendices = list(topic.appendices)
        self.report_specs.append(spec)
        return spec

    def exempt_topic(self, plan: Plan, index: int, vals: dict[str, Any]) -> ReportSpec:
        title, portfolio, paragraphs, reason, summary, body = data.EXEMPT_TOPICS[index]
        deciding = plan.cdef.kind in (CommitteeKind.EXECUTIVE, CommitteeKind.REGULATORY)
        topic = data.Topic(
            title=title,
            portfolio=portfolio,
            purpose="decision" if deciding else "review",
            summary=summary,
            recommendations=[
                "Approve the recommendations set out in the exempt report."
                if deciding
                else "Consider the exempt report and make any comments to the portfolio holder."
            ],
            reasons="Set out in the exempt report.",
            key=vals["secret_k"] * 1000 >= self.council.key_decision_threshold,
            amount=vals["secret_k"] * 1000,
        )
        return self.new_report(plan, topic, vals, exempt=(paragraphs, reason, body.format(**vals)))

    def agenda_for(self, plan: Plan) -> list[dict[str, Any]]:
        """The agenda as a list of item dicts (children under "sub")."""
        cdef, rng = plan.cdef, plan.rng
        vals = self.values(rng, plan.day)
        business: list[dict[str, Any]] = []
        exempt: list[dict[str, Any]] = []
        key = cdef.key
        if key == "cabinet":
            for topic in self.topics_for[("cabinet", plan.cycle)]:
                tv = self.values(rng, plan.day, topic)
                spec = self.new_report(plan, topic, tv)
                if topic.title == data.CABINET_TOPICS[8].title:  # town centre: part exempt
                    self.part_exempt(spec, tv)
                spec.fp_key = ("cabinet", plan.cycle)
                business.append(self.report_item(spec, plan))
            if plan.state == MeetingState.AGENDA_PUBLISHED:
                business.append(
                    {
                        "title": "Recommendations from the Place and Resources Scrutiny Committee",
                        "description": "Report to follow: the committee's recommendations "
                        "will be published in a supplement to this agenda.",
                        "to_follow": True,
                    }
                )
            if plan.cycle % 3 == 0:
                index = (plan.cycle // 3) % 4
                index = [0, 1, 3, 2][index]
                spec = self.exempt_topic(plan, index, vals)
                spec.fp_key = ("cabinet", plan.cycle)
                exempt.append(self.report_item(spec, plan))
        elif key == "planning":
            n_apps = rng.randrange(2, 5)
            subs = [self.application_item(plan, j) for j in range(n_apps)]
            business.append(
                {
                    "title": "Planning applications",
                    "description": "To consider the reports of the Head of Planning and "
                    "Building Control on the following applications.",
                    "sub": subs,
                }
            )
            business.append(
                {
                    "title": "Planning appeals decisions",
                    "description": "To note appeal decisions received since the last meeting.",
                    "pages": rng.randrange(2, 5),
                    "minute_text": f"The Committee noted {rng.randrange(2, 6)} appeal decisions; "
                    f"{rng.randrange(1, 3)} appeal(s) had been allowed.",
                    "resolution": "That the appeal decisions be noted.",
                }
            )
            if plan.cycle % 4 == 1:
                spec = self.exempt_topic(plan, 5, vals)
                exempt.append(self.report_item(spec, plan))
        elif key == "council":
            business.append(
                {
                    "title": "Chairman's announcements",
                    "description": "To receive any announcements from the Chairman.",
                    "minute_text": "The Chairman reported on civic engagements since the last "
                    f"meeting, including a visit to {vals['place']} to mark the reopening of "
                    "the community hall, and thanked the volunteers of the Wessex Vale flood "
                    "warden scheme.",
                }
            )
            subs = []
            for cab in self.plans:
                if (
                    cab.cdef.key == "cabinet"
                    and cab.meeting is not None
                    and plan.previous is not None
                    and plan.previous.day < cab.day < plan.day - timedelta(days=6)
                ):
                    for spec in self.report_specs:
                        if (
                            spec.topic is not None
                            and spec.topic.purpose == "recommendation"
                            and spec.plan is cab
                        ):
                            subs.append(
                                {
                                    "title": spec.report.title,
                                    "description": "To consider the recommendation of Cabinet "
                                    f"of {cab.day.day} {cab.day:%B %Y}.",
                                    "spec": spec,
                                    "pages": rng.randrange(8, 30),
                                    "reuse": True,
                                }
                            )
                            self.travels.append((spec, subs[-1], plan))
            if subs:
                business.append(
                    {
                        "title": "Recommendations from Cabinet",
                        "description": "To consider the following recommendations.",
                        "sub": subs,
                    }
                )
            for topic in self.topics_for[("council", plan.cycle)]:
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                business.append(self.report_item(spec, plan))
            plan.movers = rng.sample(self.councillors, 2)
            mover, seconder = (self.name(p) for p in plan.movers)
            motion = rng.choice(data.MOTIONS).format(**vals)
            business.append(
                {
                    "title": "Motions on notice",
                    "description": f"To consider the following motion, proposed by {mover}: "
                    + motion,
                    "minute_text": f"The motion was moved by {mover} and seconded by "
                    f"{seconder}. An amendment was moved and lost on a recorded vote. After "
                    "debate, on being put to the vote, the motion was carried.",
                    "resolution": motion,
                    "motion": motion,
                }
            )
        else:
            for topic in self.topics_for[(key, plan.cycle)]:
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                business.append(self.report_item(spec, plan))
            if key == "audit" and plan.cycle == -2:
                spec = self.exempt_topic(plan, 4, vals)
                exempt.append(self.report_item(spec, plan))
            if key == "people_scrutiny" and plan.cycle == -3:
                spec = self.exempt_topic(plan, 2, vals)
                exempt.append(self.report_item(spec, plan))

        start = [s for s in cdef.standing if s.get("position", "start") == "start"]
        end = [s for s in cdef.standing if s.get("position") == "end"]
        items: list[dict[str, Any]] = [
            {"title": s["title"], "description": s["description"], "kind": s["kind"]} for s in start
        ]
        for item in items:
            if item["kind"] == S.MINUTES and plan.previous is not None:
                prev = plan.previous.day
                item["description"] = (
                    f"To approve as a correct record, for the Chairman to sign, the minutes "
                    f"of the meeting held on "
                    f"{prev.day} {prev:%B %Y}."
                )
                item["pages"] = rng.randrange(4, 10)
            if item["kind"] == S.FORWARD_PLAN:
                item["pages"] = rng.randrange(4, 9)
        items += business
        for s in end:
            if s["kind"] == S.EXEMPT_BUSINESS:
                continue
            item = {"title": s["title"], "description": s["description"], "kind": s["kind"]}
            if s["kind"] in (S.FORWARD_PLAN, S.ACTION_SHEET):
                item["pages"] = rng.randrange(3, 8)
            if s["kind"] == S.URGENT_ITEMS and key == "cabinet" and plan.cycle == -2:
                topic = data.URGENT_TOPIC
                spec = self.new_report(plan, topic, self.values(rng, plan.day, topic))
                urgent = self.report_item(spec, plan)
                urgent["urgent"] = data.URGENCY_REASON
                urgent["pages"] = None  # tabled at the meeting, not in the published pack
                item["sub"] = [urgent]
            items.append(item)
        if exempt:
            paragraphs = sorted({p for e in exempt for p in e["spec"].report.exempt_paragraphs})
            grounds = (
                describe_paragraphs(paragraphs).replace("exempt under ", "")
                + " to the Local Government Act 1972"
            )
            items.append(
                {
                    "title": "Exempt business",
                    "kind": S.EXEMPT_BUSINESS,
                    "description": "To resolve that the press and public be excluded during "
                    "the following item, because it is likely to disclose exempt information "
                    f"as defined in {grounds}.",
                    "grounds": grounds,
                }
            )
            items += exempt
        return items

    def name(self, person: Person) -> str:
        return f"Cllr {person.first_name} {person.last_name}"

    def report_item(self, spec: ReportSpec, plan: Plan) -> dict[str, Any]:
        spec.plan = plan
        spec.item = item = {}
        report = spec.report
        director = report.executive_director
        desc = (
            f"To consider a report of the {director.job_title.split(' (')[0]}."
            if director
            else "To consider the report."
        )
        if report.is_exempt:
            desc = "To consider an exempt report. The report is not for publication."
        item.update(
            {
                "title": report.title,
                "description": desc,
                "spec": spec,
                "pages": None if report.is_exempt else plan.rng.randrange(6, 34),
            }
        )
        return item

    def part_exempt(self, spec: ReportSpec, vals: dict[str, Any]) -> None:
        token = self.canary()
        spec.exempt_appendix = (
            "Appendix C - Financial appraisal (exempt: paragraph 3)",
            f"Bid prices and the funding gap of £{vals['secret_k']}k by work package. [{token}]",
        )

    def application_item(self, plan: Plan, j: int) -> dict[str, Any]:
        rng = plan.rng
        proposal, site, rec, (low, high) = rng.choice(data.PLANNING_PROPOSALS)
        vals = self.values(rng, plan.day)
        vals["n"] = rng.randint(low, high) if high else 0
        kind = {
            "Erection": "FUL",
            "Change": "COU",
            "Installation": "FUL",
            "Demolition": "FUL",
            "Extension": "FUL",
            "Outline": "OUT",
            "Variation": "VOC",
        }[proposal.split()[0]]
        ref = f"WV/{plan.day.year % 100:02d}/{rng.randrange(100, 4999):05d}/{kind}"
        site_text = site.format(**vals)
        title = f"{ref}: {site_text}"
        topic = data.Topic(
            title=title,
            portfolio="planning",
            purpose="decision",
            summary=f"{proposal.format(**vals)} at {site_text}. The application has been "
            f"brought to committee because the parish council objects. {rng.randrange(3, 60)} "
            "representations have been received.",
            recommendations=[f"{rec}."],
            reasons="The proposal accords with the development plan as a whole"
            if rec.startswith("Grant")
            else "The proposal conflicts with policies on design and the countryside",
            wards=vals["place"],
        )
        spec = self.new_report(plan, topic, vals)
        spec.planning = True
        spec.report.recommendation_to = None
        spec.report.portfolio = None
        spec.report.portfolio_holder = None
        spec.report.portfolio_holder_text = ""
        spec.authors = [self.officers["planning_team" if j % 2 else "planning_south"]]
        spec.report.executive_director = self.officers["head_planning"]
        spec.report.executive_director_text = self.officers["head_planning"].job_title
        item = self.report_item(spec, plan)
        item["description"] = f"{proposal.format(**vals)}. Recommendation: {rec}."
        return item

    # -- writing -------------------------------------------------------------------------
