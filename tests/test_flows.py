"""The batch and ingest flows over small inboxes (text copies of the seeds, a broken PDF)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

RESOURCES = Path(__file__).parent / "resources"
SEEDS = Path(__file__).parent / "resources" / "seeds"


pytestmark = [pytest.mark.flow, pytest.mark.slow]

# Seed README: 003 is 《关于开展质量提升行动的指导意见》 (2017) → the 2017 reference;
# 000 is 《质量强国建设纲要》, the 新华社 release → the 纲要 reference.
GANGYAO = "000_9b2215ac29e8729a.txt"
TISHENG = "003_7545518e94772d14.txt"
EXPECTED_REFERENCE = {GANGYAO: "gangyao-2023", TISHENG: "zhiliang-tisheng-2017"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def make_inbox(folder: Path, *names: str, broken: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    if broken:  # robustness MANIFEST: "a PDF header then EOF: not a PDF | must fail cleanly"
        shutil.copy(RESOURCES / "robustness" / "invalid.pdf", folder / "invalid.pdf")
    return folder


def run(inbox: Path, out: Path, **extra: object) -> list[dict]:
    from flows.batch import run_batch

    return run_batch(str(inbox), {"out_dir": str(out), "workers": 1, **extra})


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {Path(row["file"]).name: row for row in rows}


def no_temp_files(out: Path) -> list[str]:
    return [str(p) for p in out.rglob("*.tmp")]


@pytest.fixture(scope="module")
def first_batch(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> tuple[Path, Path, list[dict]]:
    root = tmp_path_factory.mktemp("batch")
    inbox = make_inbox(root / "inbox", GANGYAO, TISHENG)
    return inbox, root / "out", run(inbox, root / "out")


def test_good_files_finish_and_the_broken_one_is_recorded(first_batch: tuple[Path, Path, list[dict]]) -> None:
    inbox, out, rows = first_batch
    rows_by_name = by_name(rows)
    for name, reference_id in EXPECTED_REFERENCE.items():
        assert rows_by_name[name]["status"] == "done"
        assert rows_by_name[name]["reference_id"] == reference_id
        assert (Path(rows_by_name[name]["doc_dir"]) / "manifest.json").is_file()
    broken = rows_by_name["invalid.pdf"]
    assert broken["status"] == "failed"
    assert broken["error"].startswith("bad input:") and "\n" not in broken["error"]


def test_batch_summary_and_corpus_tables(first_batch: tuple[Path, Path, list[dict]]) -> None:
    inbox, out, rows = first_batch
    summary = {Path(r["file"]).name: r for r in read_csv(out / "batch_summary.csv")}
    assert {n: r["status"] for n, r in summary.items()} == {
        GANGYAO: "done", TISHENG: "done", "invalid.pdf": "failed"
    }
    clauses = read_csv(out / "clauses.csv")
    per_doc = {r["doc_id"] for r in clauses}
    assert per_doc == {by_name(rows)[GANGYAO]["doc_id"], by_name(rows)[TISHENG]["doc_id"]}
    for doc_id in per_doc:  # the corpus table holds each document's own table exactly once
        own = read_csv(out / doc_id / "clauses.csv")
        assert [r["clause_id"] for r in clauses if r["doc_id"] == doc_id] == [r["clause_id"] for r in own]
    assert (out / "clauses.parquet").is_file() and (out / "flags.parquet").is_file()
    assert no_temp_files(out) == []


def test_a_rerun_skips_everything_done_and_retries_the_failure(first_batch: tuple[Path, Path, list[dict]]) -> None:
    inbox, out, _ = first_batch
    rows = by_name(run(inbox, out))
    statuses = {name: row["status"] for name, row in rows.items()}
    assert statuses == {GANGYAO: "skipped", TISHENG: "skipped", "invalid.pdf": "failed"}
    assert len(read_csv(out / "batch_summary.csv")) == 3
    # the unchanged bad file is not read again, and the row says so
    assert rows["invalid.pdf"]["error"].startswith("unchanged since it failed, not retried (--force retries): bad input:")
    assert rows["invalid.pdf"]["seconds"] is None


def test_a_batch_with_a_failed_file_ends_as_a_failed_flow_run(first_batch: tuple[Path, Path, list[dict]]) -> None:
    from prefect.client.orchestration import get_client

    inbox, _, _ = first_batch
    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs(limit=200) if r.parameters.get("inbox") == str(inbox)]
    assert runs, "the batch's flow run is in the server"
    for flow_run in runs:  # the first run and the rerun: both had invalid.pdf failing
        assert flow_run.state.type.value == "FAILED"
        assert flow_run.state.message.startswith("1 of 3 files failed: invalid.pdf (")
        assert "bad input: invalid.pdf is damaged or not a PDF" in flow_run.state.message


def test_the_corpus_tables_keep_a_document_that_left_the_inbox(tmp_path: Path, prefect_harness: None) -> None:
    inbox = make_inbox(tmp_path / "inbox", GANGYAO, TISHENG, broken=False)
    out = tmp_path / "out"
    rows = by_name(run(inbox, out))
    (inbox / GANGYAO).unlink()  # moved out of the inbox: its folder stays in OUT, and so do its rows
    run(inbox, out)
    assert {r["doc_id"] for r in read_csv(out / "clauses.csv")} == {rows[GANGYAO]["doc_id"], rows[TISHENG]["doc_id"]}


def test_a_changed_file_is_reprocessed_and_replaces_its_old_folder(
    tmp_path: Path, prefect_harness: None
) -> None:
    inbox = make_inbox(tmp_path / "inbox", TISHENG, broken=False)
    out = tmp_path / "out"
    old = run(inbox, out)[0]
    with open(inbox / TISHENG, "a", encoding="utf-8") as handle:
        handle.write("\n附件：质量提升行动实施方案\n")
    new = run(inbox, out)[0]
    assert new["status"] == "done" and new["doc_id"] != old["doc_id"]
    assert not Path(old["doc_dir"]).exists()
    assert {r["doc_id"] for r in read_csv(out / "clauses.csv")} == {new["doc_id"]}
    forced = run(inbox, out, force=True)[0]
    assert forced["status"] == "done"


def test_ingest_always_processes_and_a_later_batch_skips(tmp_path: Path, prefect_harness: None) -> None:
    from flows.batch import run_ingest

    inbox = make_inbox(tmp_path / "inbox", TISHENG, broken=False)
    options = {"out_dir": str(tmp_path / "out"), "workers": 1}
    assert run_ingest([str(inbox / TISHENG)], options)[0]["status"] == "done"
    assert run_ingest([str(inbox / TISHENG)], options)[0]["status"] == "done"
    assert run(inbox, tmp_path / "out")[0]["status"] == "skipped"


def test_reference_none_writes_clauses_without_a_comparison(tmp_path: Path, prefect_harness: None) -> None:
    inbox = make_inbox(tmp_path / "inbox", TISHENG, broken=False)
    row = run(inbox, tmp_path / "out", reference="none")[0]
    assert row["status"] == "done" and row["reference_id"] == ""
    clauses = read_csv(Path(row["doc_dir"]) / "clauses.csv")
    assert clauses and all(r["reference_id"] == "" for r in clauses)


def test_an_inbox_that_is_not_a_folder_fails_the_run(tmp_path: Path, prefect_harness: None) -> None:
    from policyqa.errors import InputFileError

    with pytest.raises(InputFileError):
        run(tmp_path / "missing", tmp_path / "out")


def test_the_batch_publishes_a_table_artifact(first_batch: tuple[Path, Path, list[dict]]) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    inbox, _, _ = first_batch
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["policyqa-batch"]))
        )
    # other flow tests publish batches of their own into the same harness (reruns of this inbox
    # too): take the ones of this inbox
    ours = [artifact for artifact in found if str(inbox) in str(artifact.data)]
    assert ours and all(artifact.type == "table" for artifact in ours)
    assert any("invalid.pdf" in str(artifact.data) for artifact in ours)
    # each row names its document, its info flags and where its report is
    first = next(str(artifact.data) for artifact in ours)
    for column in ("doc_id", "flags_info", "report"):
        assert column in first
    assert "003_7545518e94772d14-" in first and "report.html" in first
