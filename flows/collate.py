"""The `collate` flow: several copies of one document read as ingest reads them, then collated.

The recipe is `flows.collate_recipe.run_collation`; here each copy's reading, the collation and
the writing are Prefect tasks, so a run shows in a configured Prefect server.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.collate_recipe import MAX_CONCURRENT_COPIES, one_line, run_collation
from output.collation import write_collation
from reference.collate import collate
from reference.collate_read import read_witness

read_task = task(read_witness, name="read copy", cache_policy=NO_CACHE, task_run_name="{path}")
collate_task = task(collate, name="collate", cache_policy=NO_CACHE)
write_collation_task = task(write_collation, name="write collation", cache_policy=NO_CACHE)

__all__ = ["collate_flow", "one_line"]


@flow(name="collate", task_runner=ThreadPoolTaskRunner(max_workers=MAX_CONCURRENT_COPIES))
def collate_flow(paths: list[str], options: dict[str, Any], reference: str = "none") -> dict[str, Any]:
    """Read every copy, collate those read (a reference shown beside them unless 'none'), write."""
    return run_collation(paths, options, reference, read_task.submit, collate_task, write_collation_task)
