"""Pages travel gzipped to browsers that accept it (issue 16), padded against BREACH."""

import gzip

from django.urls import reverse


def test_the_plan_table_is_gzipped_for_a_browser_that_accepts_it(manager_client, row):
    url = reverse("commplan:plan_detail", kwargs={"pk": row.plan_id})
    plain = manager_client.get(url)
    packed = manager_client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) * 3 < len(plain.content)
    assert row.stakeholder.name in gzip.decompress(packed.content).decode()


def test_gzipped_pages_carry_random_padding(manager_client, row):
    """Heal The BREACH: random bytes in the gzip header's file name field, so a page's size
    does not tell an attacker what it holds."""
    url = reverse("commplan:plan_detail", kwargs={"pk": row.plan_id})
    headers = [manager_client.get(url, HTTP_ACCEPT_ENCODING="gzip").content[:120] for _ in range(3)]
    fname_flag = 0x08
    assert all(header[3] & fname_flag for header in headers)
    assert len(set(headers)) == 3
