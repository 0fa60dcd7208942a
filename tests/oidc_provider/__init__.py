"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in a
second Django process, with its own SQLite file and an RSA key the tests generate
(tests/accounts/test_sso.py starts it on a free port)."""
