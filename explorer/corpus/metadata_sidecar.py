"""Metadata a person wrote beside an imported file (``<name>.yaml``, ``.yml`` or ``.json``) win over the proposal.

The shared work reports come with such sidecars ('date: "2011-03-05"', "issuer: 国务院（国务院总理温家宝在…上所作）", whose
note in parentheses is dropped); what they say replaces the field proposed from the text, and the evidence names the
sidecar.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from explorer.corpus.metadata_dates import iso_of
from explorer.corpus.metadata_head import DATE_RE, ISO_DATE
from explorer.corpus.metadata_title import clean_title
from explorer.corpus.proposed_metadata import ProposedMetadata

_SIDECAR_KIND = {
    "plan": "plan",
    "report": "report",
    "work-report": "report",
    "communique": "report",
    "feature": "report",
}


def apply_sidecar(proposed: ProposedMetadata, path: PurePath) -> ProposedMetadata:
    """Metadata a person wrote beside the file (``<name>.yaml``, ``.yml`` or ``.json``, as in the shared work
    reports) win over what the text suggests: title, date (``delivered`` before ``date``/``published``), issuer
    (without a parenthesised note), kind and covers. A sidecar that cannot be read changes nothing."""
    import json
    from pathlib import Path

    import yaml

    data = None
    for suffix in (".yaml", ".yml", ".json"):
        side = Path(path).with_suffix(suffix)
        if side == Path(path) or not side.is_file():
            continue
        try:
            text = side.read_text(encoding="utf-8")
            data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
            data = None
        if isinstance(data, dict):
            break
        data = None
    if data is None:
        return proposed
    values = proposed.to_json()
    evidence = dict(proposed.evidence)
    why = f"sidecar {side.name}"
    title = data.get("title") or data.get("full_title")
    if isinstance(title, str) and title.strip():
        values["title"], evidence["title"] = clean_title(title), why
    for key in ("delivered", "published", "date"):
        value = data.get(key)
        found = DATE_RE.search(str(value)) if value else None
        iso = iso_of(found) if found else None
        if iso is None and value:
            m = ISO_DATE.search(str(value)) or re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", str(value).strip())
            if m:
                parts = [int(g) for g in m.groups() if g]
                iso = "-".join([f"{parts[0]:04d}"] + [f"{x:02d}" for x in parts[1:]])
        if iso:
            values["published"], evidence["published"] = iso, f"{why} ({key})"
            break
    issuer = data.get("issuer")
    if isinstance(issuer, str) and issuer.strip():
        values["issuer"], evidence["issuer"] = re.split(r"[（(]", issuer.strip())[0].strip(), why
    kind = _SIDECAR_KIND.get(str(data.get("kind", "")).strip().lower())
    if kind:
        values["kind"], evidence["kind"] = kind, why
    covers = data.get("covers")
    if isinstance(covers, list) and all(isinstance(y, int) for y in covers) and covers:
        values["covers"], evidence["covers"] = tuple(covers), why
    else:
        values["covers"] = tuple(values["covers"])
    values["evidence"] = evidence
    return ProposedMetadata(**values)


__all__ = ["apply_sidecar"]
