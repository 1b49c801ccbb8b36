"""Document ids and safe child paths: readable, stable, never escaping the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from output.paths import doc_id_for, safe_child, slugify_stem
from policyqa.errors import OutputError

SHA = "1a2b3c4d" + "e" * 56
READ_ONLY_TMP = [HealthCheck.function_scoped_fixture]  # the tests only read tmp_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("inbox/000_9b2215ac29e8729a.txt", "000_9b2215ac29e8729a-1a2b3c4d"),
        ("质量强国建设纲要.pdf", "质量强国建设纲要-1a2b3c4d"),
        ("《质量强国建设纲要》 全文 (1).pdf", "质量强国建设纲要_全文_1-1a2b3c4d"),
        ("..hidden.pdf", "hidden-1a2b3c4d"),
        ("../../etc/passwd", "passwd-1a2b3c4d"),
        ("Ｑｕａｌｉｔｙ.pdf", "doc-1a2b3c4d"),  # full-width Latin is not ASCII: mapped away
        ("-=@+.pdf", "doc-1a2b3c4d"),
        ("a\u202ebc.pdf", "a_bc-1a2b3c4d"),
    ],
)
def test_doc_id_for(path: str, expected: str) -> None:
    assert doc_id_for(Path(path), SHA) == expected


def test_doc_id_is_nfc_and_capped() -> None:
    decomposed = "e\u0301" * 3  # é decomposed: NFC makes é, which is not ASCII → `_`
    assert slugify_stem(decomposed) == "doc"
    assert len(slugify_stem("质" * 200)) == 60


def test_doc_id_depends_on_content_hash() -> None:
    assert doc_id_for("a.pdf", "ab" * 32) != doc_id_for("a.pdf", "cd" * 32)
    assert doc_id_for("a.pdf", "AB" * 32) == doc_id_for("a.pdf", "ab" * 32)


@pytest.mark.parametrize("sha", ["", "xyz", "1234567", "g" * 64])
def test_doc_id_rejects_non_hex_hash(sha: str) -> None:
    with pytest.raises(ValueError, match="sha256"):
        doc_id_for("a.pdf", sha)


@pytest.mark.parametrize(
    "name",
    ["", ".", "..", "../x", "a/b", "a\\b", "/etc", "x\x00y", "evil\u202etxt.exe", "CON", "con.txt",
     "LPT1", "name.", " lead", "trail ", "a:b", "a*b", "x" * 256],
)  # fmt: skip
def test_safe_child_rejects(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        safe_child(tmp_path, name)


@pytest.mark.parametrize("name", ["000_9b2215ac29e8729a-1a2b3c4d", "质量强国-00000000", ".cache", "clauses.csv"])
def test_safe_child_accepts(tmp_path: Path, name: str) -> None:
    assert safe_child(tmp_path, name) == tmp_path.resolve() / name


def test_safe_child_rejects_symlink_out(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "link").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="leaves"):
        safe_child(base, "link")


@settings(max_examples=300, deadline=None, suppress_health_check=READ_ONLY_TMP)
@given(name=st.text(max_size=80))
def test_property_safe_child_never_escapes(tmp_path: Path, name: str) -> None:
    base = tmp_path.resolve()
    try:
        child = safe_child(base, name)
    except OutputError:
        return
    assert child.parent == base
    assert child.name == name


@settings(max_examples=300, deadline=None, suppress_health_check=READ_ONLY_TMP)
@given(stem=st.text(max_size=120), sha=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_property_doc_ids_are_always_safe_names(tmp_path: Path, stem: str, sha: str) -> None:
    doc_id = doc_id_for(Path(stem.replace("/", "_") + ".pdf"), sha)
    assert safe_child(tmp_path, doc_id).parent == tmp_path.resolve()
    assert doc_id.endswith("-" + sha[:8])
    assert len(doc_id) <= 60 + 9


def test_unassigned_code_point_in_a_han_block_is_not_kept() -> None:
    # found by the property test above: U+2EBE1 lies in the supplementary Han range but is unassigned
    assert doc_id_for("\U0002ebe1.pdf", SHA) == "doc-1a2b3c4d"
    assert doc_id_for("\U00020000.pdf", SHA) == "\U00020000-1a2b3c4d"  # CJK Extension B, assigned
