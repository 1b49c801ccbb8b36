"""Read the copies to collate: each extracted and cleaned exactly as ingest does, then segmented.

`read_witness` runs the stages of one document of the ingest flow (extract.load.probe,
extract.pages.extract_pages, extract.clean.clean_document, reference.segment.segment);
`reference_witness` shows a library reference beside the copies without letting it vote.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extract.model import CleanDocument, Paragraph, Span
from reference.collate import Witness
from reference.model import Reference

if TYPE_CHECKING:
    from policyqa.options import Options


def read_witness(path: Path, options: Options, name: str = "") -> Witness:
    """One copy read as ingest reads it (probe, extract pages, clean, segment)."""
    from extract.clean import clean_document  # lazy: the extraction stage is heavy to import
    from extract.load import probe
    from extract.pages import extract_pages
    from reference.segment import segment

    probed = probe(Path(path), options)
    clean = clean_document(extract_pages(Path(path), probed.kind, probed.page_count, options))
    return Witness(name or Path(path).stem, clean, segment(clean), True, str(path))


def reference_witness(reference: Reference) -> Witness:
    """A library reference as a non-voting witness (its readings are shown, never counted)."""
    lines = reference.text.split("\n")
    paragraphs = [Paragraph(t, t, (Span(0, len(t), 1, "plain"),)) for t in lines]
    clean = CleanDocument(paragraphs=paragraphs, removed=[])
    return Witness(f"ref:{reference.reference_id}", clean, reference.clauses, False, "")


def unique_names(paths: list[Path]) -> list[str]:
    """Witness names: file stems, a repeated stem suffixed ~2, ~3 …."""
    seen: dict[str, int] = {}
    names = []
    for path in paths:
        stem = Path(path).stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}~{seen[stem]}")
    return names
