"""Demo data: three demo users, a Danish S&OP pilot plan, and generated plans of any size.

`manage.py seed_demo` and `manage.py bench` both build on these functions. The plan content is
Danish, adapted from the toolkit page (tool 22, Kommunikationsplan); dates are relative to today so
the demo always has rows due today, overdue rows and upcoming rows.
"""

import random
from datetime import timedelta
from decimal import Decimal
from itertools import islice
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from milestones.models import Milestone, MilestoneStatus, Phase
from stakeholders.models import Category, Stakeholder

from .history.recording import create_with_history
from .models import (
    OPEN_STATUSES,
    Cadence,
    Channel,
    ChannelKind,
    CommunicationPlan,
    Goal,
    Happened,
    Membership,
    Message,
    PlanRow,
    Profile,
    ReminderFrequency,
    Review,
    Role,
    RowStatus,
)

BATCH_SIZE = 1000

# username (also the password), first name, last name, email, role in the demo plans
DEMO_USERS = [
    ("manager", "Mette", "Mortensen", "mette.mortensen@example.com", Role.MANAGER),
    ("owner", "Ole", "Overgaard", "ole.overgaard@example.com", Role.OWNER),
    ("executive", "Else", "Eskildsen", "else.eskildsen@example.com", Role.EXECUTIVE),
]

DEMO_PLAN_NAME = "S&OP-pilot – Nordisk Pumpefabrik A/S"
DEMO_ORGANISATION = "Nordisk Pumpefabrik A/S"

DEMO_PURPOSE = (
    "Sikre, at alle relevante interne og eksterne interessenter er informeret om S&OP-projektet "
    "hos Nordisk Pumpefabrik, i tråd med virksomhedens overordnede kommunikationsstrategi. Alle "
    "skal vide, hvorfor vi indfører Sales & Operations Planning, hvad det betyder for deres "
    "afdeling, og at direktionen står bag."
)
DEMO_MESSAGE_AND_TIMING = (
    "Vi informerer løbende internt og eksternt om de væsentligste milepæle i implementeringen – "
    "fra direktionens beslutning over analyse og procesdesign til pilot og drift. Budskaberne "
    "afstemmes med direktionens målsætninger for hver gruppe af interessenter: højere "
    "leveringsevne, lavere lagerbinding og én fælles plan for salg, produktion og økonomi. Under "
    "piloten følger kommunikationen den månedlige S&OP-cyklus."
)
DEMO_STAKEHOLDER_APPROACH = (
    "Budskaberne afpasses efter interessenternes betydning og involvering i S&OP-processen. "
    "Direktionen, salg, efterspørgselsplanlægning og produktion håndteres tæt med faste møder; "
    "økonomi, IT og nøglekunder holdes tilfredse med korte, målrettede opdateringer; indkøb og "
    "logistik holdes informeret; øvrige grupper orienteres via intranet og nyhedsbrev."
)

# name, category, internal, importance 1–5, involvement 1–5, contact person
DEMO_STAKEHOLDERS = [
    ("Direktionen", Category.EXECUTIVE, True, 5, 4, "Henrik Lauridsen"),
    ("Salg", Category.SALES, True, 4, 5, "Camilla Holm"),
    ("Marketing", Category.MARKETING, True, 2, 3, "Sofie Kjær"),
    ("Efterspørgselsplanlægning", Category.DEMAND_PLANNING, True, 4, 5, "Jonas Bech"),
    ("Produktion og forsyning", Category.OPERATIONS, True, 5, 5, "Lars Thomsen"),
    ("Indkøb", Category.PROCUREMENT, True, 3, 4, "Anne Vestergaard"),
    ("Logistik og lager", Category.LOGISTICS, True, 2, 4, "Peter Nørgaard"),
    ("Økonomi", Category.FINANCE, True, 4, 3, "Birgitte Dahl"),
    ("Produktudvikling", Category.PRODUCT_DEVELOPMENT, True, 3, 2, "Rasmus Friis"),
    ("IT", Category.IT, True, 4, 2, "Mikkel Juhl"),
    ("Nøglekunder", Category.KEY_CUSTOMERS, False, 5, 2, ""),
    ("Nøgleleverandører", Category.KEY_SUPPLIERS, False, 3, 2, ""),
    ("Alle medarbejdere", Category.OTHER, True, 2, 1, ""),
]

# name, kind, description
DEMO_CHANNELS = [
    ("Ledelsens S&OP-møde", ChannelKind.MEETING, "Månedligt beslutningsmøde i direktionen."),
    ("Efterspørgselsmøde", ChannelKind.MEETING, "Månedlig gennemgang af salgsprognosen."),
    ("Forsyningsmøde", ChannelKind.MEETING, "Månedlig afstemning af kapacitet og materialer."),
    ("Intranet", ChannelKind.INTRANET, "S&OP-siden på intranettet."),
    ("Nyhedsbrev", ChannelKind.NEWSLETTER, "Det månedlige medarbejdernyhedsbrev."),
    ("Fællesmøde", ChannelKind.TOWN_HALL, "Kvartalsvist fællesmøde i kantinen."),
    ("Workshop", ChannelKind.WORKSHOP, "Halv- eller heldagsworkshop med de berørte afdelinger."),
    ("E-mail", ChannelKind.EMAIL, "Direkte mail fra projektlederen eller den ansvarlige."),
    ("Kundebrev", ChannelKind.LETTER, "Brev til nøglekunder fra salgsdirektøren."),
]

REACHED, IN_PROGRESS, NOT_STARTED = (
    MilestoneStatus.REACHED,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.PLANNED,
)

# key, title, phase, planned (days from today), actual (days from today or None), status
DEMO_MILESTONES = [
    ("decision", "Direktionen godkender S&OP-projektet", Phase.RECOGNITION, -110, -108, REACHED),
    ("team", "Styregruppe og projektleder udpeget", Phase.RECOGNITION, -100, -100, REACHED),
    (
        "maturity",
        "Modenhedsvurdering af planlægningen afsluttet",
        Phase.ANALYSIS,
        -75,
        -71,
        REACHED,
    ),
    ("diagnosis", "Diagnoserapport fremlagt for direktionen", Phase.ANALYSIS, -60, -60, REACHED),
    ("process", "S&OP-proces og mødekalender fastlagt", Phase.DEFINITION, -35, -30, REACHED),
    ("roles", "Roller, KPI'er og beslutningsregler godkendt", Phase.DEFINITION, -12, -9, REACHED),
    ("pilot", "Pilotstart: pumpeserie CR i den månedlige cyklus", Phase.PILOT, -7, -7, REACHED),
    (
        "evaluation",
        "Evaluering af pilotens tre første cyklusser",
        Phase.PILOT,
        80,
        None,
        IN_PROGRESS,
    ),
    ("rollout", "Udrulning til alle produktgrupper", Phase.OPERATION, 130, None, NOT_STARTED),
    ("review", "S&OP i drift – første årsevaluering", Phase.OPERATION, 230, None, NOT_STARTED),
]

ONE_PLAN = "Én fælles plan for salg, produktion og økonomi"
DELIVERY = "95 % rettidige leverancer"
STOCK = "15 % lavere lagerbinding"
FORECAST = "Prognosepræcision (MAPE) under 25 %"
ANCHORING = "S&OP er forankret i topledelsen"

# key, content, goal, top-management objective
DEMO_MESSAGES = [
    (
        "kickoff",
        "Direktionen står bag S&OP: hvorfor vi indfører Sales & Operations Planning, og hvad det "
        "betyder for Nordisk Pumpefabrik",
        "Alle ledere kan forklare formålet med S&OP og kender direktionens forventninger.",
        ANCHORING,
    ),
    (
        "charter",
        "Kommissorium, styregruppe, ressourcer og tidsplan for S&OP-projektet",
        "Direktionen godkender kommissoriet og afsætter de nødvendige ressourcer.",
        ANCHORING,
    ),
    (
        "diagnosis",
        "Resultaterne af modenhedsvurderingen: hvor planlægningen i dag giver brandslukning og "
        "for store lagre",
        "Afdelingerne anerkender de fælles problemer og bakker op om forbedringerne.",
        STOCK,
    ),
    (
        "process",
        "Den nye månedlige S&OP-cyklus: dataindsamling, efterspørgselsmøde, forsyningsmøde, "
        "forberedende S&OP-møde og ledelsens S&OP-møde",
        "Deltagerne kender deres rolle og datoerne i mødekalenderen.",
        ONE_PLAN,
    ),
    (
        "demand",
        "Salgets input til prognosen: hvad vi har brug for, hvornår og i hvilket format",
        "Salgsprognosen leveres til tiden hver måned, og under 5 % af varenumrene mangler.",
        FORECAST,
    ),
    (
        "campaigns",
        "Kampagner og produktlanceringer skal med i efterspørgselsplanen",
        "Marketing melder alle kampagner ind senest på dataindsamlingsdagen.",
        FORECAST,
    ),
    (
        "capacity",
        "Kapacitetsbilledet og flaskehalse i forsyningsplanen",
        "Produktionen fremlægger kapacitet og konsekvenser af scenarier på forsyningsmødet.",
        DELIVERY,
    ),
    (
        "procurement",
        "Tidligere indblik i materialebehovet for de næste 6–12 måneder",
        "Indkøb bruger S&OP-planen som grundlag for rammeaftaler med leverandørerne.",
        STOCK,
    ),
    (
        "finance",
        "Sammenhængen mellem S&OP-planen og budget og forecast i kroner",
        "Økonomi afstemmer den finansielle prognose med S&OP-planen hver måned.",
        ONE_PLAN,
    ),
    (
        "data",
        "Krav til data og værktøjer: planlægningsdata fra ERP samlet i ét fælles S&OP-overblik",
        "IT leverer de faste datatræk til dataindsamlingen inden pilotstart.",
        ONE_PLAN,
    ),
    (
        "pilot",
        "Piloten starter: pumpeserien CR kører den nye S&OP-cyklus i tre måneder",
        "Alle pilotdeltagere møder forberedte op til den første cyklus.",
        ONE_PLAN,
    ),
    (
        "status",
        "Status fra piloten: hvad virker, og hvad justerer vi",
        "Organisationen kan se fremdriften, og forbedringsforslag bliver samlet op.",
        ANCHORING,
    ),
    (
        "customers",
        "Bedre leveringsevne og tidligere varsling af leveringstider",
        "Nøglekunderne deler deres prognoser med os hvert kvartal.",
        DELIVERY,
    ),
    (
        "suppliers",
        "Vi deler vores forventede behov på rullende 12 måneder",
        "Nøgleleverandørerne bekræfter kapacitet på de kritiske komponenter.",
        DELIVERY,
    ),
    (
        "products",
        "Nye produkter og udfasninger skal planlægges gennem S&OP",
        "Produktudvikling melder lanceringsdatoer og udfasninger ind i den månedlige cyklus.",
        FORECAST,
    ),
    (
        "rollout",
        "Udrulning af S&OP til alle produktgrupper og nye faste mødetider",
        "Alle afdelinger deltager i den månedlige cyklus fra udrulningen.",
        ONE_PLAN,
    ),
    (
        "results",
        "Resultater efter første år: leveringsevne, lager og prognosepræcision",
        "Direktionen beslutter næste skridt for S&OP på baggrund af målte resultater.",
        ANCHORING,
    ),
]

AGENDA = "Fast punkt på dagsordenen; beslutninger og opgaver skrives i referatet."
FOLLOW_UP = "Den ansvarlige følger op en uge efter og retter planen til ved behov."
READ_RECEIPT = "Åbningsrate og spørgsmål følges; uklarheder tages op på næste møde."
SIGN_OFF = "Deltagerne bekræfter deres input skriftligt inden fristen."


class DemoRow(NamedTuple):
    """One row of the demo plan; dates are days from today."""

    stakeholder: str
    message: str
    channel: str
    owner: Role | None
    milestone: str
    scheduled: int
    review: int
    cadence: Cadence
    hours: str
    cost: str
    status: RowStatus
    assurance: str
    cadence_weeks: int | None = None


MGR, OWN = Role.MANAGER, Role.OWNER
ONCE, WEEKLY, MONTHLY, EVERY = (
    Cadence.ONCE,
    Cadence.WEEKLY,
    Cadence.MONTHLY,
    Cadence.EVERY_N_WEEKS,
)
PLANNED, ACTIVE, DONE, CANCELLED = (
    RowStatus.PLANNED,
    RowStatus.ACTIVE,
    RowStatus.DONE,
    RowStatus.CANCELLED,
)

# fmt: off
DEMO_ROWS = [
    # Erkendelse
    DemoRow("Direktionen", "charter", "Workshop", MGR, "decision", -112, -108, ONCE, "6", "4000",
            DONE, "Oplæg sendes en uge før; beslutningen skrives i direktionens referat."),
    DemoRow("Salg", "kickoff", "Fællesmøde", OWN, "team", -98, -95, ONCE, "4", "2500", DONE,
            FOLLOW_UP),
    DemoRow("Produktion og forsyning", "kickoff", "Fællesmøde", OWN, "team", -98, -95, ONCE, "4",
            "2500", DONE, FOLLOW_UP),
    DemoRow("Alle medarbejdere", "kickoff", "Intranet", OWN, "team", -97, -90, ONCE, "3", "0", DONE,
            READ_RECEIPT),
    DemoRow("Økonomi", "charter", "E-mail", MGR, "team", -100, -100, ONCE, "1", "0", DONE,
            "Økonomidirektøren bekræfter budgettet til projektet pr. mail."),
    # Analyse & diagnose
    DemoRow("Efterspørgselsplanlægning", "diagnosis", "Workshop", OWN, "maturity", -78, -70, ONCE,
            "8", "6000", DONE, "Workshoppen afsluttes med en fælles problemliste."),
    DemoRow("Produktion og forsyning", "diagnosis", "Workshop", OWN, "maturity", -77, -70, ONCE,
            "8", "6000", DONE, "Workshoppen afsluttes med en fælles problemliste."),
    DemoRow("Direktionen", "diagnosis", "Ledelsens S&OP-møde", MGR, "diagnosis", -60, -60, ONCE,
            "5", "0", DONE, AGENDA),
    DemoRow("Indkøb", "diagnosis", "Nyhedsbrev", OWN, "diagnosis", -58, -50, ONCE, "2", "1500",
            DONE, READ_RECEIPT),
    DemoRow("Alle medarbejdere", "diagnosis", "Nyhedsbrev", OWN, "diagnosis", -55, -55, ONCE, "2",
            "1500", CANCELLED, "Erstattet af omtalen på fællesmødet."),
    # Definering af S&OP-proces
    DemoRow("Salg", "process", "Workshop", OWN, "process", -36, -30, ONCE, "6", "5000", DONE,
            SIGN_OFF),
    DemoRow("Efterspørgselsplanlægning", "process", "Workshop", OWN, "process", -36, -30, ONCE,
            "6", "5000", DONE, SIGN_OFF),
    DemoRow("Produktion og forsyning", "process", "Workshop", OWN, "process", -35, -28, ONCE, "6",
            "5000", DONE, SIGN_OFF),
    DemoRow("Økonomi", "finance", "Workshop", OWN, "roles", -20, -14, ONCE, "4", "3000", DONE,
            "Controlleren deltager og godkender koblingen til budgettet."),
    DemoRow("IT", "data", "Workshop", None, "roles", -25, -12, ONCE, "6", "8000", ACTIVE,
            "Kravene skrives ind i IT's opgavestyring med en fast leveringsdato."),
    DemoRow("Marketing", "campaigns", "E-mail", OWN, "roles", -10, -3, ONCE, "1", "0", PLANNED,
            "Marketingchefen bekræfter, at kampagnekalenderen er delt."),
    DemoRow("Produktudvikling", "products", "Workshop", OWN, "roles", -15, -15, ONCE, "3", "2000",
            DONE, SIGN_OFF),
    # Pilot
    DemoRow("Alle medarbejdere", "pilot", "Intranet", OWN, "pilot", -7, -7, ONCE, "2", "0", DONE,
            READ_RECEIPT),
    DemoRow("Logistik og lager", "pilot", "Intranet", OWN, "pilot", -7, -1, WEEKLY, "1", "0",
            ACTIVE, "Lagerchefen gennemgår nyheden på det ugentlige tavlemøde."),
    DemoRow("Direktionen", "status", "Ledelsens S&OP-møde", MGR, "evaluation", -7, 0, MONTHLY, "3",
            "0", ACTIVE, AGENDA),
    DemoRow("Salg", "demand", "Efterspørgselsmøde", OWN, "evaluation", -14, 0, MONTHLY, "4", "0",
            ACTIVE, "Salgschefen godkender prognosen, før mødet lukkes."),
    DemoRow("Produktion og forsyning", "capacity", "Forsyningsmøde", OWN, "evaluation", -10, 0,
            MONTHLY, "4", "0", ACTIVE, AGENDA),
    DemoRow("Økonomi", "finance", "E-mail", OWN, "evaluation", -7, 0, EVERY, "1.5", "0", ACTIVE,
            "Controlleren svarer med afvigelser mellem plan og forecast.", 4),
    DemoRow("Efterspørgselsplanlægning", "demand", "Efterspørgselsmøde", MGR, "evaluation", -14,
            -8, EVERY, "2", "0", ACTIVE, "Prognosefejl (MAPE) vises på hvert møde.", 2),
    DemoRow("Indkøb", "procurement", "Forsyningsmøde", OWN, "evaluation", -10, -6, ONCE, "2", "0",
            PLANNED, "Indkøbschefen bekræfter, at behovsprognosen bruges i rammeaftalerne."),
    DemoRow("Nøglekunder", "customers", "Kundebrev", MGR, "evaluation", 14, 28, ONCE, "6", "12000",
            PLANNED, "Salgsdirektøren ringer til de fem største kunder efter brevet."),
    DemoRow("Nøgleleverandører", "suppliers", "E-mail", OWN, "evaluation", 21, 35, ONCE, "3",
            "2000", PLANNED, "Indkøb registrerer hver leverandørs svar og kapacitet."),
    DemoRow("Alle medarbejdere", "status", "Nyhedsbrev", OWN, "evaluation", 10, 10, MONTHLY, "2",
            "1500", PLANNED, READ_RECEIPT),
    DemoRow("Marketing", "status", "Intranet", None, "evaluation", 20, 20, EVERY, "1", "0",
            PLANNED, READ_RECEIPT, 4),
    DemoRow("Produktudvikling", "products", "Efterspørgselsmøde", OWN, "evaluation", 5, 5, MONTHLY,
            "1", "0", PLANNED, AGENDA),
    # Drift
    DemoRow("Alle medarbejdere", "rollout", "Fællesmøde", MGR, "rollout", 125, 130, ONCE, "8",
            "15000", PLANNED, FOLLOW_UP),
    DemoRow("Salg", "rollout", "Workshop", OWN, "rollout", 115, 130, ONCE, "12", "9000", PLANNED,
            SIGN_OFF),
    DemoRow("Logistik og lager", "rollout", "Nyhedsbrev", OWN, "rollout", 128, 130, ONCE, "2",
            "1500", PLANNED, READ_RECEIPT),
    DemoRow("Nøglekunder", "customers", "Kundebrev", OWN, "rollout", 135, 150, ONCE, "4", "8000",
            PLANNED, "Key account-ansvarlige følger op på kundebesøg."),
    DemoRow("Nøgleleverandører", "suppliers", "E-mail", OWN, "review", 200, 210, ONCE, "2", "0",
            PLANNED, "Indkøb registrerer hver leverandørs svar og kapacitet."),
    DemoRow("Direktionen", "results", "Ledelsens S&OP-møde", MGR, "review", 225, 230, ONCE, "10",
            "20000", PLANNED, "Resultaterne måles mod baseline fra modenhedsvurderingen."),
]
# fmt: on


def ensure_demo_users():
    """The demo users by role; missing ones are created with their username as password."""
    user_model = get_user_model()
    users = {}
    for username, first_name, last_name, email, role in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": email},
        )
        if created:
            user.set_password(username)
            user.save(update_fields=["password"])
        users[role] = user
    return users


def _add_members(plan, users):
    create_with_history(
        Membership, [Membership(plan=plan, user=user, role=role) for role, user in users.items()]
    )


def create_demo_plan(users, today=None):
    """The Danish demo plan as (plan, created); an existing plan of that name is left as it is."""
    existing = CommunicationPlan.objects.filter(name=DEMO_PLAN_NAME).first()
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()

    def day(offset):
        return today + timedelta(days=offset)

    with transaction.atomic():
        plan = CommunicationPlan.objects.create(
            name=DEMO_PLAN_NAME,
            organisation=DEMO_ORGANISATION,
            purpose=DEMO_PURPOSE,
            message_and_timing=DEMO_MESSAGE_AND_TIMING,
            stakeholder_approach=DEMO_STAKEHOLDER_APPROACH,
            start_date=day(-120),
            end_date=day(240),
            currency="DKK",
        )
        _add_members(plan, users)
        stakeholders = {
            name: Stakeholder.objects.create(
                plan=plan,
                name=name,
                category=category,
                is_internal=internal,
                importance=importance,
                involvement=involvement,
                contact_name=contact,
            )
            for name, category, internal, importance, involvement, contact in DEMO_STAKEHOLDERS
        }
        channels = {
            name: Channel.objects.create(plan=plan, name=name, kind=kind, description=description)
            for name, kind, description in DEMO_CHANNELS
        }
        milestones = {
            key: Milestone.objects.create(
                plan=plan,
                title=title,
                phase=phase,
                planned_date=day(planned),
                actual_date=None if actual is None else day(actual),
                status=status,
            )
            for key, title, phase, planned, actual, status in DEMO_MILESTONES
        }
        messages = {
            key: Message.objects.create(plan=plan, content=content, goal=goal, objective=objective)
            for key, content, goal, objective in DEMO_MESSAGES
        }
        for spec in DEMO_ROWS:
            row = PlanRow(
                plan=plan,
                stakeholder=stakeholders[spec.stakeholder],
                message=messages[spec.message],
                channel=channels[spec.channel],
                owner=users[spec.owner] if spec.owner else None,
                assurance=spec.assurance,
                milestone=milestones[spec.milestone],
                planned_hours=Decimal(spec.hours),
                planned_cost=Decimal(spec.cost),
                scheduled_date=day(spec.scheduled),
                cadence=spec.cadence,
                cadence_weeks=spec.cadence_weeks,
                next_review_date=day(spec.review),
                status=spec.status,
            )
            row.full_clean()
            row.save()
        add_demo_reviews(plan, today)
    return plan, True


# Follow-ups of the demo's finished activities: (happened, goal reached, evidence, hours factor,
# cost factor, days late), cycled over the rows so the dashboard has reviews to show.
DEMO_REVIEWS = [
    (Happened.DONE, Goal.YES, "Referat fra mødet; alle deltog.", "1", "1", 0),
    (Happened.DONE, Goal.PARTLY, "Spørgsmål i fællesmødet viste, at budskabet skal gentages.",
     "1.25", "1.1", 2),
    (Happened.DONE, Goal.YES, "Beslutningen står i direktionens referat.", "0.75", "0.9", 0),
    (Happened.PARTLY, Goal.NO, "Kun halvdelen af afdelingerne var repræsenteret.", "1.5", "1", 4),
]  # fmt: skip


def add_demo_reviews(plan, today):
    """Reviews of the demo plan's done rows, as their owners would have recorded them."""
    done = plan.rows.filter(status=RowStatus.DONE).order_by("pk")
    reviews = []
    for index, row in enumerate(done):
        happened, goal, evidence, hours, cost, late = DEMO_REVIEWS[index % len(DEMO_REVIEWS)]
        due = row.scheduled_date or today
        reviews.append(
            Review(
                row=row,
                reviewed_by=row.owner,
                reviewed_on=min(today, due + timedelta(days=late)),
                due_date=due,
                happened=happened,
                goal_reached=goal,
                evidence=evidence,
                actual_hours=(row.planned_hours or Decimal(0)) * Decimal(hours),
                actual_cost=(row.planned_cost or Decimal(0)) * Decimal(cost),
            )
        )
    create_with_history(Review, reviews)


def generated_plan_name(rows):
    return f"Benchmark plan ({rows} rows)"


def create_generated_plan(rows, milestones=None, users=None, name=None, today=None):
    """A plan of `rows` generated rows as (plan, created); an existing one is left as it is.

    Deterministic for the same arguments and day (random.Random(rows)); stakeholders, milestones,
    channels and messages grow with the row count. Everything is inserted in batches.
    """
    name = name or generated_plan_name(rows)
    existing = CommunicationPlan.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    users = users or ensure_demo_users()
    today = today or timezone.localdate()
    rng = random.Random(rows)  # noqa: S311 - demo data, not security
    start, end = today - timedelta(days=180), today + timedelta(days=365)

    with transaction.atomic():
        plan = CommunicationPlan.objects.create(
            name=name,
            organisation=DEMO_ORGANISATION,
            purpose=DEMO_PURPOSE,
            message_and_timing=DEMO_MESSAGE_AND_TIMING,
            stakeholder_approach=DEMO_STAKEHOLDER_APPROACH,
            start_date=start,
            end_date=end,
        )
        _add_members(plan, users)
        stakeholders = Stakeholder.objects.bulk_create(
            _numbered_stakeholders(plan, max(12, rows // 50), rng), batch_size=BATCH_SIZE
        )
        channels = Channel.objects.bulk_create(
            _numbered_channels(plan, max(9, rows // 100)), batch_size=BATCH_SIZE
        )
        milestone_list = Milestone.objects.bulk_create(
            _spread_milestones(plan, milestones or max(5, rows // 50), start, end, today, rng),
            batch_size=BATCH_SIZE,
        )
        messages = Message.objects.bulk_create(
            _numbered_messages(plan, max(1, rows // 4)), batch_size=BATCH_SIZE
        )
        generator = _generated_rows(
            plan, rows, users, stakeholders, channels, milestone_list, messages, today, rng
        )
        while batch := list(islice(generator, BATCH_SIZE)):
            PlanRow.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return plan, True


def _numbered_stakeholders(plan, count, rng):
    for index in range(count):
        name, category, internal, _importance, _involvement, _contact = DEMO_STAKEHOLDERS[
            index % len(DEMO_STAKEHOLDERS)
        ]
        yield Stakeholder(
            plan=plan,
            name=f"{name} {index // len(DEMO_STAKEHOLDERS) + 1}",
            category=category,
            is_internal=internal,
            importance=rng.randint(1, 5),
            involvement=rng.randint(1, 5),
        )


def _numbered_channels(plan, count):
    for index in range(count):
        name, kind, description = DEMO_CHANNELS[index % len(DEMO_CHANNELS)]
        yield Channel(
            plan=plan,
            name=f"{name} {index // len(DEMO_CHANNELS) + 1}",
            kind=kind,
            description=description,
        )


def _numbered_messages(plan, count):
    for index in range(count):
        _key, content, goal, objective = DEMO_MESSAGES[index % len(DEMO_MESSAGES)]
        yield Message(
            plan=plan, content=f"{content} (nr. {index + 1})", goal=goal, objective=objective
        )


def _spread_milestones(plan, count, start, end, today, rng):
    """`count` milestones evenly over the plan period and the five phases, in order."""
    span = (end - start).days
    for index in range(count):
        planned = start + timedelta(days=span * (index + 1) // (count + 1))
        phase = Phase.values[index * len(Phase.values) // count]
        actual, status = None, MilestoneStatus.PLANNED
        if planned < today:
            slipped = planned + timedelta(days=rng.choice([0, 0, 0, 1, 2, 4, 7]))
            if slipped <= today:
                actual, status = slipped, MilestoneStatus.REACHED
            else:
                status = MilestoneStatus.IN_PROGRESS
        yield Milestone(
            plan=plan,
            title=f"Milepæl {index + 1}: {Phase(phase).label}",
            phase=phase,
            planned_date=planned,
            actual_date=actual,
            status=status,
        )


def _generated_rows(plan, count, users, stakeholders, channels, milestones, messages, today, rng):
    # Ids rather than instances: building 100,000 rows is dominated by model __init__.
    owner_ids = [users[Role.OWNER].pk, users[Role.MANAGER].pk]
    stakeholder_ids = [stakeholder.pk for stakeholder in stakeholders]
    channel_ids = [channel.pk for channel in channels]
    message_ids = [message.pk for message in messages]
    cadences = [Cadence.ONCE, Cadence.WEEKLY, Cadence.EVERY_N_WEEKS, Cadence.MONTHLY]
    assurances = [AGENDA, FOLLOW_UP, READ_RECEIPT, SIGN_OFF]
    for index in range(count):
        # Rows follow the milestones in order, so every milestone gets its share.
        milestone = milestones[index * len(milestones) // count]
        scheduled = milestone.planned_date + timedelta(days=rng.randint(-28, 7))
        review = scheduled + timedelta(days=rng.randint(0, 21))
        if review < today - timedelta(days=20):
            status = rng.choices(
                [RowStatus.DONE, RowStatus.CANCELLED, RowStatus.ACTIVE], [85, 5, 10]
            )[0]
        else:
            status = rng.choices(
                [RowStatus.PLANNED, RowStatus.ACTIVE, RowStatus.DONE], [55, 35, 10]
            )[0]
        cadence = rng.choices(cadences, [50, 10, 15, 25])[0]
        yield PlanRow(
            plan_id=plan.pk,
            stakeholder_id=rng.choice(stakeholder_ids),
            message_id=rng.choice(message_ids),
            channel_id=rng.choice(channel_ids),
            owner_id=None if rng.random() < 0.05 else owner_ids[index % 2],
            assurance=rng.choice(assurances),
            milestone_id=milestone.pk,
            planned_hours=Decimal(rng.randint(1, 80)) / 4,
            planned_cost=None if rng.random() < 0.05 else Decimal(rng.randint(0, 400) * 50),
            scheduled_date=scheduled,
            cadence=cadence,
            cadence_weeks=rng.randint(2, 8) if cadence == Cadence.EVERY_N_WEEKS else None,
            next_review_date=review,
            status=status,
        )


class ReminderDataset(NamedTuple):
    """What `create_reminder_dataset` built."""

    plans: int
    owners: int
    managers: int
    rows: int
    due: int
    overdue: int


def create_reminder_dataset(owners, rows, due, plans=10, today=None, prefix="sweep"):
    """Rows for the reminder sweep: `due` of `rows` are open and due for review by `today`.

    `owners` users (`<prefix>-owner-00001`…, with a profile: daily digest, every fourth one in
    Danish) share `plans` plans, each with one manager of its own (`<prefix>-manager-001`…) who
    receives the plan's escalations. Every owner owns `due // owners` or one more of the due rows,
    due today or up to 30 days ago (overdue); the other rows are open with a future review date
    (or none), done or cancelled, so no sweep on `today` names them. Deterministic for the same
    arguments and day (random.Random(rows + due + owners)); everything is inserted in batches.
    """
    if not 1 <= owners <= due <= rows:
        raise ValueError("Need 1 <= owners <= due <= rows.")
    plans = min(plans, owners)
    today = today or timezone.localdate()
    rng = random.Random(rows + due + owners)  # noqa: S311 - demo data, not security
    user_model = get_user_model()
    password = make_password(None)  # unusable; hashing a real one a thousand times is slow

    def people(kind, count, width):
        for index in range(1, count + 1):
            username = f"{prefix}-{kind}-{index:0{width}d}"
            yield user_model(
                username=username,
                email=f"{username}@example.com",
                first_name=kind.capitalize(),
                last_name=f"{index:0{width}d}",
                password=password,
            )

    with transaction.atomic():
        managers = user_model.objects.bulk_create(
            people("manager", plans, 3), batch_size=BATCH_SIZE
        )
        owner_users = user_model.objects.bulk_create(
            people("owner", owners, 5), batch_size=BATCH_SIZE
        )
        Profile.objects.bulk_create(
            (
                Profile(
                    user=user,
                    reminder_frequency=ReminderFrequency.DAILY,
                    language="da" if index % 4 == 3 else "",
                )
                for index, user in enumerate(owner_users)
            ),
            batch_size=BATCH_SIZE,
        )
        plan_list = CommunicationPlan.objects.bulk_create(
            CommunicationPlan(
                name=f"Reminder benchmark {prefix} {index + 1}",
                organisation=DEMO_ORGANISATION,
                purpose=DEMO_PURPOSE,
                start_date=today - timedelta(days=180),
                end_date=today + timedelta(days=365),
            )
            for index in range(plans)
        )
        # Owner i is a member of plan i % plans; each plan has its own manager.
        Membership.objects.bulk_create(
            [
                Membership(plan=plan, user=manager, role=Role.MANAGER)
                for plan, manager in zip(plan_list, managers, strict=True)
            ]
            + [
                Membership(plan=plan_list[index % plans], user=user, role=Role.OWNER)
                for index, user in enumerate(owner_users)
            ],
            batch_size=BATCH_SIZE,
        )
        stakeholders, channels, messages = {}, {}, {}
        for plan in plan_list:
            stakeholders[plan.pk] = [
                s.pk
                for s in Stakeholder.objects.bulk_create(
                    _numbered_stakeholders(plan, len(DEMO_STAKEHOLDERS), rng)
                )
            ]
            channels[plan.pk] = [
                c.pk for c in Channel.objects.bulk_create(_numbered_channels(plan, 9))
            ]
            messages[plan.pk] = [
                m.pk for m in Message.objects.bulk_create(_numbered_messages(plan, 20))
            ]
        owner_plans = [
            (user.pk, plan_list[index % plans].pk) for index, user in enumerate(owner_users)
        ]
        generator = _reminder_rows(
            rows, due, owner_plans, stakeholders, channels, messages, today, rng
        )
        overdue = 0
        while batch := list(islice(generator, BATCH_SIZE)):
            overdue += sum(
                row.status in OPEN_STATUSES
                and row.next_review_date is not None
                and row.next_review_date < today
                for row in batch
            )
            PlanRow.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return ReminderDataset(plans, owners, len(managers), rows, due, overdue)


def _reminder_rows(count, due, owner_plans, stakeholders, channels, messages, today, rng):
    """`due` open rows due by `today` (round-robin over the owners), then `count - due` that
    are not: open with a later or no review date, done, or cancelled (any date)."""
    for index in range(count):
        owner_id, plan_id = (
            owner_plans[index % len(owner_plans)] if index < due else rng.choice(owner_plans)
        )
        if index < due:
            # About a third due today, the rest overdue by 1-30 days.
            status = rng.choice([RowStatus.PLANNED, RowStatus.ACTIVE])
            review = today - timedelta(days=0 if rng.random() < 0.35 else rng.randint(1, 30))
        else:
            status = rng.choices(
                [RowStatus.PLANNED, RowStatus.ACTIVE, RowStatus.DONE, RowStatus.CANCELLED],
                [35, 25, 30, 10],
            )[0]
            if status in OPEN_STATUSES:
                review = (
                    None if rng.random() < 0.03 else today + timedelta(days=rng.randint(1, 180))
                )
            else:
                review = today + timedelta(days=rng.randint(-180, 180))
        scheduled = review - timedelta(days=rng.randint(0, 14)) if review else None
        yield PlanRow(
            plan_id=plan_id,
            stakeholder_id=rng.choice(stakeholders[plan_id]),
            message_id=rng.choice(messages[plan_id]),
            channel_id=rng.choice(channels[plan_id]),
            owner_id=owner_id,
            assurance=FOLLOW_UP,
            planned_hours=Decimal(rng.randint(1, 80)) / 4,
            scheduled_date=scheduled,
            cadence=Cadence.ONCE,
            next_review_date=review,
            status=status,
        )


def add_generated_reviews(plan, share=0.6):
    """Reviews for about `share` of the plan's rows whose review date has passed; returns how
    many exist. Deterministic, inserted in batches; a plan that has reviews is left as it is."""
    existing = Review.objects.filter(row__plan=plan).count()
    if existing:
        return existing
    today = timezone.localdate()
    rng = random.Random(plan.pk)  # noqa: S311 - demo data, not security
    rows = (
        plan.rows.filter(next_review_date__lt=today)
        .order_by("pk")
        .values_list("pk", "next_review_date", "planned_hours", "planned_cost", "owner_id")
    )
    reviews = []
    for pk, due, hours, cost, owner_id in rows:
        if rng.random() > share:
            continue
        late = rng.choice([0, 0, 0, 1, 3])
        reviews.append(
            Review(
                row_id=pk,
                reviewed_by_id=owner_id,
                reviewed_on=min(today, due + timedelta(days=late)),
                due_date=due,
                happened=rng.choice([Happened.DONE, Happened.DONE, Happened.PARTLY]),
                goal_reached=rng.choice([Goal.YES, Goal.YES, Goal.PARTLY, Goal.NO]),
                actual_hours=(hours or Decimal(1)) * Decimal(rng.choice(["0.8", "1", "1.2"])),
                actual_cost=(cost or Decimal(0)) * Decimal(rng.choice(["0.9", "1", "1.1"])),
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    return len(reviews)
