"""Scale-out: the batch flow on a Dask cluster of two worker processes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "resources" / "seeds"


pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.timeout(600)]

# Seed README: 003 is the 2017 《关于开展质量提升行动的指导意见》, 000 the 《质量强国建设纲要》 release.
EXPECTED = {"000_9b2215ac29e8729a.txt": "gangyao-2023", "003_7545518e94772d14.txt": "zhiliang-tisheng-2017"}


def test_a_batch_runs_on_a_two_process_dask_cluster(tmp_path: Path, prefect_harness: None) -> None:
    from distributed import LocalCluster

    from flows.batch import run_batch

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in EXPECTED:
        shutil.copy(SEEDS / name, inbox / name)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        rows = run_batch(str(inbox), {"out_dir": str(out), "dask_address": cluster.scheduler_address})
        # the documents ran on this cluster (a run that ignored the address leaves it untouched)
        ran_here = {name.split("-")[0] for name in cluster.scheduler.task_prefixes}
    assert {Path(r["file"]).name: (r["status"], r["reference_id"]) for r in rows} == {
        name: ("done", ref) for name, ref in EXPECTED.items()
    }
    assert any("document" in name for name in ran_here), ran_here  # the document task ran there
    with open(out / "clauses.csv", encoding="utf-8-sig", newline="") as handle:
        doc_ids = {row["doc_id"] for row in csv.DictReader(handle)}
    assert doc_ids == {r["doc_id"] for r in rows}
