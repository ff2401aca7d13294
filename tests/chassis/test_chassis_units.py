"""Chassis rules without Kafka: settings, URLs, tokens, error shape, decoding, outbox rows."""

from __future__ import annotations

import json
import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from chassis.auth import Principal, Role, issue_dev_token, read_dev_token
from chassis.consumer import BatchProcessor
from chassis.errors import install_error_handlers
from chassis.metrics import ChassisMetrics
from chassis.store import Database, chassis_metadata, outbox_table
from chassis.store.database import normalise_url
from fastapi import FastAPI
from fastapi.testclient import TestClient
from gemeinwerk_contracts import HoursLogged, PlacementEnded, encode, envelope_for
from pydantic import BaseModel, Field
from sqlalchemy import select

from chassis import Conflict, DomainError, ServiceSettings, Subscription, UnitOfWork


class ToyBody(BaseModel):
    minutes: int = Field(gt=0)


def hours() -> HoursLogged:
    return HoursLogged(
        participant_ref=uuid.uuid4(),
        entry_id=uuid.uuid4(),
        placement_id=uuid.uuid4(),
        provider_id=uuid.uuid4(),
        work_date=date(2026, 11, 2),
        worked_minutes=60,
    )


def test_default_store_is_an_sqlite_file_per_service(tmp_path) -> None:
    settings = ServiceSettings(service_name="allowance", var_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.resolve()}/allowance.db"
    assert settings.consumer_group == "gemeinwerk.allowance"


def test_postgres_urls_get_the_async_driver() -> None:
    assert normalise_url("postgresql://u:p@h:5/db") == "postgresql+asyncpg://u:p@h:5/db"
    assert normalise_url("postgresql+asyncpg://h/db") == "postgresql+asyncpg://h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"


def test_dev_tokens_are_signed() -> None:
    principal = Principal(subject="cw-1", role=Role.CASE_WORKER, scope="03459004")
    token = issue_dev_token(principal, "secret")
    assert read_dev_token(token, "secret") == principal
    with pytest.raises(ValueError, match="signature"):
        read_dev_token(token, "other secret")
    assert principal.may_act_for("03459004")
    assert not principal.may_act_for("03459008")


def test_domain_errors_name_the_field() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/x")
    async def fail() -> None:
        raise DomainError("Teilnehmende Person unbekannt.", field="participant_id")

    @app.post("/y")
    async def conflict() -> None:
        raise Conflict("Kein freier Platz.")

    client = TestClient(app)
    response = client.post("/x")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "participant_id"],
                "msg": "Teilnehmende Person unbekannt.",
                "type": "rule_violated",
            }
        ]
    }
    assert client.post("/y").status_code == 409


async def test_outbox_rows_carry_the_cloudevents_headers(tmp_path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/u.db")
    async with database.engine.begin() as connection:
        await connection.run_sync(chassis_metadata.create_all)
    woken = []
    event = hours()
    async with UnitOfWork(database, on_commit=lambda: woken.append(True)) as uow:
        uow.publish(event)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        uow.publish(hours())  # left without commit: rolled back
    async with database.session() as session:
        rows = (await session.execute(select(outbox_table))).all()
    await database.dispose()
    assert len(rows) == 1 and woken == [True]
    row = rows[0]
    headers = dict(json.loads(row.headers))
    assert headers["ce_type"] == HoursLogged.TYPE
    assert headers["ce_id"] == row.event_id
    assert row.partition_key == str(event.participant_ref)
    assert row.topic == "gemeinwerk.public.placement.v1"
    assert row.payload == encode(event)


def record(value: bytes | None, headers: list[tuple[str, bytes]]) -> SimpleNamespace:
    return SimpleNamespace(value=value, headers=headers, topic="t", partition=0, offset=0, key=b"k")


def test_decoding_sorts_records_into_events_skips_and_dead_letters() -> None:
    async def ignore(*_args: object) -> None:
        return None

    processor = BatchProcessor(
        Subscription(name="s", topics=("t",), handlers={HoursLogged: ignore}),
        new_uow=lambda: None,  # type: ignore[arg-type,return-value]
        producer=None,  # type: ignore[arg-type]
        dead_letter_topic="dlq",
        metrics=ChassisMetrics("test"),
    )
    good = hours()
    other = PlacementEnded(
        participant_ref=uuid.uuid4(),
        placement_id=uuid.uuid4(),
        end_date=date(2026, 1, 1),
        reason="completed",
    )
    invalid_headers = envelope_for(good).to_headers()
    records = [
        record(encode(good), envelope_for(good).to_headers()),
        record(encode(other), envelope_for(other).to_headers()),  # not consumed here: skipped
        record(b"{}", invalid_headers),  # right type, wrong data: dead letter
        record(b"garbage", []),  # no envelope: dead letter
    ]
    decoded, dead = processor._decode(records)  # type: ignore[arg-type]
    assert [d.event for d in decoded] == [good]
    assert [d.cause for d in dead] == ["contract", "contract"]
    assert "missing CloudEvents headers" in dead[1].reason


async def test_read_sessions_do_not_wait_for_the_sqlite_writer(tmp_path) -> None:
    import asyncio

    database = Database(f"sqlite+aiosqlite:///{tmp_path}/r.db")
    async with database.engine.begin() as connection:
        await connection.run_sync(chassis_metadata.create_all)
    async with UnitOfWork(database) as writer:
        writer.publish(hours())
        await writer.commit()
        # The writer's transaction is over; another one holds the write lock meanwhile.
        async with database.read_session() as reader, UnitOfWork(database) as holder:
            await holder.session.execute(outbox_table.delete().where(outbox_table.c.seq < 0))
            count = await asyncio.wait_for(
                reader.scalar(select(outbox_table.c.seq).limit(1)), timeout=5
            )
            assert count is not None
    await database.dispose()


def test_every_service_app_answers_validation_errors_in_german_with_a_correlation_id(
    tmp_path,
) -> None:
    import sys
    from pathlib import Path

    from fastapi import APIRouter

    sys.path.insert(0, str(Path(__file__).parent))
    import toy_service

    router = APIRouter()

    @router.post("/toy")
    async def toy(body: ToyBody) -> dict[str, int]:
        return {"minutes": body.minutes}

    runtime = toy_service.build(f"sqlite+aiosqlite:///{tmp_path}/v.db", "127.0.0.1:1", "toyv")
    client = TestClient(runtime.create_app([router]))  # no lifespan: nothing is started
    response = client.post("/toy", json={"minutes": 0}, headers={"X-Correlation-ID": "req-7"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "minutes"], "msg": "Muss größer als 0 sein.", "type": "greater_than"}
    ]
    assert response.headers["x-correlation-id"] == "req-7"
    generated = client.post("/toy", json={"minutes": 5}).headers["x-correlation-id"]
    assert uuid.UUID(generated)
