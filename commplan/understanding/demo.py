"""Pulse answers for the demo plan, so its dashboard shows how the communication landed: the
executives and the demand planners get it, sales understands more and more, production less."""

import random
from datetime import timedelta

from ..feedback.services import record_answer
from ..models import FeedbackLink, Meaning, RowStatus

# stakeholder: (answers a week, chance of a clear answer at the start, and 12 weeks later)
DEMO_AUDIENCES = {
    "Direktionen": (4, 0.8, 0.9),
    "Salg": (9, 0.4, 0.8),
    "Efterspørgselsplanlægning": (6, 0.7, 0.85),
    "Produktion og forsyning": (8, 0.6, 0.45),
    "Økonomi": (2, 0.7, 0.7),  # under the anonymity threshold most weeks
}
WEEKS = 12


def add_demo_answers(plan, today, seed=19):
    """About 400 anonymous answers to the links of the demo plan's activities for the groups
    of DEMO_AUDIENCES, spread over the last WEEKS weeks."""
    rng = random.Random(seed)  # noqa: S311 - made-up demo answers, the same every time
    rows = (
        plan.rows.filter(stakeholder__name__in=DEMO_AUDIENCES)
        .exclude(status=RowStatus.CANCELLED)
        .select_related("stakeholder")
        .order_by("pk")
    )
    links = {}
    for row in rows:
        link = FeedbackLink.objects.create(plan=plan, row=row)
        link.row = row
        links.setdefault(row.stakeholder.name, []).append(link)
    for name, (per_week, start, end) in DEMO_AUDIENCES.items():
        for week in range(WEEKS):
            chance = start + (end - start) * week / (WEEKS - 1)
            for _answer in range(per_week):
                clear = rng.random() < chance
                record_answer(
                    rng.choice(links[name]),
                    clarity=rng.choice([4, 5]) if clear else rng.choice([1, 2, 3]),
                    meaning=Meaning.YES if clear else rng.choice([Meaning.PARTLY, Meaning.NO]),
                    support=rng.choice([4, 5]) if rng.random() < chance else rng.choice([2, 3]),
                    today=today - timedelta(weeks=WEEKS - 1 - week, days=rng.randrange(5)),
                )
