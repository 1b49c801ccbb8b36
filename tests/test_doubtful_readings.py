"""Issue 13: a comparison with a reference established from witnesses calls its doubtful places
doubtful readings (info), through the real CLI: `reference add --from-witnesses`, then `ingest`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policyqa.cli import app
from policyqa.logging_setup import close_file_logging

SEEDS = Path(__file__).parent / "resources" / "seeds"
COPIES = [next(SEEDS.glob(f"{prefix}_*.txt")) for prefix in ("000", "001", "002", "004")]
SEED_002 = COPIES[2]
META = ["--title", "质量强国建设纲要", "--issuer", "中共中央 国务院", "--date", "2023-02-06", "--source", "seeds"]


@pytest.fixture(autouse=True)
def _close_logs() -> Iterator[None]:
    yield
    close_file_logging()


def invoke(*args: object) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def flags_of(out: Path) -> list[dict[str, str]]:
    (folder,) = [p for p in out.iterdir() if (p / "flags.csv").is_file()]
    with open(folder / "flags.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def at(flags: list[dict[str, str]], clause_id: str, reference: str, witness: str) -> dict[str, str]:
    (flag,) = [f for f in flags if (f["clause_id"], f["reference_text"], f["witness_text"])
               == (clause_id, reference, witness)]
    return flag


def test_the_seeds_read_as_the_test_says() -> None:
    """Read off the seed files: 000 and 004 split on 检查/抽查 and 性能/性; 002 alone inserts 金."""
    text = {p.name[:3]: re.sub(r"\s", "", p.read_text(encoding="utf-8")) for p in COPIES}
    assert "消费品质量监督检查" in text["000"] and "消费品质量监督抽查" in text["002"]
    assert "质量和安全性能。" in text["000"] and "质量和安全性。" in text["002"]
    assert "质量保证金能力" in text["002"]
    assert "质量保证能力" in text["000"] and "质量保证能力" in text["004"]


def test_doubtful_places_of_an_established_reference_become_info(tmp_path: Path) -> None:
    library, out, control = tmp_path / "lib", tmp_path / "out", tmp_path / "control"
    invoke("reference", "add", "--from-witnesses", *COPIES, "--id", "gangyao-consensus", *META,
           "--library", library)
    invoke("ingest", SEED_002, "--library", library, "--reference", "gangyao-consensus", "--out", out)
    flags = flags_of(out)
    for clause_id, reference, witness in (("S10-C27", "检", "抽"), ("S06-C15", "能", "")):
        flag = at(flags, clause_id, reference, witness)
        assert flag["severity"] == "info" and flag["detail"].startswith("doubtful reading"), flag
    inserted = at(flags, "S08-C20", "", "金")  # 002 alone prints 质量保证金能力: still an error
    assert inserted["severity"] == "error"
    softened = {f["clause_id"] for f in flags if f["detail"].startswith("doubtful reading")}
    assert softened <= {"P", "S05-C12", "S06-C15", "S10-C26", "S10-C27"}  # the stored places only

    # the same copy against the bundled reference (no doubtful places stored): errors there
    invoke("ingest", SEED_002, "--reference", "gangyao-2023", "--out", control)
    plain = flags_of(control)
    assert at(plain, "S10-C27", "检", "抽")["severity"] == "error"
    assert not [f for f in plain if f["detail"].startswith("doubtful reading")]


def test_a_text_stored_again_drops_the_older_doubtful_places(tmp_path: Path) -> None:
    from reference.library import load_doubtful, store_doubtful, store_reference

    store_doubtful("x", [{"clause_id": "P", "start": 0, "end": 1, "reading": "甲", "readings": []}], tmp_path)
    assert load_doubtful("x", tmp_path)
    store_reference("x", "一、总体要求\n正文。", {}, tmp_path)
    assert load_doubtful("x", tmp_path) == []
