"""The words that qualify a quantity: before it ("超过", "不低于", "约", "力争") and after it ("以上", "左右", "多").

"超过100万亿元" is a lower bound, "力争…5%左右" an aim; the qualifier is kept on the ``Quantity`` (comma-joined) and the
span grows to cover it.  A verb ending in 约 is not a qualifier: "节约二十亿元" saves, it does not estimate.
"""

from __future__ import annotations

import re

from explorer.model import Quantity

PRE_QUALIFIERS = (
    "大于等于",
    "小于等于",
    "大于或等于",
    "小于或等于",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不小于",
    "不大于",
    "不足",
    "不到",  # "从不到70万亿元增加到超过100万亿元": less than, like 不足
    "超过",
    "突破",
    "将近",
    "接近",
    "大约",
    "至少",
    "最多",
    "最少",
    "高于",
    "低于",
    "大于",
    "小于",
    "多于",
    "少于",
    "力争",
    "逾",
    "超",
    "约",
    "近",
)
POST_QUALIFIERS = ("以上", "以下", "左右", "以内", "上下", "多", "余", "强")
_PRE_RE = "|".join(PRE_QUALIFIERS)
_POST_RE = "|".join(POST_QUALIFIERS)

_PRE = re.compile(rf"(?:{_PRE_RE})(?:了)?(?:达到|达|有|是|为)?$")
_POST = re.compile(rf"(?:{_POST_RE})")


def with_qualifiers(text: str, t: str, q: Quantity) -> Quantity:
    quals: list[str] = []
    start, end = q.start, q.end
    pre = _PRE.search(t, max(0, start - 6), start)
    if pre and pre.group().startswith("约") and t[pre.start() - 1 : pre.start()] in tuple("节制签条公契预婚"):
        pre = None  # "节约二十亿元": 约 ends the verb 节约, it qualifies nothing
    if pre:
        word = re.sub(r"了?(?:达到|达|有|是|为)?$", "", pre.group())
        quals.append(word)
        if pre.end() == start and not pre.group().endswith(("达到", "达", "有", "是", "为")):
            start = pre.start()
    if q.qualifier:
        quals.append(q.qualifier)
    post = _POST.match(t, end)
    if post and not (post.group() in ("多", "余", "强") and q.qualifier):
        if post.group() != "强" or q.quantity_type in ("number", "percent"):
            quals.append(post.group())
            end = post.end()
    if not quals:
        return q
    seen: list[str] = []
    for word in quals:
        if word not in seen:
            seen.append(word)
    return Quantity(
        text[start:end],
        start,
        end,
        q.value,
        q.unit,
        q.base_value,
        q.base_unit,
        qualifier=",".join(seen),
        value_max=q.value_max,
        base_value_max=q.base_value_max,
        ratio=q.ratio,
        quantity_type=q.quantity_type,
    )


__all__ = ["POST_QUALIFIERS", "PRE_QUALIFIERS", "with_qualifiers"]
