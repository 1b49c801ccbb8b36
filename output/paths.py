"""Output names: a stable, readable document id and child paths that cannot escape their folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from policyqa.errors import OutputError

MAX_STEM_CHARS = 60

# Names Windows refuses for a file or folder, whatever the extension (CON.txt is still CON).
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in range(10)]
    + [f"LPT{i}" for i in range(10)]
    + ["COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"]
)


def _is_cjk(char: str) -> bool:
    """True for an assigned Han ideograph (the letters of a Chinese file name)."""
    code = ord(char)
    return unicodedata.category(char) == "Lo" and (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0x20000 <= code <= 0x2FA1F  # Extensions B–F and compatibility supplement
        or 0xF900 <= code <= 0xFAFF  # CJK Compatibility Ideographs
    )


def _keep(char: str) -> bool:
    """Characters a doc id keeps as they are: ASCII letters and digits, Han ideographs."""
    return (char.isascii() and char.isalnum()) or _is_cjk(char)


def slugify_stem(stem: str, max_chars: int = MAX_STEM_CHARS) -> str:
    """A file stem made safe as a folder name: NFC, kept letters, `_` for runs of anything else."""
    text = unicodedata.normalize("NFC", stem)
    slug = "".join(char if _keep(char) else "_" for char in text)
    slug = re.sub(r"_+", "_", slug).strip("_")
    return slug[:max_chars].rstrip("_") or "doc"


def doc_id_for(path: Path | str, sha256: str) -> str:
    """Stable id of an input: its slugified stem, `-`, the first 8 hex digits of its SHA-256."""
    digest = sha256.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8,64}", digest):
        raise ValueError(f"sha256 must be hex digits, not {sha256!r}")
    return f"{slugify_stem(Path(path).stem)}-{digest[:8]}"


def _check_name(name: str) -> None:
    """Raise OutputError unless `name` is one plain path component that is safe everywhere."""
    problem = ""
    if not name or name in (".", ".."):
        problem = "is empty or a dot name"
    elif "/" in name or "\\" in name:
        problem = "contains a path separator"
    elif any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for char in name):
        problem = "contains a control, format or unassigned character (e.g. NUL, U+202E)"
    elif name != name.strip() or name.endswith("."):
        problem = "starts or ends with a space or ends with a dot"
    elif any(char in '<>:"|?*' for char in name):
        problem = "contains a character Windows forbids"
    elif name.split(".")[0].upper().rstrip() in _WINDOWS_RESERVED:
        problem = "is a reserved device name on Windows"
    elif len(name.encode("utf-8")) > 255:
        problem = "is longer than 255 bytes"
    if problem:
        raise OutputError(f"unsafe output name {name!r}: it {problem}", hint="use doc_id_for() names")


def safe_child(base_dir: Path | str, name: str) -> Path:
    """`base_dir / name`, guaranteed to stay inside base_dir; raises OutputError otherwise."""
    _check_name(name)
    base = Path(base_dir).resolve()
    child = (base / name).resolve()
    if child.parent != base:
        raise OutputError(f"output name {name!r} leaves {base}", hint="use doc_id_for() names")
    return child
