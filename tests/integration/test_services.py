"""The real services the production setup depends on answer: PostgreSQL, Redis as the broker.

Skipped when their variables are unset; REQUIRE_SERVICES=1 turns a skip into a failure.
"""

import pytest
import redis
from django.db import connection

pytestmark = pytest.mark.integration


def test_the_database_is_postgresql(service_env, db):
    service_env("DATABASE_URL", schemes=("postgres", "postgresql", "pgsql"))

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_celery_reaches_redis(service_env, settings):
    url = service_env("REDIS_URL")
    from config.celery_app import app

    assert settings.CELERY_BROKER_URL == url
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport.driver_type == "redis"
    assert redis.Redis.from_url(url, socket_timeout=5).ping() is True
