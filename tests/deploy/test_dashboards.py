"""The Grafana dashboards (deploy/grafana) query only metrics the services really export.

"Exported" is established from the code, not from a list: each service is built as in
production (`<service>.app.build()`, SQLite store in a temporary folder), its store migrated
and its start-up hooks run (no Kafka), and the sample names of its registry's text exposition
(`generate_latest`) are collected. Metrics that no gemeinwerk service can export (written by
Prometheus or by an exporter of another component) are listed in EXTERNAL_METRICS with a reason.

The dashboards are also checked for what Grafana needs: valid JSON, unique panel ids, panels
within the 24-column grid, and every query on the templated datasource `${DS_PROMETHEUS}`.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import generate_latest

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARDS = {path.name: path for path in sorted((GRAFANA / "dashboards").glob("*.json"))}
SERVICES = ("placement", "allowance", "notification", "reporting")
DATASOURCE = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}

EXTERNAL_METRICS = {
    "up": "written by Prometheus itself for every scrape target",
    "kafka_consumergroup_lag": "Kafka exporter (danielqsj/kafka_exporter), not deployed yet; "
    "the operations dashboard only names it in a text panel",
}
"""Metrics dashboards may query although no gemeinwerk service exports them, with why."""

# --------------------------------------------------------------------------- PromQL

_FUNCTION_NAMES = """
    abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes
    clamp clamp_max clamp_min cos cosh count_over_time day_of_month day_of_week day_of_year
    days_in_month deg delta deriv double_exponential_smoothing exp floor histogram_avg
    histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar
    histogram_sum holt_winters hour idelta increase info irate label_join label_replace
    last_over_time ln log10 log2 mad_over_time max_over_time min_over_time minute month pi
    predict_linear present_over_time quantile_over_time rad rate resets round scalar sgn sin
    sinh sort sort_by_label sort_by_label_desc sort_desc sqrt stddev_over_time stdvar_over_time
    sum_over_time tan tanh time timestamp vector year
    avg bottomk count count_values group limit_ratio limitk max min quantile stddev stdvar sum
    topk
"""
PROMQL_FUNCTIONS = frozenset(_FUNCTION_NAMES.split())
"""PromQL functions and aggregation operators (a name followed by `(`)."""
_KEYWORDS = "and or unless by without on ignoring group_left group_right offset bool atan2 inf nan"
PROMQL_KEYWORDS = frozenset(_KEYWORDS.split())

_STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')
_GRAFANA_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+|\[\[\w+\]\]")
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGE = re.compile(r"\[[^\[\]]*\]")
_LABEL_LIST = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE
)
_NAME = re.compile(r"(?<![\w:.])[a-zA-Z_:][a-zA-Z0-9_:]*(?P<call>\s*\()?")


def parse_promql(expr: str) -> tuple[set[str], set[str]]:
    """(metric names, function names) of a PromQL expression with Grafana variables.

    Label values (strings), label matchers (`{...}`), ranges and subqueries (`[...]`), label
    lists of by/without/on/ignoring/group_* and numbers (`0.95`, `1e3`, `5m`) are removed first;
    of the names left, one followed by `(` is a function, a keyword is skipped, the rest are
    metric names.
    """
    if "__name__" in expr:
        raise AssertionError(f"select metrics by name, not through __name__: {expr}")
    text = _STRING.sub(" ", expr)
    text = _GRAFANA_VARIABLE.sub(" ", text)
    text = _MATCHERS.sub(" ", text)
    text = _RANGE.sub(" ", text)
    text = _LABEL_LIST.sub(" ", text)
    metrics: set[str] = set()
    functions: set[str] = set()
    for match in _NAME.finditer(text):
        name = match.group(0).rstrip("( \t\n")
        if match["call"]:
            functions.add(name)
        elif name.lower() not in PROMQL_KEYWORDS:
            metrics.add(name)
    return metrics, functions


_LABEL_VALUES = re.compile(r"^\s*label_values\((?P<args>.*)\)\s*$", re.DOTALL)
_QUERY_RESULT = re.compile(r"^\s*query_result\((?P<expr>.*)\)\s*$", re.DOTALL)


def variable_expr(query: str) -> str | None:
    """The PromQL inside a Grafana Prometheus variable query, None if it names no metric."""
    if match := _LABEL_VALUES.match(query):
        selector, _, _label = match["args"].rpartition(",")
        return selector or None  # label_values(label) alone names no metric
    if match := _QUERY_RESULT.match(query):
        return match["expr"]
    if re.match(r"^\s*(?:label_names|metrics)\(", query):
        raise AssertionError(f"variable query cannot be checked: {query}")
    return query


# --------------------------------------------------------------------------- dashboards


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads(DASHBOARDS[name].read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def walk_panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside (collapsed) rows, at any depth."""
    for panel in panels:
        yield panel
        yield from walk_panels(panel.get("panels") or [])


def queries(dashboard: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, PromQL) of every panel target and every query variable."""
    found = []
    for panel in walk_panels(dashboard.get("panels") or []):
        for target in panel.get("targets") or []:
            if "expr" in target:
                found.append((f"panel {panel.get('id')} {panel.get('title')!r}", target["expr"]))
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            query = variable["query"]
            query = query.get("query", "") if isinstance(query, dict) else query
            if (expr := variable_expr(query)) is not None:
                found.append((f"variable {variable['name']!r}", expr))
    return found


def unexported_metrics(dashboard: dict[str, Any], exported: set[str]) -> dict[str, list[str]]:
    """Metric name → where it is queried, for names neither exported nor external."""
    missing: dict[str, list[str]] = {}
    for where, expr in queries(dashboard):
        metrics, _functions = parse_promql(expr)
        for name in sorted(metrics - exported - EXTERNAL_METRICS.keys()):
            missing.setdefault(name, []).append(where)
    return missing


# --------------------------------------------------------------------------- what services export

_TYPE_LINE = re.compile(r"^# TYPE (?P<name>\S+) (?P<type>\S+)$")
_SAMPLE_SUFFIXES = {
    "histogram": ("_bucket", "_sum", "_count"),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
    "summary": ("", "_sum", "_count"),
}


def exposed_sample_names(exposition: str) -> set[str]:
    """Sample names Prometheus scrapes from a text exposition (format 0.0.4).

    Every sample line counts; so does every `# TYPE` family, expanded to the sample names of its
    type, because a labelled metric shows no sample until its first child exists (prometheus
    client writes counter families with their `_total` name already).
    """
    names: set[str] = set()
    for line in exposition.splitlines():
        if match := _TYPE_LINE.match(line):
            suffixes = _SAMPLE_SUFFIXES.get(match["type"], ("",))
            names.update(match["name"] + suffix for suffix in suffixes)
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{\s]", line, maxsplit=1)[0])
    return names


async def _start_without_kafka(runtime: Any) -> None:
    """What ServiceRuntime.start does besides Kafka: migrate the store, run start-up hooks
    (reporting computes its gauges there), then stop them again."""
    from chassis.store.migrations import upgrade

    try:
        await upgrade(runtime.database, runtime.migrations)
        for hook in runtime.on_startup:
            await hook()
        for hook in runtime.on_shutdown:
            await hook()
    finally:
        await runtime.database.dispose()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, frozenset[str]]:
    """Service → sample names in its /metrics, from the service's own composition root."""
    folder = tmp_path_factory.mktemp("stores")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level  # create_app reconfigures the root logger
    names: dict[str, frozenset[str]] = {}
    try:
        with pytest.MonkeyPatch.context() as env:
            for service in SERVICES:
                env.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{folder / service}.db")
                runtime, _app = importlib.import_module(f"{service}.app").build()
                asyncio.run(_start_without_kafka(runtime))
                exposition = generate_latest(runtime.metrics.registry).decode()
                names[service] = frozenset(exposed_sample_names(exposition))
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return names


@pytest.fixture(scope="module")
def exported_by_any(exported: dict[str, frozenset[str]]) -> set[str]:
    return set().union(*exported.values())


# --------------------------------------------------------------------------- tests


def test_both_dashboards_exist() -> None:
    assert set(DASHBOARDS) == {"gemeinwerk-operations.json", "gemeinwerk-business.json"}


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_queries_only_exported_metrics(name: str, exported_by_any: set[str]) -> None:
    missing = unexported_metrics(load(name), exported_by_any)
    assert not missing, f"{name} queries metrics no service exports: {missing}"


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_uses_only_promql_functions(name: str) -> None:
    unknown = {
        where: sorted(functions - PROMQL_FUNCTIONS)
        for where, expr in queries(load(name))
        if (functions := parse_promql(expr)[1]) - PROMQL_FUNCTIONS
    }
    assert not unknown, f"{name}: not PromQL functions: {unknown}"


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_dashboard_is_well_formed(name: str) -> None:
    dashboard = load(name)
    assert dashboard["uid"] == Path(name).stem, "uid = file name, so links stay stable"
    assert dashboard["title"] and dashboard["schemaVersion"] >= 36
    panels = list(walk_panels(dashboard["panels"]))
    ids = [panel["id"] for panel in panels]
    assert len(ids) == len(set(ids)), f"duplicate panel ids: {sorted(ids)}"
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        assert panel.get("title"), f"panel {panel['id']} has no title"
        if panel["type"] not in ("row", "text"):
            assert panel.get("description"), f"panel {panel['title']!r} has no description"
            assert panel.get("targets"), f"panel {panel['title']!r} has no query"
            refs = [target["refId"] for target in panel["targets"]]
            assert len(refs) == len(set(refs)), f"panel {panel['title']!r}: refIds {refs}"
    assert queries(dashboard), "a dashboard without queries"


def _datasources(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                yield path, value
            yield from _datasources(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _datasources(item, f"{path}/{index}")


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_datasource_is_templated(name: str) -> None:
    dashboard = load(name)
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["DS_PROMETHEUS"]["type"] == "datasource"
    assert variables["DS_PROMETHEUS"]["query"] == "prometheus"
    assert "__inputs" not in dashboard, "provisioned dashboards do not resolve __inputs"
    for path, datasource in _datasources(dashboard):
        if path.startswith("/annotations/"):
            continue  # Grafana's built-in annotation datasource
        assert datasource == DATASOURCE, f"{name}{path}: datasource {datasource!r}"
    for panel in walk_panels(dashboard["panels"]):
        if panel.get("targets"):
            assert panel.get("datasource") == DATASOURCE, panel["title"]
            for target in panel["targets"]:
                assert target.get("datasource") == DATASOURCE, panel["title"]


def test_operations_dashboard_has_service_variable_and_no_lag_query() -> None:
    dashboard = load("gemeinwerk-operations.json")
    service = next(v for v in dashboard["templating"]["list"] if v["name"] == "service")
    assert variable_expr(service["query"]["query"]) == "gemeinwerk_outbox_backlog"
    used = set().union(*(parse_promql(expr)[0] for _where, expr in queries(dashboard)))
    assert "kafka_consumergroup_lag" not in used, "no lag exporter is deployed yet"
    notes = [
        p["options"]["content"] for p in walk_panels(dashboard["panels"]) if p["type"] == "text"
    ]
    assert any("kafka_consumergroup_lag" in note for note in notes)


def test_external_metrics_are_not_ours(exported_by_any: set[str]) -> None:
    """An allow-listed name that a service starts exporting must leave the allow-list."""
    assert not EXTERNAL_METRICS.keys() & exported_by_any


def test_every_service_exports_chassis_and_faststream_metrics(
    exported: dict[str, frozenset[str]],
) -> None:
    """The premise of the check: the exposition of a built service carries all families."""
    for service, names in exported.items():
        assert {
            "gemeinwerk_outbox_backlog",
            "gemeinwerk_events_applied_total",
            "faststream_received_messages_total",
            "faststream_received_processed_messages_duration_seconds_bucket",
        } <= names, service
    assert "gemeinwerk_reporting_refreshed_timestamp_seconds" in exported["reporting"]
    assert "gemeinwerk_allowance_booked_cents_total" in exported["allowance"]


def test_a_made_up_metric_is_reported(exported_by_any: set[str]) -> None:
    """The check fails for names no service exports, also inside collapsed rows and variables."""
    dashboard = {
        "panels": [
            {
                "id": 1,
                "targets": [{"expr": 'sum(rate(gemeinwerk_outbox_published_total{x="y"}[5m]))'}],
            },
            {
                "id": 2,
                "type": "row",
                "panels": [
                    {
                        "id": 3,
                        "targets": [{"expr": "rate(gemeinwerk_invented_total[$__rate_interval])"}],
                    },
                    # a counter without _total is not what Prometheus scrapes
                    {"id": 4, "targets": [{"expr": "gemeinwerk_outbox_published"}]},
                ],
            },
        ],
        "templating": {
            "list": [
                {"name": "v", "type": "query", "query": "label_values(gemeinwerk_nope, service)"}
            ]
        },
    }
    assert unexported_metrics(dashboard, exported_by_any) == {
        "gemeinwerk_invented_total": ["panel 3 None"],
        "gemeinwerk_outbox_published": ["panel 4 None"],
        "gemeinwerk_nope": ["variable 'v'"],
    }


@pytest.mark.parametrize(
    ("expr", "metrics", "functions"),
    [
        ("up", {"up"}, set()),
        (
            'sum by (service, cause) (increase(gemeinwerk_dead_lettered_total{service=~"$service"}'
            "[$__rate_interval]))",
            {"gemeinwerk_dead_lettered_total"},
            {"sum", "increase"},
        ),
        (
            'histogram_quantile(0.95, sum by (app_name, le) (rate(a_bucket{x="{y}"}[5m:1m])))',
            {"a_bucket"},
            {"histogram_quantile", "sum", "rate"},
        ),
        ("sum(x) without (month) / on (service) group_left (job) y offset 1h", {"x", "y"}, {"sum"}),
        ("time() - m_seconds > 1e3 and bool n", {"m_seconds", "n"}, {"time"}),
        ("sum(a{b='c'}) or vector(0)", {"a"}, {"sum", "vector"}),
        ('label_replace(a, "dst", "$1", "src", "(.*)")', {"a"}, {"label_replace"}),
        ("rat(a[5m])", {"a"}, {"rat"}),
        ("ns:recorded:rate5m", {"ns:recorded:rate5m"}, set()),
    ],
)
def test_promql_parser(expr: str, metrics: set[str], functions: set[str]) -> None:
    assert parse_promql(expr) == (metrics, functions)


@pytest.mark.parametrize(
    ("query", "expr"),
    [
        ("label_values(gemeinwerk_outbox_backlog, service)", "gemeinwerk_outbox_backlog"),
        ('label_values(a{b="c, d"}, e)', 'a{b="c, d"}'),
        ("label_values(service)", None),
        ("query_result(sum(a))", "sum(a)"),
    ],
)
def test_variable_queries(query: str, expr: str | None) -> None:
    assert variable_expr(query) == expr


# --------------------------------------------------------------------------- provisioning


def test_provisioning_points_at_the_compose_prometheus() -> None:
    sources = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yml").read_text())
    (source,) = sources["datasources"]
    assert source["type"] == "prometheus" and source["isDefault"] is True
    assert source["url"] == "http://prometheus:9090"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "9090:9090" in compose["services"]["prometheus"]["ports"]
    prometheus = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    assert source["jsonData"]["timeInterval"] == prometheus["global"]["scrape_interval"]


def test_provisioning_loads_the_dashboards() -> None:
    config = yaml.safe_load((GRAFANA / "provisioning/dashboards/gemeinwerk.yml").read_text())
    (provider,) = config["providers"]
    assert provider["type"] == "file" and provider["options"]["path"].startswith("/")
    readme = (GRAFANA / "README.md").read_text()
    mount = f"./deploy/grafana/dashboards:{provider['options']['path']}:ro"
    assert mount in readme, "README's compose snippet mounts the dashboards where Grafana looks"


def test_promtool_parses_every_query(tmp_path: Path) -> None:
    """Syntax of every expression, with Grafana's variables replaced by sample values."""
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (apt-get install prometheus)")
    values = {"$__rate_interval": "1m", "$__range": "1h", "$__interval": "15s"}
    rules = []
    for name in sorted(DASHBOARDS):
        for index, (where, expr) in enumerate(queries(load(name))):
            for variable, value in values.items():
                expr = expr.replace(variable, value)
            expr = _GRAFANA_VARIABLE.sub(".*", expr)
            rules.append({"alert": f"q{index}", "expr": expr, "labels": {"where": where}})
    (tmp_path / "rules.yml").write_text(yaml.safe_dump({"groups": [{"name": "q", "rules": rules}]}))
    result = subprocess.run(
        [promtool, "check", "rules", "rules.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
