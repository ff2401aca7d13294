"""ServiceProcess / ServiceGroup with a tiny stand-in service module."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from devstack.ports import free_port
from devstack.processes import ServiceGroup, ServiceProcess
from devstack.supervise import StartupError

pytestmark = pytest.mark.integration

FAKE_SERVICE = """
import os, http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = os.environ.get("GREETING", "ok").encode()
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(body)
print("fake service up", flush=True)
http.server.HTTPServer((os.environ["HTTP_HOST"], int(os.environ["HTTP_PORT"])), H).serve_forever()
"""


@pytest.fixture
def fake_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "fakesvc.py").write_text(FAKE_SERVICE)
    return {"PYTHONPATH": str(tmp_path), "GREETING": "moin"}


def test_start_kill_restart(tmp_path: Path, fake_env: dict[str, str]) -> None:
    service = ServiceProcess("fakesvc", free_port(), fake_env, tmp_path / "logs")
    service.start().wait_ready(timeout=20)
    assert httpx.get(f"{service.url}/healthz").text == "moin"
    service.kill()
    assert not service.is_running
    service.restart(timeout=20)
    assert service.is_running
    service.terminate()
    assert service.log_path.read_text().count("fake service up") == 2


def test_missing_service_fails_with_log_tail(tmp_path: Path) -> None:
    service = ServiceProcess("no_such_service_xyz", free_port(), {}, tmp_path)
    with pytest.raises(StartupError, match="No module named"):
        service.start().wait_ready(timeout=20)


def test_group_fixture(service_processes: ServiceGroup, fake_env: dict[str, str]) -> None:
    service = service_processes.start("fakesvc", free_port(), fake_env, timeout=20)
    assert service_processes["fakesvc"] is service
    assert httpx.get(f"{service.url}/other").status_code == 404
