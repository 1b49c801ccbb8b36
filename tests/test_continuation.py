"""Tests for reference.continuation: newspaper markers `（上接一版）`/`（下转二版）` in comparisons.

Witnesses are cut from the 纲要 reference text itself, so that the page break is their only
difference from it.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from extract.clean import clean_text
from reference.compare import compare
from reference.continuation import find_markers, strip_markers
from reference.library import load_library
from reference.model import Comparison, Flag, Identification, Reference
from reference.segment import segment

# （五）强化质量发展利民惠民。开展质量惠民行动，顺应消费升级趋势，|推动企业加快产品创新…
HEAD_CUT = "（五）强化质量发展利民惠民。开展质量惠民行动，顺应消费升级趋势，"
# （十五）打造中国建造升级版。坚持百年大计、质量第一，|树立全生命周期建设发展理念…
TAIL_CUT = "（十五）打造中国建造升级版。坚持百年大计、质量第一，"


@lru_cache(maxsize=1)
def reference() -> Reference:
    return load_library().get("gangyao-2023")


def run(text: str) -> Comparison:
    clean = clean_text(text)
    ident = Identification(reference_id="gangyao-2023", score=1.0, coverage=1.0)
    return compare(clean, segment(clean), reference(), ident)


def from_mid_clause() -> str:
    """The reference from just after HEAD_CUT to its end."""
    text = reference().text
    return text[text.index(HEAD_CUT) + len(HEAD_CUT):]


def to_mid_clause() -> str:
    """The reference from its start to the end of TAIL_CUT."""
    text = reference().text
    return text[: text.index(TAIL_CUT) + len(TAIL_CUT)]


def serious(result: Comparison) -> list[Flag]:
    return [f for f in result.flags if f.severity != "info"]


@pytest.mark.parametrize(
    ("text", "direction", "label", "page"),
    [
        ("（上接一版）立足", "from", "上接一版", "one"),
        ("（上接第一版）", "from", "上接第一版", "one"),
        ("（上接1版）", "from", "上接1版", "one"),
        ("(上接A1版)", "from", "上接A1版", "A1"),
        ("（上接第 12 版）", "from", "上接第12版", "12"),
        ("（紧接第一版）", "from", "紧接第一版", "one"),
        ("攻关。（下转二版）", "to", "下转二版", "two"),
        ("（转A3版）", "to", "转A3版", "A3"),
        ("（下转第十二版）", "to", "下转第十二版", "12"),
    ],
)
def test_markers_are_recognised(text: str, direction: str, label: str, page: str) -> None:
    [(start, end, found_direction, found_label, found_page)] = find_markers(text)
    assert (found_direction, found_label, found_page) == (direction, label, page)
    assert text[start] in "（(" and text[end - 1] in "）)"


@pytest.mark.parametrize("text", ["（一）指导思想", "上接一版", "转变发展方式（二）", "（转型升级）"])
def test_ordinary_text_holds_no_marker(text: str) -> None:
    assert find_markers(text) == [] and strip_markers(text) == text


@pytest.mark.parametrize(
    ("head", "label"),
    [("（上接一版）", "上接一版"), ("(上接第一版)", "上接第一版"), ("（上接1版）", "上接1版"),
     ("(上接A1版)", "上接A1版"), ("（上接一版）\n", "上接一版")],
)
def test_copy_continued_from_another_page_is_one_info_flag(head: str, label: str) -> None:
    result = run(head + from_mid_clause())
    assert serious(result) == []
    [flag] = result.flags
    assert (flag.kind, flag.severity) == ("missing_text", "info")
    page = "A1" if "A1" in label else "one"
    assert flag.detail.startswith(f"not in this copy: continued from page {page} ({label})")
    assert "the start of S03-C05" in flag.detail
    assert flag.reference_text.startswith(reference().clauses[0].text)
    assert flag.reference_text.endswith("开展质量惠民行动，顺应消费升级趋势")


def test_copy_starting_mid_clause_without_a_marker_is_a_finding() -> None:
    result = run(from_mid_clause())
    kinds = {(f.kind, f.severity) for f in result.flags}
    assert ("missing_text", "error") in kinds and ("missing_clause", "error") in kinds


@pytest.mark.parametrize(("tail", "page"), [("（下转二版）", "two"), ("\n（下转第2版）", "two"),
                                            ("（转A3版）", "A3")])
def test_copy_continued_on_another_page_is_one_info_flag(tail: str, page: str) -> None:
    result = run(to_mid_clause() + tail)
    assert serious(result) == []
    [flag] = result.flags
    assert (flag.kind, flag.severity, flag.clause_id) == ("missing_text", "info", "S06-C15")
    assert flag.detail.startswith(f"not in this copy: continued on page {page} (")
    assert "the end of S06-C15, S07" in flag.detail
    assert flag.reference_text.startswith("树立全生命周期建设发展理念")
    row = next(r for r in result.rows if r.clause.clause_id == "S06-C15" and r.clause.text)
    assert row.reference_clause_id == "S06-C15"  # the cut clause still pairs with its reference


def test_copy_ending_mid_clause_without_a_marker_is_a_finding() -> None:
    result = run(to_mid_clause())
    assert {f.severity for f in result.flags} == {"error"}
    assert [f for f in result.flags if f.kind == "missing_clause"]


def test_both_pages_present_markers_are_quiet() -> None:
    text = reference().text
    cut = text.index(TAIL_CUT) + len(TAIL_CUT)
    assert run(text[:cut] + "（下转二版）\n（上接一版）" + text[cut:]).flags == []


def test_text_lost_between_two_present_pages_is_still_an_error() -> None:
    # a 下转 followed by its 上接: both parts are in the copy, so what lies between them is lost
    text = reference().text
    cut = text.index(TAIL_CUT) + len(TAIL_CUT)
    result = run(text[:cut] + "（下转二版）\n（上接一版）" + text[cut + 200:])
    assert [(f.kind, f.severity) for f in result.flags] == [("missing_text", "error")]
