"""Realistic text for ``manage.py seed_demo``: Salford places, organisations, pledges.

Commitment wording follows the alliance's SMART examples ("increase the number of staff
volunteering by 10%", "increase the value of purchasing from organisations based in
Salford by 10%"); outcome numbers are those of the 10% Better framework (1-11).
"""

from __future__ import annotations

from accounts.models import Sector, SizeBand

# Ward -> (postcode districts, neighbourhoods people name organisations after).
WARD_PLACES: dict[str, tuple[list[str], list[str]]] = {
    "Barton & Winton": (["M30"], ["Barton", "Winton", "Patricroft"]),
    "Blackfriars & Trinity": (["M3"], ["Greengate", "Chapel Street", "Trinity"]),
    "Boothstown & Ellenbrook": (["M28"], ["Boothstown", "Ellenbrook"]),
    "Broughton": (["M7"], ["Broughton", "Higher Broughton", "Lower Broughton"]),
    "Cadishead & Lower Irlam": (["M44"], ["Cadishead", "Irlam"]),
    "Claremont": (["M6"], ["Claremont", "Irlams o’ th’ Height"]),
    "Eccles": (["M30"], ["Eccles", "Monton"]),
    "Higher Irlam & Peel Green": (["M44", "M30"], ["Higher Irlam", "Peel Green"]),
    "Kersal & Broughton Park": (["M7"], ["Kersal", "Broughton Park"]),
    "Little Hulton": (["M38"], ["Little Hulton", "Peel Park"]),
    "Ordsall": (["M5"], ["Ordsall", "Islington"]),
    "Pendlebury & Clifton": (["M27"], ["Pendlebury", "Clifton"]),
    "Pendleton & Charlestown": (["M6"], ["Pendleton", "Charlestown", "Langworthy"]),
    "Quays": (["M50"], ["Salford Quays", "MediaCityUK"]),
    "Swinton & Wardley": (["M27"], ["Swinton", "Wardley"]),
    "Swinton Park": (["M27", "M6"], ["Swinton Park", "Brackley"]),
    "Walkden North": (["M28"], ["Walkden", "Linnyshaw"]),
    "Walkden South": (["M28"], ["Walkden", "Wharton"]),
    "Weaste & Seedley": (["M5", "M6"], ["Weaste", "Seedley"]),
    "Worsley & Westwood Park": (["M28", "M30"], ["Worsley", "Westwood Park"]),
}

# Organisations based elsewhere in Greater Manchester that work in Salford.
OUTSIDE_PLACES: list[tuple[str, str]] = [
    ("Manchester", "M4"),
    ("Manchester", "M1"),
    ("Stretford", "M32"),
    ("Trafford Park", "M17"),
    ("Bolton", "BL1"),
    ("Bury", "BL9"),
    ("Wigan", "WN1"),
    ("Stockport", "SK1"),
    ("Oldham", "OL1"),
    ("Leigh", "WN7"),
]

POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXY"

# Name patterns per sector: {place} is a neighbourhood, {surname} a family name.
ORGANISATION_NAMES: dict[str, list[str]] = {
    Sector.CHARITY: [
        "{place} Food Bank",
        "{place} Carers Centre",
        "{place} Youth Trust",
        "Friends of {place} Park",
        "{place} Age Well",
        "{place} Advice Centre",
        "{place} Mental Health Matters",
        "{place} Children’s Trust",
        "{place} Refugee Welcome",
        "{place} Family Support",
    ],
    Sector.SOCIAL_ENTERPRISE: [
        "{place} Community Café",
        "{place} Bike Kitchen",
        "{place} Repair Café CIC",
        "{place} Community Energy",
        "{place} Print Works CIC",
        "{place} Growing Spaces",
        "{place} Furniture Reuse",
        "{place} Laundrette Co-operative",
        "{place} Community Transport",
        "{place} Works CIC",
    ],
    Sector.COMMUNITY_GROUP: [
        "{place} Tenants and Residents Association",
        "{place} Allotment Society",
        "{place} Walking Group",
        "{place} Litter Pickers",
        "{place} Knit and Natter",
        "{place} Men’s Shed",
        "{place} Community Choir",
        "{place} Toddler Group",
        "{place} Running Club",
        "{place} Neighbourhood Watch",
    ],
    Sector.PRIVATE_BUSINESS: [
        "{surname} & {surname2} Solicitors",
        "{surname} Builders Ltd",
        "{place} Dental Practice",
        "{surname} Engineering",
        "{place} Print and Design",
        "{surname} Accountancy",
        "{place} Bakery",
        "{surname} Facilities Management",
        "{place} Digital",
        "{surname} and Sons Plumbing",
        "{place} Logistics",
        "{surname} Architects",
    ],
    Sector.PUBLIC_SECTOR: [
        "{place} Primary School",
        "{place} Academy",
        "{place} Medical Practice",
        "{place} Library",
        "{place} Neighbourhood Team",
        "{place} Leisure Centre",
        "{place} Children’s Centre",
        "{place} Sixth Form College",
    ],
}

# How big each kind of organisation tends to be: (size band, weight).
SIZE_WEIGHTS: dict[str, list[tuple[str, int]]] = {
    Sector.CHARITY: [(SizeBand.MICRO, 3), (SizeBand.SMALL, 4), (SizeBand.MEDIUM, 2)],
    Sector.SOCIAL_ENTERPRISE: [(SizeBand.MICRO, 4), (SizeBand.SMALL, 4), (SizeBand.MEDIUM, 1)],
    Sector.COMMUNITY_GROUP: [(SizeBand.MICRO, 8), (SizeBand.SMALL, 2)],
    Sector.PRIVATE_BUSINESS: [
        (SizeBand.MICRO, 3),
        (SizeBand.SMALL, 4),
        (SizeBand.MEDIUM, 3),
        (SizeBand.LARGE, 1),
    ],
    Sector.PUBLIC_SECTOR: [(SizeBand.SMALL, 2), (SizeBand.MEDIUM, 3), (SizeBand.LARGE, 2)],
}

# The first organisations, so that even a tiny demo has every sector and size and one
# organisation from outside Salford: (sector, size band, outside Salford).
FIRST_ORGANISATIONS: list[tuple[str, str, bool]] = [
    (Sector.CHARITY, SizeBand.SMALL, False),
    (Sector.SOCIAL_ENTERPRISE, SizeBand.MICRO, False),
    (Sector.COMMUNITY_GROUP, SizeBand.MICRO, False),
    (Sector.PRIVATE_BUSINESS, SizeBand.MEDIUM, True),
    (Sector.PUBLIC_SECTOR, SizeBand.LARGE, False),
]

SECTOR_WEIGHTS: list[tuple[str, int]] = [
    (Sector.CHARITY, 25),
    (Sector.SOCIAL_ENTERPRISE, 20),
    (Sector.COMMUNITY_GROUP, 20),
    (Sector.PRIVATE_BUSINESS, 25),
    (Sector.PUBLIC_SECTOR, 10),
]

DESCRIPTIONS: dict[str, list[str]] = {
    Sector.CHARITY: [
        "We support families in {place} through hard times with food, advice and a friendly "
        "face. Most of our volunteers live within a mile of our door.",
        "A local charity helping older people in {place} stay connected, active and warm at home.",
        "We run youth clubs, holiday activities and mentoring for young people across "
        "{place} and neighbouring wards.",
    ],
    Sector.SOCIAL_ENTERPRISE: [
        "A community business in {place}: every pound we make goes back into training and "
        "jobs for local people.",
        "We repair, reuse and sell on furniture and bikes, keeping them out of landfill and "
        "giving work placements to people returning to work.",
        "A social enterprise café serving local food, with apprenticeships for young people "
        "from {place}.",
    ],
    Sector.COMMUNITY_GROUP: [
        "Neighbours in {place} who meet every week to make the area greener, safer and friendlier.",
        "Run entirely by volunteers: we organise clean-ups, walks and a monthly get-together "
        "in {place}.",
        "A friendly group for anyone in {place} who wants to get out, meet people and do "
        "something useful.",
    ],
    Sector.PRIVATE_BUSINESS: [
        "A {place} business employing local people since the 1990s; we buy from Salford "
        "suppliers wherever we can.",
        "We work with public and private clients across Greater Manchester from our base in "
        "{place}.",
        "A family firm that believes a good business is a good neighbour.",
    ],
    Sector.PUBLIC_SECTOR: [
        "Serving the {place} community, working with local partners on health, learning and "
        "wellbeing.",
        "A public service rooted in {place}, committed to social value in everything we buy "
        "and do.",
    ],
}

PLEDGE_TITLES: list[str] = [
    "Buying local and paying fairly",
    "Greener ways to work",
    "Giving our time to Salford",
    "Opening doors to good jobs",
    "Healthier, happier, more active",
    "Cutting waste, not corners",
    "Keeping Salford warm",
    "A Living Wage employer for Salford",
    "Young people first",
    "Our 10% Better pledge",
    "Spending our money where it matters",
    "Good neighbours in {place}",
    "Less waste, more reuse in {place}",
    "Making {place} 10% better",
    "Fair pay, local jobs",
    "Every journey greener",
    "Warm homes, kind neighbours",
    "Our people, our city",
    "Helping {place} thrive",
    "Small steps for a better {place}",
    "Open doors, open books",
    "Investing in young Salfordians",
    "A fairer share for {place}",
    "From waste to worth",
]

# How many pledges an organisation has made over the years: (count, weight).
# Over the years, pledges lapse and are renewed: a city of 10,000 organisations holds
# about 50,000 pledges (issue 14), four or five an organisation on average.
PLEDGES_PER_ORGANISATION: list[tuple[int, int]] = [
    (0, 10),
    (1, 10),
    (2, 15),
    (3, 15),
    (5, 15),
    (7, 20),
    (9, 15),
]

# How many commitments an organisation's pledge has: (count, weight).
COMMITMENT_COUNTS: list[tuple[int, int]] = [(1, 5), (2, 20), (3, 40), (4, 35)]

PLEDGE_STATEMENTS: list[str] = [
    "We are part of this city and want our work to leave it better than we found it.",
    "Our staff, customers and neighbours live here. Social value is how we give back.",
    "Small changes add up. These are the ones we can measure and will report on.",
    "We want every pound we spend and every hour we give to count for Salford.",
    "",
]

# Commitments for organisations: (text, unit, (low, high) target, outcome numbers).
# {n} is the target, {due} the month it is due.
ORGANISATION_COMMITMENTS: list[tuple[str, str, tuple[int, int], list[int]]] = [
    ("Increase the number of staff volunteering by {n}% by {due}", "%", (10, 25), [1]),
    (
        "Give every member of staff two paid volunteering days a year and log {n} volunteering "
        "hours in Salford by {due}",
        "hours",
        (100, 800),
        [1],
    ),
    (
        "Increase the value of purchasing from organisations based in Salford by {n}% by {due}",
        "%",
        (10, 20),
        [11],
    ),
    (
        "Spend £{n} with Salford suppliers and social enterprises by {due}",
        "£",
        (5000, 150000),
        [11],
    ),
    (
        "Pay the real Living Wage to all staff and ask our {n} main contractors to do the same "
        "by {due}",
        "contractors",
        (3, 12),
        [8],
    ),
    (
        "Become an accredited real Living Wage employer, raising the pay of {n} Salford staff "
        "by {due}",
        "people",
        (2, 40),
        [8],
    ),
    (
        "Offer {n} work placements to Salford 16-17 year olds not in education, employment or "
        "training by {due}",
        "young people",
        (2, 10),
        [7],
    ),
    (
        "Create {n} apprenticeships for people from vulnerable groups, including care leavers "
        "and ex-offenders, by {due}",
        "apprenticeships",
        (1, 6),
        [9, 7],
    ),
    (
        "Run {n} interview and CV sessions with Salford job clubs by {due}",
        "sessions",
        (4, 24),
        [9],
    ),
    ("Cut the waste we send to landfill by {n}% by {due}", "%", (10, 30), [4]),
    (
        "Recycle {n} tonnes of office and site waste a year, up from last year, by {due}",
        "tonnes",
        (2, 40),
        [5],
    ),
    (
        "Get {n} staff travelling to work by bike, bus, tram or on foot through a cycle-to-work "
        "scheme and travel passes by {due}",
        "people",
        (5, 60),
        [6],
    ),
    ("Reduce business miles driven by {n}% by {due}", "%", (10, 30), [6]),
    (
        "Offer free home energy checks to {n} households in fuel poverty by {due}",
        "households",
        (20, 200),
        [10],
    ),
    (
        "Fit draught-proofing in {n} homes of older residents by {due}",
        "homes",
        (10, 80),
        [10, 2],
    ),
    (
        "Run a weekly walking group and get {n} inactive people moving by {due}",
        "people",
        (10, 60),
        [3, 2],
    ),
    (
        "Give {n} staff a wellbeing day and mental health first aid training by {due}",
        "people",
        (5, 40),
        [2],
    ),
    (
        "Host {n} free community events in our building for local groups by {due}",
        "events",
        (4, 24),
        [2, 1],
    ),
]

# Commitments a resident makes for themselves.
RESIDENT_COMMITMENTS: list[tuple[str, str, tuple[int, int], list[int]]] = [
    ("Volunteer {n} hours at a local food bank or community group by {due}", "hours", (20, 100),
     [1]),
    ("Walk or cycle to work at least three days a week, {n} journeys by {due}", "journeys",
     (60, 200), [6, 3]),
    ("Cut our household’s rubbish by {n}% by {due}, with a compost bin and refills", "%",
     (10, 30), [4]),
    ("Take part in {n} litter picks in my neighbourhood by {due}", "litter picks", (4, 12),
     [4, 1]),
    ("Spend £{n} a month in independent Salford shops instead of online by {due}", "£ a month",
     (20, 100), [11]),
    ("Join a weekly parkrun or walking group and complete {n} sessions by {due}", "sessions",
     (20, 50), [3, 2]),
    ("Check in on {n} older neighbours every week through the winter, until {due}",
     "neighbours", (1, 4), [2]),
    ("Recycle everything our bins take and get {n} neighbours to do the same by {due}",
     "neighbours", (2, 10), [5]),
]  # fmt: skip

# How a revision rewords a commitment: {text} is the approved wording.
REVISED_WORDING: list[str] = [
    "{text}, and report on it every quarter",
    "{text}, working with Salford CVS to reach more people",
    "{text}, with half of it in the wards that need it most",
]

REVISION_STATEMENT = "A year in, we have raised our sights: these are our updated commitments."

PROGRESS_TEXTS: list[str] = [
    "Good start: {figure} so far, and more booked in for next month.",
    "We reached {figure} this quarter. Staff have really got behind it.",
    "Slower than we hoped over the summer, but we are at {figure} now.",
    "Up to {figure}. A local partner has joined in, which will help.",
    "{figure} and counting. We shared what we learned at the alliance meeting.",
    "Reached {figure}; the figures are from our own records, checked by our finance team.",
]

REJECTION_REASONS: list[str] = [
    "This reads as an advert for your services rather than a pledge. Please tell us what you "
    "will change and how you will measure it.",
    "The commitments are not measurable yet: each needs a number you can report on.",
    "We could not verify that this organisation works in Salford. Please contact the alliance.",
]

CHANGES_REQUESTED: list[str] = [
    "Thank you! Could you add a target for the second commitment, such as a number of hours "
    "or people?",
    "Please give a due date within the next year for each commitment.",
    "The headline is very long: could you shorten it to one line?",
]

WITHDRAWAL_REASONS: list[str] = [
    "Our funding ended and we cannot keep these commitments this year.",
    "We are merging with another organisation and will pledge together.",
    "",
]

CONCERNS: list[str] = [
    "I work near here and I do not think this company pays the Living Wage as it claims.",
    "This looks like an advert rather than a pledge.",
    "The website link on this organisation goes to a different business.",
    "The group stopped meeting last year, so I doubt this pledge is still going.",
    "One of the commitments mentions a named member of staff; is that allowed?",
]

CONCERN_RESOLUTIONS: list[str] = [
    "Spoke to the organisation; they sent evidence and the pledge stands.",
    "Asked the organisation to revise the pledge; they have agreed.",
    "Checked with the organisation: the link is fixed.",
]
