"""The S&OP template: what a new plan starts with, as data.

Adapted from the toolkit's communication plan (tool 22) and a typical S&OP implementation of a
Danish manufacturer: about a year from top management's decision to the first annual review,
with a pilot that runs three monthly S&OP cycles. Texts are translatable and may name the
company (`%(company)s`) and the pilot's scope (`%(scope)s`); `build.py` turns them into a plan in
the language of the person creating it. Milestones are placed in weeks from the start date;
activities in days from their milestone.
"""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from milestones.models import Phase
from stakeholders.models import Category

from ..models import Cadence, ChannelKind

# The template's words are lazy translations, written out in the plan's language when a plan is
# built from them.
Text = str | Promise

NAME = _("S&OP communication plan – %(company)s")
CHANGE_REASON = _("Created from the S&OP template")

PURPOSE = _(
    "Make sure all relevant internal and external stakeholders are informed about the Sales & "
    "Operations Planning (S&OP) project at %(company)s, in line with the company's overall "
    "communication strategy. Everyone should know why we implement S&OP, what it means for "
    "their department, and that top management stands behind it."
)
MESSAGE_AND_TIMING = _(
    "Inform continuously, internally and externally, about the most important milestones of the "
    "S&OP implementation – from top management's decision through analysis and process design "
    "to the pilot for %(scope)s and on into operation. Each message is aligned with top "
    "management's objectives for the stakeholder group it addresses. From the pilot on, "
    "communication "
    "follows the monthly S&OP cycle: the decisions of each executive S&OP meeting are released "
    "to the organisation the working day after."
)
STAKEHOLDER_APPROACH = _(
    "Messages are adapted to each stakeholder's importance and involvement in the S&OP process: "
    "the executive team, sales, demand planning and operations are managed closely through the "
    "S&OP meetings; finance, IT and key customers are kept satisfied with short, targeted "
    "updates; procurement and logistics are kept informed; other groups are reached through the "
    "intranet and the newsletter."
)


class StakeholderSpec(NamedTuple):
    key: str
    name: Text
    category: Category
    internal: bool
    importance: int  # 1–5, suggested
    involvement: int  # 1–5, suggested


# fmt: off
STAKEHOLDERS = [
    StakeholderSpec("executive", pgettext_lazy("S&OP template", "Executive team"),
                    Category.EXECUTIVE, True, 5, 4),
    StakeholderSpec("sales", pgettext_lazy("S&OP template", "Sales"), Category.SALES, True, 4, 5),
    StakeholderSpec("marketing", pgettext_lazy("S&OP template", "Marketing"),
                    Category.MARKETING, True, 2, 3),
    StakeholderSpec("demand", pgettext_lazy("S&OP template", "Demand planning"),
                    Category.DEMAND_PLANNING, True, 4, 5),
    StakeholderSpec("operations", pgettext_lazy("S&OP template", "Operations and supply"),
                    Category.OPERATIONS, True, 5, 5),
    StakeholderSpec("procurement", pgettext_lazy("S&OP template", "Procurement"),
                    Category.PROCUREMENT, True, 3, 4),
    StakeholderSpec("logistics", pgettext_lazy("S&OP template", "Logistics and warehouse"),
                    Category.LOGISTICS, True, 2, 4),
    StakeholderSpec("finance", pgettext_lazy("S&OP template", "Finance"),
                    Category.FINANCE, True, 4, 3),
    StakeholderSpec("products", pgettext_lazy("S&OP template", "Product development"),
                    Category.PRODUCT_DEVELOPMENT, True, 3, 2),
    StakeholderSpec("it", pgettext_lazy("S&OP template", "IT"), Category.IT, True, 4, 2),
    StakeholderSpec("customers", pgettext_lazy("S&OP template", "Key customers"),
                    Category.KEY_CUSTOMERS, False, 5, 2),
    StakeholderSpec("suppliers", pgettext_lazy("S&OP template", "Key suppliers"),
                    Category.KEY_SUPPLIERS, False, 3, 2),
    StakeholderSpec("employees", pgettext_lazy("S&OP template", "All employees"),
                    Category.OTHER, True, 2, 1),
]
# fmt: on


class ChannelSpec(NamedTuple):
    key: str
    name: Text
    kind: ChannelKind
    description: Text


CHANNELS = [
    ChannelSpec(
        "executive",
        pgettext_lazy("S&OP template", "Executive S&OP meeting"),
        ChannelKind.MEETING,
        _(
            "The executive team's monthly decision meeting: approves the plan and settles what "
            "the pre-S&OP meeting could not."
        ),
    ),
    ChannelSpec(
        "steering",
        pgettext_lazy("S&OP template", "Steering group meeting"),
        ChannelKind.MEETING,
        _(
            "Monthly meeting of the S&OP project's steering group, until the process runs in "
            "operation."
        ),
    ),
    ChannelSpec(
        "pre",
        pgettext_lazy("S&OP template", "Pre-S&OP meeting"),
        ChannelKind.MEETING,
        _(
            "Monthly meeting of sales, operations and finance that prepares the decisions for "
            "the executive S&OP meeting."
        ),
    ),
    ChannelSpec(
        "demand",
        pgettext_lazy("S&OP template", "Demand review"),
        ChannelKind.MEETING,
        _("Monthly review of the demand plan with sales, marketing and demand planning."),
    ),
    ChannelSpec(
        "supply",
        pgettext_lazy("S&OP template", "Supply review"),
        ChannelKind.MEETING,
        _("Monthly review of capacity, materials and inventory against the demand plan."),
    ),
    ChannelSpec(
        "intranet",
        pgettext_lazy("S&OP template", "Intranet"),
        ChannelKind.INTRANET,
        _("The S&OP page on the intranet: news, the meeting calendar, questions and answers."),
    ),
    ChannelSpec(
        "newsletter",
        pgettext_lazy("S&OP template", "Newsletter"),
        ChannelKind.NEWSLETTER,
        _("The monthly staff newsletter."),
    ),
    ChannelSpec(
        "town_hall",
        pgettext_lazy("S&OP template", "Town hall"),
        ChannelKind.TOWN_HALL,
        _("Meeting for all employees, e.g. every quarter."),
    ),
    ChannelSpec(
        "workshop",
        pgettext_lazy("S&OP template", "Workshop"),
        ChannelKind.WORKSHOP,
        _("Half- or full-day workshop with the departments concerned."),
    ),
    ChannelSpec(
        "email",
        pgettext_lazy("S&OP template", "Email"),
        ChannelKind.EMAIL,
        _("Direct email from the project manager or the activity's owner."),
    ),
    ChannelSpec(
        "letter",
        pgettext_lazy("S&OP template", "Customer letter"),
        ChannelKind.LETTER,
        _("Letter to key customers from the sales director."),
    ),
]


class MilestoneSpec(NamedTuple):
    key: str
    title: Text
    phase: Phase
    weeks: int  # from the start date


MILESTONES = [
    MilestoneSpec(
        "approved",
        _("The executive team approves the S&OP project and appoints the steering group"),
        Phase.RECOGNITION,
        4,
    ),
    MilestoneSpec(
        "diagnosis",
        _("Maturity assessment and diagnosis presented to the executive team"),
        Phase.ANALYSIS,
        10,
    ),
    MilestoneSpec(
        "process",
        _("S&OP process, meeting calendar, roles and KPIs agreed"),
        Phase.DEFINITION,
        18,
    ),
    MilestoneSpec("pilot", _("Pilot starts in the monthly S&OP cycle: %(scope)s"), Phase.PILOT, 20),
    MilestoneSpec(
        "evaluation",
        _("Pilot evaluated after three S&OP cycles; decision on the roll-out"),
        Phase.PILOT,
        33,
    ),
    MilestoneSpec("rollout", _("S&OP rolled out to all product families"), Phase.OPERATION, 42),
    MilestoneSpec("annual", _("First year of S&OP in operation evaluated"), Phase.OPERATION, 52),
]

# The template plans the S&OP meetings of the cycles from the pilot's start to its evaluation.
MEETINGS_BETWEEN = ("pilot", "evaluation")

ANCHORING = _("S&OP is anchored in top management")
ONE_PLAN = _("One shared plan for sales, operations and finance")
DELIVERY = _("Higher delivery performance")
INVENTORY = _("Lower inventory")
FORECAST = _("Better forecast accuracy")


class MessageSpec(NamedTuple):
    key: str
    content: Text
    goal: Text
    objective: Text


MESSAGES = [
    MessageSpec(
        "why",
        _(
            "Why %(company)s is implementing Sales & Operations Planning, and what top "
            "management expects of it"
        ),
        _(
            "Every manager can explain why we implement S&OP and knows that the executive team "
            "stands behind it."
        ),
        ANCHORING,
    ),
    MessageSpec(
        "charter",
        _("Project charter: goals, steering group, resources and timeline of the S&OP project"),
        _("The executive team approves the charter and sets aside the resources needed."),
        ANCHORING,
    ),
    MessageSpec(
        "project",
        _("Status of the S&OP project: progress against the timeline, decisions needed and risks"),
        _("The steering group follows the project and takes the decisions it needs in time."),
        ANCHORING,
    ),
    MessageSpec(
        "diagnosis",
        _(
            "Findings of the maturity assessment: where planning today causes fire-fighting, "
            "late deliveries and excess stock"
        ),
        _("The departments recognise the shared problems and back the improvements."),
        INVENTORY,
    ),
    MessageSpec(
        "process",
        _(
            "The new monthly S&OP cycle: data gathering, demand review, supply review, pre-S&OP "
            "meeting and executive S&OP meeting"
        ),
        _("Participants know their role, their input and the dates in the meeting calendar."),
        ONE_PLAN,
    ),
    MessageSpec(
        "demand",
        _("Sales' input to the demand plan: what we need, when and in which format"),
        _(
            "Sales delivers its forecast on time every month and agrees the demand plan at the "
            "demand review."
        ),
        FORECAST,
    ),
    MessageSpec(
        "campaigns",
        _("Campaigns, price changes and product launches belong in the demand plan"),
        _("Marketing reports every campaign before the data gathering closes."),
        FORECAST,
    ),
    MessageSpec(
        "capacity",
        _("Capacity, bottlenecks and scenarios in the supply plan"),
        _(
            "Operations presents capacity and the consequences of the scenarios at the supply "
            "review."
        ),
        DELIVERY,
    ),
    MessageSpec(
        "finance",
        _("How the S&OP plan ties in with the budget and the financial forecast"),
        _(
            "Finance reconciles the financial forecast with the S&OP plan every month before "
            "the executive S&OP meeting."
        ),
        ONE_PLAN,
    ),
    MessageSpec(
        "data",
        _("Data and tools: planning data from the ERP system in one shared S&OP overview"),
        _("IT delivers the fixed data extracts for the data gathering before the pilot starts."),
        ONE_PLAN,
    ),
    MessageSpec(
        "products",
        _("New products and phase-outs are planned through S&OP"),
        _("Product development reports launch and phase-out dates into the monthly cycle."),
        FORECAST,
    ),
    MessageSpec(
        "pilot",
        _("The pilot starts: three monthly S&OP cycles for %(scope)s"),
        _("Every pilot participant knows their role and comes prepared to the first cycle."),
        ONE_PLAN,
    ),
    MessageSpec(
        "decisions",
        _(
            "Decisions of this month's executive S&OP meeting: the approved plan, priorities "
            "and what changes"
        ),
        _("Everyone affected works from the same approved plan from the day after the meeting."),
        ONE_PLAN,
    ),
    MessageSpec(
        "status",
        _("Progress of the pilot: what works and what we adjust"),
        _("The organisation sees the progress, and suggestions for improvement are collected."),
        ANCHORING,
    ),
    MessageSpec(
        "evaluation",
        _(
            "Evaluation of the pilot: results of the first three cycles and the recommendation "
            "for the roll-out"
        ),
        _("The executive team approves the roll-out, or decides what must be adjusted first."),
        ANCHORING,
    ),
    MessageSpec(
        "customers",
        _("Better delivery performance and earlier notice of lead times"),
        _("Key customers share their forecasts with us every quarter."),
        DELIVERY,
    ),
    MessageSpec(
        "suppliers",
        _("Our expected needs on a rolling 12-month horizon"),
        _("Key suppliers confirm capacity for the critical components."),
        DELIVERY,
    ),
    MessageSpec(
        "rollout",
        _("S&OP is rolled out to all product families, with fixed meeting times"),
        _("Every department takes part in the monthly cycle from the roll-out."),
        ONE_PLAN,
    ),
    MessageSpec(
        "results",
        _("Results after the first year: delivery performance, inventory and forecast accuracy"),
        _("The executive team decides the next steps for S&OP based on measured results."),
        ANCHORING,
    ),
]

# How the owner makes sure an activity happens with the desired result.
AGENDA = _("A fixed item on the agenda; decisions and actions go into the minutes.")
FOLLOW_UP = _("The owner follows up a week later and adjusts the plan if needed.")
READ = _("Views and questions are followed; unclear points are taken up at the next meeting.")
SIGN_OFF = _("The participants confirm their input in writing before the deadline.")
DECISION = _("The decision is recorded in the executive team's minutes.")
WORKSHOP = _("The workshop ends with a shared list of problems, each with an owner.")
CHARTER_INPUT = _("Their comments on the charter are collected before the executive team decides.")
SUPPLIER_REPLY = _("Procurement records each supplier's reply and confirmed capacity.")


class RowSpec(NamedTuple):
    """One starter activity. `days` from its milestone's date; S&OP-cycle activities fall
    `cycle_offset` working days from each executive S&OP meeting from then on."""

    stakeholder: str
    message: str
    channel: str
    milestone: str
    days: int
    hours: str
    cost: str
    assurance: Text
    cadence: Cadence = Cadence.ONCE
    cycle_offset: int | None = None


def cycle(offset):
    """The cadence fields of an activity that recurs `offset` working days from each executive
    S&OP meeting."""
    return {"cadence": Cadence.SOP_CYCLE, "cycle_offset": offset}


# fmt: off
ROWS = [
    # Recognition: top management backs S&OP, then the organisation hears why.
    RowSpec("executive", "why", "workshop", "approved", -14, "6", "5000", _(
        "The briefing ends with the executive team's decision to go ahead, recorded in its "
        "minutes.")),
    RowSpec("sales", "charter", "workshop", "approved", -10, "2", "0", CHARTER_INPUT),
    RowSpec("operations", "charter", "workshop", "approved", -10, "2", "0", CHARTER_INPUT),
    RowSpec("demand", "charter", "workshop", "approved", -10, "2", "0", CHARTER_INPUT),
    RowSpec("executive", "charter", "email", "approved", -7, "2", "0", DECISION),
    RowSpec("it", "charter", "email", "approved", -7, "1", "0",
            _("The IT manager confirms the resources for data and tools in the charter.")),
    RowSpec("finance", "charter", "email", "approved", -7, "1", "0",
            _("The CFO confirms the project budget by email.")),
    RowSpec("employees", "why", "town_hall", "approved", 7, "4", "2500", FOLLOW_UP),
    RowSpec("employees", "why", "intranet", "approved", 7, "2", "0", READ),
    RowSpec("sales", "why", "workshop", "approved", 10, "3", "0", FOLLOW_UP),
    RowSpec("executive", "project", "steering", "approved", 28, "2", "0", AGENDA,
            cadence=Cadence.MONTHLY),
    # Analysis & diagnosis
    RowSpec("demand", "diagnosis", "workshop", "diagnosis", -21, "8", "6000", WORKSHOP),
    RowSpec("operations", "diagnosis", "workshop", "diagnosis", -21, "8", "6000", WORKSHOP),
    RowSpec("executive", "diagnosis", "workshop", "diagnosis", 0, "4", "0", DECISION),
    RowSpec("employees", "diagnosis", "newsletter", "diagnosis", 7, "2", "1500", READ),
    # Defining the S&OP process
    RowSpec("it", "data", "workshop", "process", -28, "6", "8000",
            _("The requirements go into IT's task system with a fixed delivery date.")),
    RowSpec("sales", "process", "workshop", "process", -14, "6", "5000", SIGN_OFF),
    RowSpec("operations", "process", "workshop", "process", -14, "6", "5000", SIGN_OFF),
    RowSpec("finance", "finance", "workshop", "process", -7, "4", "3000",
            _("The financial controller takes part and approves the link to the budget.")),
    RowSpec("marketing", "campaigns", "email", "process", -7, "1", "0",
            _("The marketing manager confirms that the campaign calendar is shared.")),
    RowSpec("products", "products", "email", "process", -7, "1", "0", SIGN_OFF),
    # Pilot: the monthly S&OP cycle starts, and its decisions go out the day after.
    RowSpec("employees", "pilot", "intranet", "pilot", 0, "2", "0", READ),
    RowSpec("it", "data", "email", "pilot", -7, "1", "0",
            _("IT confirms that the data extracts have run before the first data gathering.")),
    RowSpec("logistics", "pilot", "email", "pilot", 0, "1", "0",
            _("The warehouse manager goes through the news at the weekly board meeting.")),
    RowSpec("sales", "demand", "demand", "pilot", 0, "4", "0",
            _("The sales manager approves the forecast before the meeting closes."), **cycle(-8)),
    RowSpec("marketing", "campaigns", "demand", "pilot", 0, "1", "0", AGENDA, **cycle(-8)),
    RowSpec("operations", "capacity", "supply", "pilot", 0, "4", "0", AGENDA, **cycle(-5)),
    RowSpec("finance", "finance", "pre", "pilot", 0, "2", "0",
            _("The controller reports deviations between the plan and the financial forecast."),
            **cycle(-3)),
    RowSpec("executive", "status", "executive", "pilot", 0, "3", "0", AGENDA, **cycle(0)),
    RowSpec("employees", "decisions", "intranet", "pilot", 0, "1", "0", _(
        "Published by noon the working day after the meeting; the project manager checks that "
        "it is out."), **cycle(1)),
    RowSpec("procurement", "decisions", "email", "pilot", 0, "1", "0",
            _("Procurement confirms that the purchase plans follow the approved plan."),
            **cycle(1)),
    RowSpec("employees", "status", "newsletter", "pilot", 30, "2", "1500", READ,
            cadence=Cadence.MONTHLY),
    RowSpec("customers", "customers", "letter", "pilot", 28, "6", "12000",
            _("The sales director calls the largest customers after the letter.")),
    RowSpec("suppliers", "suppliers", "email", "pilot", 42, "3", "2000", SUPPLIER_REPLY),
    RowSpec("executive", "evaluation", "executive", "evaluation", 0, "6", "0", DECISION),
    # Operation
    RowSpec("sales", "rollout", "workshop", "rollout", -14, "12", "9000", SIGN_OFF),
    RowSpec("employees", "rollout", "town_hall", "rollout", 0, "8", "15000", FOLLOW_UP),
    RowSpec("logistics", "rollout", "newsletter", "rollout", 0, "2", "1500", READ),
    RowSpec("customers", "customers", "letter", "rollout", 14, "4", "8000",
            _("Key account managers follow up at their customer visits.")),
    RowSpec("suppliers", "suppliers", "email", "annual", -14, "2", "0", SUPPLIER_REPLY),
    RowSpec("executive", "results", "executive", "annual", 0, "10", "20000",
            _("The results are measured against the baseline from the maturity assessment.")),
]
# fmt: on

# A one-off activity is reviewed this many days after it is scheduled: did it happen, did it
# reach its goal.
REVIEW_AFTER_DAYS = 7
