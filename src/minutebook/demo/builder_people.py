"""The demo's places and people: wards, groups, councillors, officers, committees and
the register of interests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.text import slugify

from minutebook.committees.models import (
    Committee,
    Membership,
    MembershipRole,
    Portfolio,
    PortfolioHolder,
    PortfolioRole,
)
from minutebook.demo import data
from minutebook.demo.builder_defs import COMMITTEES, SEATS, BuilderBase
from minutebook.interests.models import EntryRecord, Tenure
from minutebook.meetings.models import Venue
from minutebook.members.models import RegisterCategory, RegisterEntry
from minutebook.people.models import (
    LegislativeTerm,
    Person,
    PersonKind,
    PoliticalGroup,
    Surgery,
    Ward,
    normalise_name,
)
from minutebook.people.postcodes import load_postcodes

#: The inward codes of each demo ward's postcodes (outward code WX1, WX2, ... by ward).
DEMO_INWARD = [(1, "AA"), (2, "AB"), (3, "BD"), (4, "EF")]


class PeopleMixin(BuilderBase):
    """Wards, groups, people, committees and memberships, and registered interests."""

    def build_areas(self) -> None:
        self.wards = Ward.objects.bulk_create(
            # Made-up GSS codes (E0599....): the demo's postcode table refers to them.
            Ward(
                council=self.council,
                name=name,
                slug=slugify(name),
                seats=2,
                gss_code=f"E0599{i + 1:04d}",
            )
            for i, name in enumerate(data.WARDS)
        )
        self.ward_by_name = {w.name: w for w in self.wards}
        self.groups = PoliticalGroup.objects.bulk_create(
            PoliticalGroup(council=self.council, name=n, short_name=s, colour=c, is_independent=ind)
            for n, s, c, _, ind in data.GROUPS
        )
        year = self.today.year if self.today.month >= 5 else self.today.year - 1
        start = date(year, 5, 1)
        while start.weekday() != 3:  # elections are on the first Thursday in May
            start += timedelta(days=1)
        self.term_start = start
        self.term = LegislativeTerm.objects.create(
            council=self.council,
            name=f"{year} to {year + 4}",
            start_date=start,
            end_date=date(year + 4, 5, 1),
        )
        self.venues = {
            name: Venue.objects.create(
                council=self.council,
                name=name.split(",")[0] + ", Vale House",
                address=data.COUNCIL_ADDRESS,
                postcode=data.COUNCIL_ADDRESS.rsplit(",", 1)[1].strip(),
                accessibility="Step-free access from Market Street; hearing loop; "
                "two accessible parking bays.",
            )
            for name in (data.MAIN_VENUE, data.COMMITTEE_ROOM)
        }

    def build_people(self) -> None:
        rng = self.rng("people")
        firsts = list(data.FIRST_NAMES)
        lasts = list(data.LAST_NAMES)
        rng.shuffle(firsts)
        rng.shuffle(lasts)
        names = iter(zip(firsts * 2, lasts, strict=False))
        phones = iter(rng.sample(range(100, 999), 120))

        # Seats: each ward has two, each group its number of seats, shuffled.
        labels = [
            g
            for g, (_, _, _, seats, _) in zip(self.groups, data.GROUPS, strict=True)
            for _ in range(seats)
        ]
        rng.shuffle(labels)
        people: list[Person] = []
        for i, group in enumerate(labels):
            first, last = next(names)
            people.append(
                Person(
                    council=self.council,
                    kind=PersonKind.COUNCILLOR,
                    honorific="Cllr",
                    first_name=first,
                    last_name=last,
                    email=f"cllr.{first}.{last}@{data.EMAIL_DOMAIN}".lower(),
                    phone=f"01632 960{next(phones):03d}",
                    # Every councillor publishes the council email; some their phone too.
                    publish_email=True,
                    publish_phone=i % 3 == 0,
                    political_group=group,
                    ward=self.wards[i // 2],
                )
            )
        self.officers: dict[str, Person] = {}
        for post in data.OFFICER_POSTS:
            first, last = next(names)
            person = Person(
                council=self.council,
                kind=PersonKind.OFFICER,
                honorific=rng.choice(data.HONORIFICS_OFFICER),
                first_name=first,
                last_name=last,
                job_title=post.job_title,
                email=f"{first}.{last}@{data.EMAIL_DOMAIN}".lower(),
                phone=f"01632 960{next(phones):03d}",
            )
            self.officers[post.key] = person
            people.append(person)
        self.coopted: list[Person] = []
        for title, honorific in (
            ("Parent governor representative (statutory, voting on education matters)", "Mrs"),
            ("Healthwatch Wessex Vale representative (non-voting)", "Mr"),
        ):
            first, last = next(names)
            person = Person(
                council=self.council,
                kind=PersonKind.CO_OPTED,
                honorific=honorific,
                first_name=first,
                last_name=last,
                job_title=title,
            )
            self.coopted.append(person)
            people.append(person)
        for p in people:
            p.normalised_name = normalise_name(p.full_name)
        Person.objects.bulk_create(people)
        self.councillors = [p for p in people if p.kind == PersonKind.COUNCILLOR]
        self.count("councillors", len(self.councillors))
        self.build_surgeries_and_postcodes()
        self.count("officers", len(self.officers))

    def build_surgeries_and_postcodes(self) -> None:
        """A surgery for one councillor of each ward, and a small postcode table loaded
        the way a council loads the ONS Postcode Directory (``people.postcodes``), so
        "find your councillor" answers on the demo (try WX1 1AA or WX1 4VC)."""
        firsts: dict[int, Person] = {}
        for person in self.councillors:
            firsts.setdefault(person.ward_id or 0, person)
        Surgery.objects.bulk_create(
            Surgery(
                council=self.council,
                person=person,
                where=f"{person.ward.name} Library" if person.ward else "Vale House",
                when="First Saturday of the month, 10am to 12 noon",
                notes="No appointment needed. Ring the council to arrange a home visit.",
            )
            for person in firsts.values()
        )
        self.count("surgeries", len(firsts))
        rows = ["pcds,doterm,osward"]
        for i, ward in enumerate(self.wards):
            rows += [f"WX{i + 1} {n}{letters},,{ward.gss_code}" for n, letters in DEMO_INWARD]
        rows.append(f"{data.COUNCIL_ADDRESS.rsplit(',', 1)[1].strip()},,{self.wards[0].gss_code}")
        rows.append("ZZ9 9ZZ,,E05000000")  # a neighbouring council's: counted, not loaded
        loaded = load_postcodes(self.council, rows)
        self.count("postcodes", loaded.loaded)

    def by_group(self, index: int) -> list[Person]:
        group = self.groups[index]
        return [p for p in self.councillors if p.political_group_id == group.pk]

    def build_committees(self) -> None:
        rng = self.rng("committees")
        committees = Committee.objects.bulk_create(
            Committee(
                council=self.council,
                name=c.name,
                slug=c.slug,
                short_name=c.name.replace(" Committee", ""),
                kind=c.kind,
                quorum=c.quorum,
                description=c.description,
                standing_items=c.standing,
            )
            for c in COMMITTEES
        )
        self.committees = {c.key: obj for c, obj in zip(COMMITTEES, committees, strict=True)}

        alliance = self.by_group(0)
        rng.shuffle(alliance)
        cabinet = alliance[:8]
        backbench = {
            i: [p for p in self.by_group(i) if p not in cabinet] for i in range(len(self.groups))
        }
        for people in backbench.values():
            rng.shuffle(people)
        self.cabinet_members = cabinet
        self.leader, self.deputy = cabinet[0], cabinet[1]
        start = self.term_start + timedelta(days=12)
        rows: list[Membership] = []

        def seat(
            key: str, person: Person, role: str = MembershipRole.MEMBER, vote: bool = True
        ) -> None:
            rows.append(
                Membership(
                    committee=self.committees[key],
                    person=person,
                    role=role,
                    voting_right=vote,
                    start_date=start,
                )
            )

        # Full council: everyone; the civic chairman is a senior backbencher.
        chairman, vice = backbench[0][0], backbench[1][0]
        for person in self.councillors:
            role = (
                MembershipRole.CHAIRMAN
                if person is chairman
                else MembershipRole.VICE_CHAIRMAN
                if person is vice
                else MembershipRole.MEMBER
            )
            seat("council", person, role)
        # Cabinet: the Leader chairs, the Deputy Leader is vice-chairman.
        for i, person in enumerate(cabinet):
            seat(
                "cabinet",
                person,
                [MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN][i]
                if i < 2
                else MembershipRole.MEMBER,
            )
        # Other committees: politically balanced, no cabinet members; opposition chairs scrutiny.
        pointer = {i: 1 if i < 2 else 0 for i in backbench}
        self.committee_members: dict[str, list[Person]] = {
            "council": list(self.councillors),
            "cabinet": list(cabinet),
        }
        for key, seats in SEATS.items():
            members: list[Person] = []
            for gi, n in enumerate(seats):
                pool = backbench[gi]
                for _ in range(n):
                    members.append(pool[pointer[gi] % len(pool)])
                    pointer[gi] += 1
            chair_group = 1 if "scrutiny" in key or key == "audit" else 0
            chair = next(p for p in members if p.political_group_id == self.groups[chair_group].pk)
            vice_group = 0 if chair_group == 1 else 1
            vice_c = next(p for p in members if p.political_group_id == self.groups[vice_group].pk)
            for person in members:
                role = (
                    MembershipRole.CHAIRMAN
                    if person is chair
                    else MembershipRole.VICE_CHAIRMAN
                    if person is vice_c
                    else MembershipRole.MEMBER
                )
                seat(key, person, role)
            self.committee_members[key] = members
        seat("people_scrutiny", self.coopted[0], MembershipRole.CO_OPTED, vote=True)
        seat("people_scrutiny", self.coopted[1], MembershipRole.CO_OPTED, vote=False)
        Membership.objects.bulk_create(rows)
        self.chairs = {m.committee_id: m.person for m in rows if m.role == MembershipRole.CHAIRMAN}
        self.seats = {(m.committee_id, m.person.pk): m for m in rows}
        self.count("memberships", len(rows))

        portfolios = Portfolio.objects.bulk_create(
            Portfolio(
                council=self.council,
                title=p.title,
                slug=slugify(p.key),
                description=p.description,
            )
            for p in data.PORTFOLIOS
        )
        self.portfolios = {p.key: obj for p, obj in zip(data.PORTFOLIOS, portfolios, strict=True)}
        self.holders = {p.key: cabinet[i] for i, p in enumerate(data.PORTFOLIOS)}
        PortfolioHolder.objects.bulk_create(
            PortfolioHolder(
                portfolio=self.portfolios[key],
                person=person,
                role=PortfolioRole.HOLDER,
                start_date=start,
            )
            for key, person in self.holders.items()
        )
        # Cabinet lead members support two portfolios (not cabinet members).
        leads = [backbench[0][2], backbench[0][3]]
        PortfolioHolder.objects.bulk_create(
            PortfolioHolder(
                portfolio=self.portfolios[key],
                person=person,
                role=PortfolioRole.LEAD_MEMBER,
                start_date=start,
            )
            for key, person in zip(("children", "planning"), leads, strict=True)
        )
        for key, person in self.holders.items():
            person.job_title = (
                "Leader of the Council"
                if key == "leader"
                else "Deputy Leader and Portfolio Holder"
                if key == "adults"
                else "Portfolio Holder"
            )
        Person.objects.bulk_update(list(self.holders.values()), ["job_title"])

    # -- meetings ----------------------------------------------------------------------

    def write_register(self) -> None:
        """Members took office at the election and registered their interests within 28 days
        (Localism Act 2011 s30); one entry is sensitive and withheld (s32)."""
        rng = self.rng("register")
        members = [*self.councillors, *self.coopted]
        Tenure.objects.bulk_create(
            Tenure(person=p, took_office=self.term_start + timedelta(days=4)) for p in members
        )
        entries: list[RegisterEntry] = []
        records: list[EntryRecord] = []
        monitoring = self.officers["monitoring_officer"]
        for n, person in enumerate(self.councillors):
            place = next(
                (
                    pl
                    for pl, ward in data.PLACES.items()
                    if person.ward and ward == person.ward.name
                ),
                "Amblesford",
            )
            vals = {"place": place, "last": person.last_name, "farm": rng.choice(data.FARMS)}
            notified = self.term_start + timedelta(days=rng.randrange(6, 28))
            rows = [
                (RegisterCategory.EMPLOYMENT, rng.choice(data.OCCUPATIONS).format(**vals)),
                (RegisterCategory.LAND, f"Home in {place}"),
                (
                    RegisterCategory.OTHER_REGISTRABLE,
                    rng.choice(data.OTHER_INTERESTS).format(**vals),
                ),
            ]
            for category, description in rows:
                sensitive = n == 7 and category == RegisterCategory.LAND
                entry = RegisterEntry(
                    person=person,
                    category=category,
                    description="Details withheld under section 32(2) of the Localism Act 2011"
                    if sensitive
                    else description,
                    start_date=self.term_start,
                )
                entries.append(entry)
                records.append(
                    EntryRecord(
                        entry=entry,
                        notified_on=notified,
                        is_sensitive=sensitive,
                        sensitivity_agreed_by=f"{monitoring.first_name} {monitoring.last_name}, "
                        "Monitoring Officer"
                        if sensitive
                        else "",
                        sensitivity_reason="Risk of intimidation reported to the police."
                        if sensitive
                        else "",
                    )
                )
        RegisterEntry.objects.bulk_create(entries)
        EntryRecord.objects.bulk_create(records)
        self.count("register_entries", len(entries))
