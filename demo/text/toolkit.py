"""Text for the toolkit's demo data (``manage.py seed_demo``): case studies and how far
along the checklist organisations of each kind tend to be.

The stories follow the qualities CLES found in Salford's social value organisations
(values and ethos, delivery, partnerships, internal operations and practice) and the
three ways a business shows its commitment to the city: putting Salford first, buying
in Salford, and setting the standard. Outcome numbers are those of the 10% Better
framework (1-11). ``{organisation}`` and ``{place}`` are filled in for each story.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Sector, SizeBand
from toolkit.models import CLESQuality

VALUES = CLESQuality.VALUES
DELIVERY = CLESQuality.DELIVERY
PARTNERSHIPS = CLESQuality.PARTNERSHIPS
OPERATIONS = CLESQuality.OPERATIONS


@dataclass(frozen=True)
class Story:
    quality: str  # the quality the story shows best; others may be added
    outcomes: tuple[int, ...]
    titles: tuple[str, ...]
    summary: str
    paragraphs: tuple[str, str]


STORIES: tuple[Story, ...] = (
    Story(
        DELIVERY,
        (7, 9),
        (
            "Apprenticeships alongside a building contract in {place}",
            "Building skills as well as homes in {place}",
            "From the estate to the site: {place} apprentices",
        ),
        "How {organisation} turned a refurbishment contract into six apprenticeships for "
        "young people from {place}.",
        (
            "When {organisation} won the contract to refurbish flats in {place}, we asked "
            "what else the work could leave behind. The answer was apprenticeships: six "
            "young people from the estate now work alongside our joiners and plasterers.",
            "We recruited through the local job club rather than the usual agencies, and "
            "held open mornings on site so families could see the work for themselves. "
            "**Four of the six** had been out of work or learning for more than a year.",
        ),
    ),
    Story(
        VALUES,
        (2, 9),
        (
            "Nobody is a client here: respect at the heart of {place}",
            "Treating people as neighbours, not cases",
            "Respect without judgement in {place}",
        ),
        "{organisation} on why treating every person with respect and without judgement "
        "matters more than any policy.",
        (
            "At {organisation} we do not talk about clients. The people who come through "
            "the door in {place} are neighbours, and many of them now volunteer with us.",
            "It sounds simple, but it changes everything: people stay longer, tell us what "
            "is really going on, and come back when things get hard again. Our staff say "
            "it is the reason they work here.",
        ),
    ),
    Story(
        PARTNERSHIPS,
        (11,),
        (
            "Buying in Salford: moving our spend closer to home",
            "Local suppliers first: what changed in {place}",
            "Spending our money in {place} first",
        ),
        "{organisation} looked at where its money goes and moved a fifth of its supplier "
        "spend to Salford businesses in a year.",
        (
            "We started with a spreadsheet of every supplier we had paid in the last year. "
            "Fewer than one in ten were based in Salford, even for things that are made or "
            "sold a few streets away from our office in {place}.",
            "Now every purchase over £500 starts with a search of the Salford directory, "
            "and our catering, printing and cleaning all come from local firms. The money "
            "stays in the city and pays local wages.",
        ),
    ),
    Story(
        OPERATIONS,
        (8,),
        (
            "Becoming a Living Wage employer",
            "A fair day’s pay in {place}",
            "Setting the standard: the real Living Wage at {organisation}",
        ),
        "{organisation} explains how it found the money to pay every member of staff, "
        "and its contractors, the real Living Wage.",
        (
            "Paying the real Living Wage was a decision for the whole board, not just the "
            "finance team. We costed it over three years and found that lower staff "
            "turnover would pay for much of it.",
            "We have also stopped using zero-hours contracts and ask our contractors to "
            "pay the Living Wage on our sites. Staff told us they feel trusted, and "
            "sickness absence has fallen.",
        ),
    ),
    Story(
        VALUES,
        (1,),
        (
            "A day a year: staff volunteering in {place}",
            "From desks to allotments: our volunteering days",
            "Giving time to {place}",
        ),
        "Every member of staff at {organisation} now has paid time to volunteer with a "
        "community group in {place}.",
        (
            "We gave everyone one paid day a year to volunteer, and asked local groups "
            "what they actually needed rather than choosing for them. The first year, "
            "staff painted a community centre, cleared an allotment and read with children.",
            "Most people now give more than their day, in their own time. Several have "
            "become trustees of the groups they first met through the scheme.",
        ),
    ),
    Story(
        DELIVERY,
        (2, 3),
        (
            "Walking football and a cuppa in {place}",
            "Getting {place} moving, one session at a time",
            "Tea, talk and football for older men",
        ),
        "{organisation} set up weekly sessions for older men in {place}: gentle exercise, "
        "then tea and a chat.",
        (
            "The sessions began because a few men told us they had not spoken to anyone "
            "all week. Walking football gave them a reason to come; the tea afterwards is "
            "why they stay.",
            "We let the group decide the times, the rules and the name of the team. "
            "Thirty men now come most weeks, and several have gone on to the gym, the "
            "choir or to volunteer as coaches.",
        ),
    ),
    Story(
        PARTNERSHIPS,
        (10,),
        (
            "Warm homes for {place}: working together on fuel poverty",
            "Tackling fuel poverty with our neighbours",
            "Keeping {place} warm this winter",
        ),
        "With the fire service, a housing association and the advice centre, "
        "{organisation} helped households in {place} keep warm for less.",
        (
            "No one organisation could do this alone. Fire safety visits found the cold "
            "homes, the advice centre checked people’s incomes and bills, and we fitted "
            "draught-proofing and explained the heating controls.",
            "Over one winter, more than two hundred households in {place} were visited. "
            "We meet every month to share what we are seeing and who still needs help.",
        ),
    ),
    Story(
        OPERATIONS,
        (4, 5),
        (
            "Halving our waste in a year",
            "Less in the bin, more for {place}",
            "Less waste, more recycling at {organisation}",
        ),
        "{organisation} measured its waste for the first time, then set out to halve it.",
        (
            "We weighed our bins for a month before changing anything, so we would know "
            "whether what we did worked. Food and packaging were most of it.",
            "Now suppliers take back their packaging, leftover food goes to a community "
            "fridge in {place}, and what is left is sorted for recycling. Our waste has "
            "fallen by more than half and we report the figures to the board every quarter.",
        ),
    ),
    Story(
        DELIVERY,
        (7,),
        (
            "Young people leading the way in {place}",
            "A youth group run by young people",
            "Young voices, real decisions in {place}",
        ),
        "At {organisation}, young people from {place} plan the activities, run the "
        "committee and interview new staff.",
        (
            "The young people who use our group run it. They choose the trips, manage a "
            "small budget and sit on every interview panel when we recruit.",
            "Several have gone on to college courses and apprenticeships, and some come "
            "back as volunteers. They tell us it is the first place anyone asked what "
            "they thought.",
        ),
    ),
    Story(
        OPERATIONS,
        (11, 9),
        (
            "Measuring what matters: our first social value report",
            "Counting our social value, not just our costs",
            "What we give back to {place}, in numbers",
        ),
        "{organisation} started collecting the evidence of its social value as it goes, "
        "and published its first report.",
        (
            "We used to describe our social value in stories alone. When a commissioner "
            "asked for numbers, we realised we had to collect them as we went, not at the "
            "end of the year.",
            "We chose a few measures that matter to {place} (local jobs, local spend and "
            "volunteering hours) and built them into the forms staff already fill in. Our "
            "first report shows where we are strong and where we need to improve.",
        ),
    ),
    Story(
        PARTNERSHIPS,
        (6,),
        (
            "Greener journeys to work in {place}",
            "Cycling, car sharing and the bus: travelling greener",
            "Leaving the car at home in {place}",
        ),
        "{organisation} worked with neighbouring employers to make it easier for staff to "
        "get to work without a car.",
        (
            "Most of our staff live within three miles of work but drove in. Together with "
            "the businesses next door we surveyed everyone about why.",
            "The answers were practical: nowhere safe to leave a bike, no showers, buses "
            "that did not fit shift times. We fixed the first two and the bus company "
            "changed a timetable. A third of staff now travel by bike, bus or on foot.",
        ),
    ),
    Story(
        VALUES,
        (9, 8),
        (
            "Second chances: recruiting people with convictions",
            "Putting Salford first in how we recruit",
            "Fair chances for people from {place}",
        ),
        "{organisation} changed how it recruits, so that people facing the greatest "
        "disadvantage in Salford get a fair chance.",
        (
            "We removed the tick box about convictions from our application form and now "
            "ask about it only at offer stage, and only when the role needs it.",
            "We also guarantee an interview to anyone from {place} who meets the essential "
            "criteria. Our newest recruits include care leavers and people returning to "
            "work after prison, and they are some of our most committed staff.",
        ),
    ),
)

# A paragraph for each other quality a story shows.
QUALITY_PARAGRAPHS: dict[str, tuple[str, ...]] = {
    VALUES: (
        "Underneath it all are our values: we treat everyone with respect, and we expect "
        "the same of our suppliers and partners.",
        "This is not a project for us. Making a difference in {place} is why "
        "{organisation} exists, and everyone here knows it.",
    ),
    DELIVERY: (
        "We design what we do with the people it is for, and change it when they tell us "
        "it is not working.",
        "Every person we work with is different, so we start with what they want to "
        "achieve, not with what we happen to offer.",
    ),
    PARTNERSHIPS: (
        "None of this would have worked without our partners in {place}: the school, the "
        "housing association and the community centre all played their part.",
        "We share what we learn with other organisations in the Social Value Alliance, "
        "and we have borrowed plenty of good ideas from them too.",
    ),
    OPERATIONS: (
        "Our board reviews the results every quarter, and staff at every level have a "
        "say in what we try next.",
        "We wrote social value into our business plan and job descriptions, so it does "
        "not depend on one enthusiastic person.",
    ),
}

CLOSINGS: tuple[str, ...] = (
    "If you would like to do something similar, get in touch: we are happy to share what "
    "we learned.",
    "Next year we want to go further, and to measure the difference more carefully.",
    "Our advice to anyone starting out: begin with what you already do, and do a little "
    "more of it.",
)

# For a story sent back (status draft, changes requested) or rejected.
CHANGES_REQUESTED_NOTES: tuple[str, ...] = (
    "Thank you, this is a good story. Could you add a figure or two to show the "
    "difference it made, such as how many people took part?",
    "Please remove the names of the young people, or confirm that they and their "
    "families agreed to be named.",
    "The story is a little short: could you say what you did, who it helped and what you "
    "would do differently next time?",
)
REJECTION_NOTES: tuple[str, ...] = (
    "This reads as an advert for your services rather than a story of social value. "
    "You are welcome to write about what changed for the people involved and submit it "
    "again.",
    "This is very similar to the case study you published last month. Please add to "
    "that one instead.",
    "We could not publish this because it names a person who is still receiving support.",
)

# How far along the checklist an organisation tends to be (0 to 1): a starting point
# for its first assessment, before its own variation.
MATURITY: dict[str, float] = {
    Sector.SOCIAL_ENTERPRISE: 0.55,
    Sector.CHARITY: 0.5,
    Sector.COMMUNITY_GROUP: 0.45,
    Sector.PUBLIC_SECTOR: 0.5,
    Sector.PRIVATE_BUSINESS: 0.35,
}
SIZE_MATURITY: dict[str, float] = {
    SizeBand.MICRO: -0.05,
    SizeBand.SMALL: 0.0,
    SizeBand.MEDIUM: 0.04,
    SizeBand.LARGE: 0.08,
}
