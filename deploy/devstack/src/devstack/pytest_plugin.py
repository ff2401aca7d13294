"""pytest fixtures for integration tests.

Enable with ``pytest_plugins = ["devstack.pytest_plugin"]`` in the root conftest.py.

Session fixtures start lazily, i.e. only when a test asks for them:

* ``kafka_bootstrap_servers`` -> ``"host:port"`` (env, testcontainers or LocalKafka; see
  :mod:`devstack.infra`),
* ``postgres`` -> :class:`~devstack.pgserver.PostgresServer` with ``create_database(name)``,
* ``local_kafka`` -> always a dedicated :class:`~devstack.kafka.LocalKafka` that tests may
  kill/restart; it is brought back up after each test if a test left it down,
* ``mail_catcher`` -> a running :class:`~devstack.mailcatcher.MailCatcher`,
* ``service_processes`` -> a :class:`~devstack.processes.ServiceGroup` stopped after the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.infra import provide_kafka, provide_postgres
from devstack.kafka import LocalKafka
from devstack.mailcatcher import MailCatcher
from devstack.pgserver import PostgresServer
from devstack.processes import ServiceGroup

_LOCAL_KAFKA = pytest.StashKey[LocalKafka]()


@pytest.fixture(scope="session")
def kafka_bootstrap_servers() -> Iterator[str]:
    """Bootstrap servers of the shared test Kafka."""
    with provide_kafka() as servers:
        yield servers


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The shared test PostgreSQL server."""
    with provide_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def local_kafka(request: pytest.FixtureRequest) -> Iterator[LocalKafka]:
    """A dedicated local broker for fault tests (``kill()``, ``restart()``)."""
    with LocalKafka() as broker:
        request.config.stash[_LOCAL_KAFKA] = broker
        yield broker
        del request.config.stash[_LOCAL_KAFKA]


@pytest.fixture(autouse=True)
def _revive_local_kafka(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, restart ``local_kafka`` if the test left it stopped."""
    yield
    broker = request.config.stash.get(_LOCAL_KAFKA, None)
    if broker is not None and not broker.is_running:
        broker.start()


@pytest.fixture(scope="session")
def mail_catcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailCatcher]:
    """An SMTP catcher on a free port; call ``.clear()`` to forget earlier mails."""
    with MailCatcher(tmp_path_factory.mktemp("mail")) as catcher:
        yield catcher


@pytest.fixture
def service_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceGroup]:
    """Start services with ``service_processes.start(name, port, env)``; all stop afterwards.

    Logs go to ``$GEMEINWERK_TEST_LOG_DIR`` if set (e.g. for CI artifacts), else a temp dir.
    """
    configured = os.environ.get("GEMEINWERK_TEST_LOG_DIR")
    log_dir = Path(configured) if configured else tmp_path_factory.mktemp("service-logs")
    with ServiceGroup(log_dir) as group:
        yield group
