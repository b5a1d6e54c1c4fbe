"""Fixed fictional content for the demo council: places, name pools, posts, report topics.

Everything here is invented. Place names are made up for Wessex Vale, people are drawn
at random (seeded) from pools of common given names and surnames, telephone numbers are
in Ofcom's drama range (01632 960xxx) and email addresses use a reserved example domain,
so nothing in the demo can be mistaken for a real council, councillor or officer.

The builder fills the ``{placeholders}`` (places, years, amounts, people) with seeded
choices; this module holds no Django imports so it can be read and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from minutebook.demo import data_topics

# The report topics live in a module of their own (by size); read here as ``data.<NAME>``.
AUDIT_TOPICS = data_topics.AUDIT_TOPICS
CABINET_TOPICS = data_topics.CABINET_TOPICS
COUNCIL_TOPICS = data_topics.COUNCIL_TOPICS
EXEMPT_TOPICS = data_topics.EXEMPT_TOPICS
SCRUTINY_PEOPLE_TOPICS = data_topics.SCRUTINY_PEOPLE_TOPICS
SCRUTINY_PLACE_TOPICS = data_topics.SCRUTINY_PLACE_TOPICS
URGENT_TOPIC = data_topics.URGENT_TOPIC
Topic = data_topics.Topic


COUNCIL_NAME = "Wessex Vale Council"
COUNCIL_SLUG = "wessex-vale"
COUNCIL_SHORT_NAME = "Wessex Vale"
EMAIL_DOMAIN = "wessexvale.example.gov.uk"
WEBSITE = "https://www.wessexvale.example.gov.uk/"
COUNCIL_TOWN = "Amblesford"
COUNCIL_ADDRESS = "Vale House, Market Street, Amblesford, WX1 4VC"
COUNCIL_PHONE = "01632 960000"
MAIN_VENUE = "Council Chamber, Vale House, Market Street, Amblesford"
COMMITTEE_ROOM = "Kingsmere Room, Vale House, Market Street, Amblesford"
ONLINE_LINK = "https://meetings.wessexvale.example.gov.uk/live"

#: Marks every piece of exempt content the demo writes. Leak tests search public pages
#: for it; it must never appear in anything the public can reach.
EXEMPT_CANARY = "WVX-RESTRICTED-CANARY"

#: Twenty two-member wards: 40 councillors.
WARDS: list[str] = [
    "Amblesford Central",
    "Amblesford North",
    "Ashcombe and Fenny Down",
    "Bramblecote",
    "Brockwell Vale",
    "Chalkhurst",
    "Coldmere",
    "Dunsley St Giles",
    "Eastwick Marsh",
    "Fernhallow",
    "Gorsebury",
    "Harrowden Hill",
    "Kingsmere",
    "Lower Ockbridge",
    "Millbourne",
    "Netherstowe",
    "Pellham Cross",
    "Rushmead",
    "Thornacre",
    "Upper Wendle",
]

#: Political groups: (name, short name, colour, seats, independent?). Seats total 40.
GROUPS: list[tuple[str, str, str, int, bool]] = [
    ("Vale Alliance Group", "Alliance", "#1d70b8", 17, False),
    ("Wessex First Group", "Wessex First", "#d4351c", 12, False),
    ("Progressive Group", "Progressive", "#f47738", 6, False),
    ("Green Vale Group", "Green", "#00703c", 3, False),
    ("Independent members", "Independent", "#6f777b", 2, True),
]

FIRST_NAMES: list[str] = [
    "Adele",
    "Alan",
    "Alison",
    "Amir",
    "Andrew",
    "Angela",
    "Anthony",
    "Barbara",
    "Beatrice",
    "Bernard",
    "Bethany",
    "Brian",
    "Caroline",
    "Catherine",
    "Charles",
    "Chloe",
    "Christine",
    "Colin",
    "Daniel",
    "Deborah",
    "Derek",
    "Diane",
    "Edward",
    "Eleanor",
    "Elizabeth",
    "Emma",
    "Fiona",
    "Frances",
    "Gareth",
    "Geoffrey",
    "Gillian",
    "Graham",
    "Hannah",
    "Harriet",
    "Helen",
    "Hugh",
    "Imogen",
    "Isaac",
    "Jacqueline",
    "James",
    "Janet",
    "Jennifer",
    "Jonathan",
    "Joseph",
    "Julia",
    "Karen",
    "Keith",
    "Kirsty",
    "Laura",
    "Leonard",
    "Lucy",
    "Malcolm",
    "Margaret",
    "Martin",
    "Matthew",
    "Megan",
    "Michael",
    "Nadia",
    "Neil",
    "Nicola",
    "Nigel",
    "Oliver",
    "Patricia",
    "Paul",
    "Philippa",
    "Priya",
    "Rachel",
    "Raymond",
    "Rebecca",
    "Richard",
    "Robert",
    "Rosalind",
    "Samuel",
    "Sarah",
    "Simon",
    "Sophie",
    "Stephen",
    "Susan",
    "Thomas",
    "Timothy",
    "Trevor",
    "Valerie",
    "Victoria",
    "William",
    "Yusuf",
    "Zara",
]

LAST_NAMES: list[str] = [
    "Abbott",
    "Ainsworth",
    "Ashdown",
    "Bancroft",
    "Barrowclough",
    "Beddow",
    "Blakemore",
    "Bramwell",
    "Brightwell",
    "Callard",
    "Catterall",
    "Chadwick",
    "Cheverton",
    "Colebrook",
    "Cranfield",
    "Dallimore",
    "Delahaye",
    "Dimmock",
    "Dunford",
    "Eastment",
    "Edgecombe",
    "Farquhar",
    "Fenwick",
    "Fordham",
    "Gathercole",
    "Gillingham",
    "Goodall",
    "Greenslade",
    "Hallett",
    "Hambly",
    "Harcourt",
    "Hatherley",
    "Hebditch",
    "Hollings",
    "Ingleby",
    "Jeffcoate",
    "Kellaway",
    "Kingdon",
    "Lambourne",
    "Larcombe",
    "Ledbury",
    "Lovegrove",
    "Maddocks",
    "Marchbank",
    "Merrifield",
    "Mowbray",
    "Nethercott",
    "Newbold",
    "Oakhill",
    "Ollerton",
    "Pardoe",
    "Pengelly",
    "Pocock",
    "Quartermain",
    "Radford",
    "Rendell",
    "Rowsell",
    "Sallis",
    "Scadding",
    "Shergold",
    "Slade",
    "Stallard",
    "Tapscott",
    "Thackeray",
    "Trowbridge",
    "Tuckwell",
    "Upcott",
    "Vallance",
    "Venning",
    "Wakeham",
    "Warburton",
    "Westcott",
    "Whitlock",
    "Winstanley",
    "Yelland",
    "Youngman",
    "Ashby",
    "Bellamy",
    "Carew",
    "Dyer",
    "Elsworth",
    "Frampton",
    "Gedge",
    "Hosegood",
    "Kerslake",
    "Loveridge",
]

HONORIFICS_OFFICER: list[str] = ["", "", "", "Dr"]


@dataclass(frozen=True)
class Post:
    """An officer post: the key lets reports and committees name who writes or clerks."""

    key: str
    job_title: str
    directorate: str
    is_democratic_services: bool = False


OFFICER_POSTS: list[Post] = [
    Post("chief_executive", "Chief Executive", "Chief Executive's Office"),
    Post("monitoring_officer", "Director of Law and Governance (Monitoring Officer)", "Corporate"),
    Post("s151", "Executive Director, Corporate Resources (Section 151 Officer)", "Corporate"),
    Post("ed_place", "Executive Director, Place", "Place"),
    Post("ed_adults", "Executive Director, People - Adults", "People"),
    Post("ed_children", "Executive Director, People - Children", "People"),
    Post("ds_manager", "Democratic Services Manager", "Corporate", is_democratic_services=True),
    Post("dso_1", "Democratic Services Officer", "Corporate", is_democratic_services=True),
    Post("dso_2", "Democratic Services Officer", "Corporate", is_democratic_services=True),
    Post("dso_3", "Senior Democratic Services Officer", "Corporate", is_democratic_services=True),
    Post("head_planning", "Head of Planning and Building Control", "Place"),
    Post("planning_team", "Area Planning Manager (North)", "Place"),
    Post("planning_south", "Area Planning Manager (South)", "Place"),
    Post("head_finance", "Head of Financial Services", "Corporate"),
    Post("head_property", "Head of Assets and Property", "Place"),
    Post("head_highways", "Service Manager, Highways and Transport", "Place"),
    Post("head_climate", "Climate and Ecology Programme Lead", "Place"),
    Post("head_housing", "Head of Housing Services", "Place"),
    Post("head_waste", "Service Manager, Waste and Street Scene", "Place"),
    Post("head_adults", "Director of Adult Care Commissioning", "People"),
    Post("head_education", "Director of Education and Learning", "People"),
    Post("head_children", "Head of Children's Social Care", "People"),
    Post("public_health", "Consultant in Public Health", "People"),
    Post("head_policy", "Head of Strategy and Performance", "Chief Executive's Office"),
    Post("head_hr", "Head of Human Resources and Organisational Development", "Corporate"),
    Post("head_ict", "Head of Digital and Technology", "Corporate"),
    Post("head_community", "Service Manager, Communities and Partnerships", "Place"),
    Post("head_economy", "Head of Economic Growth and Regeneration", "Place"),
]


@dataclass(frozen=True)
class PortfolioDef:
    key: str
    title: str
    description: str
    is_leader: bool = False
    is_deputy: bool = False


PORTFOLIOS: list[PortfolioDef] = [
    PortfolioDef(
        "leader",
        "Leader of the Council: Strategy, Performance and Communications",
        "The council plan, performance, partnerships and communications.",
        is_leader=True,
    ),
    PortfolioDef(
        "adults",
        "Deputy Leader: Adults, Health and Wellbeing",
        "Adult social care, public health and the integrated care partnership.",
        is_deputy=True,
    ),
    PortfolioDef(
        "finance",
        "Finance, Commercial and Assets",
        "The budget, treasury management, procurement and the council's estate.",
    ),
    PortfolioDef(
        "children",
        "Children, Education and Skills",
        "Children's services, schools, SEND and skills.",
    ),
    PortfolioDef(
        "highways",
        "Highways, Transport and Waste",
        "Roads, passenger transport, parking, waste collection and street scene.",
    ),
    PortfolioDef(
        "housing",
        "Housing and Community Safety",
        "Housing strategy, homelessness, community safety and regulatory services.",
    ),
    PortfolioDef(
        "planning",
        "Planning, Climate and Environment",
        "Local plan, building control, the climate and ecological emergency.",
    ),
    PortfolioDef(
        "economy",
        "Economic Growth and Culture",
        "Regeneration, town centres, tourism, libraries and leisure.",
    ),
]

#: Portfolio key -> the posts that write its reports and the directorate lead.
PORTFOLIO_OFFICERS: dict[str, tuple[list[str], str]] = {
    "leader": (["head_policy", "head_community"], "chief_executive"),
    "adults": (["head_adults", "public_health"], "ed_adults"),
    "finance": (["head_finance", "head_property"], "s151"),
    "children": (["head_education", "head_children"], "ed_children"),
    "highways": (["head_highways", "head_waste"], "ed_place"),
    "housing": (["head_housing", "head_community"], "ed_place"),
    "planning": (["head_climate", "head_planning"], "ed_place"),
    "economy": (["head_economy", "head_property"], "ed_place"),
}


#: Planning applications: (proposal, site, recommendation, range of {n}).
PLANNING_PROPOSALS: list[tuple[str, str, str, tuple[int, int]]] = [
    (
        "Erection of {n} dwellings with associated access, parking and open space",
        "Land north of {lane}, {place}",
        "Grant subject to conditions and a section 106 agreement",
        (8, 180),
    ),
    (
        "Change of use of agricultural building to {n} holiday lets",
        "{farm} Farm, {lane}, {place}",
        "Grant subject to conditions",
        (2, 8),
    ),
    (
        "Installation of a {n}MW ground-mounted solar farm with battery storage",
        "Land at {farm} Farm, {place}",
        "Grant subject to conditions",
        (5, 40),
    ),
    (
        "Demolition of existing garage and erection of a two-storey dwelling",
        "{n} {lane}, {place}",
        "Refuse",
        (1, 80),
    ),
    (
        "Extension to primary school to provide {n} additional classrooms",
        "{place} Primary School, {lane}",
        "Grant subject to conditions",
        (2, 6),
    ),
    (
        "Outline application for up to {n} dwellings (all matters reserved except access)",
        "Land east of {lane}, {place}",
        "Grant subject to conditions and a section 106 agreement",
        (20, 250),
    ),
    (
        "Variation of condition 3 to extend opening hours of food store",
        "Former Mill Site, {lane}, {place}",
        "Grant subject to conditions",
        (0, 0),
    ),
    (
        "Erection of a {n}-bed care home with landscaping and parking",
        "Land off {lane}, {place}",
        "Refuse",
        (40, 80),
    ),
]

LANES: list[str] = [
    "Church Lane",
    "Mill Road",
    "Station Road",
    "Back Lane",
    "Sheepwash Lane",
    "Orchard Way",
    "Holloway Lane",
    "Long Street",
    "Cuckoo Lane",
    "Ridgeway",
]

FARMS: list[str] = ["Hollybrook", "Sandpit", "Westleaze", "Coppice", "Barrow Hill", "Nettlecombe"]

#: Public questions: (text, portfolio it is addressed to).
PUBLIC_QUESTIONS: list[tuple[str, str]] = [
    (
        "Will the council explain why the resurfacing of {lane} in {place} has been postponed "
        "again, and when residents can expect the work to be done?",
        "highways",
    ),
    (
        "How many households from {place} are currently in temporary accommodation outside "
        "the Wessex Vale area?",
        "housing",
    ),
    (
        "What assessment has the council made of the effect of the proposed parking charges "
        "on small businesses in {place}?",
        "highways",
    ),
    ("Will the portfolio holder commit to keeping {place} library open on Saturdays?", "economy"),
    (
        "When will the council publish the results of the air quality monitoring on {lane}?",
        "planning",
    ),
    ("Why was the bus shelter on {lane} removed, and will it be replaced?", "highways"),
    (
        "How many children from {place} travel more than an hour each way to a special school?",
        "children",
    ),
]

PUBLIC_STATEMENTS: list[str] = [
    "As chair of the {place} residents' association I ask the committee to note the strength "
    "of local feeling about flooding on {lane}, which has affected homes three winters "
    "running.",
    "I speak for parents at {place} Primary School. The proposed changes to transport would "
    "leave children walking an unlit route along {lane}.",
]

PETITIONS: list[str] = [
    "We the undersigned ask Wessex Vale Council to install a pedestrian crossing on {lane}, "
    "{place}, outside the village shop.",
]

#: Portfolio each councillor question (below, in order) is put to.
COUNCILLOR_QUESTION_PORTFOLIOS: list[str] = ["highways", "children", "leader", "housing"]

COUNCILLOR_QUESTIONS: list[str] = [
    "Can the portfolio holder confirm how many potholes were reported in {place} ward last "
    "quarter and what proportion were repaired within the target time?",
    "What steps is the council taking to recruit and retain social workers?",
    "Will the Leader update members on the council's response to the consultation on local "
    "government funding?",
    "How many affordable homes were completed in the district last year?",
]

#: Declarations: (kind, interest, action). The first two suit any item; the rest relate
#: to a planning application site.
#: Declarations: (kind, interest, action). Any item:
DECLARATIONS_ANY: list[tuple[str, str, str]] = [
    ("other_registrable", "Is a governor of {place} Primary School.", "Remained and took part."),
    ("other_registrable", "Is a member of {place} Town Council.", "Remained and took part."),
    (
        "non_registrable",
        "A close family member works for a provider named in the report.",
        "Left the room and took no part in the debate or vote.",
    ),
]

#: Declarations on a planning application.
DECLARATIONS_PLANNING: list[tuple[str, str, str]] = [
    (
        "non_registrable",
        "A close family member lives on {lane}, next to the application site.",
        "Left the room and took no part in the debate or vote.",
    ),
    (
        "pecuniary",
        "Owns land adjoining the application site.",
        "Left the meeting for the item; no dispensation held.",
    ),
    (
        "other_registrable",
        "Is a member of the parish council that commented on the application.",
        "Spoke as ward member and did not vote.",
    ),
]

MOTIONS: list[str] = [
    "This council notes the importance of community bus services to rural {place} and "
    "resolves to ask Cabinet to review support for community transport in next year's budget.",
    "This council recognises the contribution of volunteers to flood wardens' schemes and "
    "asks the Leader to write to the Environment Agency seeking funding for {place}.",
]

#: Towns and villages, each in one of the wards above (used in report text and wards affected).
PLACES: dict[str, str] = {
    "Amblesford": "Amblesford Central",
    "Ashcombe": "Ashcombe and Fenny Down",
    "Bramblecote": "Bramblecote",
    "Brockwell": "Brockwell Vale",
    "Chalkhurst": "Chalkhurst",
    "Coldmere": "Coldmere",
    "Dunsley St Giles": "Dunsley St Giles",
    "Eastwick": "Eastwick Marsh",
    "Fernhallow": "Fernhallow",
    "Gorsebury": "Gorsebury",
    "Harrowden": "Harrowden Hill",
    "Kingsmere": "Kingsmere",
    "Lower Ockbridge": "Lower Ockbridge",
    "Millbourne": "Millbourne",
    "Netherstowe": "Netherstowe",
    "Pellham": "Pellham Cross",
    "Rushmead": "Rushmead",
    "Thornacre": "Thornacre",
    "Upper Wendle": "Upper Wendle",
}

URGENCY_REASON = (
    "The bridge was closed after the agenda was published; waiting for the next meeting "
    "would delay repairs into the winter high-flow season."
)

#: Register of interests: occupations, and other registrable interests.
OCCUPATIONS: list[str] = [
    "Self-employed chartered surveyor",
    "Retired primary school teacher",
    "Director, {last} Joinery Ltd",
    "Part-time community pharmacist",
    "Farmer (tenant), {farm} Farm",
    "Solicitor (non-practising)",
    "Company secretary of a housing association",
    "Retired police officer",
    "Owner, {place} village shop",
    "Charity fundraising manager",
]

OTHER_INTERESTS: list[str] = [
    "Member of {place} Town Council",
    "Trustee of the {place} Community Hall Trust",
    "Governor of {place} Primary School",
    "Member of the Wessex Vale Ramblers",
    "Volunteer flood warden for {place}",
]
