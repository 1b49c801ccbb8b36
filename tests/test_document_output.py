"""write_document: every file of a document folder, atomic, manifest.json last."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import output.document as document
from output.document import DOCUMENT_FILES, write_document
from output.sample import TITLE, WITNESS_CLAUSE, sample_result


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_writes_every_file(tmp_path: Path) -> None:
    doc_dir = tmp_path / "out" / "sample-0a1b2c3d"
    write_document(doc_dir, sample_result())
    assert sorted(p.name for p in doc_dir.iterdir()) == sorted(DOCUMENT_FILES)
    clean = (doc_dir / "clean.txt").read_bytes()
    assert not clean.startswith(b"\xef\xbb\xbf")
    assert clean.decode("utf-8") == f"{TITLE}\n六、增强企业质量和品牌发展能力\n{WITNESS_CLAUSE}\n"
    flags = _rows(doc_dir / "flags.csv")
    assert [(f["flag_id"], f["kind"], f["page"], f["witness_text"]) for f in flags] == [
        ("F0001", "inserted_text", "2", "金")
    ]
    clauses = _rows(doc_dir / "clauses.csv")
    assert [c["status"] for c in clauses] == ["matched", "matched", "changed"]
    assert len(_rows(doc_dir / "pages.csv")) == 2 and len(_rows(doc_dir / "removed.csv")) == 2
    manifest = json.loads((doc_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["doc_id"] == "sample-0a1b2c3d" and manifest["files"][-1] == "manifest.json"
    assert "<mark" in (doc_dir / "report.html").read_text(encoding="utf-8")


def test_without_comparison(tmp_path: Path) -> None:
    write_document(tmp_path, sample_result(compared=False))
    assert (tmp_path / "flags.csv").read_bytes().decode("utf-8-sig").splitlines() == [
        "doc_id,flag_id,kind,severity,clause_id,section_no,clause_no,page,reference_text,"
        "witness_text,context,detail,witness_start,witness_end,ocr_read,ocr_confidence,reread,"
        "reread_confidence"
    ]
    clauses = _rows(tmp_path / "clauses.csv")
    assert [c["clause_id"] for c in clauses] == ["T", "S06", "S06-C20"]
    assert all(c["reference_id"] == c["similarity"] == c["status"] == "" for c in clauses)


def test_empty_document_gives_empty_clean_text(tmp_path: Path) -> None:
    result = sample_result(compared=False)
    result.clean.paragraphs.clear()
    result.clauses.clear()
    write_document(tmp_path, result)
    assert (tmp_path / "clean.txt").read_bytes() == b""
    assert (tmp_path / "manifest.json").is_file()


def test_manifest_is_written_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    real_text, real_bytes = document.atomic_write_text, document.write_csv

    def record_text(path: Path, text: str) -> None:
        order.append(Path(path).name)
        real_text(path, text)

    def record_csv(path: Path, records: object, columns: object) -> None:
        order.append(Path(path).name)
        real_bytes(path, records, columns)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "atomic_write_text", record_text)
    monkeypatch.setattr(document, "write_csv", record_csv)
    write_document(tmp_path, sample_result())
    assert order == list(DOCUMENT_FILES[:-1])
    manifest_time = (tmp_path / "manifest.json").stat().st_mtime_ns
    assert all((tmp_path / name).stat().st_mtime_ns <= manifest_time for name in order)


def test_failure_midway_leaves_no_manifest_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_document(tmp_path, sample_result())  # a complete earlier run
    assert (tmp_path / "manifest.json").is_file()

    def broken(*args: object) -> str:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(document, "render_report", broken)
    with pytest.raises(RuntimeError, match="template exploded"):
        write_document(tmp_path, sample_result())
    assert not (tmp_path / "manifest.json").exists()  # the folder no longer claims to be complete
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
