"""The `policyqa` command: ingest, batch, serve, reference.

Exit codes (also in README):
  0  every document done (or skipped as unchanged)
  1  some file failed in a run over several files, or an internal error (details in the log)
  2  bad input file (single-file ingest) or a bad command-line value
  3  encrypted PDF without the right --password (single-file ingest)
  4  a safety limit was reached (single-file ingest)
  5  OCR model files missing
  6  unknown reference id
  7  the output folder cannot be written, or another run holds it
  130 interrupted (Ctrl-C)
Console: our progress and summary only; full details, tracebacks included, go to <out>/policyqa.log.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from policyqa import pipeline
from policyqa.errors import PolicyQAError
from policyqa.logging_setup import log_path, quiet_console_handlers, setup_file_logging
from policyqa.options import DEFAULT_OUT_DIR, Options, build_options

app = typer.Typer(
    name="policyqa", no_args_is_help=True, add_completion=False,
    help="OCR and document-quality checks for Chinese policy documents.",
)  # fmt: skip
reference_app = typer.Typer(no_args_is_help=True, help="List, show and add reference texts.")
app.add_typer(reference_app, name="reference")
console = Console(highlight=False)
log = logging.getLogger("policyqa.cli")

EXIT_SOME_FAILED = 1
EXIT_BAD_OPTION = 2
EXIT_INTERRUPTED = 130

Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder (one sub-folder per document).")]
Reference = Annotated[str, typer.Option(help="Reference id, 'auto' (identify) or 'none'.")]
Ocr = Annotated[str, typer.Option(help="auto: OCR pages without a usable text layer; always; never.")]
Password = Annotated[Optional[str], typer.Option(help="Password of encrypted PDFs.")]
Dpi = Annotated[int, typer.Option(help="Rendering resolution for OCR.")]
Workers = Annotated[int, typer.Option(help="OCR worker processes; 0 = one per core.")]
MaxPages = Annotated[Optional[int], typer.Option(help="Refuse files with more pages.")]
MaxPixels = Annotated[Optional[int], typer.Option(help="Pixel cap per rendered page.")]
PageTimeout = Annotated[Optional[float], typer.Option(help="Seconds allowed per page.")]
ModelDir = Annotated[Optional[Path], typer.Option(help="PaddleOCR model folder (default: bundled).")]
OcrEngine = Annotated[str, typer.Option(help="OCR runtime for the PP-OCRv4 models: openvino or paddle.")]
Library = Annotated[Optional[Path], typer.Option(help="Folder of extra reference texts.")]


def _raw_options(**values: Any) -> dict[str, Any]:
    """build_options keyword arguments as JSON-able values (flow and deployment parameters)."""
    raw = {k: (str(v) if isinstance(v, Path) else v) for k, v in values.items()}
    if raw.get("out_dir"):
        raw["out_dir"] = str(Path(raw["out_dir"]).expanduser().resolve())
    return raw


def _options(raw: dict[str, Any]) -> Options:
    """Validate the values once, here, through build_options; a bad value exits 2."""
    try:
        return build_options(**raw)
    except ValueError as error:
        console.print(f"[red]bad option:[/red] {error}")
        raise typer.Exit(EXIT_BAD_OPTION) from None


def _fail(error: BaseException, out_dir: Path | None) -> typer.Exit:
    """Print one line, log the details, return the Exit to raise."""
    if isinstance(error, PolicyQAError):
        log.info("stopped: %s", error.one_line(), exc_info=error)
        console.print(f"[red]{error.one_line()}[/red]")
        return typer.Exit(error.exit_code)
    log.error("internal error", exc_info=error)
    where = f" (details in {log_path(out_dir)})" if out_dir else ""
    console.print(f"[red]internal error: {type(error).__name__}: {error}{where}[/red]")
    return typer.Exit(EXIT_SOME_FAILED)


def _run_with_progress(total: int, label: str, run: Any) -> list[dict[str, Any]]:
    """Run a flow while a progress bar counts finished documents."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = progress.add_task(label, total=total or None)

        def advance(row: dict[str, Any]) -> None:
            progress.update(bar, advance=1, description=f"{label} — {Path(row['file']).name}")

        pipeline.add_listener(advance)
        try:
            return run()
        finally:
            pipeline.remove_listener(advance)


def _describe(row: dict[str, Any]) -> str:
    """One document's summary line."""
    name = Path(row["file"]).name
    if row["status"] == "failed":
        return f"[red]✗ {name}[/red]: {row['error']}"
    ref = row["reference_id"] or "no reference"
    score = f" (score {row['score']:.2f})" if row.get("score") is not None else ""
    routes = ", ".join(f"{n} {r}" for r, n in sorted(row.get("pages_by_route", {}).items()))
    flags = f"flags {row['flags_error']} error / {row['flags_warning']} warning / {row['flags_info']} info"
    mark = "[green]✓[/green]" if row["status"] == "done" else "[dim]=[/dim]"
    skipped = " [dim](unchanged, skipped)[/dim]" if row["status"] == "skipped" else ""
    return f"{mark} {name}{skipped}: {ref}{score}; pages {row['pages']} ({routes}); {flags}\n    → {row['doc_dir']}"


def _summarise(rows: list[dict[str, Any]], single: bool) -> int:
    """Print every document's line and the totals; return the exit code."""
    for row in rows:
        console.print(_describe(row))
    failed = [r for r in rows if r["status"] == "failed"]
    counts = {s: sum(r["status"] == s for r in rows) for s in ("done", "skipped", "failed")}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no input files")
    if not failed:
        return 0
    return int(failed[0].get("exit_code", EXIT_SOME_FAILED)) if single else EXIT_SOME_FAILED


def _start(options: Options) -> None:
    """Open the log file and quiet Prefect's console once flows are imported."""
    setup_file_logging(options.out_dir)
    quiet_console_handlers()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Input files: PDF, image, text or HTML.")],
    out: Out = DEFAULT_OUT_DIR, reference: Reference = "auto", ocr: Ocr = "auto",
    password: Password = None, dpi: Dpi = 300, workers: Workers = 0, max_pages: MaxPages = None,
    max_pixels: MaxPixels = None, page_timeout: PageTimeout = None, det_model_dir: ModelDir = None,
    rec_model_dir: ModelDir = None, cls_model_dir: ModelDir = None, library: Library = None,
    ocr_engine: OcrEngine = "openvino",
) -> None:
    """Process documents into one folder each under --out (default ./policyqa-out)."""
    raw = _raw_options(
        out_dir=out, reference=reference, ocr=ocr, password=password, dpi=dpi, workers=workers,
        max_pages=max_pages, max_pixels_per_page=max_pixels, page_timeout_s=page_timeout,
        det_model_dir=det_model_dir, rec_model_dir=rec_model_dir, cls_model_dir=cls_model_dir,
        library_dir=library, ocr_engine=ocr_engine,
    )  # fmt: skip
    options = _options(raw)
    try:
        setup_file_logging(options.out_dir)
        from flows.batch import run_ingest

        _start(options)
        rows = _run_with_progress(len(paths), "ingest", lambda: run_ingest([str(p) for p in paths], raw))
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:
        raise _fail(error, options.out_dir) from None
    raise typer.Exit(_summarise(rows, single=len(paths) == 1))


@app.command()
def batch(
    inbox: Annotated[Path, typer.Argument(help="Folder of input files (searched recursively).")],
    out: Out = DEFAULT_OUT_DIR, force: Annotated[bool, typer.Option(help="Redo files already done.")] = False,
    dask_address: Annotated[Optional[str], typer.Option(help="Dask scheduler, tcp://host:8786.")] = None,
    reference: Reference = "auto", ocr: Ocr = "auto", password: Password = None, dpi: Dpi = 300,
    workers: Workers = 0, max_pages: MaxPages = None, max_pixels: MaxPixels = None,
    page_timeout: PageTimeout = None, det_model_dir: ModelDir = None, rec_model_dir: ModelDir = None,
    cls_model_dir: ModelDir = None, library: Library = None, ocr_engine: OcrEngine = "openvino",
) -> None:
    """Process an inbox folder; unchanged files already done are skipped (see --force)."""
    raw = _raw_options(
        out_dir=out, reference=reference, ocr=ocr, password=password, dpi=dpi, workers=workers,
        max_pages=max_pages, max_pixels_per_page=max_pixels, page_timeout_s=page_timeout,
        det_model_dir=det_model_dir, rec_model_dir=rec_model_dir, cls_model_dir=cls_model_dir,
        library_dir=library, force=force, dask_address=dask_address, ocr_engine=ocr_engine,
    )  # fmt: skip
    options = _options(raw)
    try:
        setup_file_logging(options.out_dir)
        from flows.batch import run_batch

        _start(options)
        total = len(pipeline.list_inbox(inbox, exclude=options.out_dir)) if inbox.is_dir() else 0
        rows = _run_with_progress(total, "batch", lambda: run_batch(str(inbox.resolve()), raw))
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:
        raise _fail(error, options.out_dir) from None
    raise typer.Exit(_summarise(rows, single=False))


@app.command()
def serve(
    inbox: Annotated[Path, typer.Argument(help="Folder of input files.")],
    out: Out = DEFAULT_OUT_DIR,
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 2 * * *'.")] = "0 2 * * *",
    name: Annotated[str, typer.Option(help="Deployment name: runs are batch/<name>.")] = "policyqa",
    reference: Reference = "auto", ocr: Ocr = "auto", workers: Workers = 0, library: Library = None,
) -> None:
    """Serve the batch flow on a cron schedule (needs a Prefect server: PREFECT_API_URL)."""
    raw = _raw_options(out_dir=out, reference=reference, ocr=ocr, workers=workers, library_dir=library)
    options = _options(raw)
    try:
        setup_file_logging(options.out_dir)
        from flows.batch import serve_batch

        _start(options)
        console.print(f"serving deployment batch/{name} on '{cron}': {inbox} → {options.out_dir}")
        serve_batch(str(inbox.resolve()), raw, cron, name)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    except Exception as error:
        raise _fail(error, options.out_dir) from None


@reference_app.command("list")
def reference_list(library: Library = None) -> None:
    """List the reference texts (bundled ones and those in --library)."""
    from reference.library import load_library

    try:
        refs = load_library(library).references
    except PolicyQAError as error:
        raise _fail(error, None) from None
    table = Table()
    table.add_column("id", no_wrap=True)
    for name in ("title", "issuer"):
        table.add_column(name)
    for name in ("date", "version", "clauses"):
        table.add_column(name, no_wrap=True)
    for ref in refs:
        table.add_row(ref.reference_id, ref.title, ref.issuer, ref.date, ref.version, str(len(ref.clauses)))
    console.print(table)


@reference_app.command("show")
def reference_show(reference_id: str, library: Library = None) -> None:
    """Show one reference's metadata and its clause outline."""
    from reference.library import load_library

    try:
        ref = load_library(library).get(reference_id)
    except PolicyQAError as error:
        raise _fail(error, None) from None
    for label in ("reference_id", "title", "issuer", "date", "source", "note", "version"):
        console.print(f"[bold]{label}[/bold]: {getattr(ref, label)}")
    for clause in ref.clauses:
        console.print(f"  {clause.clause_id:<14} {clause.text[:40]}")


@reference_app.command("add")
def reference_add(
    path: Path,
    reference_id: Annotated[str, typer.Option("--id", help="Id, e.g. gangyao-2023.")],
    title: Annotated[str, typer.Option(help="Title.")],
    issuer: Annotated[str, typer.Option(help="Issuing body.")],
    date: Annotated[str, typer.Option(help="Date issued, YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="Where the text comes from.")],
    note: Annotated[str, typer.Option(help="How the text was established.")] = "",
    library: Annotated[Path, typer.Option(help="Library folder to add it to.")] = Path("references"),
) -> None:
    """Add a reference text to a library folder (use it with --library DIR)."""
    from reference.library import add_reference

    try:
        ref = add_reference(
            path, reference_id=reference_id, title=title, issuer=issuer, date=date,
            source=source, note=note, library_dir=library,
        )  # fmt: skip
    except PolicyQAError as error:
        raise _fail(error, None) from None
    console.print(f"added {ref.reference_id} (version {ref.version}, {len(ref.clauses)} clauses) to {library}")
