"""The demo plan's readiness: where its key groups must be by each phase's milestone, and
where the project manager has seen them stand (Danish, like the rest of the demo plan)."""

from datetime import timedelta

from ..history.recording import create_with_history
from ..models import Readiness, ReadinessRecord, ReadinessTarget

U, R, N, S, L = Readiness  # unaware, resistant, neutral, supportive, leading

# stakeholder: {milestone key: desired position}
DEMO_TARGETS = {
    "Direktionen": {"decision": S, "pilot": L},
    "Salg": {"process": N, "pilot": S, "rollout": L},
    "Efterspørgselsplanlægning": {"process": S, "evaluation": L},
    "Produktion og forsyning": {"process": N, "evaluation": S, "rollout": L},
    "Økonomi": {"roles": N, "evaluation": S},
    "Nøglekunder": {"rollout": N},
    "IT": {"evaluation": S},
}

# stakeholder, days from today, position, why
DEMO_RECORDS = [
    ("Direktionen", -108, S, "Projektet godkendt enstemmigt på direktionsmødet."),
    ("Direktionen", -20, L, "Administrerende direktør åbner selv hvert ledelsesmøde med S&OP."),
    ("Salg", -70, R, "Salgscheferne frygter, at prognosen bliver brugt imod dem."),
    ("Salg", -25, N, "Workshop om prognosens formål; stadig skepsis i eksportsalg."),
    ("Efterspørgselsplanlægning", -60, N, "Nyt team, afventer værktøjer."),
    ("Efterspørgselsplanlægning", -10, S, "Har selv foreslået ugentlig prognoseopfølgning."),
    ("Produktion og forsyning", -65, U, "Kender kun projektet af navn."),
    ("Produktion og forsyning", -30, R, "Bekymret for ekstra møder i en travl periode."),
    ("Økonomi", -12, N, "Deltager i forsyningsmødet, men uden egne input endnu."),
    ("IT", -40, U, "Ikke orienteret om datakravene."),
]


def add_demo_readiness(stakeholders, milestones, manager, today):
    """Targets and records for the demo plan's key groups, recorded by `manager`."""
    create_with_history(
        ReadinessTarget,
        [
            ReadinessTarget(stakeholder=stakeholders[name], milestone=milestones[key], position=p)
            for name, targets in DEMO_TARGETS.items()
            for key, p in targets.items()
        ],
    )
    ReadinessRecord.objects.bulk_create(
        ReadinessRecord(
            stakeholder=stakeholders[name],
            position=position,
            recorded_on=today + timedelta(days=days),
            recorded_by=manager,
            reason=reason,
        )
        for name, days, position, reason in DEMO_RECORDS
    )
