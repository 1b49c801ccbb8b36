"""Property tests for cleaning: idempotent, nothing lost silently, never raises."""

import re
from collections import Counter
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.clean import clean_text
from extract.normalize import FULL_STOP, HALF_WIDTH_EXTRA, PUNCT_TO_FULL_WIDTH

CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("质量强国建设纲要一二三、（）()，,。.；;：:！!？?——专栏第页共 \n\t\u3000\u200b#*0123456789５ＧabcＤ-/—")
    ),
    max_size=300,
)
ANY_TEXT = st.text(max_size=200)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters normalisation may turn into others (documented in extract/normalize.py).
_SUBSTITUTES = {full: half for half, full in PUNCT_TO_FULL_WIDTH.items()} | {FULL_STOP: "."}


def _canonical(text: str) -> str:
    """Compare characters modulo the documented normalisation substitutions."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_SUBSTITUTES.get(ch, ch) for ch in text)
    text = "".join(HALF_WIDTH_EXTRA.get(ch, ch) for ch in text)
    return re.sub(r"[\s\u200b-\u200d\u2060\ufeff\u00ad*#_]", "", text)


@SETTINGS
@given(CJK_TEXT)
@example(",\n—")  # the join gives `,` a CJK neighbour: `，` must come on the first pass
@example("0\u200b")  # a page number hidden behind a zero-width space: removed on the first pass
@example(":0\na\n:")  # `a` alone read as a heading, `:0a` not: headings are judged as whole paragraphs
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text).text
    assert clean_text(once).text == once


@SETTINGS
@given(CJK_TEXT)
def test_every_character_is_kept_or_accounted_for(text: str) -> None:
    # a multiset, not a set: a dropped line whose characters also occur elsewhere is still missed
    doc = clean_text(text)
    kept = Counter(_canonical("".join(p.original for p in doc.paragraphs)))
    removed = Counter(_canonical("".join(r.text for r in doc.removed)))
    missing = Counter(_canonical(text)) - kept - removed
    assert not missing, missing


@SETTINGS
@given(ANY_TEXT)
def test_never_raises_on_arbitrary_unicode(text: str) -> None:
    doc = clean_text(text)
    for paragraph in doc.paragraphs:
        assert paragraph.spans[-1].end == len(paragraph.text)


@SETTINGS
@given(st.sampled_from(["", "\n\n\n", "，。、；：！？", "......", "—— —— ——", "\f\f", "#", "**"]))
def test_edge_inputs(text: str) -> None:
    clean_text(text)


def test_very_long_line() -> None:
    line = "质量强国建设纲要，" * 20000
    doc = clean_text(line)
    assert doc.text == line
