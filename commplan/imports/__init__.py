"""Importing a plan's activities from a spreadsheet (issue 5 §1).

reading: the file's bytes → a table of cells (or Refused), on the best-matching sheet, merged
cells filled; headings: which column is what; layout: totals and notes rows, "same as above"
cells; values and words: one cell → a number, date, hours and cost, status, phase or cadence;
matching: names → the plan's objects and members; preview (drafts): the table → every row as it
will be saved, checked by the models' own rules (checks), with errors and warnings; saving:
commits a preview in one transaction; staging: keeps an upload between preview and commit;
benchmark: `manage.py bench --only import`.
"""

from .preview import ASK, UNASSIGN, ImportPreview, build_preview
from .reading import MAX_BYTES, MAX_ROWS, Refused, read_table
from .saving import INVITE, MEMBER, UNASSIGNED, CommitFailed, Resolution, commit

__all__ = [
    "ASK",
    "INVITE",
    "MAX_BYTES",
    "MAX_ROWS",
    "MEMBER",
    "UNASSIGN",
    "UNASSIGNED",
    "CommitFailed",
    "ImportPreview",
    "Refused",
    "Resolution",
    "build_preview",
    "commit",
    "read_table",
]
