"""`seed_demo --people`: the load test's people, each signed-in person with work of their own."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from commplan import demo
from commplan.demo import people as demo_people
from commplan.models import CommunicationPlan, Membership, Role


def test_people_join_the_generated_plan_in_three_roles_and_share_its_rows(db):
    call_command("seed_demo", rows=40, people=10, stdout=None)
    call_command("seed_demo", rows=40, people=10, stdout=None)  # again: nothing doubles

    plan = CommunicationPlan.objects.get(name=demo.generated_plan_name(40))
    roles = Membership.objects.filter(plan=plan, user__username__startswith="load_")
    assert sorted(roles.values_list("role", flat=True)) == sorted(
        [Role.MANAGER] * 2 + [Role.OWNER] * 6 + [Role.EXECUTIVE] * 2
    )
    owned = {
        owner: plan.rows.filter(owner__username=owner).count()
        for owner in (demo_people.username(Role.OWNER, number) for number in range(1, 7))
    }
    assert min(owned.values()) >= 5, owned  # every owner has rows to review
    executive = get_user_model().objects.get(username="load_executive_2")
    assert executive.check_password(demo_people.LOAD_PASSWORD)


def test_people_need_a_generated_plan(db):
    with pytest.raises(CommandError, match="--people needs --rows"):
        call_command("seed_demo", people=10)
