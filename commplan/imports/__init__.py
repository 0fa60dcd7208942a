"""Importing a plan's activities from a spreadsheet (issue 5 §1).

reading: the file's bytes → a table of cells (or Refused); headings: which column is what;
values: one cell → a number, date, hours and cost, or choice; matching: names → the plan's objects;
preview: the table → every row as it will be saved, with errors and warnings; saving: commits a
preview in one transaction; staging: keeps an upload between preview and commit.
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
