"""manifest.json: input, reference, versions, counts; valid JSON written by json.dumps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import policyqa
from extract.model import Page
from output.manifest import build_manifest, library_versions, manifest_json, read_manifest, write_manifest
from output.sample import sample_result
from reference.model import Identification


def test_manifest_content() -> None:
    result = sample_result()
    result.extracted.engine = {"det": "ch_PP-OCRv4_det_infer", "rec": "ch_PP-OCRv4_rec_infer"}
    result.extracted.pages.append(Page(number=3, route="failed", reason="render failed", error="boom"))
    manifest = build_manifest(result, ["clean.txt"])
    assert manifest["doc_id"] == "sample-0a1b2c3d"
    assert manifest["input"]["sha256"] == result.sha256 and manifest["input"]["size_bytes"] is None
    assert manifest["reference"]["id"] == "gangyao-2023"
    assert manifest["reference"]["version"] == "abc123"
    assert manifest["reference"]["title"] == "《质量强国建设纲要》"
    assert manifest["identification"] == {
        "reference_id": "gangyao-2023", "score": 0.97, "coverage": 0.05, "reason": "best containment",
        "candidates": [["gangyao-2023", 0.97]],
    }
    assert manifest["tool"] == {"policyqa": policyqa.__version__, "pipeline": policyqa.PIPELINE_VERSION}
    assert manifest["models"]["rec"] == "ch_PP-OCRv4_rec_infer"
    assert manifest["libraries"]["openvino"] and manifest["libraries"]["paddlepaddle"]  # both runtimes' versions
    counts = manifest["counts"]
    assert counts["pages"] == 3 and counts["pages_by_route"] == {"text_layer": 2, "failed": 1}
    assert counts["failed_pages"] == [3]
    assert counts["paragraphs"] == 3 and counts["clauses"] == 3 and counts["removed_lines"] == 2
    assert counts["flags_by_kind"] == {"inserted_text": 1}
    assert counts["flags_by_severity"] == {"error": 1, "warning": 0, "info": 0}
    assert counts["clauses_by_status"] == {"matched": 2, "changed": 1}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["created_utc"])
    assert manifest["files"] == ["clean.txt"]


def test_manifest_without_comparison_has_null_reference() -> None:
    manifest = build_manifest(sample_result(compared=False))
    assert manifest["reference"] is None and manifest["identification"] is None
    assert manifest["counts"]["flags"] == 0


def test_manifest_keeps_identification_when_nothing_matched() -> None:
    result = sample_result(compared=False)
    result.identification = Identification(None, 0.12, 0.01, (("gangyao-2023", 0.12),), "no reference above 0.5")
    manifest = build_manifest(result)
    assert manifest["reference"] is None
    assert manifest["identification"]["reference_id"] is None
    assert manifest["identification"]["reason"] == "no reference above 0.5"


def test_library_versions_reads_installed_metadata() -> None:
    versions = library_versions(("pyarrow", "no-such-package-policyqa"))
    assert versions["pyarrow"] and versions["no-such-package-policyqa"] is None


def test_manifest_json_is_valid_even_with_awkward_text(tmp_path: Path) -> None:
    result = sample_result()
    result.options = {"out_dir": tmp_path, "note": '"quoted"\n</script>{'}  # a Path, quotes, braces
    write_manifest(tmp_path, result)
    raw = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert raw.endswith("\n") and "质量强国建设纲要" in raw  # CJK kept readable
    loaded = read_manifest(tmp_path)
    assert loaded is not None
    assert loaded["options"] == {"out_dir": str(tmp_path), "note": '"quoted"\n</script>{'}
    assert json.loads(manifest_json(loaded)) == loaded


def test_read_manifest_absent(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None


def test_the_chosen_ocr_runtime_is_recorded_even_without_ocr_pages() -> None:
    result = sample_result()
    result.options = {**result.options, "models": {"engine": "paddle", "det_model_dir": None}}
    manifest = build_manifest(result)
    assert manifest["ocr_engine"] == "paddle" and manifest["models"] == {}
