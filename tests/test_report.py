"""``predict --keep``, ``arclassify report`` and ``evaluate --report *.html``: small scores files written here."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import single_label_rows, write_jsonl

from arclassify.cli import main
from arclassify.predict import InputItem, kept_fields, score_chunk


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- predict --keep -------------------------------------------------------------------------------

def test_kept_fields_copies_values_and_gives_null_when_missing() -> None:
    record = {"id": "a", "date": "2021-03-02", "meta": {"source": "wire"}}
    assert kept_fields(record, ["date", "meta.source", "url"]) == {"date": "2021-03-02", "meta.source": "wire", "url": None}
    assert kept_fields(None, ["date"]) == {"date": None}


def test_score_chunk_keeps_fields_also_on_errors(trained_single: Path) -> None:
    from arclassify import load_model

    model = load_model(str(trained_single))
    items = [InputItem(1, {"id": "a", "text": "المباراة الفريق الهدف", "date": "2021-01-05"}),
             InputItem(2, {"id": "b", "text": "", "date": "2021-01-06"}),
             InputItem(3, None, "malformed JSON at column 1: x")]
    out = score_chunk([model], items, "id", "line", keep=("date", "url"))
    assert out[0]["date"] == "2021-01-05" and out[0]["url"] is None and out[0][model.name] == "sport"
    assert out[1]["date"] == "2021-01-06" and "error" in out[1] and model.name not in out[1]
    assert out[2]["date"] is None and out[2]["line"] == 3


def test_predict_keep_cli_and_refused_names(tmp_path: Path, trained_single: Path) -> None:
    rows = single_label_rows(6)
    for i, row in enumerate(rows):
        row["date"] = f"2021-01-0{i + 1}"
    data = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = run("predict", str(data), "--model", str(trained_single), "--keep", "date", "--keep", "url",
                 "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["date"] for r in records] == [f"2021-01-0{i + 1}" for i in range(6)]
    assert all(r["url"] is None and "section" in r for r in records)
    for clash in ("id", "section", "section_scores", "error"):
        result = run("predict", str(data), "--model", str(trained_single), "--keep", clash, "--quiet")
        assert result.exit_code == 2 and "--keep" in result.output and repr(clash) in result.output


# --- aggregates -----------------------------------------------------------------------------------

def scored(id_: str, date: str | None, source: str | None, topics: list[str], stance: str,
           p_ex: float = 0.5) -> dict:
    return {"id": id_, "date": date, "source": source, "title": f"عنوان {id_}",
            "topic": topics, "topic_scores": {"exercises": p_ex, "diplomacy": 0.5},
            "stance": stance, "stance_scores": {"critical": 0.6, "neutral": 0.3}}


ARCHIVE = [
    scored("j1", "2021-01-04", "wire", ["exercises"], "critical", 0.9),
    scored("j2", "2021-01-06", "wire", ["diplomacy", "exercises"], "critical", 0.8),
    scored("j3", "2021-01-11T08:00:00Z", "paper", [], "neutral", 0.1),
    scored("j4", "2021/01/30", "paper", ["diplomacy"], "unknown", 0.2),
    scored("f1", "2021-02-01", "wire", ["exercises"], "neutral", 0.95),
    scored("f2", "2021-02-27", None, ["exercises"], "neutral", 0.7),
    scored("n1", None, "paper", ["diplomacy"], "critical", 0.3),
    {"id": "e1", "date": "2021-02-10", "source": "wire", "title": None, "line": 9, "error": "topic: empty text"},
]


def test_period_start_reads_dates_to_weeks_and_months() -> None:
    from datetime import date

    from arclassify.report.aggregate import period_start

    assert period_start("2021-03-17", "month") == date(2021, 3, 1)
    assert period_start("2021-03-17", "week") == date(2021, 3, 15)  # the Monday
    assert period_start("2021/03/17T10:00", "week") == date(2021, 3, 15)
    assert period_start("2021-03", "month") == date(2021, 3, 1)
    assert period_start("2021-02-30", "month") is None
    assert period_start("yesterday", "month") is None and period_start(20210317, "month") is None


def test_counts_and_shares_per_month_are_exact() -> None:
    from datetime import date

    from arclassify.report.aggregate import NO_LABEL, aggregate

    archive = aggregate(enumerate(ARCHIVE, 1), "s.jsonl", "month", "date", by="source", examples=2)
    assert (archive.records, archive.errors, archive.dated, archive.bad_dates) == (8, 1, 7, 0)
    assert archive.error_examples == [(9, "topic: empty text")]
    assert list(archive.tasks) == ["topic", "stance"]
    topic, stance = archive.tasks["topic"], archive.tasks["stance"]
    assert topic.multi_label and not stance.multi_label and topic.records == 7
    assert topic.label_counts() == {"exercises": 4, "diplomacy": 3, NO_LABEL: 1}
    periods, shares, totals = topic.shares_over_time()
    assert periods == [date(2021, 1, 1), date(2021, 2, 1)] and totals == [4, 2]
    assert shares == {"exercises": [0.5, 1.0], "diplomacy": [0.5, 0.0], NO_LABEL: [0.25, 0.0]}
    periods, shares, totals = stance.shares_over_time()
    assert shares == {"critical": [0.5, 0.0], "neutral": [0.25, 1.0], "unknown": [0.25, 0.0]}
    assert stance.label_counts("wire") == {"critical": 2, "neutral": 1}
    assert stance.group_totals() == {"wire": 3, "paper": 3, "(missing)": 1}
    assert archive.top_groups(5) == ["wire", "paper"] or archive.top_groups(5) == ["paper", "wire"]
    _, shares, totals = stance.shares_over_time("paper")
    assert totals == [2] and shares == {"critical": [0.0], "neutral": [0.5], "unknown": [0.5]}
    assert [e.id for e in topic.examples("exercises")] == ["f1", "j1"]
    assert topic.examples("exercises")[0].fields["title"] == "عنوان f1"


def test_weeks_start_on_monday() -> None:
    from datetime import date

    from arclassify.report.aggregate import aggregate

    archive = aggregate(enumerate(ARCHIVE, 1), "s.jsonl", "week", by=None)
    periods, _, totals = archive.tasks["topic"].shares_over_time()
    assert periods[:3] == [date(2021, 1, 4), date(2021, 1, 11), date(2021, 1, 25)] and totals[:3] == [2, 1, 1]
    assert sum(totals) == 6


def test_groups_beyond_the_cap_are_pooled(monkeypatch) -> None:
    from arclassify.report import aggregate as module

    monkeypatch.setattr(module, "MAX_GROUPS", 1)
    archive = module.aggregate(enumerate(ARCHIVE, 1), "s.jsonl", by="source")
    assert archive.tasks["stance"].group_totals() == {"wire": 3, module.OTHER_GROUP: 3, module.MISSING_GROUP: 1}


def test_examples_keep_only_the_top_k() -> None:
    from arclassify.report.aggregate import aggregate

    rows = [(i, scored(f"r{i}", "2021-01-01", "x", ["exercises"], "neutral", i / 100)) for i in range(1, 60)]
    archive = aggregate(rows, "s.jsonl", examples=3)
    heap = archive.tasks["topic"].heaps["exercises"]
    assert len(heap) == 3 and [e.id for e in archive.tasks["topic"].examples("exercises")] == ["r59", "r58", "r57"]


def test_tradeoff_curves_have_exact_points() -> None:
    import numpy as np

    from arclassify.report.tradeoff import label_tradeoff, unknown_tradeoff

    proba = np.array([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.45, 0.55]])
    curve = unknown_tradeoff(proba, ["a", "b"], ["a", "b", "b", "a"], np.array([0.0, 0.58, 0.65, 0.95]))
    assert curve["precision"] == [0.5, 2 / 3, 1.0, 1.0]  # at 0.58: answers a(right), a(wrong), b(right)
    assert curve["recall"] == [0.5, 0.5, 0.5, 0.0] and curve["answered"] == [1.0, 0.75, 0.5, 0.0]
    curve = label_tradeoff(np.array([0.9, 0.2, 0.6]), [True, False, False], np.array([0.0, 0.5, 0.95]))
    assert curve["precision"] == [1 / 3, 0.5, 1.0] and curve["recall"] == [1.0, 1.0, 0.0]


# --- the report command ---------------------------------------------------------------------------

def write_scores(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_report_page_has_charts_tables_and_rtl_text(tmp_path: Path) -> None:
    scores = write_scores(tmp_path / "scores.jsonl", ARCHIVE)
    out = tmp_path / "page" / "report.html"
    result = run("report", str(scores), "-o", str(out), "--by", "source")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # per task: the overall chart and one per group (wire, paper)
    assert page.count("<svg") == 6
    assert '<td dir="rtl">عنوان f1</td>' in page
    assert "could not be scored" in page and "topic: empty text" in page
    assert "--texts" in page  # how to get the n-grams
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    assert "https://" not in page and "<script" not in page
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary file left


def test_report_without_dates_says_how_to_keep_them(tmp_path: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "date"} for r in ARCHIVE]
    out = tmp_path / "report.html"
    result = run("report", str(write_scores(tmp_path / "s.jsonl", rows)), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<svg" not in page and "--keep date" in page and "Records per label" in page


def test_report_with_one_label_only(tmp_path: Path) -> None:
    rows = [{"id": f"x{i}", "date": f"2021-0{i + 1}-01", "stance": "neutral", "stance_scores": {"neutral": 1.0}}
            for i in range(3)]
    out = tmp_path / "report.html"
    result = run("report", str(write_scores(tmp_path / "s.jsonl", rows)), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "100.0%" in page and "x0" in page


def test_report_refuses_files_it_cannot_use(tmp_path: Path) -> None:
    errors = [{"id": f"e{i}", "line": i, "error": "stance: empty text"} for i in range(1, 3)]
    cases = [
        (errors, [], "none of the 2 records was scored"),
        ([], [], "no records"),
        ([{"id": "a", "title": "x"}], [], "no task fields"),
        (ARCHIVE, ["--by", "url"], "--keep url"),
    ]
    for rows, extra, message in cases:
        scores = write_scores(tmp_path / "s.jsonl", rows)
        result = run("report", str(scores), "-o", str(tmp_path / "r.html"), *extra)
        assert result.exit_code == 1 and message in result.output, (message, result.output)
        assert not (tmp_path / "r.html").exists()
    (tmp_path / "bad.jsonl").write_text(json.dumps(ARCHIVE[0]) + "\n{oops\n", encoding="utf-8")
    result = run("report", str(tmp_path / "bad.jsonl"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 1 and "bad.jsonl, line 2: malformed JSON" in result.output
    result = run("report", str(scores), "-o", str(scores))
    assert result.exit_code == 1 and "input of the report" in result.output
    assert json.loads(scores.read_text().splitlines()[0])["id"] == "j1"  # the input is intact


def test_report_without_matplotlib_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    result = run("report", str(write_scores(tmp_path / "s.jsonl", ARCHIVE)), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 1 and 'pip install "arclassify[report]"' in result.output


def test_importing_arclassify_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys, arclassify, arclassify.cli, arclassify.report.aggregate, arclassify.report.page; "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_report_with_texts_shows_ngrams(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", single_label_rows(30))
    scores = tmp_path / "scores.jsonl"
    assert run("predict", str(data), "--model", str(trained_single), "--keep", "title", "-o", str(scores),
               "--quiet").exit_code == 0
    out = tmp_path / "report.html"
    result = run("report", str(scores), "-o", str(out), "--texts", str(data), "--model", str(trained_single))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("n-grams that pushed") == 3  # sport, economy, politics
    assert '<td dir="rtl">المباراة</td>' in page or '<td dir="rtl">الفريق</td>' in page


# --- evaluate --report page.html ------------------------------------------------------------------

def test_evaluate_writes_an_html_page(tmp_path: Path, trained_single: Path) -> None:
    test = write_jsonl(tmp_path / "test.jsonl", single_label_rows(30, seed=7))
    out = tmp_path / "evaluation.html"
    result = run("evaluate", str(trained_single), "--data", str(test), "--report", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 3  # per-label bars, confusion heatmap, unknown trade-off
    assert "Confusion matrix" in page and "Threshold trade-off" in page and "unknown" in page


def test_evaluate_html_for_a_multi_label_model(tmp_path: Path) -> None:
    from conftest import multi_label_rows

    data = write_jsonl(tmp_path / "train.jsonl", multi_label_rows(90))
    model = tmp_path / "model"
    assert run("train", "--data", str(data), "--label-field", "topics", "--multi-label", "--cv", "0",
               "-o", str(model)).exit_code == 0
    out = tmp_path / "evaluation.html"
    test = write_jsonl(tmp_path / "test.jsonl", multi_label_rows(30, seed=4))
    result = run("evaluate", str(model), "--data", str(test), "--report", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 4 and "Confusion matrix" not in page  # bars, one curve per label
    assert "threshold of sport" in page


# --- in a browser ---------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str):
    import subprocess

    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(), reason="headless test needs Chromium: apt-get install chromium")
def test_page_renders_in_chromium(tmp_path: Path) -> None:
    import numpy as np
    from matplotlib.image import imread

    scores = write_scores(tmp_path / "scores.jsonl", ARCHIVE)
    page = tmp_path / "report.html"
    assert run("report", str(scores), "-o", str(page), "--by", "source").exit_code == 0
    url = page.resolve().as_uri()

    shot = tmp_path / "shot.png"
    result = chromium(tmp_path, "--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                      "--window-size=1200,2000", url)
    assert shot.is_file(), result.stderr[-2000:]
    if os.environ.get("ARCLASSIFY_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["ARCLASSIFY_KEEP_SCREENSHOT"])
    console = [line for line in result.stderr.splitlines()
               if ("CONSOLE" in line or "Uncaught" in line) and "report.html" in line]
    assert console == []
    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (2000, 1200)
    share_not_white = float((pixels.min(axis=2) < 0.94).mean())
    colours = len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    assert share_not_white > 0.03 and colours > 100, (share_not_white, colours)
    # the charts' coloured lines and areas are drawn (text and tables are black and grey)
    saturated = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 0.3).sum())
    assert saturated > 1500, saturated

    dom = chromium(tmp_path, "--dump-dom", url).stdout
    assert dom.count("<svg") == 6 and dom.count('dir="rtl"') >= 7 and "Scored archive" in dom
