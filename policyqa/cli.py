"""The `policyqa` command: ingest, batch, serve, reference.

Exit codes: policyqa.errors.ExitCode (docs/operations.md's table is derived from it).
Console: our progress and summary only; full details, tracebacks included, go to <out>/policyqa.log.

Prefect: with PREFECT_API_URL set (or --dask-address), runs go through the Prefect flows and appear
in that server; without it the same recipe (flows/recipe.py) runs without Prefect — no temporary
server, nothing of Prefect imported. Heavy modules (Prefect, the stage modules, OCR) are imported
only inside the commands that need them, after every check of the command line has passed.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.console import Console

from policyqa import __version__
from policyqa.errors import ExitCode, InputFileError, OutputError, PolicyQAError
from policyqa.logging_setup import log_path, quiet_console_handlers, setup_file_logging
from policyqa.options import DEFAULT_OUT_DIR, Options, build_options

HELP = (
    "OCR and document-quality checks for Chinese policy documents.\n\n"
    "Runs without a Prefect server unless PREFECT_API_URL is set: then every run is a flow run in "
    "that server (see docs/operations.md).\n\nExit codes: "
    + ", ".join(f"{code.value} {code.name.lower().replace('_', ' ')}" for code in ExitCode)
    + "."
)

app = typer.Typer(
    name="policyqa", no_args_is_help=True, add_completion=False, help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)  # fmt: skip
reference_app = typer.Typer(no_args_is_help=True, help="List, show and add reference texts.")
app.add_typer(reference_app, name="reference")
console = Console(highlight=False)
log = logging.getLogger("policyqa.cli")


def say(text: str = "") -> None:
    """Print a line; never wrapped mid-phrase when the output is not a terminal (a log file, a pipe)."""
    console.print(text, soft_wrap=not console.is_terminal)


def _version(value: bool) -> None:
    if value:
        say(f"policyqa {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """OCR and document-quality checks for Chinese policy documents."""


# Options shared by ingest, batch and serve: each defined once, here.
Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder (one sub-folder per document).")]
Reference = Annotated[str, typer.Option(help="Reference id, 'auto' (identify) or 'none'.")]
Ocr = Annotated[str, typer.Option(help="auto: OCR pages without a usable text layer; always; never.")]
Password = Annotated[Optional[str], typer.Option(help="Password of encrypted PDFs.")]
Dpi = Annotated[int, typer.Option(help="Rendering resolution for OCR.")]
Workers = Annotated[
    int, typer.Option(help="Page worker processes per document; 0 = one per two cores, at most one per 3 GB.")
]
MaxPages = Annotated[Optional[int], typer.Option(help="Refuse files with more pages (default 1000).")]
MaxPixels = Annotated[Optional[int], typer.Option(help="Pixel cap per rendered page (default 50 million).")]
PageTimeout = Annotated[Optional[float], typer.Option(help="Seconds allowed per page (default 120).")]
ModelDir = Annotated[Optional[Path], typer.Option(help="PaddleOCR model folder (default: bundled).")]
OcrEngine = Annotated[str, typer.Option(help="OCR runtime for the PP-OCRv4 models: openvino or paddle.")]
Library = Annotated[Optional[Path], typer.Option(help="Folder of extra reference texts.")]
Force = Annotated[bool, typer.Option(help="Redo files already done, and retry files that failed.")]
DaskAddress = Annotated[Optional[str], typer.Option(help="Dask scheduler, tcp://host:8786 (runs through Prefect).")]


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
        say(f"[red]bad option:[/red] {error}")
        raise typer.Exit(ExitCode.BAD_INPUT) from None


def _fail(error: BaseException, out_dir: Path | None) -> typer.Exit:
    """Print one line, log the details, return the Exit to raise."""
    if isinstance(error, PolicyQAError):
        log.info("stopped: %s", error.one_line(), exc_info=error)
        say(f"[red]{error.one_line()}[/red]")
        return typer.Exit(error.exit_code)
    log.error("internal error", exc_info=error)
    where = f" (details in {log_path(out_dir)})" if out_dir else ""
    say(f"[red]internal error: {type(error).__name__}: {error}{where}[/red]")
    return typer.Exit(ExitCode.FAILED)


def check_output_folder(out_dir: Path) -> None:
    """OutputError (exit 7) unless `out_dir` is, or can be made, a folder this process can write."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".policyqa-write-check-{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error.strerror or error}") from None


def check_input_files(paths: list[Path]) -> None:
    """InputFileError (exit 2) for a missing path or a folder given to ingest, before any work."""
    for path in paths:
        if path.is_dir():
            raise InputFileError(f"{path} is a folder", hint="use `policyqa batch FOLDER` for a folder of files")
        if not path.exists():
            raise InputFileError(f"{path} does not exist", hint="check the path")


def check_reference(reference_id: str, library_dir: Path | None) -> None:
    """ReferenceNotFoundError (exit 6) for a --reference id the library lacks, before any work."""
    if reference_id in ("auto", "none"):
        return
    from reference.library import load_library

    load_library(library_dir).get(reference_id)


def use_prefect(options: Options) -> bool:
    """Run through Prefect when a server is configured (PREFECT_API_URL) or a Dask cluster is named."""
    return bool(os.environ.get("PREFECT_API_URL")) or bool(options.dask_address)


def _runners(options: Options) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """(run_ingest, run_batch): the Prefect flows, or the same recipe without Prefect."""
    if use_prefect(options):
        api_url = os.environ.get("PREFECT_API_URL", "")
        if api_url:  # a configured server that does not answer: say so now, not after retries
            from flows.schedule import check_server

            check_server(api_url)
        from flows.batch import run_batch, run_ingest

        quiet_console_handlers()
        return run_ingest, run_batch
    from flows.recipe import run_batch_plain, run_ingest_plain

    return run_ingest_plain, run_batch_plain


def _interrupted() -> typer.Exit:
    """Ctrl-C: stop OCR and page workers, say so in one line, exit 130 without waiting for threads."""
    say("[yellow]interrupted[/yellow]")
    try:
        from extract import pages

        for pool in list(getattr(pages, "_POOLS", {}).values()):
            pool.shutdown(wait=False, cancel_futures=True)
        from extract.ocr_worker import stop_workers

        stop_workers()
    except Exception:  # already stopping; nothing more to do
        log.exception("stopping workers after Ctrl-C")
    busy = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if busy and _is_real_process():
        logging.shutdown()
        sys.stdout.flush()
        os._exit(ExitCode.INTERRUPTED)  # document threads would otherwise finish their OCR first
    return typer.Exit(ExitCode.INTERRUPTED)


def _is_real_process() -> bool:
    """False under typer's CliRunner (tests), where exiting the process would end the test run."""
    return sys.stdout is sys.__stdout__


def _run(options: Options, label: str, prepare: Callable[[], tuple[int, Callable[[], list[dict[str, Any]]]]]) -> None:
    """Open the log, import what the run needs, run with progress, print the summary and exit.

    `prepare()` returns (number of files, the run); it imports the runner, so a Ctrl-C during
    those imports is an interruption like any other (exit 130), not click's "Aborted!".
    """
    try:
        from policyqa.progress import run_with_progress, summarise

        setup_file_logging(options.out_dir)
        total, run = prepare()
        rows = run_with_progress(console, total, label, run)
    except KeyboardInterrupt:
        raise _interrupted() from None
    except Exception as error:
        raise _fail(error, options.out_dir) from None
    raise typer.Exit(summarise(console, rows, single=total == 1 and label == "ingest"))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Input files: PDF, image, text or HTML.")],
    out: Out = DEFAULT_OUT_DIR, reference: Reference = "auto", ocr: Ocr = "auto",
    password: Password = None, dpi: Dpi = 300, workers: Workers = 0, max_pages: MaxPages = None,
    max_pixels: MaxPixels = None, page_timeout: PageTimeout = None, det_model_dir: ModelDir = None,
    rec_model_dir: ModelDir = None, cls_model_dir: ModelDir = None, library: Library = None,
    ocr_engine: OcrEngine = "openvino",
) -> None:
    """Process documents into one folder each under --out (default ./policyqa-out).

    Without PREFECT_API_URL no Prefect server is started: the same recipe runs in this process.
    """
    raw = _run_raw(
        out, reference, ocr, password, dpi, workers, max_pages, max_pixels, page_timeout,
        det_model_dir, rec_model_dir, cls_model_dir, library, ocr_engine,
    )  # fmt: skip
    options = _options(raw)
    try:
        check_input_files(paths)
        check_output_folder(options.out_dir)
        check_reference(options.reference, options.library_dir)
    except PolicyQAError as error:
        raise _fail(error, None) from None

    def prepare() -> tuple[int, Callable[[], list[dict[str, Any]]]]:
        run_ingest, _ = _runners(options)
        return len(paths), lambda: run_ingest([str(p.resolve()) for p in paths], raw)

    _run(options, "ingest", prepare)


@app.command()
def batch(
    inbox: Annotated[Path, typer.Argument(help="Folder of input files (searched recursively).")],
    out: Out = DEFAULT_OUT_DIR, force: Force = False, dask_address: DaskAddress = None,
    reference: Reference = "auto", ocr: Ocr = "auto", password: Password = None, dpi: Dpi = 300,
    workers: Workers = 0, max_pages: MaxPages = None, max_pixels: MaxPixels = None,
    page_timeout: PageTimeout = None, det_model_dir: ModelDir = None, rec_model_dir: ModelDir = None,
    cls_model_dir: ModelDir = None, library: Library = None, ocr_engine: OcrEngine = "openvino",
) -> None:
    """Process an inbox folder; unchanged files already done are skipped (see --force).

    Without PREFECT_API_URL (and without --dask-address) no Prefect server is started.
    """
    raw = _run_raw(
        out, reference, ocr, password, dpi, workers, max_pages, max_pixels, page_timeout,
        det_model_dir, rec_model_dir, cls_model_dir, library, ocr_engine, force=force, dask_address=dask_address,
    )  # fmt: skip
    options = _options(raw)
    try:
        _check_inbox(inbox)
        check_output_folder(options.out_dir)
        check_reference(options.reference, options.library_dir)
    except PolicyQAError as error:
        raise _fail(error, None) from None

    def prepare() -> tuple[int, Callable[[], list[dict[str, Any]]]]:
        from flows.inbox import list_inbox

        _, run_batch = _runners(options)
        total = len(list_inbox(inbox, exclude=options.out_dir))
        return total, lambda: run_batch(str(inbox.resolve()), raw)

    _run(options, "batch", prepare)


def _run_raw(
    out: Path, reference: str, ocr: str, password: str | None, dpi: int, workers: int, max_pages: int | None,
    max_pixels: int | None, page_timeout: float | None, det_model_dir: Path | None, rec_model_dir: Path | None,
    cls_model_dir: Path | None, library: Path | None, ocr_engine: str, *, force: bool = False,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """The raw options of ingest, batch and serve (one set, so a served batch is a batch)."""
    return _raw_options(
        out_dir=out, reference=reference, ocr=ocr, password=password, dpi=dpi, workers=workers,
        max_pages=max_pages, max_pixels_per_page=max_pixels, page_timeout_s=page_timeout,
        det_model_dir=det_model_dir, rec_model_dir=rec_model_dir, cls_model_dir=cls_model_dir,
        library_dir=library, force=force, dask_address=dask_address, ocr_engine=ocr_engine,
    )  # fmt: skip


def _check_inbox(inbox: Path) -> None:
    if not inbox.is_dir():
        what = "does not exist" if not inbox.exists() else "is not a folder"
        raise InputFileError(f"inbox {inbox} {what}", hint="pass an existing folder")


@app.command()
def serve(
    inbox: Annotated[Path, typer.Argument(help="Folder of input files.")],
    out: Out = DEFAULT_OUT_DIR,
    cron: Annotated[str, typer.Option(help="Cron schedule, e.g. '0 2 * * *' (in --timezone).")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="IANA time zone of --cron, e.g. Asia/Shanghai.")] = "UTC",
    name: Annotated[str, typer.Option(help="Deployment name: runs are batch/<name>.")] = "policyqa",
    force: Force = False, dask_address: DaskAddress = None, reference: Reference = "auto", ocr: Ocr = "auto",
    password: Password = None, dpi: Dpi = 300, workers: Workers = 0, max_pages: MaxPages = None,
    max_pixels: MaxPixels = None, page_timeout: PageTimeout = None, det_model_dir: ModelDir = None,
    rec_model_dir: ModelDir = None, cls_model_dir: ModelDir = None, library: Library = None,
    ocr_engine: OcrEngine = "openvino",
) -> None:
    """Serve the batch flow on a cron schedule; needs a running Prefect server (PREFECT_API_URL)."""
    raw = _run_raw(
        out, reference, ocr, password, dpi, workers, max_pages, max_pixels, page_timeout,
        det_model_dir, rec_model_dir, cls_model_dir, library, ocr_engine, force=force, dask_address=dask_address,
    )  # fmt: skip
    options = _options(raw)
    try:
        from flows.schedule import check_schedule, check_server

        check_schedule(cron, timezone)
        _check_inbox(inbox)
        check_output_folder(options.out_dir)
        check_reference(options.reference, options.library_dir)
        check_server(os.environ.get("PREFECT_API_URL", ""))
        setup_file_logging(options.out_dir)
        from flows.batch import serve_batch

        quiet_console_handlers()
        say(f"serving deployment batch/{name} on '{cron}' ({timezone}): {inbox} → {options.out_dir}")
        serve_batch(str(inbox.resolve()), raw, cron, name, timezone)
    except KeyboardInterrupt:
        raise typer.Exit(ExitCode.OK) from None
    except Exception as error:
        raise _fail(error, options.out_dir if options.out_dir.is_dir() else None) from None


@reference_app.command("list")
def reference_list(library: Library = None) -> None:
    """List the reference texts (bundled ones and those in --library)."""
    from reference.library import load_library

    try:
        refs = load_library(library).references
    except PolicyQAError as error:
        raise _fail(error, None) from None
    if not console.is_terminal:  # a pipe or a file: tab-separated, nothing cut or wrapped
        typer.echo("\t".join(("id", "title", "issuer", "date", "version", "clauses")))
        for ref in refs:
            typer.echo("\t".join((ref.reference_id, ref.title, ref.issuer, ref.date, ref.version, str(len(ref.clauses)))))
        return
    for ref in refs:  # a terminal: two lines a reference, the title whole (the terminal wraps it)
        say(f"[bold]{ref.reference_id}[/bold]  {ref.date}  {len(ref.clauses)} clauses  version {ref.version}")
        console.print(f"    {ref.title} — {ref.issuer}", soft_wrap=True, highlight=False)


@reference_app.command("show")
def reference_show(reference_id: str, library: Library = None) -> None:
    """Show one reference's metadata and its clause outline."""
    from reference.library import load_library

    try:
        ref = load_library(library).get(reference_id)
    except PolicyQAError as error:
        raise _fail(error, None) from None
    for label in ("reference_id", "title", "issuer", "date", "source", "note", "version"):
        say(f"[bold]{label}[/bold]: {getattr(ref, label)}")
    for clause in ref.clauses:
        say(f"  {clause.clause_id:<14} {clause.text[:40]}")


@reference_app.command("add")
def reference_add(
    paths: Annotated[list[Path], typer.Argument(help="The text file, or the copies with --from-witnesses.")],
    reference_id: Annotated[str, typer.Option("--id", help="Id, e.g. gangyao-2023.")],
    title: Annotated[str, typer.Option(help="Title.")],
    issuer: Annotated[str, typer.Option(help="Issuing body.")],
    date: Annotated[str, typer.Option(help="Date issued, YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="Where the text comes from.")],
    note: Annotated[str, typer.Option(help="How the text was established.")] = "",
    library: Annotated[Path, typer.Option(help="Library folder to add it to.")] = Path("references"),
    from_witnesses: Annotated[bool, typer.Option(help="Establish the text from several copies (their consensus).")] = False,
) -> None:
    """Add a reference text to a library folder (use it with --library DIR)."""
    from reference.library import add_reference

    if from_witnesses or len(paths) > 1:  # issue 13: a reference established from copies
        _reference_from_witnesses(paths, reference_id, title, issuer, date, source, note, library, from_witnesses)
        return
    path = paths[0]
    try:
        ref = add_reference(
            path, reference_id=reference_id, title=title, issuer=issuer, date=date,
            source=source, note=note, library_dir=library,
        )  # fmt: skip
    except PolicyQAError as error:
        raise _fail(error, None) from None
    say(f"added {ref.reference_id} (version {ref.version}, {len(ref.clauses)} clauses) to {library}")


# ---- collate (issue 13): several copies of one document collated into a consensus ----
def _reference_from_witnesses(paths: list[Path], reference_id: str, title: str, issuer: str, date: str,
                              source: str, note: str, library: Path, asked: bool) -> None:
    """`reference add --from-witnesses FILE…`: store the copies' consensus and its doubtful places."""
    if not asked or len(paths) < 2:
        say("[red]bad option:[/red] several files need --from-witnesses, and it needs two or more")
        raise typer.Exit(ExitCode.BAD_INPUT)
    from reference.collate_establish import establish_from_witnesses

    meta = {"title": title, "issuer": issuer, "date": date, "source": source,
            "note": note or f"consensus of {len(paths)} copies (policyqa collate)"}
    try:
        ref, doubtful = establish_from_witnesses(paths, reference_id, meta, library, build_options())
    except PolicyQAError as error:
        raise _fail(error, None) from None
    say(f"added {ref.reference_id} (version {ref.version}, {len(ref.clauses)} clauses) to {library}; "
                  f"{len(doubtful)} doubtful places in {reference_id}.doubtful.jsonl")


@app.command()
def collate(
    paths: Annotated[list[Path], typer.Argument(help="Two or more copies of one document.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (the collation files go straight in it).")] = DEFAULT_OUT_DIR,
    reference: Annotated[str, typer.Option(help="Reference id to show beside the copies (never votes), or 'none'.")] = "none",
    library: Library = None,
) -> None:
    """Collate copies: collation.csv/.parquet, witnesses.csv, consensus.txt, collation.html in --out."""
    if len(paths) < 2:
        say("[red]bad option:[/red] collate needs at least two copies")
        raise typer.Exit(ExitCode.BAD_INPUT)
    raw = _raw_options(out_dir=out, library_dir=library, reference="none")
    options = _options(raw)
    try:
        check_input_files(paths)
        check_output_folder(options.out_dir)
        check_reference(reference, options.library_dir)
        setup_file_logging(options.out_dir)
        if use_prefect(options):
            from flows.collate import collate_flow as run_collation
        else:
            from flows.collate_recipe import run_collation_plain as run_collation
        written = run_collation([str(p.resolve()) for p in paths], raw, reference)
    except KeyboardInterrupt:
        raise _interrupted() from None
    except Exception as error:
        raise _fail(error, options.out_dir) from None
    for failure in written["failed"]:
        say(f"[red]✗ {Path(failure['file']).name}[/red]: {failure['error']} (left out)")
    for name, path in written["files"].items():
        say(f"{name}: {path}")
    raise typer.Exit(ExitCode.FAILED if written["failed"] else 0)


if __name__ == "__main__":
    app()
