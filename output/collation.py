"""The files of a collation: collation.csv/.parquet, witnesses.csv, consensus.txt, collation.html.

Schemas in docs/data-dictionary.md ("Collation outputs"). collation.csv has the fixed columns of
PLACE_COLUMNS, then one `reading:<witness>` column per witness in the order given. All files are
written atomically (output.atomic) through the project's CSV/Parquet writers (output.tables).
The HTML page is self-contained (inline CSS, no script, no network) and every text reaches it
through jinja2 autoescaping. A variant place is a focusable span whose table of readings opens
on click or Tab (CSS :focus): <details> cannot sit inline in running text (Chromium lays each one
out as a block, breaking the line after every place).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import pyarrow as pa

from output.atomic import atomic_write_text
from output.tables import Record, write_csv, write_parquet
from reference.collate import Collation
from reference.collate_places import Place
from reference.collate_text import consensus_text, tie_listing

PLACE_COLUMNS: tuple[str, ...] = (
    "place_id", "clause_id", "offset", "length", "consensus", "status", "class", "copies",
    "readings_count", "consensus_support", "runner_up_support", "readings", "note",
)  # fmt: skip
WITNESS_COLUMNS: tuple[str, ...] = (
    "witness", "file", "votes", "units", "duplicated_units", "places", "agrees", "stands_alone",
    "in_minority", "not_covered", "units_omitted", "agreement", "reliability", "ties",
)  # fmt: skip
_PLACE_TYPES = {"offset": pa.int64(), "length": pa.int64(), "copies": pa.int32(),
                "readings_count": pa.int32(), "consensus_support": pa.float64(),
                "runner_up_support": pa.float64()}
STRENGTHS = ("agreed", "weak", "split", "near_tie", "tie")  # CSS classes, least to most disputed


def write_collation(out_dir: Path, result: Collation) -> dict[str, Path]:
    """Write every collation file into `out_dir`; returns {name: path}."""
    out_dir = Path(out_dir)
    paths = {name: out_dir / name for name in
             ("collation.csv", "collation.parquet", "witnesses.csv", "consensus.txt", "collation.html")}
    columns = place_columns(result)
    records = place_records(result)
    write_csv(paths["collation.csv"], records, columns)
    write_parquet(paths["collation.parquet"], records, columns, place_schema(columns))
    write_csv(paths["witnesses.csv"], witness_records(result), WITNESS_COLUMNS)
    atomic_write_text(paths["consensus.txt"], consensus_file(result))
    atomic_write_text(paths["collation.html"], render_html(result))
    return paths


FAILED_COLUMNS: tuple[str, ...] = ("file", "error")


def write_failed(out_dir: Path, failed: list[Record]) -> Path | None:
    """failed.csv: the copies that could not be read, with why (nothing written when none failed)."""
    path = Path(out_dir) / "failed.csv"
    if not failed:
        path.unlink(missing_ok=True)  # a stale list from an earlier run would mislead
        return None
    write_csv(path, failed, FAILED_COLUMNS)
    return path


def witness_column(name: str) -> str:
    """The collation.csv column holding one witness's readings."""
    return f"reading:{name}"


def place_columns(result: Collation) -> tuple[str, ...]:
    """PLACE_COLUMNS followed by one reading column per witness."""
    return PLACE_COLUMNS + tuple(witness_column(w.name) for w in result.witnesses)


def place_schema(columns: tuple[str, ...]) -> pa.Schema:
    """Parquet schema of collation.parquet: numbers typed, every other column a string."""
    return pa.schema([pa.field(c, _PLACE_TYPES.get(c, pa.string()), nullable=True) for c in columns])


def place_records(result: Collation) -> list[Record]:
    """One record per variant place (regional variants and unit presence included)."""
    return [_place_record(result, n, place) for n, place in enumerate(result.places, start=1)]


def _place_record(result: Collation, n: int, place: Place) -> Record:
    names = [w.name for w in result.witnesses]
    readings = [{"reading": r.shown, "support": round(r.support, 3),
                 "witnesses": [names[w] for w in r.witnesses]} for r in place.readings]
    record: Record = {
        "place_id": f"V{n:05d}", "clause_id": place.clause_id, "offset": place.offset,
        "length": len(place.winner.shown) if not place.note.startswith("unit") else None,
        "consensus": place.winner.shown, "status": place.status, "class": place.klass,
        "copies": len(place.by_witness), "readings_count": len(place.readings),
        "consensus_support": round(place.winner.support, 3),
        "runner_up_support": round(place.readings[1].support, 3) if len(place.readings) > 1 else None,
        "readings": json.dumps(readings, ensure_ascii=False), "note": place.note,
    }
    for w, reading in place.by_witness.items():
        record[witness_column(names[w])] = reading.shown
    return record


def witness_records(result: Collation) -> list[Record]:
    """One record per witness: how often it agrees, stands alone, is in a minority or not covered."""
    return [_witness_record(result, w) for w in range(len(result.witnesses))]


def _witness_record(result: Collation, w: int) -> Record:
    witness = result.witnesses[w]
    counts = dict.fromkeys(("places", "agrees", "stands_alone", "in_minority", "not_covered",
                            "units_omitted", "ties"), 0)
    for place in result.places:
        reading = place.by_witness.get(w)
        if reading is None:
            counts["not_covered"] += 1
        elif place.note.startswith("unit") and not reading.norm:
            counts["units_omitted"] += 1
        if reading is None or place.note.startswith("unit"):
            continue
        counts["places"] += 1
        if place.status == "tie":  # an even split decides nothing about this copy
            counts["ties"] += 1
            continue
        group = next(r for r in place.readings if w in r.witnesses)
        if group is place.winner:
            counts["agrees"] += 1
        elif len(group.witnesses) == 1 and len(place.by_witness) > 2:
            counts["stands_alone"] += 1
        else:
            counts["in_minority"] += 1
    return {
        "witness": witness.name, "file": witness.path, "votes": "yes" if witness.votes else "no",
        "units": len(witness.clauses),
        "duplicated_units": len(result.alignment.duplicates.get(w, [])), **counts,
        "agreement": round(counts["agrees"] / decided, 4) if (decided := counts["places"] - counts["ties"]) else None,
        "reliability": round(result.reliability.get(w, 0.0), 4),
    }


def consensus_file(result: Collation) -> str:
    """consensus.txt: the text with ties in ⟦⟧, then the list of ties with their readings."""
    ties = tie_listing(result)
    text = consensus_text(result, marked=True)
    note = ("# Ties: ⟦…⟧ above marks a place where the copies are evenly split; the reading printed "
            "is that of the most reliable copy. Readings with their copies:")
    return text + "\n\n" + "\n".join([note, *ties] if ties else ["# Ties: none"]) + "\n"


# ---- collation.html ---------------------------------------------------------------------------

def strength(place: Place) -> str:
    """How strongly the copies disagree at a place (one of STRENGTHS)."""
    if place.status in ("tie", "near_tie"):
        return place.status
    if place.status == "agreed" or place.klass == "regional_variant":
        return "agreed"
    total = sum(r.support for r in place.readings) or 1.0
    return "weak" if place.winner.support / total >= 0.75 else "split"


def html_units(result: Collation) -> list[dict[str, Any]]:
    """Each column as text pieces and places, for the template."""
    units = []
    for k, column in enumerate(result.columns):
        places = sorted((p for p in result.places if p.column == k and not p.note.startswith("unit")),
                        key=lambda p: p.offset)
        presence = next((p for p in result.places if p.column == k and p.note.startswith("unit")), None)
        parts: list[dict[str, Any]] = []
        at = 0
        text = column.text
        for place in places:
            parts.append({"text": text[at:place.offset]})
            parts.append({"place": _html_place(result, place)})
            at = place.offset + len(place.winner.shown)
        parts.append({"text": text[at:]})
        units.append({"clause_id": column.clause_id, "in_consensus": column.in_consensus, "parts": parts,
                      "presence": _html_place(result, presence) if presence else None})
    return units


def _html_place(result: Collation, place: Place) -> dict[str, Any]:
    names = [w.name for w in result.witnesses]
    rows = []
    for reading in place.readings:
        who = [f"{names[w]} (p. {place.by_witness[w].page})" if place.by_witness[w].page else names[w]
               for w in reading.witnesses]
        rows.append({"reading": reading.shown, "support": f"{reading.support:.2f}", "witnesses": ", ".join(who)})
    return {"shown": place.winner.shown, "strength": strength(place), "status": place.status,
            "klass": place.klass, "rows": rows}


_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>校勘 collation</title>
<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 1100px;
       margin: 0 auto; padding: 1.5em; line-height: 1.9; color: #222; }
.unit { margin: .6em 0; white-space: pre-wrap; } .unit .id { color: #888; font-size: .8em; margin-right: .5em; }
.unit.out { color: #777; border-left: 4px solid #bbb; padding-left: .6em; }
.place { position: relative; cursor: pointer; border-radius: 2px; }
.place .readings { display: none; position: absolute; left: 0; top: 1.6em; z-index: 2; white-space: normal; }
.place:focus .readings, .place:focus-within .readings { display: table; }
.agreed { border-bottom: 1px dotted #9ab; } .weak { background: #e6f0fa; }
.split { background: #ffe0a3; } .near_tie { background: #f9b97a; }
.tie { background: #f08c84; } .omission { color: #b3261e; }
table.readings { border-collapse: collapse; font-size: .9em; background: #fafafa; box-shadow: 0 2px 6px #0004; min-width: 24em; }
table.readings td, table.readings th { border: 1px solid #ccc; padding: 0 .4em; white-space: normal; }
.legend span { padding: 0 .4em; margin-right: .6em; }
</style></head><body>
<h1>校勘 Collation of {{ witnesses|length }} copies</h1>
<p>{% for w in witnesses %}{{ w.name }}{% if not w.votes %} (shown, not voting){% endif %}{% if not loop.last %} · {% endif %}{% endfor %}</p>
<p class="legend">Disagreement: <span class="agreed" style="border-bottom:1px dotted #9ab">regional / agreed</span>
<span style="background:#e6f0fa">weak</span><span style="background:#ffe0a3">split</span>
<span style="background:#f9b97a">near tie</span><span style="background:#f08c84">tie</span>
— click (or tab to) a marked reading to see every copy's.</p>
{% macro place(p) -%}
<span class="place {{ p.strength }}" tabindex="0">{% if p.shown %}{{ p.shown }}{% else %}<span class="omission">‸</span>{% endif %}<table class="readings"><tr><th>reading</th><th>support</th><th>copies (pages)</th></tr>{% for r in p.rows %}<tr><td>{% if r.reading %}{{ r.reading }}{% else %}<em>(omitted)</em>{% endif %}</td><td>{{ r.support }}</td><td>{{ r.witnesses }}</td></tr>{% endfor %}<tr><td colspan="3">{{ p.status }} · {{ p.klass }}</td></tr></table></span>
{%- endmacro %}
{% for u in units %}<div class="unit{% if not u.in_consensus %} out{% endif %}"><span class="id">{{ u.clause_id }}{% if not u.in_consensus %} — not in the consensus: only some copies have it{% endif %}</span>{% if u.presence %}{{ place(u.presence) }} {% endif %}{% for part in u.parts %}{% if part.place %}{{ place(part.place) }}{% else %}{{ part.text }}{% endif %}{% endfor %}</div>
{% endfor %}
</body></html>
"""


def render_html(result: Collation) -> str:
    """collation.html: the consensus with every variant place marked and opening to its readings."""
    env = jinja2.Environment(autoescape=True, trim_blocks=False)
    template = env.from_string(_TEMPLATE)
    return template.render(witnesses=result.witnesses, units=html_units(result))
