"""Real Celery worker processes for integration tests (no eager mode, a real broker).

The worker is a separate `celery worker` process (prefork pool, 2 children) pointed at the
test database and the broker in CELERY_BROKER_URL: the embedded filesystem broker by default,
Redis or RabbitMQ when CI sets the variable.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the test database this process uses, for the worker to use the same one."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    raise RuntimeError(f"No worker URL for database engine {db['ENGINE']}")


def purge_queue() -> None:
    from config.celery import app

    with app.connection_for_write() as conn, contextlib.suppress(Exception):
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)


class Worker:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole worker, children included: no chance to finish or clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_worker(*, app: str = "config", env: dict[str, str] | None = None) -> Worker:
    """A `celery worker` process group (prefork, 2 children) on the test database and broker."""
    from config.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    log = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "GREENGATE_VAR_DIR": os.environ["GREENGATE_VAR_DIR"],
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", app, "worker",
        "--pool=prefork", "--concurrency=2", "--loglevel=INFO",
        "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--hostname", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
    ]  # fmt: skip
    with log.open("wb") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, env=worker_env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a test can kill it whole
        )  # fmt: skip
    worker = Worker(process, log)
    deadline = time.monotonic() + 60
    while "ready." not in worker.output():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"The Celery worker did not start:\n{worker.output()}")
        time.sleep(0.2)
    return worker


def stop_worker(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.process.terminate()
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    worker.log.unlink(missing_ok=True)


@pytest.fixture
def celery_worker_process(transactional_db) -> Iterator[Worker]:  # type: ignore[no-untyped-def]
    purge_queue()
    worker = start_worker()
    yield worker
    stop_worker(worker)


def wait_for(predicate, *, timeout: float, worker: Worker, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}. Worker log:\n{worker.output()[-5000:]}")
        if worker.process.poll() is not None:
            pytest.fail(f"The worker died while waiting for {what}:\n{worker.output()[-5000:]}")
        time.sleep(0.2)
