"""The REST API at /api/ (issue 17): plans and what is in them, for Power BI, Excel and scripts.

The same role rules as the pages, from commplan.access; writes go through the pages' own forms,
so every rule a form checks holds here too.
"""
