"""Logging for a run: full details to a log file in the output folder, nothing noisy on the console.

The console belongs to the CLI (our progress bars and summary). Every library and Prefect log
record at INFO and above goes to `<out>/policyqa.log`, tracebacks included; console handlers
installed by others (Prefect's) are raised to CRITICAL so they stay quiet.
"""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "policyqa.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_MARK = "_policyqa_file_handler"
NOISY_LOGGERS = ("httpx", "httpcore", "urllib3", "asyncio")  # request-by-request chatter


def log_path(out_dir: Path) -> Path:
    """Where the run's log file lives."""
    return Path(out_dir) / LOG_NAME


def quiet_console_handlers() -> None:
    """Raise every stream handler writing to a terminal to CRITICAL (Prefect's console handler)."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            is_file = isinstance(handler, logging.FileHandler)
            if isinstance(handler, logging.StreamHandler) and not is_file:
                handler.setLevel(logging.CRITICAL)


def setup_file_logging(out_dir: Path, level: int = logging.INFO) -> Path:
    """Send log records to `<out_dir>/policyqa.log` (once per folder); return the file's path."""
    path = log_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _MARK, None) == str(path.resolve()):
            return path
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    setattr(handler, _MARK, str(path.resolve()))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return path


def close_file_logging() -> None:
    """Remove and close the file handlers added by setup_file_logging."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, None):
            root.removeHandler(handler)
            handler.close()
