"""The fictional demo content, as plain data: loader.py turns it into records.

Everything here is invented. No organisation, force, charity, department or person is real: a made-up
scorecard status against a real company would mislead whoever sees a screenshot. Email addresses use
the reserved example.org domain and phone numbers come from Ofcom's ranges reserved for drama.

Dates are offsets in days from the load date ("today"), so the demo always looks current: negative
is the past, positive the future. Organisations, people and users are referred to by short keys.
Summaries record partnership work only (who met, what was agreed), never any abuse content.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm.models import (
    ActionStatus,
    AliasKind,
    CommitmentStatus,
    EngagementKind,
    Priority,
    RelationshipStatus,
    Role,
    Sector,
)

# Shorter names for the tables below.
ACTIVE, DORMANT = RelationshipStatus.ACTIVE, RelationshipStatus.DORMANT
PROSPECTIVE, CLOSED = RelationshipStatus.PROSPECTIVE, RelationshipStatus.CLOSED
ALIAS, FORMER = AliasKind.ALIAS, AliasKind.FORMER
OPEN, IN_PROGRESS, BLOCKED = ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED
DONE, CANCELLED = ActionStatus.DONE, ActionStatus.CANCELLED
LOW, MEDIUM, HIGH = Priority.LOW, Priority.MEDIUM, Priority.HIGH
MEETING, CALL, EMAIL = EngagementKind.MEETING, EngagementKind.CALL, EngagementKind.EMAIL
EVENT, VISIT, LETTER = EngagementKind.EVENT, EngagementKind.VISIT, EngagementKind.LETTER
OTHER = EngagementKind.OTHER
TECH, POLICE = Sector.TECHNOLOGY, Sector.LAW_ENFORCEMENT
CHARITY, GOVERNMENT = Sector.CHARITY, Sector.GOVERNMENT

ALL_ASKS = ("block-upload", "stop-grooming", "live-streaming", "support-law-enforcement", "transparency")

# How each ask reads inside a sentence ("a call on ...").
ASK_TOPICS = {
    "block-upload": "blocking abuse material at upload",
    "stop-grooming": "preventing grooming",
    "live-streaming": "shutting down live-streamed abuse",
    "support-law-enforcement": "support for law enforcement",
    "transparency": "transparency and sharing best practice",
}


@dataclass(frozen=True)
class TeamSpec:
    name: str
    description: str


@dataclass(frozen=True)
class UserSpec:
    key: str
    email: str
    name: str
    role: Role
    team: str | None


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    sector: Sector
    sub_type: str
    domain: str  # website and email domain, always under example.org
    phone_area: str  # the Ofcom drama range its landlines come from, e.g. "020 7946 0"
    lead: str  # user key of the lead officer
    summary: str
    status: RelationshipStatus = ACTIVE
    country: str = "United Kingdom"
    parent: str | None = None
    aliases: tuple[tuple[str, AliasKind], ...] = ()
    tags: tuple[str, ...] = ()
    weight: int = 1  # how often it turns up in routine engagements; 0 = only in the storylines
    quiet_days: int = 0  # no routine engagements this recently: the relationship has gone quiet


@dataclass(frozen=True)
class PreviousRole:
    org: str
    job_title: str
    started_months_ago: int
    ended_months_ago: int  # also when the current role started


@dataclass(frozen=True)
class PersonSpec:
    org: str
    name: str
    job_title: str
    notes: str = ""
    do_not_contact: bool = False
    mobile: bool = False
    email_local: str = ""  # overrides the usual "initial.surname"
    previous: PreviousRole | None = None


@dataclass(frozen=True)
class ActionSpec:
    """A follow-up. Owed by us when partner is None (officer owns it); else officer chases it."""

    title: str
    officer: str
    status: ActionStatus
    due: int | None
    priority: Priority = MEDIUM
    partner: str | None = None
    person: str | None = None  # a person at the partner organisation
    ask: str | None = None
    orgs: tuple[str, ...] = ()  # defaults to the partner, or the engagement's first organisation
    description: str = ""
    completed: int | None = None
    note: str = ""


@dataclass(frozen=True)
class StoryEngagement:
    day: int
    time: str  # London clock time
    kind: EngagementKind
    title: str
    summary: str
    orgs: tuple[str, ...]
    people: tuple[str, ...]  # names
    officers: tuple[str, ...]  # user keys; the first recorded it
    asks: tuple[str, ...] = ()
    minutes: int | None = 60
    sensitive: bool = False  # OFFICIAL-SENSITIVE, seen by the recording officer's team
    actions: tuple[ActionSpec, ...] = ()


@dataclass(frozen=True)
class RoutineAction:
    """A follow-up a routine engagement may raise; {a} is its first organisation, {ask} its first ask."""

    title: str
    by_partner: bool
    completion_note: str
    priority: Priority = MEDIUM


@dataclass(frozen=True)
class RoutineTemplate:
    """A kind of routine engagement, filled with organisations drawn at random.

    picks: a sector (one organisation drawn from it, weighted) or an organisation key, per slot;
    the names fill {a}, {b}, {c}, {d} and {all}. asks: fixed ask keys, else random_asks drawn.
    """

    kind: EngagementKind
    title: str
    summary: str
    picks: tuple[Sector | str, ...]
    weight: int
    minutes: int | None = 60
    asks: tuple[str, ...] = ()
    random_asks: int = 0
    sensitive_chance: float = 0.07
    actions: tuple[RoutineAction, ...] = ()


# The tables below are laid out by hand, one record to a few lines: the formatter would put every field
# on its own line and double the length of the file without making it easier to read.
# fmt: off

TEAMS = (
    TeamSpec("Online Harms Partnerships", "Liaison with technology companies, charities and government."),
    TeamSpec("Law Enforcement Liaison", "Liaison with the national unit, regional units and police forces."),
    TeamSpec("Analysis and Briefing", "Analysts and private office: reporting and ministerial briefing."),
)
OHP, LEL, AAB = (team.name for team in TEAMS)

# In the order DemoSummary lists them: admin, lead, officers, viewer.
USERS = (
    UserSpec("admin", "admin@demo.example.org", "Priya Nair", Role.ADMIN, AAB),
    UserSpec("lead", "lead@demo.example.org", "Catherine Holt", Role.LEAD, OHP),
    UserSpec("officer", "officer@demo.example.org", "Sam Okafor", Role.OFFICER, OHP),
    UserSpec("officer2", "officer2@demo.example.org", "Tom Whitfield", Role.OFFICER, OHP),
    UserSpec("officer3", "officer3@demo.example.org", "Hannah Ellis", Role.OFFICER, LEL),
    UserSpec("viewer", "viewer@demo.example.org", "Ravi Desai", Role.VIEWER, AAB),
)

# Ofcom's ranges for drama (e.g. 020 7946 0000 to 0999): a person's number is the range plus three digits.
LONDON, MANCHESTER, LEEDS = "020 7946 0", "0161 496 0", "0113 496 0"
BIRMINGHAM, BRISTOL, TYNESIDE = "0121 496 0", "0117 496 0", "0191 498 0"

ORGANISATIONS = (
    # Technology companies: a few large platforms with long histories, then smaller ones.
    OrgSpec(
        "wrenfield", "Wrenfield Technologies", TECH, "search and cloud services", "wrenfield.example.org",
        LONDON, "officer2",
        "Large search and cloud provider and parent of Lumen Video. Early supporter of the five asks: "
        "runs hash matching across its services, publishes a transparency report and offers its grooming "
        "classifier free to smaller companies.",
        country="United States", aliases=(("Wrenfield", ALIAS), ("Wrenfield Tech", ALIAS)),
        tags=("priority platform", "overseas HQ", "transparency reporting", "technology sharing"), weight=4,
    ),
    OrgSpec(
        "lumen", "Lumen Video", TECH, "video sharing", "lumen.example.org", LONDON, "officer2",
        "Video-sharing service owned by Wrenfield Technologies; renamed from Lumenstream. Video hash "
        "matching is live on every upload; live-stream detection is the open question.",
        country="United States", parent="wrenfield", aliases=(("Lumenstream", FORMER), ("Lumen", ALIAS)),
        tags=("priority platform", "live streaming"), weight=4,
    ),
    OrgSpec(
        "kestrel", "Kestrel Social", TECH, "social network", "kestrel.example.org", LONDON, "officer",
        "One of the largest social networks used by UK children and the longest relationship in the "
        "partnership. Delivered hash matching at upload and a UK transparency report; grooming prevention "
        "through age assurance is in progress.",
        country="United States", aliases=(("Kestrel", ALIAS), ("KestrelNet", FORMER)),
        tags=("priority platform", "overseas HQ", "transparency reporting"), weight=7,
    ),
    OrgSpec(
        "brightwave", "Brightwave Messaging", TECH, "messaging platform", "brightwave.example.org", LONDON,
        "officer",
        "Messaging platform moving all chats to end-to-end encryption. Committed on law-enforcement support "
        "and transparency; how it keeps detecting grooming and known material under encryption is the "
        "central, still unresolved, conversation.",
        country="Ireland", aliases=(("Brightwave", ALIAS),),
        tags=("priority platform", "end-to-end encryption", "overseas HQ"), weight=6,
    ),
    OrgSpec(
        "harbourline", "Harbourline Chat", TECH, "chat and community platform", "harbourline.example.org",
        MANCHESTER, "officer",
        "UK chat-room and community platform popular with teenagers. Brought moderation in-house and is "
        "scoping live-stream detection; a named 24/7 law-enforcement contact is still outstanding.",
        tags=("live streaming", "UK HQ"), weight=4,
    ),
    OrgSpec(
        "streamvale", "Streamvale Live", TECH, "live-streaming platform", "streamvale.example.org", LEEDS,
        "officer",
        "Live-streaming platform piloting a live-stream classifier with government co-funding for its "
        "evaluation, and offering to share it with smaller platforms.",
        tags=("live streaming", "technology sharing", "UK HQ"), weight=4,
    ),
    OrgSpec(
        "tesselate", "Tesselate Cloud", TECH, "file hosting and cloud storage", "tesselate.example.org",
        LONDON, "officer2",
        "File-hosting company; joined the Beacon Hotline Trust hash list and blocks known material at "
        "upload. No user-to-user chat, so grooming and live-streaming asks barely apply.",
        country="Germany", tags=("file hosting", "hash list member"), weight=2,
    ),
    OrgSpec(
        "moonfern", "Moonfern Games", TECH, "online gaming platform", "moonfern.example.org", BIRMINGHAM,
        "officer2",
        "Games studio and platform with in-game chat. Trialling a grooming classifier licensed free from "
        "Wrenfield; considering hash list membership.",
        tags=("gaming", "UK HQ"), weight=2,
    ),
    OrgSpec(
        "quillpoint", "Quillpoint Forums", TECH, "forum hosting", "quillpoint.example.org", LONDON,
        "officer2",
        "Small overseas forum host. Declined to name a UK law-enforcement contact, citing jurisdiction; "
        "otherwise unresponsive.",
        status=DORMANT, country="Netherlands", tags=("small company", "overseas HQ"), quiet_days=300,
    ),
    OrgSpec(
        "sparrowtalk", "Sparrowtalk", TECH, "dating and chat app", "sparrowtalk.example.org", BRISTOL,
        "officer2",
        "Small dating and chat app preparing a UK launch. First contact made; being introduced to the "
        "hash list and free classifier offers.",
        status=PROSPECTIVE, tags=("small company",), weight=0,
    ),
    OrgSpec(
        "mistlebox", "Mistlebox Files", TECH, "file sharing", "mistlebox.example.org", TYNESIDE, "officer2",
        "Small file-sharing service that closed its consumer service. Kept hash matching running until "
        "closure and handed over outstanding law-enforcement requests.",
        status=CLOSED, aliases=(("Mistlebox", ALIAS),), tags=("file hosting", "small company"),
        quiet_days=250,
    ),
    # Law enforcement: national and regional units, and forces.
    OrgSpec(
        "nocpu", "National Online Child Protection Unit", POLICE, "national law enforcement unit",
        "nocpu.example.org", LONDON, "officer3",
        "The national unit that receives industry referrals and leads on industry engagement for law "
        "enforcement. Sets the referral-quality criteria used across the partnership.",
        aliases=(("NOCPU", ALIAS),), tags=("national",), weight=5,
    ),
    OrgSpec(
        "nis", "National Image Identification Service", POLICE, "national victim identification service",
        "niis.example.org", BIRMINGHAM, "officer3",
        "Runs the national image database and victim identification; supplies hashes to Beacon Hotline "
        "Trust and platforms.",
        aliases=(("NIIS", ALIAS),), tags=("national", "hash list member"), weight=2,
    ),
    OrgSpec(
        "northfold", "Northfold Regional Organised Crime Unit", POLICE, "regional organised crime unit",
        "northfold-rocu.example.org", LEEDS, "officer3",
        "Regional unit with an online child abuse team funded from the £21m; pilot region for a single point "
        "of contact for industry referrals.",
        aliases=(("Northfold ROCU", ALIAS),), tags=("regional",), weight=3,
    ),
    OrgSpec(
        "southmere", "Southmere Regional Organised Crime Unit", POLICE, "regional organised crime unit",
        "southmere-rocu.example.org", BRISTOL, "officer3",
        "Regional unit building undercover online capability funded from the £21m.",
        aliases=(("Southmere ROCU", ALIAS),), tags=("regional",), weight=2,
    ),
    OrgSpec(
        "wexmoor", "Wexmoor Constabulary", POLICE, "police force", "wexmoor-police.example.org", MANCHESTER,
        "officer3",
        "Force whose online investigations team receives referrals passed down by the national unit; "
        "good source of evidence on delays with overseas platforms.",
        aliases=(("Wexmoor Police", ALIAS),), tags=("police force",), weight=2,
    ),
    OrgSpec(
        "hollinsford", "Hollinsford Police", POLICE, "police force", "hollinsford-police.example.org",
        BIRMINGHAM, "officer3",
        "Force with a small digital media investigation unit; struggles with timely responses from small "
        "and overseas platforms.",
        aliases=(("Hollinsford City Police", FORMER),), tags=("police force",), weight=1,
    ),
    # Charities, helplines and hotlines.
    OrgSpec(
        "safeharbour", "SafeHarbour Helpline", CHARITY, "helpline", "safeharbour.example.org", LONDON,
        "officer",
        "Children's helpline. Shares aggregate, anonymised trends from contacts about online grooming each "
        "quarter to inform conversations with platforms.",
        tags=("helpline",), weight=3,
    ),
    OrgSpec(
        "beacon", "Beacon Hotline Trust", CHARITY, "hotline", "beacon.example.org", LONDON, "officer2",
        "Reporting hotline that assesses public reports and maintains the hash list that platforms use to "
        "block known material. Key route for smaller companies into the partnership.",
        aliases=(("Beacon Hotline", ALIAS),), tags=("reporting hotline", "hash list member"), weight=3,
    ),
    OrgSpec(
        "lanternway", "Lanternway Foundation", CHARITY, "offender prevention charity",
        "lanternway.example.org", BIRMINGHAM, "lead",
        "Prevention charity funded from the £2.6m to understand offender behaviour and prevent offending; "
        "shares aggregate research findings with platforms.",
        tags=("prevention", "grant recipient"), weight=2,
    ),
    OrgSpec(
        "stillbrook", "Stillbrook Children's Trust", CHARITY, "child protection research charity",
        "stillbrook.example.org", TYNESIDE, "lead",
        "Research charity funded from the £2.6m; research delayed by recruitment and contact has gone quiet.",
        tags=("grant recipient", "research"), quiet_days=70,
    ),
    OrgSpec(
        "larkspur", "Larkspur Survivors Network", CHARITY, "survivor support charity", "larkspur.example.org",
        MANCHESTER, "lead",
        "Survivor support network; advises on how the partnership talks about victims and survivors.",
        tags=("survivor voice",), quiet_days=120,
    ),
    # Government teams.
    OrgSpec(
        "dpp", "Department for Public Protection", GOVERNMENT, "government department", "dpp.example.org",
        LONDON, "lead",
        "The department that owns the five asks; ministers and private office.",
        tags=("ministerial",),
    ),
    OrgSpec(
        "tceu", "Tackling Child Exploitation Unit", GOVERNMENT, "policy team", "tceu.example.org", LONDON,
        "lead",
        "Policy team in the Department for Public Protection; holds the £21m and £2.6m budgets and the "
        "grant agreements.",
        parent="dpp", aliases=(("TCEU", ALIAS),), tags=("grant funder",), weight=3,
    ),
    OrgSpec(
        "ohpt", "Online Harms Policy Team (Department for Digital Futures)", GOVERNMENT, "policy team",
        "digitalfutures.example.org", LONDON, "lead",
        "Leads the future regulatory framework for online harms; aligning voluntary transparency reporting "
        "with it.",
        aliases=(("Online Harms Policy Team", ALIAS),), tags=("regulation", "transparency reporting"),
        weight=2,
    ),
    OrgSpec(
        "ipt", "International Partnerships Team (Office for Overseas Relations)", GOVERNMENT,
        "international policy team", "overseasrelations.example.org", LONDON, "lead",
        "Raises the five asks with overseas governments where platforms are headquartered.",
        tags=("international",),
    ),
)

PEOPLE = (
    PersonSpec("kestrel", "Olivia Grant", "Head of Child Safety Policy, UK",
               notes="Single point of contact for the partnership since launch; book via her assistant."),
    PersonSpec("kestrel", "Marcus Webb", "Director of Trust and Safety, EMEA", mobile=True),
    PersonSpec("kestrel", "Aisha Rahman", "Law Enforcement Response Lead"),
    PersonSpec("kestrel", "Daniel Cho", "Transparency Reporting Manager"),
    PersonSpec("kestrel", "Helen Strand", "Public Policy Manager"),
    PersonSpec("wrenfield", "Gareth Lloyd", "Head of Public Policy, UK"),
    PersonSpec("wrenfield", "Naomi Fairweather", "Child Safety Engineering Lead"),
    PersonSpec("wrenfield", "Victor Osei", "Law Enforcement Liaison Manager", mobile=True),
    PersonSpec("lumen", "Chloe Barrington", "Trust and Safety Manager"),
    PersonSpec("lumen", "Imran Siddiqui", "Video Integrity Lead"),
    PersonSpec("lumen", "Rebecca Hale", "Government Affairs Manager", mobile=True),
    PersonSpec("brightwave", "Tobias Lindqvist", "Head of Policy"),
    PersonSpec("brightwave", "Sarah Okonkwo", "Trust and Safety Director", mobile=True),
    PersonSpec("brightwave", "James Pembridge", "Legal Counsel, Law Enforcement Requests"),
    PersonSpec("brightwave", "Mei Lin Tan", "Privacy Engineering Lead", email_local="meilin.tan"),
    PersonSpec("harbourline", "Liam Doyle", "Head of Safety",
               notes="Moved from Kestrel Social; still a useful informal route to Kestrel's safety team.",
               previous=PreviousRole("kestrel", "Safety Operations Manager", 40, 8)),
    PersonSpec("harbourline", "Priyanka Shah", "Community Safety Manager"),
    PersonSpec("harbourline", "Nick Ashby", "Chief Operating Officer", mobile=True),
    PersonSpec("streamvale", "Ella Moreno", "Head of Trust and Safety"),
    PersonSpec("streamvale", "Kwame Mensah", "Machine Learning Lead, Live Safety"),
    PersonSpec("streamvale", "Ruth Calder", "Policy and Partnerships Manager"),
    PersonSpec("tesselate", "Adam Kowalski", "Abuse Operations Manager"),
    PersonSpec("tesselate", "Fiona Baird", "General Counsel"),
    PersonSpec("moonfern", "Jack Turnbull", "Player Safety Lead"),
    PersonSpec("moonfern", "Sofia Reyes", "Community Standards Manager"),
    PersonSpec("moonfern", "Owen Price", "Head of Studio Operations", mobile=True),
    PersonSpec("quillpoint", "Pieter de Vries", "Founder and Chief Executive", email_local="p.devries",
               notes="Replies slowly; copy in the Quillpoint general inbox."),
    PersonSpec("sparrowtalk", "Grace Whitaker", "Co-founder", mobile=True),
    PersonSpec("mistlebox", "Callum Reid", "Operations Director", do_not_contact=True,
               notes="Company has closed its consumer service; asked not to be contacted further."),
    PersonSpec("nocpu", "Claire Hollis", "Detective Superintendent, Head of Industry Engagement",
               notes="Chairs the national unit's industry engagement board."),
    PersonSpec("nocpu", "Raj Patel", "Industry Referrals Manager"),
    PersonSpec("nocpu", "Beth Morgan", "Senior Intelligence Analyst"),
    PersonSpec("nocpu", "Andrew Kerr", "Head of Undercover Online Operations", mobile=True),
    PersonSpec("nis", "Lucy Ambrose", "Head of Victim Identification"),
    PersonSpec("nis", "Simon Yeo", "Hash Database Manager"),
    PersonSpec("northfold", "Mark Dunmore", "Detective Chief Inspector, Online Child Abuse Team",
               previous=PreviousRole("wexmoor", "Detective Inspector, Public Protection", 60, 14)),
    PersonSpec("northfold", "Jenna Kaur", "Detective Sergeant, Industry Liaison", mobile=True),
    PersonSpec("northfold", "Paul Fenwick", "Digital Forensics Lead"),
    PersonSpec("southmere", "Nadia Brooks", "Detective Inspector, Online Child Abuse Investigation Team"),
    PersonSpec("southmere", "Chris Allard", "Intelligence Development Officer"),
    PersonSpec("wexmoor", "Dawn Keeley", "Superintendent, Public Protection"),
    PersonSpec("wexmoor", "Ian Maddox", "Detective Sergeant, Online Investigations", mobile=True),
    PersonSpec("wexmoor", "Yusuf Adeyemi", "Safeguarding Partnerships Officer"),
    PersonSpec("hollinsford", "Karen Whitlock", "Detective Inspector, Child Protection"),
    PersonSpec("hollinsford", "Steve Nolan", "Digital Media Investigator"),
    PersonSpec("safeharbour", "Megan Ashcroft", "Director of Services"),
    PersonSpec("safeharbour", "Tariq Hussain", "Helpline Insights Manager"),
    PersonSpec("safeharbour", "Zoe Partridge", "Policy and Public Affairs Officer", mobile=True),
    PersonSpec("beacon", "Eleanor Voss", "Chief Executive"),
    PersonSpec("beacon", "Ben Hartley", "Head of Technology and Hash List"),
    PersonSpec("beacon", "Lauren Mitchell", "Industry Membership Manager", mobile=True),
    PersonSpec("lanternway", "Anna Kirby", "Head of Prevention Research"),
    PersonSpec("lanternway", "George Ellery", "Director of Programmes"),
    PersonSpec("lanternway", "Rosie Banerjee", "Grants and Evaluation Manager"),
    PersonSpec("stillbrook", "Patrick Moran", "Research Director"),
    PersonSpec("stillbrook", "Amelia Stone", "Policy Officer", do_not_contact=True,
               notes="On long-term leave; contact Patrick Moran instead."),
    PersonSpec("larkspur", "Joanne Petty", "Chief Executive"),
    PersonSpec("larkspur", "Leon Marsh", "Advocacy Lead", mobile=True),
    PersonSpec("dpp", "Michael Andrews", "Director, Public Protection Group"),
    PersonSpec("dpp", "Sophie Tran", "Private Secretary to the Safeguarding Minister", mobile=True),
    PersonSpec("tceu", "Rachel Greaves", "Deputy Director"),
    PersonSpec("tceu", "David Ong", "Policy Adviser, Industry Engagement"),
    PersonSpec("tceu", "Lisa Carmichael", "Grants Manager",
               previous=PreviousRole("safeharbour", "Partnerships Manager", 48, 11)),
    PersonSpec("ohpt", "Edward Hurst", "Head of Online Harms Policy"),
    PersonSpec("ohpt", "Amira Nasser", "Senior Policy Adviser, Transparency"),
    PersonSpec("ohpt", "Joe Bradshaw", "Policy Adviser, Platform Regulation"),
    PersonSpec("ipt", "Kate Liddell", "Head of International Partnerships"),
    PersonSpec("ipt", "Kofi Boateng", "Second Secretary, Technology Policy", mobile=True),
)

# The storylines: hand-written engagements (oldest first) and the actions they raised.
STORY = (
    StoryEngagement(
        -540, "10:00", EVENT, "Five asks partnership launch roundtable",
        "Launch of the partnership following the Home Secretary's speech setting out five asks of technology "
        "companies. The minister restated the figures from the speech: £21m over 18 months for law "
        "enforcement's response to online grooming and abuse images; £2.6m for child protection "
        "organisations to understand offender behaviour and prevent offending; an estimated 80,000 people in "
        "the UK presenting some kind of sexual threat to children online; and referrals of child-abuse "
        "images up 700% over five years. Each company set out its current position on the five asks; the "
        "national unit and Beacon Hotline Trust described what they need from industry. Agreed quarterly "
        "bilateral reviews and a scorecard that companies see before it goes to ministers.",
        ("kestrel", "wrenfield", "lumen", "brightwave", "harbourline", "nocpu", "beacon", "safeharbour",
         "tceu", "ohpt"),
        ("Olivia Grant", "Liam Doyle", "Gareth Lloyd", "Chloe Barrington", "Tobias Lindqvist",
         "Priyanka Shah", "Claire Hollis", "Eleanor Voss", "Megan Ashcroft", "Rachel Greaves",
         "Edward Hurst"),
        ("lead", "officer", "officer2", "officer3"), ALL_ASKS, minutes=180,
        actions=(
            ActionSpec("Circulate the five asks and the scorecard method to all attendees",
                       "lead", DONE, -533, HIGH, completed=-535,
                       note="Sent to all attendees with the scorecard template."),
            ActionSpec("Set up quarterly reviews with each platform", "officer", DONE, -520, completed=-522,
                       note="Reviews booked with all five platforms."),
            ActionSpec("Kestrel Social to nominate a single point of contact for the partnership", "officer",
                       DONE, -526, partner="kestrel", person="Olivia Grant", completed=-531,
                       note="Olivia Grant nominated."),
            ActionSpec("Brightwave Messaging to set out its position on each of the five asks in writing",
                       "officer", DONE, -510, HIGH, partner="brightwave", person="Tobias Lindqvist",
                       completed=-498, note="Letter received; positions recorded on the scorecard."),
        ),
    ),
    StoryEngagement(
        -530, "14:00", MEETING, "Introductory meeting with the national unit's industry engagement team",
        "Agreed how the partnership and the national unit will work together on industry engagement. The "
        "unit walked through how industry referrals arrive and where delays occur, and noted the estimate of "
        "around 80,000 people in the UK presenting some kind of sexual threat to children online, which "
        "frames the scale it is planning for.",
        ("nocpu",), ("Claire Hollis", "Raj Patel"), ("officer3", "officer"),
        ("support-law-enforcement", "block-upload"),
        actions=(
            ActionSpec("National unit to share referral-quality criteria for industry",
                       "officer3", DONE, -505, partner="nocpu", person="Raj Patel",
                       ask="support-law-enforcement", completed=-500,
                       note="Criteria received and shared with platforms under the partnership."),
        ),
    ),
    StoryEngagement(
        -505, "10:30", VISIT, "Visit to Kestrel Social's London office: hash matching at upload",
        "Demonstration of how uploads are checked against hash lists before publication, including the share "
        "of matches found in private groups. Kestrel described plans to extend matching to video and how "
        "quickly new hashes from Beacon Hotline Trust reach production.",
        ("kestrel",), ("Marcus Webb", "Olivia Grant", "Liam Doyle"), ("officer", "officer2"),
        ("block-upload",), minutes=180,
        actions=(
            ActionSpec("Kestrel Social to confirm timetable for video hash matching", "officer", DONE, -450,
                       partner="kestrel", person="Marcus Webb", ask="block-upload", completed=-440,
                       note="Timetable confirmed: rollout in two phases."),
        ),
    ),
    StoryEngagement(
        -480, "11:00", MEETING, "Funding allocation: law enforcement's response to online grooming",
        "How the £21m over 18 months for law enforcement's response to online grooming and abuse images will "
        "be split between national and regional capability, including undercover online officers and "
        "regional victim identification. Regional units set out recruitment timelines. Figures stay "
        "provisional until ministers agree the allocation.",
        ("nocpu", "northfold", "southmere", "tceu"),
        ("Claire Hollis", "Andrew Kerr", "Jenna Kaur", "Nadia Brooks", "Rachel Greaves"),
        ("officer3", "lead"),
        ("support-law-enforcement",), minutes=90, sensitive=True,
        actions=(
            ActionSpec("Submit allocation options to ministers", "officer3", DONE, -465, HIGH, completed=-466,
                       note="Submission cleared; ministers agreed option 2."),
            ActionSpec("Northfold ROCU to confirm recruitment plan for online investigators",
                       "officer3", DONE, -450, partner="northfold", person="Jenna Kaur", completed=-441,
                       note="Plan received: recruitment complete within two quarters."),
        ),
    ),
    StoryEngagement(
        -470, "15:00", CALL, "Brightwave Messaging: encryption and the five asks",
        "Brightwave explained its plan to extend end-to-end encryption to all chats and what that means for "
        "checking content at upload. We set out the expectation that protections for children are designed "
        "in, not lost. Brightwave will share how it keeps detecting grooming using account and behavioural "
        "signals that do not depend on reading messages.",
        ("brightwave",), ("Tobias Lindqvist", "Sarah Okonkwo", "James Pembridge"), ("officer",),
        ("block-upload", "stop-grooming", "support-law-enforcement"), minutes=45,
        actions=(
            ActionSpec("Brightwave to share its child-safety design principles for encrypted chats",
                       "officer", DONE, -420, partner="brightwave", person="Sarah Okonkwo",
                       ask="stop-grooming", completed=-396,
                       note="Principles received; reviewed with the national unit."),
        ),
    ),
    StoryEngagement(
        -450, "10:00", MEETING, "Lanternway Foundation: prevention programme grant kick-off",
        "Kick-off for Lanternway's share of the £2.6m for child protection organisations to understand "
        "offender behaviour and prevent offending. Agreed milestones, an evaluation framework and quarterly "
        "monitoring. Lanternway will share aggregate, anonymised findings only.",
        ("lanternway", "tceu"), ("Anna Kirby", "George Ellery", "Rachel Greaves"), ("lead", "officer2"),
        ("stop-grooming",),
        actions=(
            ActionSpec("Lanternway to submit the evaluation framework", "lead", DONE, -420,
                       partner="lanternway", person="George Ellery", completed=-424,
                       note="Framework agreed with the grants team."),
        ),
    ),
    StoryEngagement(
        -430, "14:00", MEETING, "Beacon Hotline Trust: hash list access for smaller companies",
        "Beacon set out the growth in reports it handles, in line with the 700% rise in referrals of "
        "child-abuse images over five years cited by the Home Secretary, and how smaller companies can use "
        "its hash list. Tesselate Cloud agreed to join; Moonfern Games will consider membership.",
        ("beacon", "tesselate", "moonfern"),
        ("Eleanor Voss", "Ben Hartley", "Adam Kowalski", "Jack Turnbull"),
        ("officer2",), ("block-upload", "transparency"),
        actions=(
            ActionSpec("Tesselate Cloud to sign the Beacon hash list membership agreement", "officer2", DONE,
                       -400, partner="tesselate", person="Adam Kowalski", ask="block-upload",
                       completed=-405, note="Signed; hash matching live at upload."),
            ActionSpec("Moonfern Games to decide on Beacon hash list membership", "officer2", CANCELLED, -400,
                       partner="moonfern", ask="block-upload",
                       note="Superseded: Moonfern is reviewing membership in its safety plan."),
        ),
    ),
    StoryEngagement(
        -400, "09:30", EVENT, "Cross-industry workshop on grooming detection",
        "Workshop hosted by Wrenfield Technologies for engineers and policy staff on detecting grooming "
        "patterns using behavioural signals. Wrenfield offered to license its classifier free to smaller "
        "companies. Lanternway presented aggregate research on offender pathways; the national unit "
        "explained which signals make referrals most useful.",
        ("wrenfield", "kestrel", "harbourline", "moonfern", "lanternway", "nocpu"),
        ("Naomi Fairweather", "Olivia Grant", "Priyanka Shah", "Sofia Reyes", "Anna Kirby", "Beth Morgan"),
        ("officer2", "officer", "officer3"), ("stop-grooming", "transparency"), minutes=300,
        actions=(
            ActionSpec("Wrenfield Technologies to publish terms for free licensing of its classifier",
                       "officer2", DONE, -340, partner="wrenfield", person="Naomi Fairweather",
                       ask="transparency", completed=-331,
                       note="Terms published on Wrenfield's developer site."),
            ActionSpec("Introduce Moonfern Games and Harbourline Chat to Wrenfield's licensing team",
                       "officer2", DONE, -380, orgs=("moonfern", "harbourline", "wrenfield"), completed=-385,
                       note="Introductions made by email."),
        ),
    ),
    StoryEngagement(
        -370, "11:00", MEETING, "Northfold ROCU and Harbourline Chat: urgent request handling",
        "Reviewed how Harbourline handles urgent out-of-hours requests from law enforcement. Agreed to test "
        "the escalation route and name a contact. Specific investigations were not discussed.",
        ("harbourline", "northfold"), ("Nick Ashby", "Priyanka Shah", "Jenna Kaur", "Paul Fenwick"),
        ("officer3", "officer"), ("support-law-enforcement", "live-streaming"), sensitive=True,
        actions=(
            ActionSpec("Test Harbourline Chat's out-of-hours escalation route", "officer3", DONE, -350,
                       orgs=("harbourline", "northfold"), completed=-352,
                       note="Test call answered within 20 minutes."),
        ),
    ),
    StoryEngagement(
        -340, "12:00", LETTER, "Letter to Quillpoint Forums on the five asks",
        "Letter from the minister's office asking Quillpoint Forums to set out its position on the five asks "
        "and to name a UK law-enforcement point of contact.",
        ("quillpoint",), ("Pieter de Vries",), ("officer2",), ALL_ASKS, minutes=None,
        actions=(
            ActionSpec("Quillpoint Forums to reply to the minister's letter", "officer2", DONE, -310,
                       partner="quillpoint", person="Pieter de Vries", completed=-301,
                       note="Reply received: declines to name a UK contact, citing jurisdiction."),
        ),
    ),
    StoryEngagement(
        -320, "14:30", MEETING, "Streamvale Live: live-stream detection pilot",
        "Streamvale presented a pilot to detect and interrupt harmful live streams using account signals and "
        "frame sampling, with human review before any action. Asked whether government could co-fund the "
        "evaluation. The Online Harms Policy Team will check fit with the future regulatory framework.",
        ("streamvale", "ohpt"), ("Ella Moreno", "Kwame Mensah", "Edward Hurst"), ("officer", "lead"),
        ("live-streaming",),
        actions=(
            ActionSpec("Confirm whether evaluation of the Streamvale pilot can be co-funded",
                       "lead", DONE, -290, ask="live-streaming", orgs=("streamvale",), completed=-292,
                       note="Co-funding agreed for the evaluation phase only."),
        ),
    ),
    StoryEngagement(
        -300, "10:00", MEETING, "Kestrel Social: first UK transparency report",
        "Kestrel shared the structure of its first UK transparency report: volumes blocked at upload, "
        "referrals to the national unit and median response times to law-enforcement requests. We asked for "
        "trend data and a published methodology.",
        ("kestrel", "ohpt"), ("Daniel Cho", "Olivia Grant", "Amira Nasser"), ("officer",), ("transparency",),
        actions=(
            ActionSpec("Kestrel Social to publish its methodology alongside the transparency report",
                       "officer", DONE, -240, partner="kestrel", person="Daniel Cho", ask="transparency",
                       completed=-236, note="Published with the report."),
        ),
    ),
    StoryEngagement(
        -280, "16:00", CALL, "Mistlebox Files: hash matching and closure plans",
        "Mistlebox Files will close its consumer file-sharing service in the coming months. It will keep "
        "hash matching running until closure and hand over contact details for any outstanding "
        "law-enforcement requests.",
        ("mistlebox",), ("Callum Reid",), ("officer2",), ("block-upload", "support-law-enforcement"),
        minutes=30,
        actions=(
            ActionSpec("Mistlebox Files to confirm no law-enforcement requests are left open when it closes",
                       "officer2", DONE, -255, partner="mistlebox", person="Callum Reid", completed=-251,
                       note="Confirmed in writing; nothing outstanding."),
        ),
    ),
    StoryEngagement(
        -250, "13:30", MEETING, "Live-streaming working group: first meeting",
        "First meeting of the working group on shutting down live-streamed abuse. Members agreed terms of "
        "reference, a shared vocabulary for live-stream risk signals, and to share best practice and "
        "technology between companies. Beacon will map how reports of live streams reach it today.",
        ("streamvale", "lumen", "harbourline", "northfold", "beacon", "ohpt"),
        ("Ella Moreno", "Imran Siddiqui", "Priyanka Shah", "Paul Fenwick", "Ben Hartley", "Joe Bradshaw"),
        ("officer", "officer3"), ("live-streaming", "transparency"), minutes=120,
        actions=(
            ActionSpec("Draft the working group's terms of reference", "officer", DONE, -236, completed=-238,
                       note="Agreed by correspondence."),
            ActionSpec("Beacon Hotline Trust to map the reporting route for live streams",
                       "officer", DONE, -190, partner="beacon", person="Ben Hartley", ask="live-streaming",
                       completed=-186, note="Map shared with the working group."),
        ),
    ),
    StoryEngagement(
        -220, "10:00", MEETING, "Moonfern Games: player safety and grooming",
        "Moonfern described age-appropriate defaults for in-game chat and plans to trial Wrenfield's "
        "grooming classifier. Asked for an introduction to the national unit to improve its referrals.",
        ("moonfern",), ("Jack Turnbull", "Owen Price"), ("officer2",), ("stop-grooming",),
        actions=(
            ActionSpec("Introduce Moonfern Games to the national unit's industry referrals team", "officer2",
                       DONE, -206, orgs=("moonfern", "nocpu"), completed=-214, note="Introduction made."),
            ActionSpec("Moonfern Games to share results of the grooming classifier trial", "officer2",
                       IN_PROGRESS, 25, partner="moonfern", person="Jack Turnbull", ask="stop-grooming",
                       description="Trial extended by a quarter to cover the school holidays."),
        ),
    ),
    StoryEngagement(
        -200, "14:00", MEETING, "Referral quality workshop",
        "Workshop on the quality of industry referrals. Law enforcement described which fields make a "
        "referral actionable and where incomplete referrals cause delay. Companies agreed to test a common "
        "referral checklist. No case details were discussed.",
        ("nocpu", "nis", "wexmoor", "kestrel", "brightwave", "tesselate"),
        ("Raj Patel", "Simon Yeo", "Ian Maddox", "Aisha Rahman", "James Pembridge", "Adam Kowalski"),
        ("officer3", "officer"), ("support-law-enforcement", "block-upload"), minutes=150, sensitive=True,
        actions=(
            ActionSpec("Publish the common referral checklist to partner companies", "officer3", DONE, -170,
                       ask="support-law-enforcement", completed=-175,
                       note="Published to all partner companies."),
            ActionSpec("Brightwave to pilot the common referral checklist", "officer", DONE, -140,
                       partner="brightwave", person="James Pembridge", ask="support-law-enforcement",
                       completed=-137, note="Pilot complete; adopted for all UK referrals."),
        ),
    ),
    StoryEngagement(
        -180, "11:00", MEETING, "SafeHarbour Helpline: trends in contacts about online grooming",
        "SafeHarbour shared aggregate, anonymised trends from helpline contacts relating to online grooming, "
        "broken down by type of platform. Agreed to share these quarterly to inform platform conversations.",
        ("safeharbour",), ("Megan Ashcroft", "Tariq Hussain"), ("officer",), ("stop-grooming",),
        actions=(
            ActionSpec("SafeHarbour to share quarterly aggregate trend data", "officer", DONE, -160,
                       partner="safeharbour", person="Tariq Hussain", completed=-165,
                       note="First quarter received."),
        ),
    ),
    StoryEngagement(
        -160, "10:00", MEETING, "Wrenfield Technologies and Lumen Video: annual five asks review",
        "Annual review with Wrenfield and its video service Lumen Video (formerly Lumenstream). Lumen "
        "confirmed video hash matching is live on every upload; Wrenfield's transparency report now covers "
        "Lumen. Live-stream detection at Lumen remains in progress.",
        ("wrenfield", "lumen"), ("Gareth Lloyd", "Victor Osei", "Chloe Barrington", "Rebecca Hale"),
        ("officer2", "lead"), ALL_ASKS, minutes=90,
        actions=(
            ActionSpec("Lumen Video to share its live-stream detection roadmap", "officer2", BLOCKED, 10,
                       partner="lumen", person="Chloe Barrington", ask="live-streaming",
                       description="Held up by Lumen's internal reorganisation; chased twice."),
        ),
    ),
    StoryEngagement(
        -150, "10:30", VISIT, "Visit to Wexmoor Constabulary's online investigations team",
        "Visit to see how a force-level team receives referrals passed down by the national unit and what "
        "delays it sees with overseas platforms. Agreed to feed force experience into the referral work.",
        ("wexmoor",), ("Dawn Keeley", "Ian Maddox", "Yusuf Adeyemi"), ("officer3",),
        ("support-law-enforcement",), minutes=150,
        actions=(
            ActionSpec("Wexmoor Constabulary to share timeliness data for requests to overseas platforms",
                       "officer3", OPEN, -8, partner="wexmoor", person="Ian Maddox",
                       ask="support-law-enforcement"),
        ),
    ),
    StoryEngagement(
        -130, "15:30", CALL, "Brightwave Messaging: grooming signals under end-to-end encryption",
        "Brightwave shared progress on detecting grooming using metadata and behavioural signals that do not "
        "rely on reading messages, and the limits it sees. Its legal team is reviewing what can be shared "
        "with law enforcement proactively.",
        ("brightwave",), ("Sarah Okonkwo", "Mei Lin Tan"), ("officer",), ("stop-grooming", "block-upload"),
        minutes=45,
        actions=(
            ActionSpec("Brightwave to confirm whether grooming-signal detection can run under end-to-end "
                       "encryption at scale", "officer", BLOCKED, 14, HIGH, partner="brightwave",
                       person="Mei Lin Tan", ask="stop-grooming",
                       description="Waiting on Brightwave's legal review; expected after its next board."),
        ),
    ),
    StoryEngagement(
        -110, "14:00", MEETING, "Hollinsford Police: referrals from smaller platforms",
        "Hollinsford set out difficulties getting timely responses from small and overseas platforms. We "
        "explained the partnership's route to companies via the national unit.",
        ("hollinsford",), ("Karen Whitlock", "Steve Nolan"), ("officer3",), ("support-law-enforcement",),
        actions=(
            ActionSpec("Send Hollinsford Police the list of platform law-enforcement contacts",
                       "officer3", DONE, -100, completed=-104, note="Sent by secure email."),
        ),
    ),
    StoryEngagement(
        -95, "16:00", CALL, "Sparrowtalk: introductory call",
        "First contact with Sparrowtalk, a small dating and chat app preparing to launch in the UK. "
        "Explained the five asks and the support available from Beacon Hotline Trust and Wrenfield's free "
        "classifier.",
        ("sparrowtalk",), ("Grace Whitaker",), ("officer2",), ("stop-grooming", "block-upload"), minutes=30,
        actions=(
            ActionSpec("Sparrowtalk to decide whether to apply for Beacon hash list membership", "officer2",
                       OPEN, 20, LOW, partner="sparrowtalk", person="Grace Whitaker", ask="block-upload"),
        ),
    ),
    StoryEngagement(
        -85, "11:00", MEETING, "Harbourline Chat: quarterly review",
        "Liam Doyle, formerly of Kestrel Social, now leads safety at Harbourline. Harbourline has moved "
        "moderation of public rooms in-house and is scoping live-stream detection. The 24/7 law-enforcement "
        "contact rota is still not confirmed.",
        ("harbourline",), ("Liam Doyle", "Nick Ashby"), ("officer",), ALL_ASKS,
        actions=(
            ActionSpec("Harbourline Chat to confirm its 24/7 law-enforcement contact rota", "officer",
                       IN_PROGRESS, -6, HIGH, partner="harbourline", person="Liam Doyle",
                       ask="support-law-enforcement"),
            ActionSpec("Update Harbourline Chat scorecard entries after the quarterly review", "officer",
                       IN_PROGRESS, 1),
        ),
    ),
    StoryEngagement(
        -75, "10:00", MEETING, "Tackling Child Exploitation Unit: grants mid-point review",
        "Mid-point review of the £2.6m for child protection organisations. Lanternway is on track; "
        "Stillbrook's research is delayed by recruitment.",
        ("tceu", "lanternway", "stillbrook"), ("Lisa Carmichael", "George Ellery", "Patrick Moran"),
        ("lead",),
        actions=(
            ActionSpec("Stillbrook Children's Trust to submit a revised research timetable",
                       "lead", OPEN, -20, partner="stillbrook", person="Patrick Moran"),
        ),
    ),
    StoryEngagement(
        -60, "14:00", MEETING, "Kestrel Social: quarterly review",
        "Kestrel reported video hash matching live, its age-assurance pilot for preventing grooming "
        "expanding, and a second transparency report in preparation. Asked for early sight of the scorecard.",
        ("kestrel",), ("Olivia Grant", "Aisha Rahman", "Daniel Cho"), ("officer", "lead"), ALL_ASKS,
        actions=(
            ActionSpec("Kestrel Social to share the latest quarter's referral figures", "officer", OPEN, -11,
                       HIGH, partner="kestrel", person="Aisha Rahman", ask="support-law-enforcement"),
            ActionSpec("Send Kestrel Social the draft scorecard for a factual accuracy check",
                       "officer", OPEN, 3, HIGH),
            ActionSpec("Kestrel Social to share the evaluation of its age-assurance pilot", "officer",
                       IN_PROGRESS, 30, partner="kestrel", person="Olivia Grant", ask="stop-grooming"),
        ),
    ),
    StoryEngagement(
        -45, "09:00", LETTER, "Letter from Streamvale Live on classifier funding",
        "Streamvale asked whether co-funding could extend from evaluation to deployment of its live-stream "
        "classifier, and offered to share the model with smaller platforms.",
        ("streamvale",), ("Ruth Calder",), ("officer",), ("live-streaming",), minutes=None,
        actions=(
            ActionSpec("Reply to Streamvale Live's letter on classifier funding", "officer", OPEN, -16, HIGH,
                       ask="live-streaming",
                       description="Needs policy clearance from the Online Harms Policy Team before reply."),
        ),
    ),
    StoryEngagement(
        -40, "10:00", MEETING, "Southmere ROCU: undercover online capability update",
        "Update on regional undercover online capability funded from the £21m. Recruitment complete; "
        "training pipeline agreed with the national unit. Operational details are held by the units, not "
        "here.",
        ("southmere", "nocpu"), ("Nadia Brooks", "Chris Allard", "Andrew Kerr"), ("officer3",),
        ("support-law-enforcement",), sensitive=True,
        actions=(
            ActionSpec("Confirm the next funding tranche with the Tackling Child Exploitation Unit",
                       "officer3", IN_PROGRESS, 9, orgs=("southmere", "tceu")),
        ),
    ),
    StoryEngagement(
        -35, "14:00", EVENT, "Ministerial roundtable on progress against the five asks",
        "The minister chaired a roundtable on progress since launch. Platforms summarised delivery; the "
        "national unit reported better referral quality; Beacon and SafeHarbour set out the gaps they still "
        "see, especially live streaming and smaller platforms. The minister asked for a published progress "
        "update and for companies to share technology with smaller platforms.",
        ("kestrel", "wrenfield", "lumen", "brightwave", "harbourline", "streamvale", "nocpu", "beacon",
         "safeharbour", "dpp", "tceu"),
        ("Olivia Grant", "Gareth Lloyd", "Rebecca Hale", "Tobias Lindqvist", "Liam Doyle", "Ella Moreno",
         "Claire Hollis", "Eleanor Voss", "Megan Ashcroft", "Michael Andrews", "Sophie Tran",
         "Rachel Greaves"),
        ("lead", "officer", "officer2", "officer3"), ALL_ASKS, minutes=120,
        actions=(
            ActionSpec("Prepare the minister's briefing for the roundtable", "lead", DONE, -36, HIGH,
                       orgs=("dpp",), completed=-37, note="Briefing cleared by private office."),
            ActionSpec("Draft the published progress update on the five asks", "lead", IN_PROGRESS, 10, HIGH,
                       orgs=("dpp",)),
            ActionSpec("Wrenfield Technologies to offer its video hashing tool to smaller platforms",
                       "officer2", OPEN, 40, partner="wrenfield", person="Gareth Lloyd", ask="transparency"),
            ActionSpec("Streamvale Live to share its live-stream classifier with the working group",
                       "officer", OPEN, 21, partner="streamvale", person="Ella Moreno", ask="live-streaming"),
        ),
    ),
    StoryEngagement(
        -28, "12:00", EMAIL, "Lumen Video: ministerial visit",
        "Exchange about a ministerial visit to Lumen Video's London office to see video hash matching. Lumen "
        "is happy to host; the minister's diary is not yet confirmed.",
        ("lumen",), ("Rebecca Hale",), ("officer", "officer2"), ("block-upload",), minutes=None,
        actions=(
            ActionSpec("Arrange the Lumen Video visit for the minister", "officer", BLOCKED, 18,
                       description="Waiting for private office to confirm a diary slot."),
        ),
    ),
    StoryEngagement(
        -21, "15:00", CALL, "Brightwave Messaging: data-sharing wording",
        "Discussed wording for proactive sharing of account-level signals with the national unit. "
        "Brightwave's legal team needs to review it before anything is agreed.",
        ("brightwave",), ("James Pembridge",), ("officer",), ("support-law-enforcement",), minutes=30,
        sensitive=True,
        actions=(
            ActionSpec("Agree data-sharing wording with Brightwave's legal team", "officer", BLOCKED, 7,
                       ask="support-law-enforcement",
                       description="Blocked until Brightwave's legal review completes."),
            ActionSpec("Circulate the note of the Brightwave call to the national unit", "officer", OPEN, -9,
                       HIGH, orgs=("brightwave", "nocpu")),
        ),
    ),
    StoryEngagement(
        -14, "10:00", MEETING, "Beacon Hotline Trust: onboarding Sparrowtalk and Moonfern Games",
        "Beacon walked Sparrowtalk and Moonfern Games through hash list membership and technical "
        "integration.",
        ("beacon", "sparrowtalk", "moonfern"), ("Lauren Mitchell", "Grace Whitaker", "Sofia Reyes"),
        ("officer2",), ("block-upload",),
        actions=(
            ActionSpec("Moonfern Games to return the Beacon membership form", "officer2", OPEN, 6,
                       partner="moonfern", person="Sofia Reyes", ask="block-upload"),
            ActionSpec("Send Sparrowtalk Wrenfield's classifier licensing terms", "officer2", DONE, -10,
                       orgs=("sparrowtalk",), completed=-12, note="Sent."),
        ),
    ),
    StoryEngagement(
        -10, "11:00", MEETING, "Online Harms Policy Team: aligning transparency reporting",
        "Agreed how voluntary transparency reports under the five asks will map to the future regulatory "
        "reporting regime, so companies do not report twice.",
        ("ohpt", "dpp"), ("Amira Nasser", "Joe Bradshaw", "Michael Andrews"), ("lead", "officer"),
        ("transparency",),
        actions=(
            ActionSpec("Draft the ministerial briefing on Kestrel's transparency report", "officer", OPEN, 2,
                       HIGH, ask="transparency", orgs=("kestrel",)),
            ActionSpec("Online Harms Policy Team to share the draft reporting template", "lead", OPEN, 12,
                       partner="ohpt", person="Amira Nasser", ask="transparency"),
        ),
    ),
    StoryEngagement(
        -7, "14:30", CALL, "SafeHarbour Helpline: quarterly trends",
        "Quarterly call on aggregate helpline trends. Contacts mentioning live streaming have risen; "
        "SafeHarbour will break these down by type of platform.",
        ("safeharbour",), ("Tariq Hussain", "Zoe Partridge"), ("officer",),
        ("stop-grooming", "live-streaming"),
        minutes=30,
        actions=(
            ActionSpec("SafeHarbour to send this quarter's aggregate trend data", "officer", OPEN, 5,
                       partner="safeharbour", person="Tariq Hussain"),
        ),
    ),
    StoryEngagement(
        -5, "16:00", CALL, "Brightwave Messaging: preparing the next review",
        "Short call to plan the next quarterly review.",
        ("brightwave",), ("Sarah Okonkwo",), ("officer",), minutes=15,
        actions=(
            ActionSpec("Brightwave Messaging to send agenda items for the next review", "officer", OPEN, 1,
                       LOW, partner="brightwave", person="Sarah Okonkwo"),
        ),
    ),
    StoryEngagement(
        -4, "10:00", MEETING, "Northfold ROCU: industry single point of contact",
        "Northfold will pilot a single point of contact for industry referrals in its region.",
        ("northfold",), ("Mark Dunmore", "Jenna Kaur"), ("officer3",), ("support-law-enforcement",),
        sensitive=True,
        actions=(
            ActionSpec("Northfold ROCU to confirm its single point of contact for industry referrals",
                       "officer3", OPEN, 4, partner="northfold", person="Mark Dunmore"),
        ),
    ),
    StoryEngagement(
        -3, "09:30", EMAIL, "Tesselate Cloud: invitation to publish a transparency report",
        "Invited Tesselate Cloud to publish a UK transparency report using the shared template.",
        ("tesselate",), ("Fiona Baird",), ("officer2",), ("transparency",), minutes=None,
        actions=(
            ActionSpec("Tesselate Cloud to confirm whether it will publish a UK transparency report",
                       "officer2", OPEN, 25, partner="tesselate", person="Fiona Baird", ask="transparency"),
        ),
    ),
    StoryEngagement(
        -2, "11:30", EMAIL, "Five asks progress roundtable: invitations sent",
        "Invitations sent for the progress roundtable the minister asked for.",
        ("kestrel", "wrenfield", "brightwave", "streamvale", "nocpu", "beacon"),
        ("Olivia Grant", "Gareth Lloyd", "Tobias Lindqvist", "Ella Moreno", "Claire Hollis", "Eleanor Voss"),
        ("officer",), ALL_ASKS, minutes=None,
        actions=(ActionSpec("Book a venue for the five asks progress roundtable", "officer", OPEN, 3),),
    ),
    # Upcoming.
    StoryEngagement(
        2, "10:00", CALL, "Brightwave Messaging: quarterly review",
        "Agenda: encryption roadmap; grooming signals; data-sharing wording; timing of the transparency "
        "report.",
        ("brightwave",), ("Sarah Okonkwo", "Tobias Lindqvist"), ("officer",), ALL_ASKS,
    ),
    StoryEngagement(
        6, "13:30", MEETING, "Live-streaming working group",
        "Agenda: sharing Streamvale's classifier; Beacon's reporting-route map; law-enforcement feedback on "
        "live-stream referrals.",
        ("streamvale", "lumen", "harbourline", "northfold", "beacon"),
        ("Ella Moreno", "Imran Siddiqui", "Priyanka Shah", "Paul Fenwick", "Ben Hartley"),
        ("officer", "officer3"), ("live-streaming",), minutes=120,
        actions=(ActionSpec("Circulate papers for the live-streaming working group", "officer", OPEN, 4),),
    ),
    StoryEngagement(
        9, "14:00", MEETING, "Kestrel Social: quarterly review",
        "Agenda: referral figures; age-assurance pilot evaluation; second transparency report; draft "
        "scorecard.",
        ("kestrel",), ("Olivia Grant", "Daniel Cho"), ("officer", "lead"), ALL_ASKS,
    ),
    StoryEngagement(
        13, "10:00", EVENT, "Five asks progress roundtable",
        "Agenda: progress against each ask; technology sharing with smaller platforms; the published update.",
        ("kestrel", "wrenfield", "brightwave", "streamvale", "nocpu", "beacon", "tceu"),
        ("Olivia Grant", "Gareth Lloyd", "Tobias Lindqvist", "Ella Moreno", "Claire Hollis", "Eleanor Voss",
         "Rachel Greaves"),
        ("lead", "officer", "officer2", "officer3"), ALL_ASKS, minutes=180,
        actions=(
            ActionSpec("Agree the roundtable's objectives with the minister's private office",
                       "lead", OPEN, 8, orgs=("dpp",)),
        ),
    ),
    StoryEngagement(
        16, "10:30", VISIT, "Visit to Hollinsford Police digital media investigation unit",
        "Agenda: timeliness of platform responses; use of the common referral checklist.",
        ("hollinsford",), ("Karen Whitlock", "Steve Nolan"), ("officer3",), ("support-law-enforcement",),
        minutes=120,
    ),
    StoryEngagement(
        19, "11:00", MEETING, "Lanternway Foundation: final evaluation planning",
        "Agenda: final evaluation of the prevention programme; sharing findings with platforms.",
        ("lanternway",), ("Anna Kirby", "Rosie Banerjee"), ("lead", "officer2"), ("stop-grooming",),
    ),
)

# Actions not raised at any engagement.
STANDALONE_ACTIONS = (
    ActionSpec("Refresh the five asks scorecard for the quarterly ministerial submission",
               "lead", IN_PROGRESS, 11, HIGH, orgs=("dpp",)),
    ActionSpec("Review Quillpoint Forums' position after its refusal to name a UK contact", "officer2", OPEN,
               None, LOW, ask="support-law-enforcement", orgs=("quillpoint",)),
    ActionSpec("Watch for Kestrel Social's response to the age-assurance consultation", "officer", OPEN, None,
               LOW, ask="stop-grooming", orgs=("kestrel",)),
    ActionSpec("Collate platform responses for the annual five asks report", "officer", OPEN, 35),
    ActionSpec("Update the law-enforcement contacts list for partner companies", "officer3", DONE, -30,
               ask="support-law-enforcement", completed=-31, note="Updated and re-sent to all platforms."),
    ActionSpec("Prepare handover notes on Harbourline Chat", "officer", CANCELLED, -50, LOW,
               orgs=("harbourline",), note="No longer needed: the relationship stays with Sam."),
    ActionSpec("Confirm retention arrangements for Mistlebox Files records", "officer2", DONE, -200,
               orgs=("mistlebox",), completed=-205, note="Records kept under the standard schedule."),
    ActionSpec("Map the regional units' single points of contact for industry", "officer3", IN_PROGRESS, 15,
               orgs=("northfold", "southmere")),
    ActionSpec("Prepare the briefing pack for the Kestrel Social quarterly review", "officer", OPEN, 7,
               orgs=("kestrel",)),
    ActionSpec("Draft the quarterly law-enforcement engagement report", "officer3", OPEN, 20),
    ActionSpec("Prepare for the Tesselate Cloud annual review",
               "officer2", OPEN, 30, LOW, orgs=("tesselate",)),
    ActionSpec("Scope an independent evaluation of the £21m law-enforcement funding", "lead", OPEN, 45,
               orgs=("tceu",), ask="support-law-enforcement"),
)

_NOTE = RoutineAction("Send {a} the note of the meeting", False, "Note sent and acknowledged.", LOW)
_UPDATE = RoutineAction("{a} to send a written update on {ask}", True, "Update received and filed against "
                        "the scorecard.")

# Routine engagements fill the 18 months around the storylines.
ROUTINE = (
    RoutineTemplate(
        MEETING, "{a}: partnership review",
        "Regular review of {a}'s progress against the five asks, focusing on {ask}. {a} gave an update and "
        "we shared its current scorecard entry. Next steps agreed; nothing escalated.",
        (TECH,), weight=6, random_asks=3, actions=(_NOTE, _UPDATE),
    ),
    RoutineTemplate(
        CALL, "Call with {a} on {ask}",
        "Catch-up call with {a}'s policy and trust and safety leads on {ask}. Discussed progress since the "
        "last review and any help needed from government or law enforcement.",
        (TECH,), weight=8, minutes=30, random_asks=1, actions=(_UPDATE,),
    ),
    RoutineTemplate(
        EMAIL, "{a}: follow-up on {ask}",
        "Email exchange with {a} following up points on {ask} from the last review.",
        (TECH,), weight=5, minutes=None, random_asks=1,
        actions=(RoutineAction("Reply to {a} with the contacts it asked for", False, "Replied with contacts.",
                               LOW),),
    ),
    RoutineTemplate(
        VISIT, "Visit to {a}'s UK office",
        "Visit to {a}'s UK office to see how reports move from detection through review to referral, and to "
        "meet the team working on {ask}.",
        (TECH,), weight=1, minutes=180, random_asks=2, actions=(_NOTE,),
    ),
    RoutineTemplate(
        OTHER, "Conversation with {a} at an industry conference",
        "Informal conversation with {a} at an industry conference, touching on {ask}. Noted for the next "
        "review.",
        (TECH,), weight=1, minutes=None, random_asks=1,
    ),
    RoutineTemplate(
        CALL, "Liaison call with {a}",
        "Regular liaison call with {a}. Reviewed the timeliness and quality of industry referrals and any "
        "blockers with platform law-enforcement portals. No case details discussed.",
        (POLICE,), weight=6, minutes=45, asks=("support-law-enforcement",), sensitive_chance=0.2,
        actions=(RoutineAction("{a} to send feedback on recent industry referrals", True,
                               "Feedback received and passed to the platforms concerned."),),
    ),
    RoutineTemplate(
        MEETING, "{a} and {b}: handling law-enforcement requests",
        "Meeting between {a} and {b} on how {a} handles urgent and routine requests from law enforcement, "
        "and what makes its referrals actionable. No case details discussed.",
        (TECH, POLICE), weight=3, asks=("support-law-enforcement",), sensitive_chance=0.25,
        actions=(RoutineAction("{a} to confirm its law-enforcement request contacts", True,
                               "Contacts confirmed and shared with the national unit.", HIGH),),
    ),
    RoutineTemplate(
        MEETING, "Catch-up with {a}",
        "Regular catch-up with {a}. They shared aggregate, anonymised trends from their work relevant to "
        "{ask}; no case details. Agreed what to raise with platforms.",
        (CHARITY,), weight=4, random_asks=1,
        actions=(RoutineAction("Share {a}'s aggregate trends with the platforms concerned", False,
                               "Shared at the next reviews."),),
    ),
    RoutineTemplate(
        CALL, "{a}: grant monitoring call",
        "Quarterly monitoring call under the £2.6m programme to understand offender behaviour and prevent "
        "offending. Milestones on track; spend in line with profile.",
        ("lanternway",), weight=1, minutes=30, asks=("stop-grooming",),
        actions=(RoutineAction("{a} to submit its quarterly monitoring return", True, "Return received."),),
    ),
    RoutineTemplate(
        MEETING, "Cross-government coordination: {a} and {b}",
        "Coordination with {a} and {b}: lines to take on {ask}, upcoming ministerial engagement with "
        "platforms, and where each team is leading.",
        (GOVERNMENT, GOVERNMENT), weight=3, random_asks=2,
        actions=(RoutineAction("Update the lines to take on {ask}", False, "Lines updated and circulated."),),
    ),
    RoutineTemplate(
        EMAIL, "Five asks progress update to {a}",
        "Monthly written update to {a} on where each company stands on the five asks.",
        (GOVERNMENT,), weight=2, minutes=None, asks=ALL_ASKS,
    ),
    RoutineTemplate(
        MEETING, "Roundtable on {ask}",
        "Roundtable on {ask} with {all}. The platforms described their current approaches; {c} set out what "
        "makes a referral actionable; {d} shared aggregate trends. Agreed to circulate a note of shared "
        "practice.",
        (TECH, TECH, POLICE, CHARITY), weight=2, minutes=120, random_asks=1,
        actions=(
            RoutineAction("Circulate a note of shared practice on {ask}",
                          False, "Note circulated to attendees."),
            RoutineAction("{a} to present its approach to {ask} to smaller companies", True,
                          "Presented at the following workshop."),
        ),
    ),
    RoutineTemplate(
        EVENT, "Technology-sharing workshop",
        "Workshop for {all} on sharing tools between companies: hash lists, classifiers and transparency "
        "reporting templates. {d} explained how smaller companies can join.",
        (TECH, TECH, TECH, "beacon"), weight=1, minutes=240, asks=("transparency", "block-upload"),
        actions=(
            RoutineAction("Follow up with {b} on adopting shared tools", False, "Followed up by email."),
        ),
    ),
    RoutineTemplate(
        CALL, "Referral quality check-in: {a} and {b}",
        "Three-way call with {a} and {b} on recent referral quality against the common checklist.",
        (TECH, "nocpu"), weight=2, minutes=30, asks=("support-law-enforcement", "block-upload"),
        sensitive_chance=0.2,
    ),
)

# Where each technology company stands on each ask (in ALL_ASKS order): status, notes, days since review.
NE, DISC, COMM = CommitmentStatus.NOT_ENGAGED, CommitmentStatus.IN_DISCUSSION, CommitmentStatus.COMMITTED
PROG, DELIV, DECL = CommitmentStatus.IN_PROGRESS, CommitmentStatus.DELIVERED, CommitmentStatus.DECLINED

COMMITMENTS: dict[str, tuple[tuple[CommitmentStatus, str, int | None], ...]] = {
    "kestrel": (
        (DELIV, "Hash matching at upload across public and private groups; video added this year.", 60),
        (PROG, "Committed at launch; age-assurance pilot expanding, evaluation due.", 60),
        (COMM, "Moved from in discussion to committed after joining the live-streaming working group.", 60),
        (DELIV, "Dedicated UK law-enforcement response team; adopted the common referral checklist.", 60),
        (DELIV, "First UK transparency report published with methodology; second in preparation.", 60),
    ),
    "wrenfield": (
        (DELIV, "Hash matching across search, cloud and Lumen Video.", 160),
        (COMM, "Grooming classifier licensed free to smaller companies.", 160),
        (PROG, "Live-stream detection at Lumen Video in progress.", 160),
        (DELIV, "Law-enforcement liaison team in London.", 160),
        (DELIV, "Transparency report covers Lumen Video; shares tools with smaller platforms.", 35),
    ),
    "lumen": (
        (DELIV, "Video hash matching live on every upload.", 35),
        (PROG, "Comment and messaging controls for younger users being rolled out.", 35),
        (PROG, "Roadmap for live-stream detection overdue; held up by reorganisation.", 35),
        (COMM, "Uses Wrenfield's law-enforcement team.", 160),
        (COMM, "Covered by Wrenfield's transparency report; own UK figures promised.", 160),
    ),
    "brightwave": (
        (DISC, "Moving to end-to-end encryption; how known material is blocked at upload is unresolved.", 21),
        (PROG, "Detecting grooming from behavioural signals without reading messages; legal review pending.",
         21),
        (DISC, "Video calls in scope; early discussion only.", 130),
        (COMM, "Piloted and adopted the common referral checklist; data-sharing wording under review.", 21),
        (COMM, "Committed to a UK transparency report; timing not yet set.", 130),
    ),
    "harbourline": (
        (PROG, "Joining the Beacon hash list; integration under way.", 85),
        (COMM, "Moderation of public rooms brought in-house; using Wrenfield's classifier.", 85),
        (PROG, "Scoping live-stream detection with the working group.", 85),
        (DISC, "Out-of-hours escalation tested, but the 24/7 contact rota is still not confirmed.", 85),
        (DISC, "Considering a first transparency report.", 85),
    ),
    "streamvale": (
        (COMM, "Joining the Beacon hash list for thumbnails and clips.", 45),
        (DISC, "Chat safety features under discussion.", 120),
        (PROG, "Live-stream classifier pilot evaluated with co-funding; offered to smaller platforms.", 45),
        (COMM, "Named law-enforcement contact in place.", 120),
        (DISC, "Willing to share the classifier; no transparency report yet.", 45),
    ),
    "tesselate": (
        (DELIV, "Beacon hash list member; blocks known material at upload.", 120),
        (NE, "No user-to-user chat: not applicable so far.", None),
        (NE, "No live streaming.", None),
        (COMM, "Attended the referral quality workshop; adopting the checklist.", 120),
        (DISC, "Invited to publish a UK transparency report.", 3),
    ),
    "moonfern": (
        (DISC, "Considering Beacon hash list membership; form outstanding.", 100),
        (PROG, "Trialling Wrenfield's grooming classifier in in-game chat.", 100),
        (NE, "", None),
        (DISC, "Introduced to the national unit's referrals team.", 100),
        (NE, "", None),
    ),
    "quillpoint": (
        (NE, "No response on hash matching.", 300),
        (NE, "", None),
        (NE, "", None),
        (DECL, "Declined to name a UK law-enforcement contact, citing jurisdiction.", 300),
        (NE, "", None),
    ),
    "sparrowtalk": (
        (DISC, "Introduced to Beacon; deciding on membership before UK launch.", 14),
        (DISC, "Sent Wrenfield's free classifier terms.", 14),
        (NE, "", None),
        (NE, "", None),
        (NE, "", None),
    ),
    "mistlebox": (
        (DELIV, "Kept hash matching running until the service closed.", 250),
        (NE, "Service closed.", 250),
        (NE, "Service closed.", 250),
        (COMM, "Handed over outstanding law-enforcement requests before closure.", 250),
        (NE, "Service closed.", 250),
    ),
}
# fmt: on
