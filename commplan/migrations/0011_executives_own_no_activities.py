"""Executives read plans and own no activities: rows an executive was made owner of before this
rule (the owner list used to offer executives) are left without an owner, for a manager to assign."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def unassign_executives(apps, schema_editor):
    Membership = apps.get_model("commplan", "Membership")
    PlanRow = apps.get_model("commplan", "PlanRow")
    executive = Membership.objects.filter(
        plan_id=OuterRef("plan_id"), user_id=OuterRef("owner_id"), role="executive"
    )
    PlanRow.objects.filter(Exists(executive)).update(owner=None)


class Migration(migrations.Migration):
    dependencies = [("commplan", "0010_signin_gates")]

    operations = [migrations.RunPython(unassign_executives, migrations.RunPython.noop)]
