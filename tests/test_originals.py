"""Nothing lost: originals are only ever opened for reading and are byte-for-byte unchanged.

A Python audit hook records every `open` of an input file while the library pipeline
(probe → extract → clean → segment → write) runs on it. PDFium opens files in C, which the
hook cannot see; the bytes and mtime check covers it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest

from extract.clean import clean_document
from extract.load import probe
from output.document import write_document
from extract.pages import extract_pages
from flows.inbox import sweep_temp_files
from flows.records import build_result, doc_dir_for
from policyqa.options import Options
from reference.library import load_library
from reference.segment import segment

RESOURCES = Path(__file__).parent / "resources"
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

_WATCHED: set[str] = set()
_OPENS: list[tuple[str, object, object]] = []


def _hook(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.fsdecode(args[0])
        if name in _WATCHED:
            _OPENS.append((name, args[1], args[2]))


sys.addaudithook(_hook)  # audit hooks cannot be removed; it only records paths in _WATCHED


def is_read_only(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return not any(char in mode for char in "wax+")
    return isinstance(flags, int) and flags & WRITE_FLAGS == 0


@pytest.mark.parametrize(("mode", "flags", "expected"), [("rb", 0, True), ("r", 0, True), ("r+b", 0, False),
                                                          ("ab", 0, False), (None, os.O_RDONLY, True),
                                                          (None, os.O_RDWR, False)])  # fmt: skip
def test_is_read_only(mode: object, flags: object, expected: bool) -> None:
    assert is_read_only(mode, flags) is expected


@pytest.mark.parametrize(
    "relative",
    [
        "fixtures/born-digital.pdf",  # text layer
        "seeds/003_7545518e94772d14.txt",  # a text copy
        "robustness/encrypted_algo4.pdf",  # encrypted with an empty user password
        "robustness/zen_of_python_corrupted.pdf",  # damaged content stream
    ],
)
def test_the_pipeline_only_reads_the_original(tmp_path: Path, relative: str) -> None:
    original = tmp_path / "in" / Path(relative).name
    original.parent.mkdir()
    shutil.copy2(RESOURCES / relative, original)
    before = (hashlib.sha256(original.read_bytes()).hexdigest(), original.stat().st_mtime_ns)
    options = Options(out_dir=tmp_path / "out", ocr="never")
    _WATCHED.add(str(original))
    _OPENS.clear()
    try:
        probed = probe(original, options)
        extracted = extract_pages(original, probed.kind, probed.page_count, options)
        clean = clean_document(extracted)
        result = build_result(probed, extracted, clean, segment(clean), None, None, options,
                                       load_library(), {})  # fmt: skip
        write_document(doc_dir_for(options, probed), result)
    finally:
        _WATCHED.discard(str(original))
    assert _OPENS, "the hook saw no open of the original"
    assert [o for o in _OPENS if not is_read_only(o[1], o[2])] == []
    assert (hashlib.sha256(original.read_bytes()).hexdigest(), original.stat().st_mtime_ns) == before
    assert sorted(p.name for p in original.parent.iterdir()) == [original.name]  # nothing beside it


KILL_AT_FSYNC = '''
import os, stat, sys
from pathlib import Path
import output.atomic
count = {"n": 0}
real_fsync = os.fsync
def dying_fsync(fd):
    count["n"] += stat.S_ISREG(os.fstat(fd).st_mode)  # files only, not the folder syncs
    if count["n"] == int(sys.argv[2]):
        os._exit(9)  # like kill -9: the temp file is written, the rename never happens
    real_fsync(fd)
output.atomic.os.fsync = dying_fsync
from output.batch_tables import write_corpus_tables
out = Path(sys.argv[1])
write_corpus_tables(out, sorted(p.parent for p in out.glob("*/manifest.json")))
'''


def _document(path: Path, options: Options) -> Path:
    probed = probe(path, options)
    extracted = extract_pages(path, probed.kind, probed.page_count, options)
    clean = clean_document(extracted)
    result = build_result(probed, extracted, clean, segment(clean), None, None, options, load_library(), {})
    doc_dir = doc_dir_for(options, probed)
    write_document(doc_dir, result)
    return doc_dir


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])  # during clauses.csv, clauses.parquet, flags.csv, flags.parquet
def test_a_run_killed_while_writing_the_corpus_tables_leaves_whole_files(tmp_path: Path, kill_at: int) -> None:
    """Second kill point of a batch (the first is tests/test_batch_resume.py): the corpus-table write."""
    import subprocess

    from output.batch_tables import read_csv_records, write_corpus_tables
    from output.tables import CLAUSE_COLUMNS

    out = tmp_path / "out"
    options = Options(out_dir=out, ocr="never")
    first = _document(RESOURCES / "seeds" / "003_7545518e94772d14.txt", options)
    write_corpus_tables(out, [first])
    old = (out / "clauses.csv").read_bytes()
    second = _document(RESOURCES / "fixtures" / "policy-source.txt", options)
    root = Path(__file__).resolve().parents[1]
    killed = subprocess.run([sys.executable, "-c", KILL_AT_FSYNC, str(out), str(kill_at)], cwd=root,
                            env=dict(os.environ, PYTHONPATH=str(root)), capture_output=True)  # fmt: skip
    assert killed.returncode == 9, killed.stderr
    visible = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    assert visible == sorted(f"{t}.{e}" for t in ("clauses", "flags", "pages", "removed") for e in ("csv", "parquet"))
    clauses = (out / "clauses.csv").read_bytes()
    assert clauses == old if kill_at == 1 else clauses != old  # the old file or the whole new one
    assert sweep_temp_files(out) == 1  # the one temp file the kill left behind
    counts = write_corpus_tables(out, [first, second])
    rows = read_csv_records(out / "clauses.csv", CLAUSE_COLUMNS)
    assert counts["documents"] == 2 and len(rows) == counts["clauses"]
    for folder in (first, second):  # each document once, in its own order
        own = [r["clause_id"] for r in read_csv_records(folder / "clauses.csv", CLAUSE_COLUMNS)]
        assert [r["clause_id"] for r in rows if r["doc_id"] == folder.name] == own
