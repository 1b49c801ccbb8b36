"""`policyqa collate` and `policyqa reference add --from-witnesses` on the seeds."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyqa.cli import app
from policyqa.logging_setup import close_file_logging
from reference.collate_establish import doubtful_at
from reference.library import load_doubtful, load_library

SEEDS = Path(__file__).parent / "resources" / "seeds"
COPIES = [str(next(SEEDS.glob(f"{prefix}_*.txt"))) for prefix in ("000", "001", "002", "004")]
INVALID_PDF = Path(__file__).parent / "resources" / "robustness" / "invalid.pdf"  # MANIFEST: not a PDF
META = ["--title", "质量强国建设纲要", "--issuer", "中共中央 国务院", "--date", "2023-02-06", "--source", "seeds"]


@pytest.fixture(autouse=True)
def _close_logs() -> Iterator[None]:
    yield
    close_file_logging()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_collate_needs_two_copies(tmp_path: Path) -> None:
    code, output = invoke("collate", COPIES[0], "--out", str(tmp_path))
    assert code == 2 and "at least two copies" in output


def test_several_files_need_from_witnesses(tmp_path: Path) -> None:
    code, output = invoke("reference", "add", *COPIES[:2], "--id", "x", *META, "--library", str(tmp_path))
    assert code == 2 and "--from-witnesses" in output
    assert not list(tmp_path.iterdir())


def test_reference_from_witnesses_stores_the_consensus_and_its_doubtful_places(tmp_path: Path) -> None:
    code, output = invoke("reference", "add", "--from-witnesses", *COPIES, "--id", "gangyao-consensus",
                          *META, "--library", str(tmp_path))
    assert code == 0, output
    library = load_library(tmp_path)  # the .doubtful.jsonl file is not read as a reference
    established = library.get("gangyao-consensus")
    bundled = {c.clause_id: c.text for c in library.get("gangyao-2023").clauses}
    same = [c.clause_id for c in established.clauses if bundled.get(c.clause_id) == c.text]
    assert len(same) == len(bundled) - 1  # all but P, which keeps 000's 新华社 lead
    doubtful = load_doubtful("gangyao-consensus", tmp_path)
    ties = {d["clause_id"]: d for d in doubtful if d["status"] == "tie"}
    assert {"S10-C27", "S10-C26", "S06-C15", "S05-C12"} <= set(ties)
    c27 = ties["S10-C27"]
    assert (c27["reading"], c27["after"][:1]) == ("检", "查")
    assert {r["reading"] for r in c27["readings"]} == {"检", "抽"}
    text = {c.clause_id: c.text for c in established.clauses}["S10-C27"]
    assert text[c27["start"] : c27["end"]] == "检"  # offsets point into the stored clause text
    assert doubtful_at(doubtful, "S10-C27", c27["start"], c27["end"]) == c27
    assert doubtful_at(doubtful, "S10-C27", 0, 1) is None


@pytest.mark.flow
@pytest.mark.slow
def test_collate_command_writes_every_file(tmp_path: Path, prefect_harness: None) -> None:
    out = tmp_path / "out"
    code, output = invoke("collate", *COPIES, str(INVALID_PDF), "--out", str(out), "--reference", "gangyao-2023")
    assert code == 1, output  # one copy could not be read: left out, listed, the rest collated
    with open(out / "failed.csv", encoding="utf-8-sig", newline="") as handle:
        (failed,) = list(csv.DictReader(handle))
    assert failed["file"].endswith("invalid.pdf") and failed["error"]
    for name in ("collation.csv", "collation.parquet", "witnesses.csv", "consensus.txt", "collation.html"):
        assert (out / name).is_file(), name
    with open(out / "witnesses.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["witness"][:3]: r for r in csv.DictReader(handle)}
    assert rows["ref"]["votes"] == "no"
    alone = {k: int(r["stands_alone"]) for k, r in rows.items() if k != "ref"}
    assert max(alone, key=alone.__getitem__) == "002"  # the corrupt newspaper copy stands out
    consensus = (out / "consensus.txt").read_text(encoding="utf-8")
    assert "⟦T" in consensus and "监督⟦T" in consensus
    with open(out / "collation.csv", encoding="utf-8-sig", newline="") as handle:
        readings = [json.loads(r["readings"]) for r in csv.DictReader(handle)]
    assert all(sum(len(r["witnesses"]) for r in place) >= 1 for place in readings)
