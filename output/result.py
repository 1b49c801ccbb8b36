"""Everything known about one processed document: what output/ turns into files."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.model import CleanDocument, ExtractedDocument
from reference.model import Clause, Comparison, Identification, Reference


@dataclass
class DocumentResult:
    """One input document after the pipeline (or as far as it got)."""

    doc_id: str  # stable id, also the name of the document's output folder
    source_path: str
    sha256: str
    extracted: ExtractedDocument
    clean: CleanDocument
    clauses: list[Clause] = field(default_factory=list)
    comparison: Comparison | None = None  # None when --reference none or no matching reference
    options: dict[str, object] = field(default_factory=dict)  # the options used, JSON-able
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    versions: dict[str, str] = field(default_factory=dict)  # tool, pipeline, library, model versions
    reference: Reference | None = None  # the reference compared with: report.html shows its clauses
    # which reference the copy was identified as, kept even when nothing was compared (no match):
    # manifest.json and report.html then still say why; comparison.identification wins when set
    identification: Identification | None = None
