"""Tests for reference.library: the bundled references, storing and loading references."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from policyqa.errors import InputFileError, PolicyQAError, ReferenceNotFoundError
from reference.library import load_library, store_reference


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_bundled_ids(library) -> None:
    assert library.ids() == ["gangyao-2023", "zhiliang-tisheng-2017"]


def test_unknown_id_raises(library) -> None:
    with pytest.raises(ReferenceNotFoundError, match="gangyao-2023"):
        library.get("gangyao-2035")


@pytest.mark.parametrize("reference_id", ["gangyao-2023", "zhiliang-tisheng-2017"])
def test_version_is_sha256_prefix_of_text(library, reference_id: str) -> None:
    reference = library.get(reference_id)
    assert reference.version == hashlib.sha256(reference.text.encode("utf-8")).hexdigest()[:12]
    assert reference.title and reference.issuer and reference.date and reference.note


def test_gangyao_structure(library) -> None:
    clauses = library.get("gangyao-2023").clauses
    sections = [c for c in clauses if c.kind == "section"]
    numbered = [c for c in clauses if c.kind == "clause"]
    # seed 000: `一、形势背景` … `十一、组织保障`, `（一）指导思想` … `（三十二）开展督察评估`
    assert [c.clause_id for c in sections] == [f"S{n:02d}" for n in range(1, 12)]
    assert [c.clause_no for c in numbered] == list(range(1, 33))
    assert (sections[0].title, sections[-1].title) == ("形势背景", "组织保障")
    assert (numbered[0].title, numbered[-1].title) == ("指导思想", "开展督察评估")
    assert numbered[-1].clause_id == "S11-C32"
    # seed 000 lines 99-146: six `——` items under （二）主要目标, from `——经济发展质量效益明显提升`
    # to `——质量治理体系更加完善`
    items = [c for c in clauses if c.clause_id.startswith("S02-C02-I")]
    assert [c.item_no for c in items] == [1, 2, 3, 4, 5, 6]
    assert (items[0].title, items[-1].title) == ("经济发展质量效益明显提升", "质量治理体系更加完善")


def test_gangyao_extent(library) -> None:
    text = library.get("gangyao-2023").text
    lines = text.split("\n")
    # the 纲要 body: from the preamble (000 line 13 `建设质量强国是推动高质量发展、促进我国经济由大向强`)
    # to the end of （三十二） (000: `务院请示报告。`); no 新华社 lead, no running title
    assert lines[0].startswith("建设质量强国是推动高质量发展")
    assert lines[0].endswith("制定本纲要。")
    assert lines[-1].endswith("重大事项及时向党中央、国务院请示报告。")
    assert "新华社" not in text and "第 5 页" not in text and "专栏" not in text


def test_zhiliang_structure(library) -> None:
    reference = library.get("zhiliang-tisheng-2017")
    clauses = reference.clauses
    # seed 003: header lines `法规标题：…` … `法规正文：` are not part of the text
    assert "法规标题" not in reference.text and "颁布时间" not in reference.text
    assert reference.text.startswith("提高供给质量是供给侧结构性改革的主攻方向")
    # seed 003: `一、总体要求` … `六、切实加强组织领导`, `（一）指导思想` … `（三十）加强宣传动员`
    assert [c.section_no for c in clauses if c.kind == "section"] == [1, 2, 3, 4, 5, 6]
    assert [c.clause_no for c in clauses if c.kind == "clause"] == list(range(1, 31))


def test_store_and_load_extra(tmp_path: Path) -> None:
    meta = {"title": "测试", "issuer": "某部门", "date": "2024-01-01", "source": "test", "note": "made up"}
    stored = store_reference("test-ref", "  一、总则\n\n（一）目的。为了测试。  \n", meta, tmp_path)
    assert stored.text == "一、总则\n（一）目的。为了测试。"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test-ref.json", "test-ref.txt"]
    record = json.loads((tmp_path / "test-ref.json").read_text(encoding="utf-8"))
    assert (record["id"], record["title"], record["version"]) == ("test-ref", "测试", stored.version)
    library = load_library(tmp_path)
    assert library.ids() == ["gangyao-2023", "zhiliang-tisheng-2017", "test-ref"]
    assert [c.clause_id for c in library.get("test-ref").clauses] == ["S01", "S01-C01"]


@pytest.mark.parametrize("bad_id", ["", "Gangyao", "../x", "a b", "a/b"])
def test_bad_reference_id(tmp_path: Path, bad_id: str) -> None:
    with pytest.raises(PolicyQAError, match="bad reference id"):
        store_reference(bad_id, "一、总则", {}, tmp_path)


def test_missing_extra_dir(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        load_library(tmp_path / "absent")


def test_broken_metadata(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "x.txt").write_text("一、总则", encoding="utf-8")
    with pytest.raises(InputFileError, match="cannot read reference x"):
        load_library(tmp_path)


def test_add_reference_runs_the_witness_pipeline(tmp_path: Path) -> None:
    from reference.library import add_reference

    seed = next((Path(__file__).parent / "resources" / "seeds").glob("003_*.txt"))
    added = add_reference(
        seed,
        reference_id="tisheng-copy",
        title="关于开展质量提升行动的指导意见",
        issuer="中共中央 国务院",
        date="2017-09-05",
        source="seed 003",
        note="test",
        library_dir=tmp_path,
    )
    # the same extraction and cleaning as the bundled 2017 reference, which was established from 003
    assert added.text == load_library().get("zhiliang-tisheng-2017").text
    assert load_library(tmp_path).get("tisheng-copy").version == added.version
