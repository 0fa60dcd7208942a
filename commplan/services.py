"""Domain operations that change more than one object."""

from django.db import transaction

from .cadence import next_review_date as cadence_next_review_date
from .models import Cadence, Happened, PlanRow, RowStatus


@transaction.atomic
def record_review(review, *, next_review_date=None, status=None, assurance=None):
    """Save `review` (unsaved, with its row set) and move the row on in the same transaction.

    The row's next review becomes `next_review_date` when given, else the next date of its
    cadence after the review. A one-off row whose communication happened, and that has no next
    date, is done; a row that ends up done or cancelled has no next review. `status` and
    `assurance`, when given, adjust the row too.
    """
    row = (
        PlanRow.objects.select_related("plan").select_for_update(of=("self",)).get(pk=review.row_id)
    )
    review.row = row
    review.due_date = row.next_review_date
    review.save()
    if next_review_date is None:
        # A review covers the occurrence it was due for, even when recorded early.
        after = max(filter(None, [review.reviewed_on, row.next_review_date]))
        next_review_date = cadence_next_review_date(row, after)
    row.next_review_date = next_review_date
    if status:
        row.status = status
    elif (
        row.cadence == Cadence.ONCE
        and next_review_date is None
        and review.happened == Happened.DONE
    ):
        row.status = RowStatus.DONE
    elif row.status == RowStatus.PLANNED:
        row.status = RowStatus.ACTIVE
    if row.status not in (RowStatus.PLANNED, RowStatus.ACTIVE):
        row.next_review_date = None  # a closed row is never due again
    if assurance is not None:
        row.assurance = assurance
    row.save(update_fields=["next_review_date", "status", "assurance", "updated_at"])
    return review
