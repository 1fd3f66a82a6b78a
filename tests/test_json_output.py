"""The --json encoder (orjson, with the standard library for what orjson refuses): the same values as the
standard library wrote, one compact item a line, control characters escaped, numbers that are not finite null."""

from __future__ import annotations

import json
import math

from explorer.commands.output import json_text
from explorer.extract.status import Reading, assess
from explorer.model import RefEnd, Reference


def test_a_listing_holds_the_values_the_standard_library_wrote_one_item_a_line():
    refs = [
        Reference(
            "cites", RefEnd(doc="a", passage=1, text="《规划》\u2028\x85\u202e"), RefEnd(title="规划"), 0.5, ("x",)
        ),
        {1: "a", None: 2.5, "big": 2**70, "lone": "\ud800"},
    ]
    text = json_text(refs)
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    assert "\\u2028" in text and "\\u0085" in text and "\\u202e" in text and "\\ud800" in text
    assert json.loads(text) == json.loads(json.dumps(refs, default=lambda o: o.__dict__, ensure_ascii=False))


def test_a_number_that_is_not_finite_is_null_in_lists_and_objects():
    # a target equal to its base whose value slipped: progress is -inf, which JSON cannot say
    slipped = assess(Reading(100.0, 2025, None), Reading(90.0, 2025, None), Reading(100.0, 2020, None), "higher")
    assert slipped.ratio is not None and math.isinf(slipped.ratio)
    for value in ([{"ratio": slipped.ratio, "nan": math.nan}], {"ratio": slipped.ratio, "nan": math.nan}):
        parsed = json.loads(json_text(value))  # strict JSON: no Infinity, no NaN
        item = parsed[0] if isinstance(parsed, list) else parsed
        assert item == {"ratio": None, "nan": None}
    assert json.loads(json_text([{"lone": "\ud800", "ratio": -math.inf}])) == [{"lone": "\ud800", "ratio": None}]
