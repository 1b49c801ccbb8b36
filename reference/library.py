"""The reference library: reference texts with metadata, bundled in reference/texts/ or added later.

Each reference is two files in a library folder: `<id>.txt` (the clean text, one paragraph a line,
as clean.txt) and `<id>.json` (id, title, issuer, date, source, note). The version is the first 12
hex digits of the text's sha256, computed on load, so it changes whenever the text does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyqa.errors import InputFileError, PolicyQAError, ReferenceNotFoundError
from reference.model import Reference
from reference.segment import segment_paragraphs

BUNDLED_DIR = Path(__file__).resolve().parent / "texts"
REFERENCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
METADATA_FIELDS = ("title", "issuer", "date", "source", "note")


@dataclass
class Library:
    """The references available for identification and comparison."""

    references: list[Reference]
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def get(self, reference_id: str) -> Reference:
        """The reference with this id, or ReferenceNotFoundError."""
        for reference in self.references:
            if reference.reference_id == reference_id:
                return reference
        known = ", ".join(self.ids()) or "none"
        raise ReferenceNotFoundError(f"no reference {reference_id!r} (known: {known})")

    def ids(self) -> list[str]:
        """The reference ids, in library order."""
        return [reference.reference_id for reference in self.references]


def load_library(extra_dir: Path | None = None) -> Library:
    """The bundled references plus those in `extra_dir` (which win when an id repeats)."""
    by_id: dict[str, Reference] = {}
    for folder in (BUNDLED_DIR, extra_dir):
        if folder is None:
            continue
        if not Path(folder).is_dir():
            raise InputFileError(f"reference folder {folder} does not exist", "pass an existing folder")
        for reference in load_folder(Path(folder)):
            by_id[reference.reference_id] = reference
    return Library(references=list(by_id.values()))


def load_folder(folder: Path) -> list[Reference]:
    """Every reference stored in one folder (a `<id>.json` beside its `<id>.txt`), sorted by id."""
    return [load_reference(meta) for meta in sorted(folder.glob("*.json"))]


def load_reference(meta_path: Path) -> Reference:
    """One reference from its `<id>.json` and the `<id>.txt` beside it."""
    text_path = meta_path.with_suffix(".txt")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
    except (OSError, ValueError) as error:
        raise InputFileError(
            f"cannot read reference {meta_path.stem}: {error}",
            "each reference needs a readable <id>.json and <id>.txt (UTF-8)",
        ) from error
    return make_reference(meta_path.stem, text, meta)


def make_reference(reference_id: str, text: str, meta: dict[str, Any]) -> Reference:
    """A Reference from its text and metadata, segmented into clauses, with its version."""
    text = normalise_text(text)
    return Reference(
        reference_id=reference_id,
        version=text_version(text),
        text=text,
        clauses=segment_paragraphs(text.split("\n")),
        **{name: str(meta.get(name, "")) for name in METADATA_FIELDS},
    )


def normalise_text(text: str) -> str:
    """One paragraph a line: strip each line, drop empty lines, no trailing newline."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def text_version(text: str) -> str:
    """The version of a reference text: the first 12 hex digits of its UTF-8 sha256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def add_reference(
    path: Path,
    *,
    reference_id: str,
    title: str,
    issuer: str,
    date: str,
    source: str,
    note: str,
    library_dir: Path,
) -> Reference:
    """Extract and clean `path` as a witness would be, then store it as reference `reference_id`."""
    from extract.clean import clean_document  # lazy: the extraction stage is heavy to import
    from extract.load import extract_document
    from policyqa.options import build_options

    check_reference_id(reference_id)
    clean = clean_document(extract_document(Path(path), build_options()))
    meta = dict(zip(METADATA_FIELDS, (title, issuer, date, source, note)))
    return store_reference(reference_id, clean.text, meta, Path(library_dir))


def store_reference(reference_id: str, text: str, meta: dict[str, Any], library_dir: Path) -> Reference:
    """Write `<id>.txt` and `<id>.json` into `library_dir` atomically and return the Reference."""
    check_reference_id(reference_id)
    reference = make_reference(reference_id, text, meta)
    if not reference.text:
        raise InputFileError(f"reference {reference_id!r} has no text", "check the source file")
    library_dir.mkdir(parents=True, exist_ok=True)
    record = {"id": reference_id, **{n: getattr(reference, n) for n in METADATA_FIELDS}}
    record["version"] = reference.version
    atomic_write_text(library_dir / f"{reference_id}.txt", reference.text + "\n")
    (library_dir / f"{reference_id}{DOUBTFUL_SUFFIX}").unlink(missing_ok=True)  # places of an older text
    atomic_write_text(
        library_dir / f"{reference_id}.json", json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    )
    return reference


def check_reference_id(reference_id: str) -> None:
    """Raise unless the id is a safe file stem: lower-case letters, digits, `.`, `_`, `-`."""
    if not REFERENCE_ID.fullmatch(reference_id):
        raise PolicyQAError(
            f"bad reference id {reference_id!r}",
            "use lower-case letters, digits, '.', '_' or '-' (e.g. gangyao-2023)",
        )


def atomic_write_text(path: Path, text: str) -> None:
    """Write a UTF-8 file via a temporary file in the same folder and os.replace."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# ---- doubtful places of a reference established from witnesses (issue 13) ----
DOUBTFUL_SUFFIX = ".doubtful.jsonl"  # not `*.json`, so load_folder never takes it for a reference


def store_doubtful(reference_id: str, places: list[dict[str, Any]], library_dir: Path) -> Path:
    """Write the doubtful places (one JSON object a line) beside reference `reference_id`."""
    check_reference_id(reference_id)
    path = Path(library_dir) / f"{reference_id}{DOUBTFUL_SUFFIX}"
    atomic_write_text(path, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in places))
    return path


def load_doubtful(reference_id: str, library_dir: Path) -> list[dict[str, Any]]:
    """The doubtful places stored beside a reference ([] when it has none)."""
    path = Path(library_dir) / f"{reference_id}{DOUBTFUL_SUFFIX}"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
