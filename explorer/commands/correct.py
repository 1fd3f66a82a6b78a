"""``policy-explorer correct …``: the researcher's corrections, written to the corpus's corrections.yaml.

    correct figure cn-gwr-2023#71@24 --role actual --year 2022     fix what the extractor read
    correct veto cn-gwr-2023#80@31                                  drop a figure
    correct merge 空气质量优良天数 优良天数比例 --into 空气质量优良天数比率
    correct split 城镇化率 --match 户籍 --into 户籍人口城镇化率
    correct unlink cn-gwr-2022#40@12 cn-gwr-2023#71@24             never compare a target with this value
    correct list                                                    what is corrected

Figure names (doc#passage@offset) are shown by ``series X`` and ``targets --csv``.
"""

from __future__ import annotations

import argparse
from typing import Any

from explorer.corrections import ROLES, Correction, add_correction, figure_id, load_corrections
from explorer.extract.prepare import corrections_path, forget

ACTIONS = ("figure", "veto", "merge", "split", "unlink", "list")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("items", nargs="*", help="figure name(s) doc#passage@offset, or indicator name(s)")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--year", type=int)
    p.add_argument("--value", type=float)
    p.add_argument("--indicator")
    p.add_argument("--jurisdiction", help='"country", "province:江西", "city:南昌"')
    p.add_argument("--into", help="merge/split: the indicator the figures become")
    p.add_argument("--match", help="split: a word of the label that picks the figures")
    p.add_argument("--note", default="")


class CorrectionError(Exception):
    """A correction the user must fix: one line."""


def build(args: argparse.Namespace, known_figures: set[str]) -> Correction:
    items = list(args.items)
    if args.action in ("figure", "veto"):
        if len(items) != 1:
            raise CorrectionError(f"correct {args.action} needs one figure name (doc#passage@offset)")
        if items[0] not in known_figures:
            raise CorrectionError(f"no figure {items[0]!r} in this corpus (see `series X` or `targets --csv`)")
        if args.action == "veto":
            return Correction("veto", figure=items[0], note=args.note)
        values = {
            k: v
            for k, v in (
                ("role", args.role),
                ("year", args.year),
                ("value", args.value),
                ("indicator", args.indicator),
                ("jurisdiction", args.jurisdiction),
            )
            if v is not None
        }
        if not values:
            raise CorrectionError("say what to fix: --role, --year, --value, --indicator or --jurisdiction")
        return Correction("set", figure=items[0], values=tuple(values.items()), note=args.note)
    if args.action == "merge":
        if not items or not args.into:
            raise CorrectionError("correct merge needs indicator names and --into NAME")
        return Correction("merge", names=tuple(items), into=args.into, note=args.note)
    if args.action == "split":
        if len(items) != 1 or not args.match or not args.into:
            raise CorrectionError("correct split needs one indicator, --match WORD and --into NAME")
        return Correction("split", names=(items[0],), match=args.match, into=args.into, note=args.note)
    if args.action == "unlink":
        if len(items) != 2 or not all(i in known_figures for i in items):
            raise CorrectionError("correct unlink needs two figure names of this corpus: the target, then the value")
        return Correction("unlink", target=items[0], reported=items[1], note=args.note)
    raise CorrectionError(f"unknown action {args.action!r}")


def run(ws: Any, args: argparse.Namespace, out: Any) -> int:
    path = corrections_path(ws)
    if args.action == "list":
        corrections, problems = load_corrections(path)
        out.problems(problems)
        entries = [c.to_yaml() for c in corrections.entries]

        def render() -> None:
            if not entries:
                out.console.print(f"no corrections in {path}")
            for e in entries:
                out.console.print(" ".join(f"{k}={v}" for k, v in e.items()), markup=False)

        out.data(entries, render)
        return 1 if problems else 0
    known = {figure_id(f) for f in ws.figures()}
    try:
        entry = build(args, known)
    except CorrectionError as exc:
        out.err.print(f"policy-explorer: {exc}", markup=False)
        return 2
    corrections, problems = add_correction(path, entry)
    if problems:
        out.problems(problems)
        out.err.print(f"policy-explorer: {path} was left as it is; fix it first", markup=False)
        return 2
    forget(ws)

    def render_saved() -> None:
        out.console.print(f"saved to {path} ({len(corrections)} correction(s))", markup=False)

    out.data(entry.to_yaml(), render_saved)
    return 0


__all__ = ["add_arguments", "run", "build", "ACTIONS"]
