"""Exporting a campaign's audit workbook at scale, against a floor and the usual way, in one run.

    .venv/bin/python bench/export.py [--suppliers 10000] [--data-dir /tmp/greengate-bench-export]

Builds (or reuses, in --data-dir) a SQLite database of N suppliers with approved, scored
assessments of the default questionnaire, in a campaign of N and one of the first 1,000. Each
measurement runs in its own process, which reports its wall time and peak memory (max RSS):

- ours: the app's export of the N campaign (`export_build`: query, write, hash, store);
- floor: the same cell values, read back from our workbook beforehand, written with bare
  openpyxl write-only mode and no database (only the writing is timed);
- usual: what a Django developer would otherwise write: an ORM loop over the same answer rows
  with openpyxl's normal (in-memory) workbook;
- ours at 1,000: the export of the 1,000 campaign, for the memory growth;
- recalculation: LibreOffice headless opening the 1,000-supplier workbook, recalculating every
  formula (the file asks for a full calculation on load) and writing the value of every cell of
  every sheet out (CSV, one file a sheet, so nothing can stay uncalculated); for information, the
  round trip that also saves the workbook as xlsx again (writing 25 MB of styled xlsx costs
  LibreOffice more than the recalculation: about half of it).

Targets: ours / floor at most 1.5; ours faster than usual; peak memory under 300 MB at 10,000
suppliers and at most 1.3 x the peak at 1,000; LibreOffice recalculates the 1,000-supplier
workbook in at most 30 s. The workbooks' sizes are printed as well.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL = 1_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(data_dir: str) -> None:
    os.environ["GREENGATE_VAR_DIR"] = data_dir
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(HERE))
    from _setup import django_setup

    django_setup()


# --- The data -----------------------------------------------------------------------------


def build(count: int) -> None:
    """N suppliers with approved, scored assessments (skipped when the campaigns exist)."""
    from django.db import transaction
    from scoring import answer_value  # bench/scoring.py

    from assessments.models import Answer, Assessment, Campaign, Score
    from assessments.questionnaires.services import default_questionnaire_load
    from assessments.scoring.services import assessment_score
    from suppliers.models import Category, Supplier

    names = (f"Bench export {count}", f"Bench export {count} (first {SMALL})")
    if Campaign.objects.filter(name__in=names).count() == 2 and (
        Score.objects.filter(assessment__campaign__name=names[0]).count() >= count
    ):
        print(f"Reusing the database in {os.environ['GREENGATE_VAR_DIR']}")
        return
    start = time.perf_counter()
    version = default_questionnaire_load()
    categories = list(Category.objects.order_by("slug"))
    questions = list(version.questions.prefetch_related("choices__column", "columns__choices"))
    templates = {
        category.slug: [
            (q, answer_value(q))
            for q in questions
            if not q.categories or category.slug in q.categories
        ]
        for category in categories
    }
    with transaction.atomic():
        suppliers = Supplier.objects.bulk_create(
            Supplier(name=f"Bench supplier {n} 有限公司", country="CN" if n % 3 else "DE",
                     region="mainland_china" if n % 3 else "other", registration_code=f"BX{count}-{n}",
                     category=categories[n % len(categories)], contact_name="x",
                     contact_email=f"b{n}@example.com")
            for n in range(count)
        )  # fmt: skip
        for name, members in ((names[0], suppliers), (names[1], suppliers[:SMALL])):
            campaign = Campaign.objects.create(
                name=name, questionnaire_version=version, period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31), due_on=datetime.date(2027, 1, 31),
                status="launched",
            )  # fmt: skip
            assessments = Assessment.objects.bulk_create(
                Assessment(campaign=campaign, supplier=s, version=version, due_on=campaign.due_on,
                           status="approved")
                for s in members
            )  # fmt: skip
            batch: list[Answer] = []
            for assessment, supplier in zip(assessments, members, strict=True):
                batch += [
                    Answer(assessment=assessment, question=q, value=v, review_status="accepted")
                    for q, v in templates[supplier.category.slug]
                    if v is not None
                ]
                if len(batch) > 20_000:
                    Answer.objects.bulk_create(batch)
                    batch = []
            Answer.objects.bulk_create(batch)
    print(f"Set-up: data in {time.perf_counter() - start:.0f} s; scoring...", flush=True)
    ids = list(Assessment.objects.filter(campaign__name__in=names).values_list("pk", flat=True))
    for pk in ids:
        assessment_score(assessment_id=pk, kind="final")
    print(f"Set-up: {len(ids):,} assessments scored, {time.perf_counter() - start:.0f} s in all")


# --- The measurements, one process each ---------------------------------------------------


def child_ours(campaign_name: str) -> dict[str, object]:
    from assessments.exports.services import export_build
    from assessments.models import Campaign, Export

    campaign = Campaign.objects.get(name=campaign_name)
    export = Export.objects.create(scope="campaign", target_id=campaign.pk, title=campaign.name)
    start = time.perf_counter()
    export = export_build(export_id=export.pk)
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "peak_mb": peak_mb(),
        "rows": export.row_count,
        "path": export.file.path,
        "size_mb": export.size / 1024 / 1024,
    }


# LibreOffice's CSV filter options: comma, double quote, UTF-8, from row 1, formatted as shown
# off, ..., the last token -1: every sheet to its own file (LibreOffice 7.2 and later).
EVERY_SHEET_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
XLSX = "xlsx:Calc MS Excel 2007 XML"


def recalculation_seconds(path: str, target: str = EVERY_SHEET_CSV) -> float:
    """LibreOffice headless opening the workbook (a full recalculation on load) and converting
    it to `target`: every sheet's values as CSV (the recalculation), or xlsx (the round trip).
    The profile is made first, untimed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui"
        )
    with tempfile.TemporaryDirectory() as out:
        profile = f"-env:UserInstallation=file://{out}/profile"
        subprocess.run([soffice, profile, "--headless", "--terminate_after_init"],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        command = [soffice, profile, "--headless", "--norestore", "--convert-to", target,
                   "--outdir", out, path]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=900)
        seconds = time.perf_counter() - start
        if target == EVERY_SHEET_CSV and not list(Path(out).glob("*-Answers.csv")):
            raise SystemExit("LibreOffice wrote no Answers sheet: this version cannot do it")
        return seconds


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def child_floor(path: str) -> dict[str, object]:
    """Bare write-only openpyxl writing the very values of our workbook; only writing is timed."""
    import tempfile

    from openpyxl import Workbook, load_workbook

    source = load_workbook(path, read_only=True)
    target = Workbook(write_only=True)
    timed = 0.0
    rows = 0
    for sheet in source.worksheets:
        out = target.create_sheet(sheet.title)
        for values in sheet.iter_rows(values_only=True):
            start = time.perf_counter()
            out.append(values)
            timed += time.perf_counter() - start
            rows += 1
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        start = time.perf_counter()
        target.save(handle.name)
        timed += time.perf_counter() - start
    return {"wall": timed, "peak_mb": peak_mb(), "rows": rows}


def child_usual(campaign_name: str) -> dict[str, object]:
    """An ORM loop over the same answer rows into openpyxl's normal workbook."""
    import tempfile

    from openpyxl import Workbook

    from assessments.models import Answer

    start = time.perf_counter()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Answers"
    sheet.append(["supplier_code", "assessment_id", "area", "question_code", "question_text",
                  "answer", "unit", "data_quality", "not_applicable", "justification",
                  "review_status", "review_comment"])  # fmt: skip
    rows = 0
    answers = Answer.objects.filter(assessment__campaign__name=campaign_name).select_related(
        "assessment__supplier", "question__area"
    )
    for answer in answers.iterator(chunk_size=2000):
        question = answer.question
        sheet.append([
            answer.assessment.supplier.registration_code, answer.assessment_id,
            question.area.code, question.code, question.text_en, str(answer.value),
            question.unit, answer.data_quality, answer.not_applicable, answer.justification,
            answer.review_status, answer.review_comment,
        ])  # fmt: skip
        rows += 1
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        workbook.save(handle.name)
    return {"wall": time.perf_counter() - start, "peak_mb": peak_mb(), "rows": rows}


def run_child(args: argparse.Namespace, kind: str, target: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--data-dir", args.data_dir, "--child", kind, target]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--data-dir", default="/tmp/greengate-bench-export")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--skip-usual", action="store_true", help="skip the slow normal-mode run")
    args = parser.parse_args()
    if args.child:
        setup_django(args.data_dir)
        kind, target = args.child
        result = {"ours": child_ours, "floor": child_floor, "usual": child_usual}[kind](target)
        print(json.dumps(result))
        return
    count = args.suppliers
    if count < SMALL:
        parser.error(f"--suppliers must be at least {SMALL}")
    args.data_dir = f"{args.data_dir}-{count}"
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    setup_django(args.data_dir)
    build(count)
    big, small = f"Bench export {count}", f"Bench export {count} (first {SMALL})"

    ours = run_child(args, "ours", big)
    print(f"ours ({count:,} suppliers): {ours['wall']:.1f} s, peak {ours['peak_mb']:.0f} MB, "
          f"{ours['rows']:,} rows written", flush=True)  # fmt: skip
    floor = run_child(args, "floor", str(ours["path"]))
    print(f"floor (bare write-only, same values): {floor['wall']:.1f} s, {floor['rows']:,} rows",
          flush=True)  # fmt: skip
    ours_small = run_child(args, "ours", small)
    print(f"ours ({SMALL:,} suppliers): {ours_small['wall']:.1f} s, peak {ours_small['peak_mb']:.0f} MB",
          flush=True)  # fmt: skip
    ratio_floor = float(ours["wall"]) / float(floor["wall"])  # type: ignore[arg-type]
    growth = float(ours["peak_mb"]) / float(ours_small["peak_mb"])  # type: ignore[arg-type]
    peak = float(ours["peak_mb"])  # type: ignore[arg-type]
    print(f"workbook sizes: {ours['size_mb']:.1f} MB at {count:,} suppliers, "
          f"{ours_small['size_mb']:.1f} MB at {SMALL:,}")  # fmt: skip
    print(
        f"{verdict(ratio_floor <= 1.5)} ratio to the floor: {ratio_floor:.2f} (target: at most 1.5)"
    )
    print(f"{verdict(peak < 300)} peak memory: {peak:.0f} MB at {count:,} (target: under 300)")
    print(f"{verdict(growth <= 1.3)} memory growth: {growth:.2f} x the peak at {SMALL:,} "
          "(target: at most 1.3)")  # fmt: skip
    recalc = recalculation_seconds(str(ours_small["path"]))
    print(f"{verdict(recalc <= 30)} LibreOffice opening and recalculating the {SMALL:,}-supplier "
          f"workbook, every value read out: {recalc:.1f} s (target: at most 30)", flush=True)  # fmt: skip
    round_trip = recalculation_seconds(str(ours_small["path"]), XLSX)
    print(f"(information) LibreOffice opening, recalculating and saving it as xlsx: "
          f"{round_trip:.1f} s", flush=True)  # fmt: skip
    if args.skip_usual:
        return
    usual = run_child(args, "usual", big)
    ratio_usual = float(ours["wall"]) / float(usual["wall"])  # type: ignore[arg-type]
    print(f"usual (ORM loop + openpyxl normal mode, answer rows only): {usual['wall']:.1f} s, "
          f"peak {usual['peak_mb']:.0f} MB, {usual['rows']:,} rows")  # fmt: skip
    print(f"{verdict(ratio_usual < 1)} ratio to the usual way: {ratio_usual:.2f} "
          "(target: below 1, faster)")  # fmt: skip


if __name__ == "__main__":
    main()
