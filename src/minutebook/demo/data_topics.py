"""The demo council's report topics (``data.Topic``): cabinet, council, scrutiny, audit,
exempt and urgent business.  Invented, like the rest of ``demo.data``, which re-exports
them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """A report the demo can put on an agenda.

    ``purpose`` is one of "decision", "recommendation", "review", "information".
    ``key`` marks a key decision (cabinet reports); ``amount`` is an indicative value
    used in summaries and in the forward plan (pounds; 0 if none).
    """

    title: str
    portfolio: str
    purpose: str
    summary: str
    recommendations: list[str]
    reasons: str
    financial: str = "There are no direct financial implications arising from this report."
    legal: str = "There are no specific legal implications arising from this report."
    climate: str = "No direct climate implications have been identified."
    wellbeing: str = "No direct well-being and health implications have been identified."
    hr: str = "There are no human resources implications."
    equalities: str = (
        "An equality impact assessment screening has been completed and no adverse "
        "impact on any protected group has been identified."
    )
    risk: tuple[str, str] = ("Low", "Low")
    key: bool = False
    amount: int = 0
    wards: str = "All"
    appendices: list[str] = field(default_factory=list)
    background: str = "None."


CABINET_TOPICS: list[Topic] = [
    Topic(
        "Quarterly Financial Monitoring Report, Quarter {quarter} {fy}",
        "finance",
        "decision",
        "This report sets out the forecast revenue and capital outturn for {fy} at the end "
        "of quarter {quarter}. The council is forecasting an overspend of £{overspend}m, "
        "largely driven by demand for placements in children's social care and home to "
        "school transport, partly offset by higher than budgeted investment income.",
        [
            "Note the forecast revenue outturn and the actions being taken to bring spending "
            "back within budget.",
            "Approve the capital budget re-profiling set out in Appendix B.",
        ],
        "To ensure the council's finances are monitored and that Cabinet has sight of the "
        "actions needed to deliver a balanced budget.",
        financial="The financial implications are set out in the body of the report.",
        legal="The council must set and keep to a balanced budget (Local Government Finance "
        "Act 1992, s32 and s114).",
        risk=("High", "Medium"),
        appendices=["Appendix A - Revenue budget by directorate", "Appendix B - Capital programme"],
    ),
    Topic(
        "Home to School Transport Policy {this_fy}",
        "children",
        "decision",
        "The council has consulted on changes to its home to school transport policy for "
        "post-16 learners. This report summarises the {responses} consultation responses and "
        "recommends a revised policy which protects eligible learners with special "
        "educational needs while bringing discretionary provision into line with "
        "neighbouring authorities.",
        [
            "Adopt the revised Home to School Transport Policy at Appendix 1 with effect from "
            "September {next_year}.",
            "Delegate minor amendments to the Executive Director, People - Children, after "
            "consultation with the portfolio holder.",
        ],
        "To provide a transport policy that is lawful, fair and affordable.",
        financial="The revised policy is expected to reduce forecast growth in spending by "
        "£{amount_k}k a year from {next_fy}.",
        legal="The council must publish its policy by 31 May each year (Education Act 1996, "
        "s509AB).",
        equalities="An equality impact assessment is at Appendix 2. Mitigations for learners "
        "with SEND are set out in section 6.",
        risk=("Medium", "Low"),
        key=True,
        amount=650_000,
        appendices=["Appendix 1 - Revised policy", "Appendix 2 - Equality impact assessment"],
        background="Consultation report, Children's Services, {year}.",
    ),
    Topic(
        "Local Transport Plan: Capital Programme {this_fy}",
        "highways",
        "decision",
        "The council receives an integrated transport and highways maintenance block grant. "
        "This report proposes how the £{amount_m}m allocation is spent across resurfacing, "
        "drainage, bridges, road safety schemes and active travel routes, including the "
        "{place} to {place2} cycle link.",
        [
            "Approve the highways capital programme at Appendix A.",
            "Delegate authority to the Executive Director, Place to vary schemes within the "
            "overall budget.",
        ],
        "To maintain the highway network in a safe condition and deliver the council's "
        "transport priorities.",
        financial="The programme is funded from government grant and is within the approved "
        "capital budget.",
        climate="The active travel schemes support the council's climate and ecological "
        "emergency strategy.",
        key=True,
        amount=8_400_000,
        appendices=["Appendix A - Highways capital programme"],
    ),
    Topic(
        "Climate and Ecological Emergency Strategy: Annual Progress Report",
        "planning",
        "decision",
        "A year on from the refreshed strategy, this report sets out progress against the "
        "council's own carbon reduction target, which is {pct}% below the baseline, and the "
        "wider area's emissions. It proposes an updated action plan with new measures for "
        "fleet electrification and nature recovery on council land.",
        [
            "Note the progress made against the strategy.",
            "Approve the updated action plan at Appendix 1.",
        ],
        "To keep the council on track to be carbon neutral in its own operations by 2040.",
        climate="The report is wholly concerned with the council's climate response.",
        risk=("Medium", "Medium"),
        appendices=["Appendix 1 - Updated action plan", "Appendix 2 - Carbon footprint"],
    ),
    Topic(
        "Housing Allocations Policy Review",
        "housing",
        "recommendation",
        "The allocations policy governs who can join the housing register and how homes are "
        "let. Following a review and consultation with registered providers, this report "
        "proposes changes to banding, local connection and the treatment of armed forces "
        "households. The policy forms part of the budget and policy framework and so needs "
        "the approval of Full Council.",
        [
            "Recommend to Full Council that the revised Housing Allocations Policy at "
            "Appendix 1 be adopted.",
        ],
        "To make best use of the social housing available in Wessex Vale.",
        legal="The council must have an allocation scheme (Housing Act 1996, Part 6) and "
        "must consult registered providers before a major change of policy.",
        equalities="The equality impact assessment is at Appendix 2.",
        key=True,
        wards="All",
        appendices=["Appendix 1 - Revised policy", "Appendix 2 - Equality impact assessment"],
    ),
    Topic(
        "Waste Collection Vehicle Fleet Replacement",
        "highways",
        "decision",
        "Twenty-two refuse and recycling vehicles reach the end of their economic life next "
        "year. This report seeks approval to procure replacements through a national "
        "framework, including a trial of {ev} electric vehicles at the {place} depot.",
        [
            "Approve the procurement of replacement waste collection vehicles at a cost of up "
            "to £{amount_m}m.",
            "Delegate award of the contract to the Executive Director, Place after "
            "consultation with the portfolio holder.",
        ],
        "To maintain a reliable collection service and reduce fleet emissions.",
        financial="Funded from the vehicle replacement reserve and prudential borrowing, "
        "provided for in the capital programme.",
        climate="Electric vehicles in the trial would save an estimated 140 tonnes of CO2 a year.",
        key=True,
        amount=4_200_000,
        appendices=["Appendix A - Options appraisal"],
    ),
    Topic(
        "Adult Social Care Market Sustainability Plan",
        "adults",
        "decision",
        "Care home and home care providers face rising costs. This report sets out the fee "
        "uplift for {next_fy} and the council's plan to sustain a "
        "diverse market, informed by a cost of care exercise with {providers} providers.",
        [
            "Approve fee uplifts of {uplift}% for residential and nursing care and home care.",
            "Approve the market sustainability plan at Appendix 1 for publication.",
        ],
        "To meet the council's market shaping duty under section 5 of the Care Act 2014.",
        financial="The uplift costs £{amount_m}m a year and is provided for in the medium "
        "term financial plan.",
        legal="Care Act 2014, s5 and the associated statutory guidance.",
        wellbeing="A sustainable care market is essential to the well-being of adults who "
        "draw on care and support.",
        risk=("High", "Medium"),
        key=True,
        amount=3_100_000,
        appendices=["Appendix 1 - Market sustainability plan"],
    ),
    Topic(
        "Council Plan Performance Report, Quarter {quarter}",
        "leader",
        "information",
        "The report summarises performance against the council plan's priorities for the "
        "quarter. Of {measures} measures, most are on track; the exceptions are planning "
        "determination times and the number of households in temporary accommodation.",
        ["Note the performance report."],
        "To keep Cabinet informed of the council's performance.",
        appendices=["Appendix 1 - Performance scorecard"],
    ),
    Topic(
        "{place} Town Centre Regeneration: Delivery Plan",
        "economy",
        "decision",
        "The council has secured £{amount_m}m of government regeneration funding for "
        "{place}. This report sets out the delivery plan for the market square, the former "
        "bus station site and a new enterprise hub, and asks Cabinet to accept the grant.",
        [
            "Accept the grant and its conditions.",
            "Approve the delivery plan at Appendix 1.",
            "Establish a town centre board with the terms of reference at Appendix 2.",
        ],
        "To deliver the regeneration of {place} town centre.",
        financial="The scheme is funded by grant; the council's match funding of £400,000 is "
        "in the capital programme.",
        key=True,
        amount=12_000_000,
        wards="{place}",
        appendices=["Appendix 1 - Delivery plan", "Appendix 2 - Board terms of reference"],
    ),
    Topic(
        "Special Educational Needs and Disability Sufficiency Strategy",
        "children",
        "decision",
        "Demand for specialist school places has grown by {pct}% in three years. The "
        "strategy proposes new resourced provision in mainstream schools and an expansion "
        "of {place} special school to keep children closer to home.",
        [
            "Approve the SEND sufficiency strategy at Appendix 1.",
            "Approve capital spending of £{amount_m}m on the first phase of new places.",
        ],
        "To meet the council's duty to secure sufficient school places (Education Act 1996, s14).",
        financial="The first phase is funded from the high needs provision capital grant.",
        key=True,
        amount=5_600_000,
        appendices=["Appendix 1 - SEND sufficiency strategy"],
    ),
    Topic(
        "Treasury Management Mid-Year Review",
        "finance",
        "recommendation",
        "The report reviews treasury management activity in the first half of the year, "
        "compliance with prudential indicators and the outlook for interest rates.",
        ["Recommend to Full Council that the mid-year treasury management review be noted."],
        "To comply with the CIPFA Treasury Management Code.",
        financial="Investment income is forecast to exceed budget by £{amount_k}k.",
        legal="Local Government Act 2003 and the CIPFA Prudential Code.",
    ),
    Topic(
        "Library Service Strategy",
        "economy",
        "decision",
        "Following consultation with {responses} residents, the strategy sets out how the "
        "council will keep all {libraries} libraries open through community partnerships, "
        "extended self-service hours and a new mobile service for rural areas.",
        ["Adopt the library service strategy at Appendix 1."],
        "To provide a comprehensive and efficient library service (Public Libraries and "
        "Museums Act 1964).",
        key=True,
        wards="All",
        appendices=["Appendix 1 - Library service strategy", "Appendix 2 - Consultation report"],
    ),
]

COUNCIL_TOPICS: list[Topic] = [
    Topic(
        "Budget {this_fy} and Medium Term Financial Plan",
        "finance",
        "decision",
        "Cabinet recommends a net revenue budget of £{budget}m and a council tax increase of "
        "{ct}% for {this_fy}, together with the capital programme and the "
        "medium term financial plan.",
        [
            "Approve the net revenue budget and council tax requirement.",
            "Approve the capital programme and capital strategy.",
            "Note the Section 151 Officer's report on the robustness of the estimates.",
        ],
        "To set a lawful and balanced budget.",
        financial="The financial implications are set out throughout the report.",
        legal="Local Government Finance Act 1992 and Local Government Act 2003, s25.",
        risk=("High", "Medium"),
        appendices=["Appendix 1 - Revenue budget", "Appendix 2 - Capital programme"],
    ),
    Topic(
        "Annual Report of the Overview and Scrutiny Committees",
        "leader",
        "information",
        "The chairs of the scrutiny committees report on the year's work, including reviews "
        "of home care, flood resilience and the council's use of agency staff.",
        ["Note the annual report."],
        "The constitution requires an annual report to Full Council.",
    ),
    Topic(
        "Changes to the Constitution",
        "leader",
        "decision",
        "The Monitoring Officer proposes updates to the procedure rules for public "
        "participation and the scheme of delegation to officers following a review by the "
        "Audit and Governance Committee.",
        ["Approve the changes to the constitution set out in Appendix 1."],
        "To keep the constitution up to date and lawful.",
        legal="Local Government Act 2000, s9P and s37.",
        appendices=["Appendix 1 - Tracked changes"],
    ),
    Topic(
        "Pay Policy Statement {this_fy}",
        "finance",
        "decision",
        "The council must publish a pay policy statement each year setting out its policies "
        "on the pay of chief officers and its lowest paid employees.",
        ["Approve the pay policy statement at Appendix 1."],
        "To comply with section 38 of the Localism Act 2011.",
        hr="The statement reflects the council's existing pay and grading structure.",
    ),
]

SCRUTINY_PEOPLE_TOPICS: list[Topic] = [
    Topic(
        "Home Care Commissioning Review",
        "adults",
        "review",
        "The committee asked for an update on the new home care contracts. Hours of unmet "
        "need have fallen from {unmet} to {unmet2} a week, though recruitment in rural wards "
        "remains difficult.",
        ["Consider the update and make any recommendations to the portfolio holder."],
        "To enable the committee to review the effectiveness of home care commissioning.",
        wellbeing="Timely home care helps people stay independent at home.",
    ),
    Topic(
        "Children's Social Care Annual Self-Evaluation",
        "children",
        "review",
        "The self-evaluation describes the quality of practice, the stability of the "
        "workforce and the areas for improvement ahead of the next inspection.",
        ["Consider the self-evaluation and identify any areas for future scrutiny."],
        "To support the committee in its scrutiny of children's services.",
    ),
    Topic(
        "Public Health Annual Report",
        "adults",
        "information",
        "This year's report focuses on healthy ageing in rural communities and the gap in "
        "life expectancy between the most and least deprived wards.",
        ["Note the annual report."],
        "The Director of Public Health must prepare an annual report (Health and Social "
        "Care Act 2012, s31).",
        wellbeing="The report is wholly concerned with health and well-being.",
    ),
    Topic(
        "Preparing for the Armed Forces Covenant Duty: Progress",
        "housing",
        "review",
        "An update on the council's work to have due regard to the Armed Forces Covenant in "
        "housing, education and health functions.",
        ["Note the progress made.", "Support the training plan for frontline staff."],
        "To ensure the council meets its legal duty.",
    ),
    Topic(
        "Written Statement of Action: SEND Improvement Progress",
        "children",
        "review",
        "Progress against the written statement of action: {done} of {total} milestones "
        "complete, with the remainder rated amber. Waiting times for assessments remain the "
        "main concern.",
        ["Consider progress and agree areas for further scrutiny."],
        "To monitor delivery of the improvement plan.",
        risk=("High", "Medium"),
    ),
    Topic(
        "Homelessness and Rough Sleeping Strategy: Draft for Consultation",
        "housing",
        "review",
        "A draft strategy for consultation, focusing on prevention, the supply of temporary "
        "accommodation in {place}, and support for young people leaving care.",
        ["Comment on the draft strategy before it goes to Cabinet."],
        "To enable scrutiny to shape the strategy.",
        legal="Homelessness Act 2002, s1.",
    ),
]

SCRUTINY_PLACE_TOPICS: list[Topic] = [
    Topic(
        "Flood Resilience Task and Finish Group: Final Report",
        "planning",
        "recommendation",
        "The task and finish group met {sessions} times and visited {place} and {place2}. "
        "It makes recommendations on gully cleaning, community flood plans and planning "
        "conditions for drainage.",
        ["Endorse the recommendations of the task and finish group and refer them to Cabinet."],
        "To complete the committee's review of flood resilience.",
        climate="Flood resilience is part of adapting to a changing climate.",
    ),
    Topic(
        "Highways Maintenance Performance",
        "highways",
        "review",
        "The committee reviews the condition of the road network, response times to "
        "potholes ({potholes} repaired this year) and the winter service plan.",
        ["Consider the report and make any recommendations."],
        "To enable the committee to scrutinise highways performance.",
    ),
    Topic(
        "Draft Local Plan: Preferred Options",
        "planning",
        "review",
        "The draft local plan proposes {homes} new homes over 15 years, with strategic sites "
        "at {place} and {place2} and a new employment area by the bypass.",
        ["Comment on the preferred options before public consultation."],
        "To contribute to the development of the local plan.",
        legal="Planning and Compulsory Purchase Act 2004, Part 2.",
    ),
    Topic(
        "Use of Agency Staff",
        "finance",
        "review",
        "Spending on agency staff was £{amount_m}m last year. The report sets out the "
        "recruitment and retention measures in social work and planning.",
        ["Consider the report and agree any recommendations to Cabinet."],
        "To review value for money in staffing.",
        hr="The measures form part of the workforce strategy.",
    ),
    Topic(
        "Parking Strategy Review",
        "highways",
        "review",
        "A review of charges and permits in council car parks, including proposals for "
        "evening charges in {place} and free parking in the run-up to Christmas.",
        ["Comment on the proposals before they go to Cabinet."],
        "To enable pre-decision scrutiny.",
    ),
    Topic(
        "Economic Development Strategy: Annual Update",
        "economy",
        "information",
        "An update on business support, inward investment and the visitor economy, "
        "including the {place} enterprise hub.",
        ["Note the update."],
        "To keep the committee informed.",
    ),
]

#: Exempt reports: (title, portfolio, paragraphs, public-interest reason, summary, body).
EXEMPT_TOPICS: list[tuple[str, str, list[int], str, str, str]] = [
    (
        "Disposal of Land at {place} Depot",
        "finance",
        [3],
        "The report contains the financial terms offered by bidders. Disclosure before "
        "contracts are exchanged would prejudice the council's ability to obtain best "
        "consideration, and the public interest in maintaining the exemption outweighs the "
        "public interest in disclosure.",
        "Terms for the sale of surplus depot land following a marketing exercise.",
        "Three bids were received. The preferred bidder has offered £{secret_k}k subject to "
        "planning, against a valuation of £{secret_k2}k. Officers recommend acceptance with "
        "an overage clause of 50% for ten years.",
    ),
    (
        "Award of Contract: Leisure Centre Management",
        "economy",
        [3],
        "Commercially sensitive tender prices and scoring would prejudice future "
        "procurements if published; the public interest favours withholding them until "
        "the award is announced.",
        "Outcome of the tender for the management of the council's leisure centres.",
        "Bidder B scored highest on quality and price with an annual management fee of "
        "£{secret_k}k. Bidder A's price was lower but failed the minimum quality threshold "
        "on safeguarding.",
    ),
    (
        "Senior Management Restructure",
        "leader",
        [1, 4],
        "The report contains information about named employees and proposals subject to "
        "consultation with the recognised trade unions; disclosure would be unfair to the "
        "individuals and would prejudice the consultation.",
        "Proposals to reorganise the senior management structure.",
        "Two director posts would be deleted and one new post created. The individuals "
        "affected have been briefed; redundancy costs are estimated at £{secret_k}k.",
    ),
    (
        "Acquisition of {place} Business Park",
        "economy",
        [3],
        "Disclosure of the negotiating position and price before completion would prejudice "
        "the council's commercial interests.",
        "Proposed acquisition of a business park to support local employment.",
        "The vendor has accepted heads of terms at £{secret_k}k, a net initial yield of "
        "6.1%. Due diligence has identified a roof repair liability of £{secret_k2}k.",
    ),
    (
        "Legal Advice: Judicial Review of Planning Decision",
        "planning",
        [5],
        "The report contains legal advice subject to legal professional privilege. The "
        "public interest in the council being able to take confidential legal advice "
        "outweighs that in disclosure.",
        "Counsel's advice on a claim for judicial review of a planning permission.",
        "Counsel considers the claim has reasonable prospects on ground two (failure to "
        "consider the heritage assessment) and advises that the council concede and "
        "redetermine the application. Costs exposure is estimated at £{secret_k}k.",
    ),
    (
        "Enforcement Action: Unauthorised Development at {place}",
        "planning",
        [6, 7],
        "The report reveals that the council proposes to serve an enforcement notice and "
        "contains information about a potential prosecution; publication would prejudice "
        "the action.",
        "Proposed enforcement against an unauthorised change of use.",
        "The landowner has ignored two planning contravention notices. Officers recommend "
        "an enforcement notice and, if it is not complied with, prosecution. Evidence from "
        "site visits is summarised in the confidential appendix.",
    ),
]


AUDIT_TOPICS: list[Topic] = [
    Topic(
        "Internal Audit Progress Report",
        "finance",
        "information",
        "Progress against the internal audit plan: {done} of {total} audits complete. Two "
        "limited assurance opinions were given, on payroll controls and on the management of "
        "direct payments.",
        ["Note the progress report and the management actions agreed."],
        "To give the committee assurance on the council's control environment.",
        legal="Accounts and Audit Regulations 2015, reg 5.",
    ),
    Topic(
        "Annual Governance Statement {fy}",
        "leader",
        "decision",
        "The draft annual governance statement reviews the effectiveness of the council's "
        "governance framework and identifies significant governance issues for the coming "
        "year, including financial sustainability and the SEND improvement plan.",
        [
            "Approve the annual governance statement for signature by the Leader and Chief "
            "Executive."
        ],
        "The council must publish an annual governance statement with its accounts.",
        legal="Accounts and Audit Regulations 2015, reg 6.",
    ),
    Topic(
        "Strategic Risk Register",
        "leader",
        "review",
        "The register holds {measures} strategic risks. Three are rated high: the budget gap, "
        "the demand for children's placements and the resilience of the ICT estate.",
        ["Consider the register and identify any risks for a deep dive."],
        "To provide oversight of the council's risk management arrangements.",
        risk=("High", "Medium"),
    ),
    Topic(
        "External Audit Findings Report",
        "finance",
        "information",
        "The external auditor reports on the audit of the {fy} statement of accounts and the "
        "council's arrangements for securing value for money.",
        ["Note the findings report and the management responses."],
        "To comply with the Local Audit and Accountability Act 2014.",
    ),
    Topic(
        "Counter Fraud and Corruption Annual Report",
        "finance",
        "information",
        "A summary of fraud referrals and investigations, including {n} council tax single "
        "person discount cases and one procurement matter referred to the police.",
        ["Note the annual report."],
        "To provide assurance on the council's counter fraud arrangements.",
    ),
]

#: An item taken as urgent at a held Cabinet meeting (LGA 1972 s100B(4)(b)), decided under
#: special urgency (SI 2012/2089 reg 11) because it was not in the forward plan.
URGENT_TOPIC = Topic(
    "Emergency Repairs to {place} Bridge",
    "highways",
    "decision",
    "The bridge carrying the B-road over the river at {place} was closed on safety grounds "
    "after a principal inspection found scour damage to a pier. Repairs must start before "
    "the winter high flows; the estimated cost is £{amount_k}k.",
    [
        "Approve emergency repairs to {place} Bridge at an estimated cost of £{amount_k}k, "
        "funded from the highways contingency.",
        "Note that the decision is exempt from call-in under the special urgency procedure.",
    ],
    "To reopen a strategic route safely and prevent further damage to the structure.",
    financial="Funded from the highways capital contingency.",
    risk=("High", "Medium"),
    key=True,
    amount=720_000,
)
