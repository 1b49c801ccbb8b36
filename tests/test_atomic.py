"""Atomic writes: whole new file or old file, never half; no temporary file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from output.atomic import atomic_write_bytes, atomic_write_text, atomic_writer
from policyqa.errors import OutputError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", b""),
        ("质量强国\n", "质量强国\n".encode()),
        ("a\r\nb\n", b"a\r\nb\n"),  # no newline translation
    ],
)
def test_atomic_write_text_writes_exact_bytes(tmp_path: Path, text: str, expected: bytes) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, text)
    assert target.read_bytes() == expected
    assert _leftovers(tmp_path) == []


def test_atomic_write_bytes_replaces_and_creates_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "f.bin"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_temp_file_is_hidden_in_same_folder_while_writing(tmp_path: Path) -> None:
    target = tmp_path / "flags.csv"
    with atomic_writer(target, "wb") as handle:
        handle.write(b"partial")
        handle.flush()
        names = _leftovers(tmp_path)
        assert not target.exists()
        assert len(names) == 1 and names[0].startswith(".flags.csv.")
    assert target.read_bytes() == b"partial"
    assert _leftovers(tmp_path) == []


def test_failure_keeps_old_content_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_writer(target, "w") as handle:
            handle.write("new and half")
            raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_text_mode_writer(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    with atomic_writer(target, "w", encoding="utf-8", newline="") as handle:
        handle.write("甲\r\n乙")
    assert target.read_bytes() == "甲\r\n乙".encode()


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"):
        with atomic_writer(tmp_path / "x", "a"):
            pass


def test_unwritable_folder_raises_output_error(tmp_path: Path) -> None:
    """A folder this process cannot write, for root too: chmod does not stop root, sysfs does."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    unwritable = folder if os.geteuid() != 0 else Path("/sys/kernel")
    try:
        with pytest.raises(OutputError, match="cannot write"):
            atomic_write_text(unwritable / "policyqa-x.txt", "x")
    finally:
        folder.chmod(0o700)
    assert not (unwritable / "policyqa-x.txt").exists()


def test_path_under_a_file_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write_text(blocker / "x.txt", "x")
