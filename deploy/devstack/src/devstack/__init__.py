"""Local infrastructure for gemeinwerk without Docker.

* :mod:`devstack.kafka` - ``LocalKafka``: Apache Kafka 3.9 (KRaft) from Maven Central jars
* :mod:`devstack.postgres` - ``LocalPostgres``: a private cluster from the Debian packages
* :mod:`devstack.mailcatcher` - ``MailCatcher``: SMTP sink for notification mails
* :mod:`devstack.processes` - ``ServiceProcess`` / ``ServiceGroup``: services as OS processes
* :mod:`devstack.infra` - env var, testcontainers or local process, decided in one place
* :mod:`devstack.pytest_plugin` - the integration-test fixtures
* :mod:`devstack.up` - ``python -m devstack up`` for ``make up``
"""
