"""Version 1 of "Starting Off in Social Value in Salford", the self-assessment checklist.

Its sections are the City Plan priorities (a Growing, Co-operative, Innovative and Caring
City) and the three ways a business shows its commitment to Salford; the questions are
written from the outcomes listed under each. Keys stay the same in every later version,
so results compare and answers carry over.

Loading creates version 1 only when no checklist exists, so what staff publish later is
never touched. Questions are linked to the starter guides by slug; the guides may load
after the checklist (or staff may add one later), so each load links the version 1
questions that have no guide yet to those of their guides that now exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import transaction
from django.utils import timezone

from .markdown import render_markdown
from .models import Checklist, Guide, Question, Section

STAFF_PERMISSIONS = [
    "toolkit.view_checklist",
    "toolkit.add_checklist",
    "toolkit.change_checklist",
    "toolkit.view_section",
    "toolkit.add_section",
    "toolkit.change_section",
    "toolkit.delete_section",
    "toolkit.view_question",
    "toolkit.add_question",
    "toolkit.change_question",
    "toolkit.delete_question",
]

INTRODUCTION = (
    "Find out how much social value your organisation already creates, and where it could "
    "do more. The questions come from the City Plan’s priorities for Salford and from the "
    "three ways a business shows its commitment to the city."
)


@dataclass(frozen=True)
class Q:
    key: str
    text: str
    guidance: str
    weight: int
    guides: tuple[str, ...] = ()


@dataclass(frozen=True)
class S:
    key: str
    title: str
    group: str
    description: str
    questions: tuple[Q, ...]


CITY_PLAN = Section.Group.CITY_PLAN
COMMITMENT = Section.Group.COMMITMENT

SECTIONS: tuple[S, ...] = (
    S(
        "growing-city",
        "A Growing City",
        CITY_PLAN,
        "Work, skills and a strong local economy.",
        (
            Q(
                "routes-into-work",
                "Do you offer Salford people who are out of work a route into a job, such "
                "as work placements, work trials or guaranteed interviews?",
                "Worklessness is one of the biggest causes of poverty in Salford. A short "
                "placement or a guaranteed interview can be the first step back into work, "
                "and it costs an employer little. Working with local job centres and "
                "employment support services helps you find the people who need it most.",
                3,
                ("putting-salford-first",),
            ),
            Q(
                "education-and-skills",
                "Do you help people in Salford improve their education and skills, for "
                "example through training, mentoring or links with local schools and colleges?",
                "Talks in schools, mock interviews, work experience and training open to "
                "people beyond your own staff all raise skills in the city. Record what you "
                "offer and how many people take part, so that you can show the difference it "
                "makes.",
                2,
                ("putting-salford-first",),
            ),
            Q(
                "keeping-people-in-work",
                "Do you help your staff stay in work when life gets hard, for example "
                "through flexible working, wellbeing support or a phased return after illness?",
                "A resilient workforce is one where people keep their jobs through illness, "
                "caring responsibilities or a crisis at home. Flexible hours, an employee "
                "assistance programme and managers who know how to support someone back to "
                "work all count.",
                2,
                ("setting-the-standard",),
            ),
            Q(
                "supply-chain-jobs",
                "Do you ask the suppliers and subcontractors who work for you in Salford to "
                "employ and train local people?",
                "Much of the work a contract creates is done by subcontractors. Asking them "
                "to advertise locally, take on apprentices or offer placements spreads the "
                "benefit further. Put it in writing, and ask them to tell you what they did.",
                2,
                ("putting-salford-first", "core-and-added-social-value"),
            ),
            Q(
                "business-links",
                "Do you build links with other Salford businesses and organisations, for "
                "example by sharing skills, mentoring smaller firms or joining local networks?",
                "Good links between local businesses keep money and know-how in the city. "
                "Joining a business network, mentoring a start-up or sharing a skill your "
                "team has are simple ways to begin.",
                1,
                ("buying-in-salford",),
            ),
            Q(
                "place-to-grow",
                "Do you help make Salford a better place for businesses to start and grow, "
                "for example by offering space, advice or first contracts to new enterprises?",
                "New and small enterprises often struggle to find affordable space or a first "
                "customer. Lending a meeting room, offering advice or giving a small first "
                "order helps them grow, and helps Salford’s economy grow with them.",
                1,
                ("buying-in-salford",),
            ),
        ),
    ),
    S(
        "co-operative-city",
        "A Co-operative City",
        CITY_PLAN,
        "Volunteering, involvement, equality and strong communities.",
        (
            Q(
                "volunteering",
                "Do you create opportunities for people to volunteer, including giving your "
                "own staff time to volunteer in Salford?",
                "Volunteering builds skills, confidence and friendships, and it strengthens "
                "the groups that benefit. A volunteering policy with paid time off for staff "
                "is a clear commitment; so is offering well-supported roles to residents.",
                2,
                ("ten-percent-better-smart-pledges",),
            ),
            Q(
                "say-in-services",
                "Do the people who use your services, and the wider community, have a real "
                "say in how you plan and run them?",
                "People who use a service know best what works. Involvement can range from "
                "asking for feedback to user-led design, places on your board or community "
                "ownership. Tell people what changed because of what they said.",
                3,
                ("embedding-social-value", "what-the-cles-research-found"),
            ),
            Q(
                "promoting-equality",
                "Do you actively promote equality, so that people of every background can use "
                "your services and work with you?",
                "Promoting equality goes beyond meeting the law. Look at who uses your "
                "services and who works for you, compare that with the people of Salford, and "
                "act on any gaps you find.",
                3,
                ("what-the-cles-research-found",),
            ),
            Q(
                "role-models",
                "Do you give people the chance to become positive role models, for example as "
                "mentors, peer supporters or community ambassadors?",
                "Seeing someone like you succeed raises what you believe you can do. Peer "
                "mentors, apprentices who go back to their old school, and staff who share "
                "their own stories all help.",
                1,
            ),
            Q(
                "community-resilience",
                "Do you help people in Salford support one another, for example by backing "
                "community groups, networks or good-neighbour schemes?",
                "Resilient communities are ones where people can help each other through hard "
                "times. Offering space, small grants, staff time or publicity to community "
                "groups strengthens the ties that make that possible.",
                2,
                ("what-is-social-value",),
            ),
            Q(
                "working-with-vcse",
                "Do you work with Salford’s voluntary and community groups, social enterprises "
                "and mutuals as partners, not only as suppliers?",
                "Voluntary, community and social enterprise organisations reach people others "
                "cannot. Working with them from the start, sharing what you know and "
                "designing services together creates more value than a contract alone.",
                2,
                ("buying-in-salford", "what-the-cles-research-found"),
            ),
        ),
    ),
    S(
        "innovative-city",
        "An Innovative City",
        CITY_PLAN,
        "Joined-up services, prevention and a cleaner, safer place.",
        (
            Q(
                "local-networks",
                "Do you take part in local networks and partnerships, so that your work joins "
                "up with what others already do in Salford?",
                "Services that work together avoid gaps and duplication. Taking part in "
                "neighbourhood partnerships, forums and referral networks means people are "
                "passed on to the right help.",
                2,
                ("what-the-cles-research-found",),
            ),
            Q(
                "reducing-demand",
                "Does your work help prevent problems before they start, so that fewer people "
                "need crisis or emergency services?",
                "Prevention is one of the most valuable things an organisation can offer. If "
                "your work keeps people well, housed or in work, say how, and gather the "
                "evidence that shows it.",
                2,
                ("measuring-social-value", "core-and-added-social-value"),
            ),
            Q(
                "improving-the-place",
                "Do you help improve Salford’s public spaces, parks and green places, for "
                "example through clean-ups, planting or looking after a local space?",
                "A cared-for place improves people’s wellbeing. Staff volunteering days, "
                "adopting a green space or supporting a friends-of-the-park group all make a "
                "visible difference.",
                1,
                ("what-is-social-value",),
            ),
            Q(
                "accessible-services",
                "Are your services easy for everyone to reach and use, whatever their "
                "disability, language, income or where they live?",
                "Think about opening hours, buildings, transport, digital access, "
                "interpreting and the cost of taking part. Ask people who find it hard to use "
                "your services what would help.",
                3,
            ),
            Q(
                "energy-and-carbon",
                "Do you measure and reduce the energy your organisation uses and the carbon "
                "it emits?",
                "You cannot reduce what you do not measure. Start with your energy bills and "
                "travel, set a target, and look at simple savings such as heating controls, "
                "efficient lighting and greener travel.",
                3,
                ("measuring-social-value", "ten-percent-better-smart-pledges"),
            ),
            Q(
                "waste-and-reuse",
                "Do you cut waste and increase the recycling and reuse of resources, in your "
                "own work and with the people you serve?",
                "Less waste saves money as well as resources. Repair and reuse before "
                "recycling, pass on what you no longer need to local groups, and ask your "
                "suppliers to take back packaging.",
                2,
                ("ten-percent-better-smart-pledges",),
            ),
            Q(
                "crime-and-disorder",
                "Does your work help reduce crime and disorder, or help people feel safer in "
                "their neighbourhood?",
                "Activities for young people, well-lit and well-used spaces, and second "
                "chances for people with convictions can all reduce crime. Working with "
                "community safety partners helps you target the effort.",
                1,
            ),
            Q(
                "sustainable-materials",
                "Do you choose sustainable materials and fair trade products when you buy?",
                "Fair trade and sustainably sourced products protect people and the planet "
                "further down the supply chain. Agree a simple buying policy and check it is "
                "followed.",
                1,
                ("buying-in-salford",),
            ),
        ),
    ),
    S(
        "caring-city",
        "A Caring City",
        CITY_PLAN,
        "Family life, aspirations, health and living standards.",
        (
            Q(
                "family-life",
                "Do you support family life, for example with family-friendly working for your "
                "staff or services that help parents and carers?",
                "Flexible working, help with childcare and support for carers make it easier "
                "for people to work and care for their families at the same time.",
                2,
                ("setting-the-standard",),
            ),
            Q(
                "raising-aspirations",
                "Do you help raise people’s aspirations, for example by showing young people "
                "the jobs and careers open to them?",
                "Aspiration grows from seeing what is possible: workplace visits, careers "
                "talks, mentoring and taster days all widen horizons, in education, work and "
                "life.",
                2,
                ("putting-salford-first",),
            ),
            Q(
                "health-inequalities",
                "Do you help close the health gap, for example by focusing on the "
                "neighbourhoods and groups with the poorest health?",
                "People in some parts of Salford live many fewer years in good health than "
                "others. Targeting your support where health is worst, and promoting healthy "
                "workplaces, helps close that gap.",
                3,
                ("what-is-social-value",),
            ),
            Q(
                "reducing-poverty",
                "Do you take steps to reduce poverty, such as money advice, help with fuel or "
                "food costs, or paying your staff fairly?",
                "Poverty touches every other outcome. Paying fairly, signposting staff and "
                "customers to money and debt advice, and helping with the cost of essentials "
                "all raise living standards.",
                3,
                ("setting-the-standard",),
            ),
            Q(
                "reaching-people",
                "Do you help public services reach the Salford people who need them most, for "
                "example by referring, signposting or sharing what you learn?",
                "Organisations that are trusted in their communities can connect people with "
                "help they would otherwise miss. Agree referral routes with public services "
                "and feed back what you hear.",
                2,
                ("what-is-social-value",),
            ),
        ),
    ),
    S(
        "putting-salford-first",
        "Putting Salford first",
        COMMITMENT,
        "Training and jobs for Salford people, especially those facing the greatest disadvantage.",
        (
            Q(
                "recruit-residents",
                "Do you recruit Salford residents, especially people facing the greatest "
                "disadvantage, into your jobs and apprenticeships?",
                "Local recruitment keeps wages in the city and gives people a chance close to "
                "home. Think about care leavers, disabled people, people who have been out of "
                "work a long time and people with convictions.",
                3,
                ("putting-salford-first",),
            ),
            Q(
                "advertise-locally",
                "Do you advertise your vacancies where Salford people will see them, for "
                "example through job centres, community groups and local colleges?",
                "Many vacancies are never seen by the people who most need work. Sharing them "
                "with local employment services and community groups widens who applies.",
                2,
                ("putting-salford-first",),
            ),
            Q(
                "fair-recruitment",
                "Do you remove barriers that keep people out of work, such as asking for "
                "qualifications a job does not need or asking about convictions too early?",
                "Plain-language adverts, interviews that test what the job needs, and asking "
                "about convictions only when it matters all open your jobs to more people.",
                2,
                ("putting-salford-first",),
            ),
            Q(
                "training-opportunities",
                "Do you offer apprenticeships, work experience or training to Salford people "
                "from outside your organisation?",
                "Apprenticeships and placements build the city’s skills. Offer them to Salford "
                "residents first, and support people through them with a named mentor.",
                3,
                ("putting-salford-first",),
            ),
            Q(
                "know-local-workforce",
                "Do you know how many of your staff live in Salford, and do you track it over "
                "time?",
                "Counting the share of your staff with a Salford postcode is the simplest way "
                "to show, and improve, what you do for local employment.",
                1,
                ("measuring-social-value",),
            ),
        ),
    ),
    S(
        "buying-in-salford",
        "Buying in Salford",
        COMMITMENT,
        "Buying Salford goods and services at every practicable opportunity.",
        (
            Q(
                "buy-local-first",
                "Do you look for Salford suppliers first whenever you buy goods and services?",
                "Money spent with a local supplier is spent again in the city, on local wages "
                "and other local businesses. Check for a Salford supplier before you buy "
                "elsewhere.",
                3,
                ("buying-in-salford",),
            ),
            Q(
                "know-local-spend",
                "Do you know what share of your spending goes to suppliers based in Salford?",
                "Tagging your suppliers by postcode shows how much of your spending stays in "
                "the city, and lets you set a target to raise it.",
                2,
                ("buying-in-salford", "lm3-local-multiplier-3"),
            ),
            Q(
                "open-to-small-suppliers",
                "Do you make it easy for small local firms, social enterprises and voluntary "
                "groups to supply you, for example with smaller orders, simple paperwork and "
                "prompt payment?",
                "Large contracts and long forms shut small suppliers out. Splitting work into "
                "lots, keeping the paperwork proportionate and paying within 30 days or "
                "sooner all help.",
                2,
                ("buying-in-salford",),
            ),
            Q(
                "suppliers-buy-local",
                "Do you ask your main suppliers and subcontractors to buy locally and create "
                "social value in Salford too?",
                "Your suppliers’ spending can multiply the effect of your own. Ask about it "
                "when you choose suppliers and agree what they will do.",
                2,
                ("buying-in-salford", "core-and-added-social-value"),
            ),
            Q(
                "local-multiplier",
                "Have you measured how your spending moves through the local economy, for "
                "example with LM3 (Local Multiplier 3)?",
                "LM3 follows your spending through three rounds: what you spend, what your "
                "suppliers and staff spend locally, and what they in turn spend locally. It "
                "shows the real value of buying in Salford.",
                1,
                ("lm3-local-multiplier-3", "measuring-social-value"),
            ),
        ),
    ),
    S(
        "setting-the-standard",
        "Setting the standard",
        COMMITMENT,
        "The best possible working practices and conditions.",
        (
            Q(
                "living-wage",
                "Do you pay all your staff at least the real Living Wage, or have a plan to "
                "get there?",
                "The real Living Wage is worked out from what people need to live on. Paying "
                "it, and becoming an accredited Living Wage employer, is one of the clearest "
                "commitments an organisation can make.",
                3,
                ("setting-the-standard",),
            ),
            Q(
                "secure-hours",
                "Do you avoid zero-hours contracts, and offer your staff secure, predictable "
                "hours?",
                "Zero-hours contracts make it hard for people to plan, borrow or claim "
                "benefits. Offer contracts with guaranteed hours, and give notice of shifts.",
                2,
                ("setting-the-standard",),
            ),
            Q(
                "no-blacklisting",
                "Have you committed never to use blacklisting, and do you expect the same of "
                "your contractors?",
                "Blacklisting workers for joining a trade union or raising safety concerns is "
                "illegal. Say publicly that you will never do it, and put the same commitment "
                "in your contracts.",
                2,
                ("setting-the-standard",),
            ),
            Q(
                "staff-voice",
                "Do your staff have a voice at work, for example through a recognised trade "
                "union, a staff forum or regular consultation?",
                "Staff who are listened to stay longer and do better work. Recognising a "
                "union, or setting up a forum that meets and is acted on, gives people that "
                "voice.",
                1,
                ("setting-the-standard",),
            ),
            Q(
                "social-value-in-governance",
                "Is social value written into how your organisation is run, such as your "
                "constitution, business plan or board reports?",
                "Social value lasts when it is part of how decisions are made. Salford City "
                "Council and NHS Salford describe their responsibilities for social value in "
                "their constitutions; consider doing the same in your governing documents.",
                2,
                ("embedding-social-value", "embed-deliver-demonstrate-and-the-charter"),
            ),
            Q(
                "evidence-and-report",
                "Do you gather evidence of the social value you create, and report it, for "
                "example with an Outcomes Star, Social Accounting and Audit or SROI?",
                "Systematic evidence lets you quote real numbers in a tender, and shows where "
                "to improve. Choose a method proportionate to your size, gather the views of "
                "the people you serve, and publish what you find.",
                2,
                ("measuring-social-value", "answering-tender-questions"),
            ),
            Q(
                "fair-supply-chain",
                "Do you expect the same fair pay and working conditions from your suppliers "
                "and subcontractors?",
                "Good standards should not stop at your own front door. Ask suppliers about "
                "pay, hours and conditions, and make fair employment part of how you choose "
                "them.",
                1,
                ("setting-the-standard",),
            ),
        ),
    ),
)


@cache
def _guidance_html(text: str) -> str:
    return render_markdown(text)


def _guide_slugs_by_key() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.key, q.key): q.guides for s in SECTIONS for q in s.questions}


@transaction.atomic
def load_checklist() -> int:
    """Create version 1 if no checklist exists, link its questions that have no guide
    yet to their starter guides, and let staff edit drafts in the admin. Returns how
    many questions were created."""
    from accounts.reference import grant_group_permissions
    from accounts.roles import STAFF_GROUP

    created = 0
    if not Checklist.objects.exists():
        created = _create_version_one()
    _link_guides()
    grant_group_permissions(STAFF_GROUP, STAFF_PERMISSIONS)
    return created


def _create_version_one() -> int:
    # bulk_create skips Question.save(), so guidance_html is rendered here by the same
    # function: a handful of queries, not one per question, since every test loads this.
    checklist = Checklist.objects.create(
        version=1, introduction=INTRODUCTION, published_at=timezone.now()
    )
    sections = Section.objects.bulk_create(
        Section(
            checklist=checklist,
            key=s.key,
            title=s.title,
            group=s.group,
            description=s.description,
            order=order,
        )
        for order, s in enumerate(SECTIONS, start=1)
    )
    questions = Question.objects.bulk_create(
        Question(
            section=section,
            key=q.key,
            text=q.text,
            guidance=q.guidance,
            guidance_html=_guidance_html(q.guidance),
            weight=q.weight,
            order=order,
        )
        for section, s in zip(sections, SECTIONS, strict=True)
        for order, q in enumerate(s.questions, start=1)
    )
    return len(questions)


def _link_guides() -> int:
    """Link version 1's questions that have no guide to those of theirs that exist."""
    wanted = _guide_slugs_by_key()
    Link = Question.guides.through
    unlinked = list(
        Question.objects.filter(section__checklist__version=1)
        .exclude(pk__in=Link.objects.values("question_id"))
        .values_list("pk", "section__key", "key")
    )
    slugs = {slug for _, s_key, q_key in unlinked for slug in wanted.get((s_key, q_key), ())}
    if not slugs:
        return 0
    guide_ids = dict(Guide.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    links = [
        Link(question_id=pk, guide_id=guide_ids[slug])
        for pk, s_key, q_key in unlinked
        for slug in wanted.get((s_key, q_key), ())
        if slug in guide_ids
    ]
    Link.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)
