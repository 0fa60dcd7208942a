from django.urls import reverse


def test_manager_sees_the_row_on_the_plan_page(manager_client, plan, row):
    response = manager_client.get(reverse("commplan:plan_detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
    assert row.stakeholder.name in response.content.decode()
