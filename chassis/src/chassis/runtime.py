"""The composition every service shares: store, outbox relay, consumers, HTTP app, metrics.

A service builds one `ServiceRuntime` in its `app.py`, passes its subscriptions and the
event types it publishes, and gets a FastAPI app whose lifespan starts and stops the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Union

from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from faststream.specification import AsyncAPI
from gemeinwerk_contracts import Event
from gemeinwerk_contracts.topics import dead_letter_topic
from sqlalchemy.ext.asyncio import AsyncSession

from chassis.consumer import BatchProcessor, Subscription
from chassis.correlation import CorrelationMiddleware
from chassis.errors import install_error_handlers
from chassis.http import health_router
from chassis.kafka import create_producer, ensure_topics
from chassis.logs import configure_logging
from chassis.metrics import ChassisMetrics
from chassis.outbox import OutboxRelay
from chassis.settings import ServiceSettings
from chassis.store import Database
from chassis.store.migrations import upgrade
from chassis.uow import UnitOfWork
from chassis.validation_messages import german_validation_error

log = logging.getLogger(__name__)
Hook = Callable[[], Awaitable[None]]


class ServiceRuntime:
    """Everything a service process runs besides its own rules."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        migrations: Path,
        subscriptions: Sequence[Subscription] = (),
        publishes: Sequence[type[Event]] = (),
        title: str,
        description: str = "",
        version: str = "0.1.0",
    ) -> None:
        self.settings = settings
        self.title = title
        self.description = description
        self.version = version
        self.migrations = migrations
        self.subscriptions = list(subscriptions)
        self.publishes = list(publishes)
        self.metrics = ChassisMetrics(settings.service_name)
        self.database = Database(settings.database_url)
        self.dead_letter_topic = dead_letter_topic(settings.service_name)
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=settings.service_name,
            middlewares=[
                KafkaPrometheusMiddleware(
                    registry=self.metrics.registry, app_name=settings.service_name
                )
            ],
            # The chassis decodes records itself so that bad ones can be dead-lettered.
            apply_types=False,
            # Our own logger propagates to the JSON handler; FastStream's default prints colour.
            logger=logging.getLogger("faststream.access.kafka.gemeinwerk"),
            log_level=logging.DEBUG,
            graceful_timeout=15.0,
            description=description,
        )
        self._producer: AIOKafkaProducer | None = None
        self.relay: OutboxRelay | None = None
        self._processors: dict[str, BatchProcessor] = {}
        self.on_startup: list[Hook] = []
        self.on_shutdown: list[Hook] = []
        for subscription in self.subscriptions:
            self._subscribe(subscription)
        for event_type in self.publishes:
            self.broker.publisher(
                event_type.TOPIC,
                title=f"{event_type.TOPIC}:{event_type.__name__}",
                description=f"{event_type.TYPE} — {(event_type.__doc__ or '').strip()}",
                schema=event_type,
            )

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("the runtime has not been started")
        return self._producer

    def uow(self) -> UnitOfWork:
        """A unit of work on this service's store whose events wake the relay at commit."""
        return UnitOfWork(self.database, on_commit=self.relay.notify if self.relay else None)

    def read(self) -> AsyncSession:
        """A read-only session for queries (`async with runtime.read() as session:`)."""
        return self.database.read_session()

    def _subscribe(self, subscription: Subscription) -> None:
        async def raw_records(message: Any, _original: Any = None) -> Any:
            return message.raw_message

        async def handle(body: Any) -> None:
            records = body if isinstance(body, tuple | list) else (body,)
            await self._processors[subscription.name].process(records)

        handled: Any = Union[tuple(subscription.handled_types.values())]  # noqa: UP007 -- runtime union
        handle.__annotations__ = {"body": list[handled], "return": None}
        handle.__name__ = f"{self.settings.service_name}_{subscription.name}"
        self.broker.subscriber(
            *subscription.topics,
            batch=True,
            group_id=f"{self.settings.consumer_group}.{subscription.name}",
            auto_offset_reset="earliest",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            max_records=self.settings.consumer_max_records,
            batch_timeout_ms=self.settings.consumer_batch_timeout_ms,
            decoder=raw_records,
            description=subscription.description or None,
        )(handle)

    def asyncapi(self) -> Any:
        """The AsyncAPI 3.0 document of this service, generated by FastStream."""
        return AsyncAPI(
            self.broker,
            title=f"gemeinwerk {self.title}",
            version=self.version,
            description=self.description,
            schema_version="3.0.0",
        ).to_specification()

    def topics(self) -> list[str]:
        topics = [t for s in self.subscriptions for t in s.topics]
        topics += [e.TOPIC for e in self.publishes]
        return [*dict.fromkeys(topics), self.dead_letter_topic]

    async def start(self) -> None:
        """Migrate the store, create topics, start producer, relay and consumers."""
        await upgrade(self.database, self.migrations)
        await _retry(
            lambda: ensure_topics(
                self.settings.kafka_bootstrap_servers, self.topics(), self.settings.topic_partitions
            ),
            what="Kafka",
        )
        self._producer = create_producer(
            self.settings.kafka_bootstrap_servers, f"{self.settings.service_name}-producer"
        )
        await self._producer.start()
        self.relay = OutboxRelay(
            self.database,
            self._producer,
            self.metrics,
            batch_size=self.settings.outbox_batch_size,
            poll_seconds=self.settings.outbox_poll_seconds,
            lease_seconds=self.settings.outbox_lease_seconds,
        )
        self.relay.start()
        for subscription in self.subscriptions:
            self._processors[subscription.name] = BatchProcessor(
                subscription, self.uow, self._producer, self.dead_letter_topic, self.metrics
            )
        for hook in self.on_startup:
            await hook()
        if self.subscriptions:
            await self.broker.start()

    async def stop(self) -> None:
        """Stop consumers first (finishing the batch in hand), then relay, producer, store."""
        if self.subscriptions:
            await self.broker.stop()
        for hook in self.on_shutdown:
            await hook()
        if self.relay is not None:
            await self.relay.stop()
        if self._producer is not None:
            await self._producer.stop()
        await self.database.dispose()

    async def ready(self) -> dict[str, str]:
        """Readiness per dependency: 'ok' or the error."""
        checks: dict[str, str] = {}
        try:
            await self.database.ping()
            checks["store"] = "ok"
        except Exception as exc:
            checks["store"] = f"error: {exc}"
        try:
            if self._producer is None:
                raise RuntimeError("not started")
            await asyncio.wait_for(self._producer.client.fetch_all_metadata(), timeout=3)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc!r}"
        return checks

    def create_app(self, routers: Sequence[APIRouter] = ()) -> FastAPI:
        """The ASGI app: the service's routers plus health, readiness and metrics."""
        configure_logging(self.settings.service_name, self.settings.log_level)

        @asynccontextmanager
        async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
            await self.start()
            log.info("%s started", self.settings.service_name)
            try:
                yield
            finally:
                await self.stop()
                log.info("%s stopped", self.settings.service_name)

        app = FastAPI(
            title=f"gemeinwerk {self.title}",
            description=self.description,
            version=self.version,
            lifespan=lifespan,
        )
        app.state.runtime = self
        app.state.settings = self.settings
        install_error_handlers(app)
        app.add_exception_handler(RequestValidationError, german_validation_error)
        app.add_middleware(CorrelationMiddleware)
        app.include_router(health_router)
        for router in routers:
            app.include_router(router)
        return app

    def serve(self, app: FastAPI) -> None:
        """Run the HTTP server (and with it everything else) until SIGINT/SIGTERM."""
        import uvicorn

        uvicorn.run(
            app,
            host=self.settings.http_host,
            port=self.settings.http_port,
            log_config=None,
            access_log=False,
        )


async def _retry(action: Callable[[], Awaitable[None]], what: str, attempts: int = 30) -> None:
    for attempt in range(1, attempts + 1):
        try:
            await action()
            return
        except Exception as exc:
            if attempt == attempts:
                raise
            log.warning("%s not reachable yet (%s); attempt %d/%d", what, exc, attempt, attempts)
            await asyncio.sleep(2)
