"""policyqa: OCR and document-quality pipeline for Chinese policy documents."""

__version__ = "0.1.0"
PIPELINE_VERSION = "1"  # bump when a change alters outputs for the same input
