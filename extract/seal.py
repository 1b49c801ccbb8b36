"""Red (and other colour) seals lifted off a page image before OCR, the print under them kept.

A 公文 carries its issuer's seal, red ink stamped over the signature and date. Read as is, OCR
loses the print under the seal and appends the seal's own ring text to the last clause. Ink
colours separate the two: print is black (its channels equal), a seal is strongly coloured
(one channel far above another), and print under a seal stays dark in every channel, because
stamp ink over toner darkens, never lightens. So:

- colour pixels are those whose chroma (max channel − min channel) is at least CHROMA_MIN;
- a seal is a connected colour region whose box is roughly square (a round, oval or square
  stamp) and at least SEAL_MIN of the page width across — a red 版头 title line is far wider
  than tall, a red heading character far smaller, so both are left for OCR to read;
- inside a seal's box each colour pixel is lightened by its chroma (a pure stamp pixel becomes
  paper), while dark, colourless pixels — the print under the seal — are left alone.

Pure: numpy in, numpy out, the input never modified. Grey scans pass through unchanged.
"""

from __future__ import annotations

import numpy as np

CHROMA_MIN = 60  # 0–255: print and grey paper stay below ~30 even on a JPEG'd scan
SEAL_MIN = 0.08  # a seal is at least this share of the page width across (a 4 cm seal: ~0.19)
SQUARE = 0.6  # a seal's box: shorter side / longer side at least this
WORK_WIDTH = 600  # colour regions are found on a copy this wide (fast; seals are large)
BRIDGE = 0.01  # gaps up to 2 × this share of the width (print crossing a seal's ring) are bridged


def chroma(image: np.ndarray) -> np.ndarray:
    """max − min of the three channels, per pixel (int16, 0–255) of an RGB uint8 image."""
    channels = image.astype(np.int16)
    return channels.max(axis=2) - channels.min(axis=2)


def seal_boxes(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) pixel boxes of the seal-like colour regions of an RGB uint8 page image."""
    height, width = image.shape[:2]
    step = max(1, width // WORK_WIDTH)
    mask = chroma(image[::step, ::step]) >= CHROMA_MIN
    if not mask.any():
        return []
    from scipy import ndimage  # here, not at import: only OCR'd pages need it (1 s to import)

    grow = max(1, round(BRIDGE * mask.shape[1]))
    labels, _ = ndimage.label(ndimage.binary_dilation(mask, iterations=grow))
    boxes = []
    for found in ndimage.find_objects(labels):
        if found is None:
            continue
        rows = slice(found[0].start + grow, found[0].stop - grow)
        cols = slice(found[1].start + grow, found[1].stop - grow)
        w, h = (cols.stop - cols.start) * step, (rows.stop - rows.start) * step
        if min(w, h) >= SEAL_MIN * width and min(w, h) >= SQUARE * max(w, h):
            x0, y0 = cols.start * step, rows.start * step
            boxes.append((x0, y0, min(width, x0 + w + step), min(height, y0 + h + step)))
    return boxes


def remove_seals(image: np.ndarray) -> np.ndarray:
    """A copy of the RGB uint8 page image with its seals lifted off and the print under them kept."""
    boxes = seal_boxes(image)
    if not boxes:
        return image
    out = image.copy()
    for x0, y0, x1, y1 in boxes:
        region = out[y0:y1, x0:x1].astype(np.int16)
        spread = region.max(axis=2) - region.min(axis=2)
        lifted = np.clip(region.max(axis=2) + spread, 0, 255).astype(np.uint8)
        colour = spread >= CHROMA_MIN // 2  # the seal's fringes too
        out[y0:y1, x0:x1][colour] = np.stack([lifted] * 3, axis=-1)[colour]
    return out
