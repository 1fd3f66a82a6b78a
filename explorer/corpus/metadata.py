"""Propose a record's metadata — title, date, issuer, kind, years covered — from a document's text.

Only conventions of Chinese official documents are used, never knowledge of particular documents:
- the head block before the body (before 各位代表： or the first prose paragraph) holds the title, an optional
  ——subtitle, a header line "——2024年3月5日在…会议上" (or "（…会议通过）") and the speaker "国务院总理 李强";
- the opening sentence says on whose behalf the text is spoken: 我代表省人民政府… / 受国务院委托…;
- official documents end with the issuing body and a dateline;
- the document's name (its last kind word: 行动计划/实施方案/规划/纲要 … vs 工作报告/报告/纪实) tells plan from report.
Every value says where it came from in ``evidence`` so that a wrong guess is easy to spot and correct in the YAML.

``propose_metadata`` puts the parts together: the head block (metadata_head.py), the date (metadata_dates.py),
the issuer (metadata_issuer.py), the title and kind (metadata_title.py), the years covered (metadata_covers.py);
a sidecar beside the file wins over all of them (metadata_sidecar.py).  Their public names are re-exported here.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from explorer.corpus.metadata_covers import covers_of, five_year_plan_years
from explorer.corpus.metadata_dates import published_date
from explorer.corpus.metadata_head import BODY_START, DATE, NORMALISE, clean_lines, head_block
from explorer.corpus.metadata_issuer import find_issuer, session_place, short_issuer
from explorer.corpus.metadata_sidecar import apply_sidecar
from explorer.corpus.metadata_title import clean_title, document_kind, head_title, is_generic, title_from_opening
from explorer.corpus.proposed_metadata import ProposedMetadata


def propose_metadata(text: str, filename: str = "") -> ProposedMetadata:
    norm = text.translate(NORMALISE)
    lines = clean_lines(norm)
    head = head_block(lines)
    evidence: dict[str, str] = {}

    place = session_place(head, norm)
    issuer = find_issuer(head, lines, norm, place, evidence)
    title, subtitle = head_title(head, evidence)
    published = published_date(head, lines, norm, title, filename, evidence)
    year = int(published[:4]) if published else None
    if title and is_generic(title):
        qualifier = place or short_issuer(issuer)
        qualified = f"{year}年" if year else ""
        qualified += qualifier if qualifier and not title.startswith(qualifier) else ""
        if qualified:
            title = qualified + title
            evidence["title"] += " + year/place"
    if not title:
        title = title_from_opening(norm, lines, year, place, issuer, evidence)
    if not title:
        stem = PurePath(filename).stem if filename else ""
        prose = [line for line in lines if not BODY_START.match(line)]
        if stem and re.search(r"[\u4e00-\u9fff]", stem):
            title, evidence["title"] = stem, "file name"
        else:
            first = prose[0] if prose else stem
            title = first if len(first) <= 30 else first[:30] + "…"
            evidence["title"] = "first words (a guess)"
    title = clean_title(title)
    guessed = evidence.get("title", "").endswith("(a guess)")
    kind = document_kind("" if guessed else title + (subtitle or ""), norm, evidence)
    covers = covers_of(title, lines, year, kind)
    return ProposedMetadata(
        title=title, published=published, issuer=issuer, kind=kind, covers=covers, evidence=evidence
    )


__all__ = ["DATE", "ProposedMetadata", "apply_sidecar", "clean_title", "five_year_plan_years", "propose_metadata"]
