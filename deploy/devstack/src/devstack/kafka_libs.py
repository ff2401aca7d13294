"""Resolve the Apache Kafka broker jars from Maven Central into a cache outside the repo."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

KAFKA_VERSION = "3.9.2"
"""Default Kafka version (newest 3.9.x on Maven Central); override with GEMEINWERK_KAFKA_VERSION."""

_MARKER = ".complete"


def kafka_version() -> str:
    """Return the Kafka version to use (env ``GEMEINWERK_KAFKA_VERSION`` or the default)."""
    return os.environ.get("GEMEINWERK_KAFKA_VERSION", KAFKA_VERSION)


def cache_root() -> Path:
    """Return the devstack cache folder (env ``GEMEINWERK_CACHE``, else ~/.cache/gemeinwerk)."""
    configured = os.environ.get("GEMEINWERK_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "gemeinwerk"


def kafka_pom() -> Path:
    """Return deploy/kafka/pom.xml (env ``GEMEINWERK_KAFKA_POM`` overrides)."""
    configured = os.environ.get("GEMEINWERK_KAFKA_POM")
    if configured:
        return Path(configured)
    # src/devstack/kafka_libs.py -> parents[3] is the deploy/ folder
    return Path(__file__).resolve().parents[3] / "kafka" / "pom.xml"


def kafka_libs_dir(version: str | None = None) -> Path:
    """Return the folder holding the jars for ``version`` (it may not exist yet)."""
    return cache_root() / f"kafka-{version or kafka_version()}" / "libs"


def ensure_kafka_libs(version: str | None = None, *, quiet: bool = False) -> Path:
    """Return the jar folder for Kafka ``version``, resolving it with Maven if needed.

    Resolution runs only when the completion marker is missing, so an interrupted copy is
    redone. A file lock serialises concurrent callers (parallel test runs, ``make up``).
    """
    version = version or kafka_version()
    libs = kafka_libs_dir(version)
    marker = libs.parent / _MARKER
    if marker.exists():
        return libs
    libs.parent.mkdir(parents=True, exist_ok=True)
    with (libs.parent.parent / f"kafka-{version}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            return libs
        shutil.rmtree(libs, ignore_errors=True)
        _resolve(version, libs, quiet=quiet)
        marker.write_text(f"kafka {version} resolved {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
    return libs


def _resolve(version: str, libs: Path, *, quiet: bool) -> None:
    """Run ``mvn dependency:copy-dependencies`` for ``version`` into ``libs``."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError(
            "Maven ('mvn') is not installed; it is needed once to fetch Kafka from Maven "
            "Central. Install it, e.g. `apt-get install -y maven`."
        )
    pom = kafka_pom()
    if not pom.is_file():
        raise RuntimeError(f"Kafka pom not found at {pom}; set GEMEINWERK_KAFKA_POM")
    if not quiet:
        print(f"devstack: resolving Apache Kafka {version} from Maven Central into {libs} ...")
    started = time.monotonic()
    cmd = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        f"-Dkafka.version={version}",
        f"-Dkafka.libs={libs}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    jars = list(libs.glob("kafka_2.13-*.jar")) if libs.is_dir() else []
    if result.returncode != 0 or not jars:
        output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).strip()[-4000:]
        raise RuntimeError(
            f"Resolving Kafka {version} with Maven failed (exit {result.returncode}).\n"
            f"Command: {' '.join(cmd)}\n{output}"
        )
    if not quiet:
        print(f"devstack: Kafka {version} resolved in {time.monotonic() - started:.1f}s")
