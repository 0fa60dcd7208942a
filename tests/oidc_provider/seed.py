"""Prepares the provider's database: its tables, the planner as a client, and its people.

Run as `python -m tests.oidc_provider.seed <json>` with the provider's settings; the JSON gives
`client_id`, `client_secret`, `redirect_uri`, `post_logout_redirect_uri` and `people`
(username, password, email, first_name, last_name).
"""

import json
import sys

import django


def main(spec):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in spec["people"]:
        get_user_model().objects.create_user(**person)
    Application.objects.create(
        name="S&OP Communication Planner",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=spec["redirect_uri"],
        post_logout_redirect_uris=spec["post_logout_redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
