"""Reading order and layout cost: geometry (extract/layout.py) vs content-stream order vs the layout model.

Run: `uv run python bench/bench_layout.py [--repeats 3]`

Table 1, reading order on tests/resources/field/twocol-1p.pdf: share of the reference's clauses
(split at `，。、`) found whole in each reading, whitespace removed. The reference is the page
read column by column off its rendering (pdftoppm -r 80).
- `pdfplumber position order`: extract_text_lines (the path before issue 8);
- `pdfium content-stream order`: PDFium's text in the order the page draws it;
- `geometry (now)`: extract.pdf.read_text_layer.

Table 2, seconds per page (median of the repeats): the geometry layout (PDFium read included)
against the layout model (render at 100 dpi + PP-PicoDet CDLA on onnxruntime), with what each finds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extract.layout import RapidLayoutModel  # noqa: E402
from extract.pdf import open_pdfium, read_text_layer  # noqa: E402

RESOURCES = ROOT / "tests" / "resources"
TWOCOL = RESOURCES / "field" / "twocol-1p.pdf"
TWOCOL_READ = (  # read off the rendered page, left column then right column
    "建设质量强国是推动高质量发展、促进我国经济由大向强转变的重要举措，是满足人民美好生活需要的重要途径。"
    "为统筹推进质量强国建设，全面提高我国质量总体水平，制定本纲要。"
)
PAGES = [
    (TWOCOL, 0),
    (RESOURCES / "field" / "table-3col-1p.pdf", 0),
    (RESOURCES / "realdocs" / "dangwei_union_rules_p4.pdf", 0),
    (RESOURCES / "fixtures" / "born-digital.pdf", 1),
]


def clause_share(reading: str, reference: str = TWOCOL_READ) -> float:
    """Share of the reference's clauses that appear whole in `reading` (whitespace ignored)."""
    squeezed = "".join(reading.split())
    clauses = [c for c in re.split(r"[，。、]", reference) if c]
    return sum(c in squeezed for c in clauses) / len(clauses)


def readings(path: Path) -> dict[str, str]:
    with pdfplumber.open(path) as pdf:
        plumber = "\n".join(row["text"] for row in pdf.pages[0].extract_text_lines())
    doc = pdfium.PdfDocument(str(path))
    stream = doc[0].get_textpage().get_text_range()
    ours = "\n".join(line.text for line in read_text_layer(doc, 0, 1).lines)
    doc.close()
    return {"pdfplumber position order": plumber, "pdfium content-stream order": stream, "geometry (now)": ours}


def median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| reading of twocol-1p.pdf | clauses in column order |\n|---|---|")
    for name, text in readings(TWOCOL).items():
        print(f"| {name} | {clause_share(text):.2f} |")
    model = RapidLayoutModel()
    print(f"\n| page | geometry s/page | model s/page (render 100 dpi + detect) | geometry finds | model finds |")
    print("|---|---|---|---|---|")
    for path, index in PAGES:
        doc = open_pdfium(path)
        layer = read_text_layer(doc, index, index + 1)
        geometry = median_seconds(lambda: read_text_layer(doc, index, index + 1), args.repeats)
        image = doc[index].render(scale=100 / 72).to_numpy()[:, :, :3].copy()
        regions = model.detect(image)
        cost = median_seconds(lambda: model.detect(doc[index].render(scale=100 / 72).to_numpy()[:, :, :3].copy()), args.repeats)
        doc.close()
        labels = ", ".join(sorted(f"{r.label}" for r in regions))
        found = f"{len(layer.lines)} lines, {len(layer.tables)} tables"
        print(f"| {path.name} p{index + 1} | {geometry:.3f} | {cost:.2f} | {found} | {labels} |", flush=True)


if __name__ == "__main__":
    main()
