"""The Danish demo plan's content: its text, stakeholders, channels, milestones, messages, rows
and follow-ups. Adapted from the toolkit page (tool 22, Kommunikationsplan); dates are days from
today."""

from typing import NamedTuple

from milestones.models import MilestoneStatus, Phase
from stakeholders.models import Category

from ..models import Cadence, ChannelKind, Goal, Happened, Role, RowStatus

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

# Follow-ups of the demo's finished activities: (happened, goal reached, evidence, hours factor,
# cost factor, days late), cycled over the rows so the dashboard has reviews to show.
DEMO_REVIEWS = [
    (Happened.DONE, Goal.YES, "Referat fra mødet; alle deltog.", "1", "1", 0),
    (Happened.DONE, Goal.PARTLY, "Spørgsmål i fællesmødet viste, at budskabet skal gentages.",
     "1.25", "1.1", 2),
    (Happened.DONE, Goal.YES, "Beslutningen står i direktionens referat.", "0.75", "0.9", 0),
    (Happened.PARTLY, Goal.NO, "Kun halvdelen af afdelingerne var repræsenteret.", "1.5", "1", 4),
]  # fmt: skip
