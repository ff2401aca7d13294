"""Deployment files agree with the code they deploy.

No Docker engine exists on the build machines, so nothing here starts a container: the files
(docker-compose.yml, the Dockerfiles, deploy/k8s, deploy/prometheus, deploy/kafka) are parsed
and compared with what the services really read (their `Settings` classes), expose (HTTP port,
/healthz, /readyz, /metrics, chassis metrics) and publish (topics). `promtool` checks the
Prometheus files too where it is installed (Debian package `prometheus`).
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import logging
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices, AliasPath

from chassis import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("placement", "allowance", "notification", "reporting")
REQUIRED_ENV = {"DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS"}
K8S = ROOT / "deploy" / "k8s"
PROMETHEUS = ROOT / "deploy" / "prometheus"
ALERT_METRICS = {
    "gemeinwerk_outbox_oldest_age_seconds",
    "gemeinwerk_outbox_backlog",
    "gemeinwerk_dead_lettered_total",
    "gemeinwerk_consumer_batch_failures_total",
    "up",
}

# --------------------------------------------------------------------------- helpers

_VAR = re.compile(
    r"\$(?:\{(?P<braced>\w+)(?::?-(?P<default>[^}]*))?\}|(?P<plain>[A-Za-z_]\w*)|(?P<dollar>\$))"
)


def interpolate(value: Any) -> str:
    """Compose-style `${VAR:-default}` with every variable unset (the development values)."""
    text = str(value)
    return _VAR.sub(lambda m: "$" if m["dollar"] else (m["default"] or ""), text)


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def compose_service(name: str) -> dict[str, Any]:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no service {name!r}"
    return services[name]  # type: ignore[no-any-return]


def compose_env(name: str) -> dict[str, str]:
    env = compose_service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: interpolate(value) for key, value in env.items()}


def settings_class(name: str) -> type[ServiceSettings]:
    return importlib.import_module(f"{name}.settings").Settings  # type: ignore[no-any-return]


@cache
def settings_env_names(name: str) -> frozenset[str]:
    """Upper-cased environment names the service's Settings reads (aliases honoured)."""
    cls = settings_class(name)
    prefix = cls.model_config.get("env_prefix", "") or ""
    names: set[str] = set()
    for field_name, info in cls.model_fields.items():
        aliases: list[str] = []
        for alias in (info.validation_alias, info.alias):
            if isinstance(alias, str):
                aliases.append(alias)
            elif isinstance(alias, AliasChoices):
                aliases += [c for c in alias.choices if isinstance(c, str)]
                aliases += [
                    c.path[0]
                    for c in alias.choices
                    if isinstance(c, AliasPath) and isinstance(c.path[0], str)
                ]
            elif isinstance(alias, AliasPath) and isinstance(alias.path[0], str):
                aliases.append(alias.path[0])
        # pydantic-settings applies env_prefix to field names, not to aliases.
        names.update(a.upper() for a in aliases or [f"{prefix}{field_name}"])
    return frozenset(names)


def assert_read_by_settings(name: str, variables: set[str], where: str) -> None:
    known = settings_env_names(name)
    delimiter = settings_class(name).model_config.get("env_nested_delimiter") or None
    unknown = {
        var
        for var in variables
        if var.upper() not in known
        and not (delimiter and var.upper().split(delimiter.upper())[0] in known)
    }
    assert not unknown, (
        f"{where} sets {sorted(unknown)} for {name}, but {name}.settings.Settings reads none of "
        f"them (it reads {sorted(known)})"
    )
    missing = REQUIRED_ENV - variables
    assert not missing, f"{where} does not set {sorted(missing)} for {name}"


@cache
def dockerfile(name: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of services/<name>/Dockerfile, continuation lines joined."""
    text = (ROOT / "services" / name / "Dockerfile").read_text()
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            out.append((instruction.upper(), rest.strip()))
    return out


def final_stage(name: str) -> list[tuple[str, str]]:
    instructions = dockerfile(name)
    last_from = max(i for i, (ins, _) in enumerate(instructions) if ins == "FROM")
    return instructions[last_from:]


def dockerfile_env(name: str, *, all_stages: bool = False) -> dict[str, str]:
    """ENV of the final stage (what the container runs with), or of every stage."""
    env: dict[str, str] = {}
    for ins, rest in dockerfile(name) if all_stages else final_stage(name):
        if ins == "ENV":
            for token in shlex.split(rest):
                key, _, value = token.partition("=")
                env[key] = value
    return env


def container_ports(service: dict[str, Any]) -> list[int]:
    ports = []
    for entry in service.get("ports", []):
        if isinstance(entry, dict):
            ports.append(int(entry["target"]))
        else:
            ports.append(int(str(entry).split("/")[0].rsplit(":", 1)[-1]))
    return ports


@cache
def k8s_documents() -> tuple[dict[str, Any], ...]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for resource in kustomization["resources"]:
        path = K8S / resource
        assert path.is_file(), f"kustomization.yaml lists {resource}, which does not exist"
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return tuple(docs)


def k8s_find(kind: str, name: str) -> dict[str, Any]:
    found = [d for d in k8s_documents() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"deploy/k8s should have exactly one {kind} {name}"
    return found[0]


def k8s_env(name: str) -> tuple[dict[str, Any], dict[str, str | None]]:
    """The service's container and its env: literal values, config-map values, None for secrets."""
    deployment = k8s_find("Deployment", name)
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    env: dict[str, str | None] = {}
    for source in container.get("envFrom", []):
        assert "configMapRef" in source, "envFrom secrets would hide their names; use env"
        env.update(k8s_find("ConfigMap", source["configMapRef"]["name"]).get("data", {}))
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        elif "configMapKeyRef" in item.get("valueFrom", {}):
            ref = item["valueFrom"]["configMapKeyRef"]
            env[item["name"]] = k8s_find("ConfigMap", ref["name"])["data"][ref["key"]]
        else:
            env[item["name"]] = None
    return container, env


@pytest.fixture
def quiet_logging() -> Iterator[None]:
    """Building an app reconfigures the root logger; put it back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def runtime_of(name: str) -> Any:
    settings = settings_class(name)(database_url="sqlite+aiosqlite:///:memory:")
    runtime, _app = importlib.import_module(f"{name}.app").build(settings)
    return runtime


# --------------------------------------------------------------------------- compose


@pytest.mark.parametrize("name", SERVICES)
def test_service_builds_from_its_own_dockerfile(name: str) -> None:
    build = compose_service(name)["build"]
    assert (ROOT / build["context"]).resolve() == ROOT, "build context is the repository root"
    assert build["dockerfile"] == f"services/{name}/Dockerfile"
    assert (ROOT / build["dockerfile"]).is_file()


@pytest.mark.parametrize("name", SERVICES)
def test_compose_env_is_what_settings_reads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    env = compose_env(name)
    assert_read_by_settings(name, set(env), "docker-compose.yml")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = settings_class(name)()  # the values parse (ports, booleans, ...)
    assert settings.service_name == name
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.database_url.rsplit("/", 1)[-1] == name, "each service its own database"
    host = settings.database_url.split("@", 1)[1].split(":")[0].split("/")[0]
    assert host in compose()["services"], f"DATABASE_URL names host {host!r}"
    kafka_host, kafka_port = settings.kafka_bootstrap_servers.split(":")
    assert kafka_host in compose()["services"]
    listeners = compose_env(kafka_host)["KAFKA_ADVERTISED_LISTENERS"]
    assert f"//{kafka_host}:{kafka_port}" in listeners, "bootstrap address is an advertised one"


@pytest.mark.parametrize("name", SERVICES)
def test_published_container_port_is_http_port(name: str) -> None:
    http_port = compose_env(name).get("HTTP_PORT") or dockerfile_env(name)["HTTP_PORT"]
    ports = container_ports(compose_service(name))
    assert ports, f"{name} publishes no port"
    assert set(ports) == {int(http_port)}
    exposed = {int(rest.split("/")[0]) for ins, rest in final_stage(name) if ins == "EXPOSE"}
    assert exposed == {int(http_port)}
    host_ip = compose_env(name).get("HTTP_HOST") or dockerfile_env(name)["HTTP_HOST"]
    assert host_ip == "0.0.0.0", "inside a container the server must listen on all interfaces"


@pytest.mark.parametrize("name", SERVICES)
def test_services_wait_for_healthy_infrastructure(name: str) -> None:
    depends = compose_service(name)["depends_on"]
    for dependency in ("kafka", "postgres"):
        assert depends[dependency]["condition"] == "service_healthy"
        assert "healthcheck" in compose_service(dependency)


def test_notification_mails_go_to_the_mail_catcher() -> None:
    env = compose_env("notification")
    catcher = compose_service(env["SMTP_HOST"])
    assert "mailpit" in catcher["image"], "SMTP_HOST must name the mail catcher service"
    assert env["SMTP_PORT"] == "1025", "Mailpit accepts SMTP on 1025"
    assert env.get("SMTP_STARTTLS", "false").lower() == "false"
    assert "SMTP_USERNAME" not in env, "Mailpit offers no AUTH by default"
    assert compose_service("notification")["depends_on"][env["SMTP_HOST"]]


def test_postgres_creates_one_database_per_service() -> None:
    init = ROOT / "deploy" / "compose" / "postgres-init.sql"
    created = set(re.findall(r"CREATE DATABASE (\w+)", init.read_text(), re.IGNORECASE))
    assert created == set(SERVICES)
    mounts = compose_service("postgres")["volumes"]
    assert any(
        m.startswith("./deploy/compose/postgres-init.sql:/docker-entrypoint-initdb.d/")
        for m in mounts
    )
    assert compose_service("postgres")["image"].startswith("postgres:15")


def test_kafka_is_a_single_kraft_node_of_the_3_9_line() -> None:
    kafka = compose_service("kafka")
    assert kafka["image"].startswith("apache/kafka:3.9.")
    env = compose_env("kafka")
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "ZOOKEEPER" not in " ".join(env)


# --------------------------------------------------------------------------- Dockerfiles


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_runs_the_service_module_as_non_root(name: str) -> None:
    stage = final_stage(name)
    (cmd,) = [json.loads(rest) for ins, rest in stage if ins == "CMD"]
    assert cmd[cmd.index("-m") + 1] == name and cmd[0] == "python"
    assert (ROOT / "services" / name / "src" / name / "__main__.py").is_file()
    assert "/app/.venv/bin" in dockerfile_env(name)["PATH"].split(":")[0], "python of the venv"
    (user,) = [rest for ins, rest in stage if ins == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    (healthcheck,) = [rest for ins, rest in stage if ins == "HEALTHCHECK"]
    assert "/healthz" in healthcheck and "urllib" in healthcheck


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_installs_only_from_registries(name: str) -> None:
    instructions = dockerfile(name)
    package = tomllib.loads((ROOT / "services" / name / "pyproject.toml").read_text())
    syncs = [rest for ins, rest in instructions if ins == "RUN" and "uv sync" in rest]
    assert syncs and all(f"--package {package['project']['name']}" in s for s in syncs)
    assert all("--frozen" in s and "--no-dev" in s for s in syncs)
    assert not [rest for ins, rest in instructions if ins == "ADD"]
    runs = " ".join(rest for ins, rest in instructions if ins == "RUN")
    assert not re.search(r"\b(curl|wget)\b|https?://", runs), "no downloads besides registries"
    assert dockerfile_env(name, all_stages=True).get("UV_PYTHON_DOWNLOADS") == "never"


def dockerignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        if pattern.startswith("**/"):
            if any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
                return True
        elif any(fnmatch.fnmatch(prefix, pattern.rstrip("/")) for prefix in prefixes):
            return True
    return False


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_copies_what_exists_in_the_context(name: str) -> None:
    copies = [rest.split() for ins, rest in dockerfile(name) if ins == "COPY"]
    sources = [src for args in copies if not args[0].startswith("--from") for src in args[:-1]]
    assert {"uv.lock", "pyproject.toml", "contracts/", "chassis/", f"services/{name}/"} <= set(
        sources
    )
    for src in sources:
        assert (ROOT / src).exists(), f"COPY {src}: not in the build context"
        assert not dockerignored(src.rstrip("/")), f"COPY {src}: excluded by .dockerignore"
    for must in (".venv", "var", ".git"):
        assert dockerignored(must), f".dockerignore should exclude {must}"


# --------------------------------------------------------------------------- Kubernetes


@pytest.mark.parametrize("name", SERVICES)
def test_k8s_env_is_what_settings_reads(name: str) -> None:
    container, env = k8s_env(name)
    assert_read_by_settings(name, set(env), "deploy/k8s")
    missing = set(compose_env(name)) - set(env)
    assert not missing, f"compose sets {sorted(missing)} for {name}, deploy/k8s does not"
    assert env["DATABASE_URL"] is None and env["AUTH_DEV_SECRET"] is None, "from a Secret"
    assert env["AUTH_ALLOW_ANONYMOUS"] == "false"
    (port,) = container["ports"]
    assert int(env["HTTP_PORT"] or 0) == port["containerPort"]
    assert container["image"].split(":")[0] == f"gemeinwerk/{name}"


@pytest.mark.parametrize("name", SERVICES)
def test_k8s_probes_scraping_and_service(name: str) -> None:
    deployment = k8s_find("Deployment", name)
    template = deployment["spec"]["template"]
    container, env = k8s_env(name)
    port_name = container["ports"][0]["name"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port_name}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": port_name}
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == env["HTTP_PORT"]
    assert annotations["prometheus.io/path"] == "/metrics"
    assert template["metadata"]["labels"]["app"] == name, "rules.yml's ServiceDown uses `app`"
    assert template["spec"]["securityContext"]["runAsNonRoot"] is True
    service = k8s_find("Service", name)
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"] == selector
    assert service["spec"]["ports"][0]["targetPort"] == port_name


def test_k8s_commits_no_secret() -> None:
    assert not [d for d in k8s_documents() if d["kind"] == "Secret"]


# --------------------------------------------------------------------------- Prometheus


def _chassis_metric_names() -> set[str]:
    from chassis.metrics import ChassisMetrics

    names = {"up"}
    suffixes = {"counter": ("_total", "_created"), "gauge": ("",)}
    for family in ChassisMetrics("probe").registry.collect():
        names.update(family.name + s for s in suffixes.get(family.type, ("",)))
    return names


def test_prometheus_scrapes_the_four_services() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    targets: dict[str, str] = {}
    for job in config["scrape_configs"]:
        for static in job.get("static_configs", []):
            for target in static["targets"]:
                host, port = target.split(":")
                if host in SERVICES:
                    assert job.get("metrics_path", "/metrics") == "/metrics"
                    assert static["labels"]["app"] == host
                    targets[host] = port
    assert set(targets) == set(SERVICES)
    for name, port in targets.items():
        assert port == compose_env(name)["HTTP_PORT"]
    for rule_file in config["rule_files"]:
        assert (PROMETHEUS / rule_file).is_file()


def test_alert_rules_use_metrics_the_chassis_exports() -> None:
    rules = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    exprs = " ".join(r["expr"] for group in rules["groups"] for r in group["rules"])
    used = set(re.findall(r"\bgemeinwerk_\w+", exprs))
    used |= {"up"} if re.search(r"\bup\s*\{", exprs) else set()
    assert used >= ALERT_METRICS
    unknown = used - _chassis_metric_names()
    assert not unknown, f"rules.yml uses metrics no service exports: {sorted(unknown)}"


def _promtool(*args: str, cwd: Path = PROMETHEUS) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (apt-get install prometheus)")
    result = subprocess.run(
        [promtool, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_accepts_config_and_rules() -> None:
    _promtool("check", "config", "prometheus.yml")
    _promtool("check", "rules", "rules.yml")


def test_alerts_fire_on_their_conditions(tmp_path: Path) -> None:
    """promtool rule unit tests on the real expressions (annotations left out)."""
    rules = yaml.safe_load((PROMETHEUS / "rules.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            rule.pop("annotations", None)
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(rules))

    def series(metric: str, values: str, **labels: str) -> dict[str, str]:
        text = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
        return {"series": f"{metric}{{{text}}}", "values": values}

    def alert(at: str, name: str, *expected: dict[str, str]) -> dict[str, Any]:
        return {
            "eval_time": at,
            "alertname": name,
            "exp_alerts": [{"exp_labels": labels} for labels in expected],
        }

    tests = {
        "rule_files": ["rules.yml"],
        "evaluation_interval": "1m",
        "tests": [
            {
                "interval": "1m",
                "input_series": [
                    series("gemeinwerk_outbox_oldest_age_seconds", "0+60x10", service="placement"),
                    series("gemeinwerk_outbox_backlog", "0+10x40", service="placement"),
                    series("gemeinwerk_outbox_backlog", "5x40", service="allowance"),
                    series(
                        "gemeinwerk_dead_lettered_total",
                        "0 0 0 1x20",
                        service="allowance",
                        cause="contract",
                    ),
                    series(
                        "gemeinwerk_consumer_batch_failures_total", "0+1x30", service="reporting"
                    ),
                    series(
                        "gemeinwerk_consumer_batch_failures_total", "0 1 1x30", service="placement"
                    ),
                    series("up", "1 1 0x10", app="notification", instance="n:8000"),
                    series("up", "1x10", app="placement", instance="p:8000"),
                ],
                "alert_rule_test": [
                    alert("4m", "GemeinwerkOutboxStale"),
                    alert(
                        "9m",
                        "GemeinwerkOutboxStale",
                        {"severity": "critical", "service": "placement"},
                    ),
                    alert(
                        "5m",
                        "GemeinwerkEventsDeadLettered",
                        {"severity": "warning", "service": "allowance", "cause": "contract"},
                    ),
                    alert("20m", "GemeinwerkEventsDeadLettered"),
                    alert(
                        "20m",
                        "GemeinwerkConsumerBatchesFailing",
                        {"severity": "critical", "service": "reporting"},
                    ),
                    alert(
                        "6m",
                        "GemeinwerkServiceDown",
                        {"severity": "critical", "app": "notification", "instance": "n:8000"},
                    ),
                    alert(
                        "30m",
                        "GemeinwerkOutboxBacklogGrowing",
                        {"severity": "warning", "service": "placement"},
                    ),
                ],
            }
        ],
    }
    (tmp_path / "tests.yml").write_text(yaml.safe_dump(tests))
    _promtool("test", "rules", "tests.yml", cwd=tmp_path)


# --------------------------------------------------------------------------- Kafka ACLs


@cache
def acl_commands() -> tuple[list[str], ...]:
    if shutil.which("bash") is None:
        pytest.skip("bash not available")
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "kafka" / "acls.sh")],
        env={"DRY_RUN": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return tuple(shlex.split(line) for line in result.stdout.splitlines() if line.strip())


def _opt(cmd: list[str], flag: str) -> list[str]:
    return [cmd[i + 1] for i, arg in enumerate(cmd) if arg == flag]


def _grants() -> list[dict[str, Any]]:
    grants = []
    for cmd in acl_commands():
        if not cmd[0].endswith("kafka-acls.sh"):
            continue
        allow, deny = _opt(cmd, "--allow-principal"), _opt(cmd, "--deny-principal")
        resource = ("topic", _opt(cmd, "--topic")) if "--topic" in cmd else ("group", [])
        if resource[0] == "group":
            resource = ("group", _opt(cmd, "--group"))
        grants.append(
            {
                "principals": allow or deny,
                "allow": bool(allow),
                "operations": set(_opt(cmd, "--operation")),
                "kind": resource[0],
                "names": resource[1],
                "pattern": (_opt(cmd, "--resource-pattern-type") or ["literal"])[0],
            }
        )
    return grants


def _covers(grant: dict[str, Any], name: str) -> bool:
    if grant["pattern"] == "prefixed":
        return any(name.startswith(n) for n in grant["names"])
    return name in grant["names"]


def _allowed(principal: str, operation: str, kind: str, name: str) -> bool:
    matching = [
        g
        for g in _grants()
        if principal in g["principals"]
        and g["kind"] == kind
        and _covers(g, name)
        and (operation in g["operations"] or "All" in g["operations"])
    ]
    return any(g["allow"] for g in matching) and not any(not g["allow"] for g in matching)


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_writes_only_its_own_topics(name: str, quiet_logging: None) -> None:
    runtime = runtime_of(name)
    own = {event.TOPIC for event in runtime.publishes} | {runtime.dead_letter_topic}
    principal = f"User:gemeinwerk-{name}"
    writes = {
        topic
        for g in _grants()
        if principal in g["principals"] and g["allow"] and "Write" in g["operations"]
        for topic in g["names"]
    }
    assert writes == own
    assert all(g["pattern"] == "literal" for g in _grants() if "Write" in g["operations"]), (
        "writes are granted on exact topic names"
    )
    for subscription in runtime.subscriptions:
        for topic in subscription.topics:
            assert _allowed(principal, "Read", "topic", topic), f"{name} consumes {topic}"
        group = f"{runtime.settings.consumer_group}.{subscription.name}"  # chassis.runtime
        assert _allowed(principal, "Read", "group", group)
    created = {cmd[cmd.index("--topic") + 1] for cmd in acl_commands() if "--create" in cmd}
    assert own <= created, "the operator creates the topics (services have no Create)"


def test_only_gemeinwerk_services_read_internal_topics() -> None:
    internal = "gemeinwerk.internal.participant.v1"
    services = {f"User:gemeinwerk-{name}" for name in SERVICES}
    readers = {
        p
        for g in _grants()
        if g["allow"]
        and g["kind"] == "topic"
        and "Read" in g["operations"]
        and _covers(g, internal)
        for p in g["principals"]
    }
    assert readers == services
    assert all(
        g["pattern"] == "prefixed" and g["names"] == ["gemeinwerk.internal."]
        for g in _grants()
        if g["allow"]
        and g["kind"] == "topic"
        and _covers(g, internal)
        and "Read" in g["operations"]
    )
    assert not _allowed("User:agency", "Read", "topic", internal)
    assert not _allowed("User:agency", "Read", "topic", "gemeinwerk.internal.deadletter.x.v1")
    assert _allowed("User:agency", "Read", "topic", "gemeinwerk.public.placement.v1")
    assert not any(
        "User:agency" in g["principals"] and g["operations"] & {"Write", "Create", "Alter"}
        for g in _grants()
        if g["allow"]
    )


def test_acl_doc_says_local_brokers_run_without_acls() -> None:
    text = (ROOT / "deploy" / "kafka" / "acls.md").read_text()
    assert "without an authorizer" in text and "docker-compose.yml" in text
