"""The last days before a deadline: suppliers answering at once while staff page and export.

    .venv/bin/python bench/load.py [--suppliers 200] [--staff 10] [--duration 60]
        [--ramp-up 10] [--worker-priority idle] [--reuse-setup]
        [--database-url postgres://postgres@127.0.0.1:5432/greengate_load]
        [--broker redis://127.0.0.1:6379/13]

Builds a fresh PostgreSQL database (dropped and created: give it a database of its own) with N
suppliers, each with a supplier user and an assessment of the default questionnaire already
answered through the services; starts gunicorn (4 workers) and a Celery worker on Redis; then
N simulated suppliers (one second of think time between requests) arrive over the ramp-up,
log in, change answers, upload evidence, submit (each at its own moment between half-time and
nine tenths of the run), look once at the submitted assessment and leave, while the staff
users page through lists and start exports for the whole run. Gunicorn runs with --preload
and the worker at idle CPU priority, as the README advises when both share a machine.

Prints requests per second, p50/p95/p99 latency per kind of request and errors, then checks
the database: every answer that got a 2xx is stored with the value sent, every evidence file's
SHA-256 matches its record and the file on disk, and no assessment is in an impossible state.
Targets on a 2-core machine: zero errors, zero lost or altered answers, p95 under 500 ms for
answer saves.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import urllib3
from _measure import CpuSampler, cpu_seconds, idle_priority, percentile, print_timeline

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password-1"
PDF = b"%PDF-1.4\n% GreenGate load test\n"


# --- The processes ------------------------------------------------------------------------


def server_env(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CONN_MAX_AGE": "60",  # as the README's production settings
        "CELERY_BROKER_URL": args.broker,
        "CELERY_QUEUE": "greengate-load",
        "CACHE_URL": args.broker.rsplit("/", 1)[0] + "/12",
        "GREENGATE_VAR_DIR": args.var_dir,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def child(args: argparse.Namespace, action: str, payload: dict[str, Any] | None = None) -> Any:
    """Run `action` in a process with Django on the load database; returns its JSON answer."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(payload or {}, handle)
    command = [sys.executable, __file__, "--child", action, handle.name, *sys.argv[1:]]
    result = subprocess.run(
        command, env={**server_env(args), "CELERY_TASK_ALWAYS_EAGER": "1"}, cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    Path(handle.name).unlink(missing_ok=True)
    if result.returncode != 0:
        raise SystemExit(f"{action} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Inside the child: set-up and the integrity check -------------------------------------


def do_setup(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    import datetime
    import random as rnd

    from django.core.management import call_command

    from assessments.answers import selectors as answer_selectors
    from assessments.answers import services as answer_services
    from assessments.campaigns.services import campaign_create, campaign_launch
    from assessments.management.demo import answer_all
    from assessments.models import Assessment
    from core import roles
    from suppliers.models import Category, Supplier, SupplierMembership
    from tests.factories import make_uscc, staff_user

    call_command("migrate", verbosity=0)
    call_command("load_default_questionnaire", verbosity=0)
    from assessments.models import QuestionnaireVersion

    version = QuestionnaireVersion.objects.filter(status="published").order_by("-number").first()
    categories = list(Category.objects.order_by("slug"))
    officer = staff_user(roles.PROCUREMENT_OFFICER, username="load-officer", password=PASSWORD)
    staff = [
        staff_user(roles.AUDITOR if n % 2 else roles.PROCUREMENT_OFFICER,
                   username=f"load-staff-{n}", password=PASSWORD).username
        for n in range(args.staff)
    ]  # fmt: skip
    from django.contrib.auth.models import User

    suppliers = []
    for n in range(args.suppliers):
        supplier = Supplier.objects.create(
            name=f"压力测试供应商 {n} 有限公司", country="CN", region="mainland_china",
            registration_code=make_uscc(700_000 + n), category=categories[n % len(categories)],
            contact_name="测试", contact_email=f"load{n}@example.com",
        )  # fmt: skip
        suppliers.append(supplier)
    campaign = campaign_create(
        name="Load test", questionnaire_version=version, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), due_on=datetime.date(2027, 1, 31),
        created_by=officer, supplier_ids=[s.pk for s in suppliers],
    )  # fmt: skip
    campaign_launch(campaign=campaign, launched_by=officer)
    rng = rnd.Random(1)
    users = []
    for n, supplier in enumerate(suppliers):
        user = User.objects.create_user(f"load-supplier-{n}", password=PASSWORD)
        SupplierMembership.objects.create(user=user, supplier=supplier)
        assessment = Assessment.objects.get(campaign=campaign, supplier=supplier)
        answer_services.assessment_acknowledge_code(assessment=assessment, user=user)
        answer_all(assessment, user=user, rng=rng, strong=True)
        answers = answer_selectors.assessment_answers(assessment)
        visible = answer_selectors.visible_questions(assessment, answers)
        texts = [q.code for q in visible if q.type == "text" and q.code in answers]
        evidence = [q.code for q in visible if q.requires_evidence] or [visible[0].code]
        users.append(
            {"username": user.username, "assessment": assessment.pk, "texts": texts,
             "evidence": evidence,
             "revisions": {code: answers[code].revision for code in texts}}
        )  # fmt: skip
    pages = max(1, -(-len(suppliers) // 25))  # the API's page size
    return {"campaign": campaign.pk, "users": users, "staff": staff, "pages": pages}


def do_check(payload: dict[str, Any]) -> dict[str, Any]:
    import django

    django.setup()
    from assessments.models import Answer, Assessment, EvidenceDocument, Export

    problems: list[str] = []
    answers = {
        (a, c): v
        for a, c, v in Answer.objects.filter(
            assessment__campaign_id=payload["campaign"]
        ).values_list("assessment_id", "question__code", "value")
    }
    for (assessment_id, code), value in payload["answers"]:
        if answers.get((assessment_id, code)) != value:
            problems.append(f"answer {assessment_id}/{code}: sent {value!r}, stored "
                            f"{answers.get((assessment_id, code))!r}")  # fmt: skip
    documents = {
        d.pk: d for d in EvidenceDocument.objects.filter(pk__in=[e[1] for e in payload["evidence"]])
    }
    for sha256, document_id in payload["evidence"]:
        document = documents.get(document_id)
        if document is None:
            problems.append(f"evidence {document_id}: missing")
            continue
        with document.file.open("rb") as stream:
            on_disk = hashlib.sha256(stream.read()).hexdigest()
        if not (document.sha256 == sha256 == on_disk):
            problems.append(
                f"evidence {document_id}: sent {sha256}, record {document.sha256}, file {on_disk}"
            )
    for assessment in Assessment.objects.filter(campaign_id=payload["campaign"]):
        if assessment.status == "submitted" and (
            assessment.submitted_at is None or assessment.attested_at is None
        ):
            problems.append(f"assessment {assessment.pk}: submitted without time or attestation")
        if (
            assessment.status == "submitted"
            and assessment.answers.filter(is_unlocked=True).exists()
        ):
            problems.append(f"assessment {assessment.pk}: submitted with answers open")
        if assessment.status not in dict(Assessment.Status.choices):
            problems.append(f"assessment {assessment.pk}: status {assessment.status}")
    submitted = set(payload["submitted"])
    stored_submitted = set(
        Assessment.objects.filter(pk__in=submitted, status="submitted").values_list("pk", flat=True)
    )
    for missing in submitted - stored_submitted:
        problems.append(f"assessment {missing}: submit got a 2xx but it is not submitted")
    exports = Export.objects.all()
    done = [e for e in exports if e.status == "succeeded"]
    for export in done:
        with export.file.open("rb") as stream:
            if hashlib.sha256(stream.read()).hexdigest() != export.sha256:
                problems.append(f"export {export.pk}: file does not match its SHA-256")
    return {
        "answers_checked": len(payload["answers"]),
        "evidence_checked": len(payload["evidence"]),
        "submitted_checked": len(submitted),
        "exports": {status: sum(1 for e in exports if e.status == status)
                    for status in ("pending", "running", "succeeded", "failed")},
        "problems": problems,
    }  # fmt: skip


# --- The simulated users ------------------------------------------------------------------


class Client:
    """A thin HTTP client on urllib3, one connection per simulated user.

    The generator shares the CPU with the server it measures; requests' own per-call work
    would cost the server about half a millisecond of CPU for every request.
    """

    def __init__(self) -> None:
        self.pool = urllib3.PoolManager(maxsize=1, retries=False, timeout=60)
        self.headers: dict[str, str] = {}

    def request(
        self,
        method: str,
        url: str,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> urllib3.BaseHTTPResponse:
        if files is not None:
            fields: dict[str, Any] = {**(data or {}), **files}
            return self.pool.request(method, url, fields=fields, headers=self.headers)
        if json is not None:
            return self.pool.request(method, url, json=json, headers=self.headers)
        return self.pool.request(method, url, headers=self.headers)


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: dict[str, int] = collections.Counter()
        self.samples: dict[str, str] = {}
        self.answers: dict[tuple[int, str], str] = {}
        self.evidence: list[tuple[str, int]] = []
        self.submitted: list[int] = []
        self.exports: list[int] = []
        self.timeline: list[tuple[float, str, float]] = []  # (when it ended, kind, seconds)

    def call(self, kind: str, method: str, url: str, session: Client, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            response = session.request(method, url, **kwargs)
        except urllib3.exceptions.HTTPError as exc:
            with self.lock:
                self.times[kind].append(time.perf_counter() - start)
                self.errors[kind] += 1
                self.samples.setdefault(kind, repr(exc))
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
            self.timeline.append((time.time(), kind, elapsed))
            if not 200 <= response.status < 300:
                self.errors[kind] += 1
                self.samples.setdefault(
                    kind, f"{response.status} {response.data[:300].decode(errors='replace')}"
                )
                return None
        return response


def supplier_user(
    base: str, user: dict[str, Any], stats: Stats, began: float, duration: float, ramp_up: float
) -> None:
    rng = random.Random(user["username"])
    session = Client()
    deadline = began + duration
    # Suppliers arrive over the ramp-up and each submits when it is done, somewhere between
    # half-time and nine tenths of the run: a deadline rush, not 200 clicks in one second.
    submit_at = began + duration * rng.uniform(0.5, 0.9)
    time.sleep(rng.uniform(0, ramp_up))
    login = stats.call("login", "POST", f"{base}/api/v1/auth/token/", session,
                       json={"username": user["username"], "password": PASSWORD})  # fmt: skip
    if login is None:
        return
    session.headers["Authorization"] = f"Token {login.json()['token']}"
    assessment = user["assessment"]
    revisions = dict(user["revisions"])
    n = 0
    submitted = False
    while time.time() < deadline:
        time.sleep(1.0)
        if submitted:
            # The supplier looks at its submitted assessment once, then leaves.
            response = stats.call(
                "view", "GET", f"{base}/api/v1/assessments/{assessment}/", session
            )
            if response is not None and response.json()["status"] != "submitted":
                with stats.lock:
                    stats.errors["view"] += 1
                    stats.samples.setdefault("view", f"status {response.json()['status']}")
            break
        if time.time() >= submit_at:
            response = stats.call("submit", "POST", f"{base}/api/v1/assessments/{assessment}/submit/",
                                  session, json={"attestation": True})  # fmt: skip
            if response is not None:
                with stats.lock:
                    stats.submitted.append(assessment)
            submitted = True
            continue
        if rng.random() < 0.15:
            content = PDF + f"{user['username']} {n} {rng.random()}".encode()
            code = rng.choice(user["evidence"])
            response = stats.call(
                "evidence_upload", "POST", f"{base}/api/v1/assessments/{assessment}/evidence/",
                session, data={"question_code": code},
                files={"file": (f"proof-{n}.pdf", content, "application/pdf")},
            )  # fmt: skip
            if response is not None:
                with stats.lock:
                    stats.evidence.append(
                        (hashlib.sha256(content).hexdigest(), response.json()["id"])
                    )
        elif user["texts"]:
            code = rng.choice(user["texts"])
            value = f"Load test answer {user['username']} #{n}: 节能措施已实施。"
            response = stats.call(
                "answer_save", "PUT", f"{base}/api/v1/assessments/{assessment}/answers/{code}/",
                session, json={"value": value, "revision": revisions.get(code)},
            )  # fmt: skip
            if response is not None:
                revisions[code] = response.json()["revision"]
                with stats.lock:
                    stats.answers[(assessment, code)] = value
        n += 1


def staff_user(
    base: str, username: str, campaign: int, pages: int, stats: Stats, deadline: float
) -> None:
    rng = random.Random(username)
    session = Client()
    login = stats.call("login", "POST", f"{base}/api/v1/auth/token/", session,
                       json={"username": username, "password": PASSWORD})  # fmt: skip
    if login is None:
        return
    session.headers["Authorization"] = f"Token {login.json()['token']}"
    last_export = 0.0
    while time.time() < deadline:
        time.sleep(1.0)
        if time.time() - last_export > 30 and rng.random() < 0.2:
            last_export = time.time()
            response = stats.call("export_start", "POST", f"{base}/api/v1/exports/", session,
                                  json={"scope": "campaign", "id": campaign})  # fmt: skip
            if response is not None:
                with stats.lock:
                    stats.exports.append(response.json()["id"])
        elif rng.random() < 0.6:
            page = rng.randint(1, pages)
            stats.call("supplier_list", "GET", f"{base}/api/v1/suppliers/?page={page}", session)
        else:
            page = rng.randint(1, pages)
            stats.call("assessment_list", "GET",
                       f"{base}/api/v1/assessments/?campaign={campaign}&page={page}", session)  # fmt: skip


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """A fresh database and media folder with the suppliers answered.

    Every set-up is kept as a template (a copy of the database and of the media folder); with
    --reuse-setup a later run with the same numbers starts from a copy of it instead of
    answering everything again.
    """
    import shutil

    name = args.database_url.rsplit("/", 1)[1]
    host = args.database_url.split("@", 1)[1].split(":", 1)[0]
    pg = ["-h", host, "-U", "postgres"]
    template = f"{name}_template"
    saved = Path(f"{args.var_dir}-template")
    key = {"suppliers": args.suppliers, "staff": args.staff}
    subprocess.run(["dropdb", "--if-exists", *pg, name], check=True)
    shutil.rmtree(args.var_dir, ignore_errors=True)
    if args.reuse_setup and (saved / "setup.json").exists():
        stored = json.loads((saved / "setup.json").read_text())
        if stored["key"] == key:
            subprocess.run(["createdb", *pg, "-T", template, name], check=True)
            shutil.copytree(saved / "media", Path(args.var_dir) / "media")
            print("Set-up: reused the saved template", flush=True)
            return stored["data"]  # type: ignore[no-any-return]
    subprocess.run(["createdb", *pg, name], check=True)
    start = time.time()
    data = child(args, "setup")
    print(f"Set-up: {len(data['users'])} suppliers answered, {len(data['staff'])} staff, "
          f"{time.time() - start:.0f} s", flush=True)  # fmt: skip
    subprocess.run(["dropdb", "--if-exists", *pg, template], check=True)
    subprocess.run(["createdb", *pg, "-T", name, template], check=True)
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(Path(args.var_dir) / "media", saved / "media")
    (saved / "setup.json").write_text(json.dumps({"key": key, "data": data}))
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument(
        "--ramp-up", type=float, default=10, help="seconds over which the suppliers arrive"
    )
    parser.add_argument(
        "--worker-priority", choices=("idle", "normal"), default="idle",
        help="idle: the Celery worker only gets CPU time the web server leaves (SCHED_IDLE)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/greengate_load"
    )
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--var-dir", default="/tmp/greengate-load")
    parser.add_argument(
        "--reuse-setup", action="store_true",
        help="start from the template the last set-up with the same numbers saved",
    )  # fmt: skip
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        action, payload_path = args.child
        payload = json.loads(Path(payload_path).read_text())
        result = do_setup(args) if action == "setup" else do_check(payload)
        print(json.dumps(result))
        return

    data = prepare(args)

    env = server_env(args)
    logs = Path(args.var_dir) / "log"
    logs.mkdir(parents=True, exist_ok=True)
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi", "--workers", "4", "--bind",
         f"127.0.0.1:{args.port}", "--timeout", "60", "--preload"],
        cwd=ROOT, env=env, stdout=(logs / "gunicorn.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2",
         "-Q", "greengate-load", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=(logs / "worker.log").open("wb"), stderr=subprocess.STDOUT,
        preexec_fn=idle_priority if args.worker_priority == "idle" else None,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib3.request("GET", f"{base}/accounts/login/", timeout=2, retries=False)
                break
            except urllib3.exceptions.HTTPError:
                time.sleep(0.3)
        stats = Stats()
        cpu_before = {"generator": time.process_time(), "gunicorn": cpu_seconds(gunicorn.pid),
                      "worker": cpu_seconds(worker.pid)}  # fmt: skip
        sampler = CpuSampler(gunicorn.pid, worker.pid)
        sampler.start()
        began = time.time()
        deadline = began + args.duration
        threads = [
            threading.Thread(
                target=supplier_user,
                args=(base, user, stats, began, args.duration, args.ramp_up),
            )
            for user in data["users"]
        ] + [
            threading.Thread(
                target=staff_user,
                args=(base, name, data["campaign"], data["pages"], stats, deadline),
            )
            for name in data["staff"]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - began
        cpu = {"generator": time.process_time() - cpu_before["generator"],
               "gunicorn": cpu_seconds(gunicorn.pid) - cpu_before["gunicorn"],
               "worker": cpu_seconds(worker.pid) - cpu_before["worker"]}  # fmt: skip
        # Exports started during the run: give the worker time to finish them.
        time.sleep(5)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    try:
        check_deadline = time.time() + 180
        while time.time() < check_deadline:
            result = child(args, "check", {"campaign": data["campaign"], "answers": [],
                                           "evidence": [], "submitted": []})  # fmt: skip
            if not result["exports"]["pending"] and not result["exports"]["running"]:
                break
            time.sleep(5)
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    total = sum(len(times) for times in stats.times.values())
    print(f"\n{total:,} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s")
    print(f"{'kind':<16}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted(stats.times):
        times = stats.times[kind]
        print(f"{kind:<16}{len(times):>8}{stats.errors[kind]:>8}"
              f"{percentile(times, 0.5) * 1000:>9.0f}{percentile(times, 0.95) * 1000:>9.0f}"
              f"{percentile(times, 0.99) * 1000:>9.0f}")  # fmt: skip
    cores = os.cpu_count() or 1
    print(f"CPU seconds during the run ({cores} cores give {cores * elapsed:.0f}): "
          + ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items()))  # fmt: skip
    sampler.running = False
    print_timeline(stats, sampler, began, elapsed)
    for kind, sample in stats.samples.items():
        print(f"  first {kind} error: {sample}")
    result = child(args, "check", {
        "campaign": data["campaign"],
        "answers": [[list(key), value] for key, value in stats.answers.items()],
        "evidence": stats.evidence, "submitted": stats.submitted,
    })  # fmt: skip
    errors = sum(stats.errors.values())
    p95_save = percentile(stats.times.get("answer_save", []), 0.95) * 1000
    print(f"\nIntegrity: {result['answers_checked']} answers, {result['evidence_checked']} evidence "
          f"files, {result['submitted_checked']} submissions checked; exports {result['exports']}")  # fmt: skip
    for problem in result["problems"][:20]:
        print(f"  PROBLEM: {problem}")
    print(f"Targets: errors {errors} (0), lost or altered {len(result['problems'])} (0), "
          f"answer save p95 {p95_save:.0f} ms (< 500)")  # fmt: skip
    ok = errors == 0 and not result["problems"] and p95_save < 500
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
