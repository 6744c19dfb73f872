"""The shared fixtures in tests/conftest.py give real, isolated, empty resources."""

from __future__ import annotations

import subprocess
from urllib.parse import unquote, urlsplit

import pika
import sqlalchemy as sa


def test_pg_url_is_a_fresh_empty_database(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.connect() as connection:
        name = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()
    assert name.startswith("orderhub_test_") and pg_url.endswith(name)


def test_amqp_url_is_a_fresh_vhost_guest_can_use(amqp_url: str) -> None:
    vhost = unquote(urlsplit(amqp_url).path[1:])
    listed = subprocess.run(
        ["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert vhost.startswith("orderhub_test_") and vhost in listed
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        channel.queue_declare("probe", exclusive=True)
        channel.basic_publish("", "probe", b"hello")
        _method, _props, body = channel.basic_get("probe", auto_ack=True)
        assert body == b"hello"
    finally:
        connection.close()
