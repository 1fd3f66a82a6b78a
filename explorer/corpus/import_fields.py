"""Metadata given beside an imported text refine what was proposed from it: fields of a JSON line, a format's own
title, the congress a row names.

A JSON line's ``title`` and date fields win over the proposal ("2024" in a field and "2024-03-05" from the header
line agree: the full date is kept); a report to a CPC national congress whose row says which ("congress": 15) but
whose text gives no date is dated to the month the congress met; an HTML ``<title>`` or DOCX/PDF property is used
when the text gave no heading.  Each change says where it came from in the evidence.
"""

from __future__ import annotations

import re
from typing import Any

from .congresses import cpc_congress_month
from .importers import Extracted
from .metadata_title import document_kind
from .proposed_metadata import ProposedMetadata


def normalise_date(value: Any) -> str | None:
    """2024, "2024", "2024-3-5", "2024/03/05", "2024年3月5日" → ISO as precise as given."""
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?", text)
    if not match:
        return None
    year, month, day = match.groups()
    if not 1000 <= int(year) <= 2999 or (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")


def field_value(item: dict, name: str | None) -> str | None:
    if not name:
        return None
    value = item.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return str(value).strip()


def replace_metadata(proposed: ProposedMetadata, *, why: dict[str, str], **changes: Any) -> ProposedMetadata:
    values = proposed.to_json()
    values.update(changes)
    values["covers"] = tuple(values["covers"])
    evidence = {**proposed.evidence, **why}
    values["evidence"] = evidence
    return ProposedMetadata(**values)


def with_congress(proposed: ProposedMetadata, item: dict) -> ProposedMetadata:
    """A report to a CPC national congress whose row says which (``"congress": 15``) but whose text gives no date:
    the month the congress met (public calendar in corpus/congresses.py), said in ``metadata_from``. A date the text
    gives wins when it is as precise ("（2017年10月18日）"); a year guessed from the head does not."""
    month = cpc_congress_month(item.get("congress"))
    published, why = proposed.published, proposed.evidence.get("published", "")
    if month is None or (published and not why.endswith("(a guess)") and not month.startswith(published)):
        return proposed
    if published.startswith(month):
        return proposed
    number = item["congress"]
    return replace_metadata(
        proposed,
        published=month,
        why={"published": f"field congress ({number}): the month the congress met (corpus/congresses.py)"},
    )


def kind_of_title(title: str, fallback: str) -> str:
    """The kind a given title's last kind word says (the same rule as for proposals), else ``fallback``."""
    evidence: dict[str, str] = {}
    kind = document_kind(title, "", evidence)
    return kind if evidence.get("kind", "").startswith("title") else fallback


def more_precise(given: str, proposed: str) -> str:
    """A year from a field and a full date from the text that agrees with it: keep the full date."""
    return proposed if proposed and proposed.startswith(given) and len(proposed) > len(given) else given


def with_hints(proposed: ProposedMetadata, extracted: Extracted) -> ProposedMetadata:
    """Use the format's own title (HTML <title>, DOCX/PDF properties) when the text gave no heading."""
    hint = str(extracted.hints.get("title") or "").strip()
    if hint and proposed.evidence.get("title") in {"first line", "file name"}:
        return replace_metadata(
            proposed,
            title=hint,
            kind=kind_of_title(hint, proposed.kind),
            why={"title": f"{extracted.format} metadata"},
        )
    return proposed


__all__ = [
    "field_value",
    "kind_of_title",
    "more_precise",
    "normalise_date",
    "replace_metadata",
    "with_congress",
    "with_hints",
]
