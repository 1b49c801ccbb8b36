"""OCR engines side by side on the same page images: seconds per page, CER, start-up, peak memory.

Run: `bench/setup-bench && uv run python bench/bench_ocr.py [--repeats 2] [--csv bench/ocr.csv]`

Page images: every page of tests/resources/fixtures/scan-300.pdf (a degraded 300-dpi scan of known
text, tests/resources/make_fixtures.py) rendered with PDFium at 150, 200 and 300 dpi; each engine
reads the very same arrays. Engines: policyqa's OpenVINO and Paddle engines (extract/), raw
PaddleOCR 2.10 as a user would call it (`PaddleOCR(lang="ch").ocr(img, cls=True)`, the same
PP-OCRv4 files) and Tesseract `chi_sim` (`--psm 6`, the Debian package bench/setup-bench installs).
Each engine runs in its own fresh process, so its peak resident memory (ru_maxrss) is its own.
Seconds per page (wall) and CPU seconds per page (user + system, all threads, Tesseract's child
processes included: steadier than wall time on a shared machine): the median over `--repeats`
passes at 200 dpi, one pass at 150 and 300 dpi, after one warm-up page at each dpi; the engine is
built beforehand (its start-up is its own column).
CER = Levenshtein distance / reference length, NFC, whitespace removed, body band only (the running
title and page footer are outside the printed body the fixture script knows).
Pages in parallel: the default engine on the 200-dpi pages in 1 and 2 worker processes, each
worker with cores/workers threads; pages per second of wall time once the workers are warm.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCAN = ROOT / "tests" / "resources" / "fixtures" / "scan-300.pdf"
DPIS = (150, 200, 300)
ENGINES = ("openvino", "paddle", "paddleocr-raw", "tesseract")

from bench.bench_extract import fixtures_module  # noqa: E402  (the one loader of the fixture script)


def page_images(dpi: int):
    """Every page of the scan as RGB uint8 arrays at `dpi`."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(SCAN))
    try:
        return [np.array(page.render(scale=dpi / 72).to_numpy()[:, :, :3], copy=True) for page in doc]
    finally:
        doc.close()


def build(engine: str, threads: int = -1):
    """A callable image -> [(text, top_px)] for the named engine."""
    if engine == "openvino":
        from extract.openvino_engine import OpenVinoEngine, OpenVinoSettings

        ocr = OpenVinoEngine(settings=OpenVinoSettings(threads=threads))
        return lambda image: [(line.text, line.box[1]) for line in ocr.recognize(image)]
    if engine == "paddle":
        from extract.paddle import PaddleEngine

        ocr = PaddleEngine()
        return lambda image: [(line.text, line.box[1]) for line in ocr.recognize(image)]
    if engine == "paddleocr-raw":
        return _raw_paddleocr()
    if engine == "tesseract":
        return _tesseract
    raise ValueError(engine)


def _raw_paddleocr():
    from extract.paddle import _quiet_paddle, model_dirs
    from policyqa.options import OcrModels

    _quiet_paddle()
    from paddleocr import PaddleOCR

    dirs = model_dirs(OcrModels())
    ocr = PaddleOCR(lang="ch", use_angle_cls=True, show_log=False, det_model_dir=str(dirs["det"]),
                    rec_model_dir=str(dirs["rec"]), cls_model_dir=str(dirs["cls"]))  # fmt: skip

    def read(image):
        result = ocr.ocr(image[:, :, ::-1].copy(), cls=True)[0] or []
        return [(text, min(p[1] for p in box)) for box, (text, _) in result]

    return read


def _tesseract(image):
    from PIL import Image

    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-ocr-{os.getpid()}.png"
    Image.fromarray(image).save(path)
    out = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    return [(row[11], float(row[7])) for row in rows if len(row) == 12 and row[0] == "5" and row[11].strip()]


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its finished children (Tesseract runs as one)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def body_cer(fixtures, pages_read, dpi: int) -> float:
    """CER of the body band of every page against the printed body of those pages."""
    reference = "".join(fixtures.printed_body(n) for n in range(1, len(pages_read) + 1))
    scale = 72.0 / dpi
    body = [text for lines in pages_read for text, top in lines
            if fixtures.HEADER_BAND_PT < top * scale < fixtures.FOOTER_BAND_PT]  # fmt: skip
    return fixtures.character_error_rate(reference, "".join(body))


def run_one(engine: str, repeats: int) -> list[dict]:
    """Child-process body: build the engine once, read every dpi's pages `repeats` times."""
    fixtures = fixtures_module()
    started = time.perf_counter()
    read = build(engine)
    startup = time.perf_counter() - started
    rows = []
    for dpi in DPIS:
        images = page_images(dpi)
        read(images[0])  # warm-up: a runtime's first image of a new size compiles or allocates for it
        passes, cpu, last = [], [], []
        for _ in range(repeats if dpi == 200 else 1):
            began, cpu_began = time.perf_counter(), cpu_seconds()
            last = [read(image) for image in images]
            passes.append((time.perf_counter() - began) / len(images))
            cpu.append((cpu_seconds() - cpu_began) / len(images))
        rows.append({"engine": engine, "dpi": dpi, "pages": len(images), "s_per_page": statistics.median(passes),
                     "cpu_s_per_page": statistics.median(cpu), "runs": len(passes), "cer": body_cer(fixtures, last, dpi), "startup_s": startup,
                     "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})  # fmt: skip
    return rows


_READ = None


def _init_worker(engine: str, threads: int) -> None:
    global _READ
    _READ = build(engine, threads)


def _read_page(image):
    return _READ(image)


def run_parallel(engine: str, workers: int, copies: int = 2) -> dict:
    """Pages per second of `workers` warm processes over the 200-dpi pages repeated `copies` times."""
    images = page_images(200) * copies
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(engine, threads)) as pool:
        list(pool.map(_read_page, images[:workers]))  # warm every worker
        began = time.perf_counter()
        list(pool.map(_read_page, images))
        wall = time.perf_counter() - began
    return {"engine": f"{engine} ×{workers} workers ({threads} threads each)", "dpi": 200, "pages": len(images),
            "s_per_page": wall / len(images), "cpu_s_per_page": None, "runs": 1, "cer": None, "startup_s": None, "peak_rss_mb": None}  # fmt: skip


TUNING = [("det_max_side", v) for v in (960, 1280, 1600, 2400)] + [("rec_batch", v) for v in (6, 16)] + [
    ("angle", v) for v in ("never", "auto", "always")] + [("threads", v) for v in (1, 2)]


def run_tuning(repeats: int) -> list[dict]:
    """The OpenVINO engine's settings one at a time (others at their defaults), 200-dpi pages."""
    from dataclasses import replace

    from extract.openvino_engine import OpenVinoEngine, OpenVinoSettings

    fixtures, images, rows = fixtures_module(), page_images(200), []
    for name, value in TUNING:
        engine = OpenVinoEngine(settings=replace(OpenVinoSettings(), **{name: value}))
        engine.recognize(images[0])  # warm-up
        passes, cpu, last = [], [], []
        for _ in range(repeats):
            began, cpu_began = time.perf_counter(), cpu_seconds()
            last = [[(x.text, x.box[1]) for x in engine.recognize(image)] for image in images]
            passes.append((time.perf_counter() - began) / len(images))
            cpu.append((cpu_seconds() - cpu_began) / len(images))
        rows.append({"engine": f"openvino {name}={value}", "dpi": 200, "pages": len(images),
                     "s_per_page": statistics.median(passes), "cpu_s_per_page": statistics.median(cpu), "runs": repeats,
                     "cer": body_cer(fixtures, last, 200),
                     "startup_s": None, "peak_rss_mb": None})  # fmt: skip
    return rows


def machine() -> str:
    """One line: CPU model, cores, memory, load, OS."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{model}; {os.cpu_count()} cores; {memory:.0f} GiB; load {load}; {platform.platform()}; Python {platform.python_version()}"


def child(args: list[str]) -> list[dict]:
    """Run one engine (or one parallel measurement) in a fresh process; its rows."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        print(f"{args}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
        return []
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict], tesseract: dict[int, float]) -> str:
    """The rows as a fixed-width table, with each row's speed-up over Tesseract at the same dpi."""
    lines = [f"{'engine':44} {'dpi':>4} {'s/page':>7} {'cpu s':>6} {'CER %':>6} {'× tess':>6} {'start s':>7} {'peak MB':>8}"]
    for row in rows:
        speedup = tesseract.get(row["dpi"], 0) / row["s_per_page"] if row["runs"] and tesseract.get(row["dpi"]) else None
        cells = [f"{row['engine']:44}", f"{row['dpi']:>4}", f"{row['s_per_page']:7.2f}", _fmt(row["cpu_s_per_page"], 1, 6, 2),
                 _fmt(row["cer"], 100, 6, 2), _fmt(speedup, 1, 6, 1), _fmt(row["startup_s"], 1, 7, 1),
                 _fmt(row["peak_rss_mb"], 1, 8, 0)]  # fmt: skip
        lines.append(" ".join(cells))
    return "\n".join(lines)


def _fmt(value, factor: float, width: int, digits: int) -> str:
    return f"{value * factor:{width}.{digits}f}" if value is not None else f"{'–':>{width}}"


def main() -> None:
    """Every engine in its own process, then the parallel rows; print the table, write the CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--csv", type=Path, default=ROOT / "bench" / "ocr.csv")
    parser.add_argument("--tune", action="store_true", help="also time the OpenVINO settings one by one")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--parallel", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one == "tune":
        print(json.dumps(run_tuning(args.repeats)))
        return
    if args.one:
        rows = [run_parallel(args.one, args.parallel)] if args.parallel else run_one(args.one, args.repeats)
        print(json.dumps(rows))
        return
    print(f"machine: {machine()}", flush=True)
    jobs = [["--one", engine, "--repeats", str(args.repeats)] for engine in args.engines.split(",")]
    jobs += [["--one", "openvino", "--parallel", workers] for workers in filter(None, args.workers.split(","))]
    jobs += [["--one", "tune", "--repeats", "1"]] if args.tune else []
    rows: list[dict] = []
    for job in jobs:  # one at a time: rows measured side by side would slow each other down
        found = child(job)
        rows += found
        _write_csv(args.csv, rows)  # after every engine, so a stopped run keeps what it measured
        print(json.dumps(found, ensure_ascii=False), flush=True)
    tesseract = {row["dpi"]: row["s_per_page"] for row in rows if row["engine"] == "tesseract"}
    print(table(rows, tesseract))
    print(f"wrote {args.csv}")


def _write_csv(path: Path, rows: list[dict]) -> None:
    if not rows:
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) + ["machine"])
        writer.writeheader()
        writer.writerows({**row, "machine": machine()} for row in rows)


if __name__ == "__main__":
    main()
