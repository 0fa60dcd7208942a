"""The history of every change in a plan, kept by django-simple-history, and baselines.

recording.py makes sure changes that bypass save() are recorded too and says where changes
outside a request came from; display.py turns historical records into what a person reads
("who changed which field from what to what"); timeline.py pages through one object's or one
plan's records with a constant number of queries; baselines.py saves and compares snapshots.
"""
