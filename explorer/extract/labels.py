"""Labels of figures: the noun phrase a number measures — before it ("…比重达到29%"), after a counter that follows
a verb ("成功应对…等15个台风" → 台风), distributed over a list ("A、B分别增长Q1、Q2"), or taken from the figure
before it ("…126万亿元，增长5.2%"). A mixin of :class:`explorer.extract.figures.FigureExtractor`."""

from __future__ import annotations

import re

from explorer.extract.figure_words import (
    _BASE_TAIL,
    _BASE_YEAR,
    _CLAUSE_DELIM,
    _COMPLEMENT,
    _CONNECTOR,
    _ENUMERATION_NOUN,
    _FROM_BEFORE,
    _GENERIC_HEAD,
    _HEAD_OF_SUBJECT,
    _LEADING_VERB,
    _MEASURE_END,
    _POST_LABEL_VERB,
    _POST_STOP_TOKENS,
    _SCOPE,
    _SHARE_OF,
    _SHARED_HEAD,
    _TO_AFTER,
    _TOTAL_SUFFIX,
    _TRAILING,
    _clause_end,
    _clause_start,
    _ends_with_verb,
    _Item,
    _tag,
    _verb_only,
)
from explorer.extract.numbers import MULTIPLIERS, POST_QUALIFIERS, PRE_QUALIFIERS, UNITS
from explorer.extract.periods import PubDate, find_cues
from explorer.model import Quantity


def value_text(q: Quantity) -> str:
    """The number part of a quantity as written: "8000余万元" → "8000", "百分之六点三" → "六点三"."""
    s = q.text
    for word in sorted(PRE_QUALIFIERS, key=len, reverse=True):
        if s.startswith(word):
            s = s[len(word) :]
            break
    changed = True
    while changed:
        changed = False
        for word in POST_QUALIFIERS:
            if s.endswith(word) and len(s) > len(word):
                s, changed = s[: -len(word)], True
    if q.quantity_type == "ratio":
        return s
    if q.quantity_type == "rank":
        return s.removeprefix("第").removesuffix("位").removesuffix("名") or s
    if q.quantity_type == "multiple" and s.startswith("翻"):
        return s.strip("翻了番")
    for prefix in ("负", "百分之", "千分之"):
        if s.startswith(prefix):
            s = s[len(prefix) :] if prefix != "负" else "-" + s[1:]
    for unit in sorted(
        {q.unit, q.base_unit, q.unit.removeprefix("万").removeprefix("亿")} - {""}, key=len, reverse=True
    ):
        s = s.replace(unit, "")
    s = s.replace("”", "")
    s = re.sub(r"(?<=[\d一二三四五六七八九十两万亿千百])[余多几]", "", s)
    if not s and q.unit[:1] in "万亿千百十":
        return next(
            (w for w in ("万亿", "千亿", "百亿", "十亿", "千万", "百万", "万", "亿") if q.unit.startswith(w)), q.text
        )
    s = re.sub(r"(万亿|千亿|百亿|十亿|千万|百万|万|亿)$", "", s) if q.unit[:1] in "万亿千百十" else s
    return s.strip() or q.text


def _share_units(text: str, qs: list[Quantity]) -> list[Quantity]:
    """ "1409万、1305万人次", "62、86.7%": a list item written without its unit takes the unit of the last item."""
    out = list(qs)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        bare = q.quantity_type == "number" and (q.unit == "" or q.unit in MULTIPLIERS)
        if not bare or not nxt.base_unit or text[q.end : nxt.start] not in ("、", "，", ","):
            continue
        if text[q.end : nxt.start] != "、" and q.unit == "":
            continue
        info = UNITS.get(nxt.base_unit)
        factor = MULTIPLIERS.get(q.unit, 1.0) * (info.factor if info else 1.0)
        unit = q.unit + (nxt.base_unit if info is None or info.factor == 1.0 else nxt.unit[-1:])
        out[i] = Quantity(
            q.text,
            q.start,
            q.end,
            q.value,
            unit,
            q.value * factor,
            nxt.base_unit,
            qualifier=q.qualifier,
            quantity_type=nxt.quantity_type,
        )
    return out


class LabelMixin:
    """Label finding over ``self.text`` (the passage) and ``self.t`` (its folded form)."""

    text: str
    t: str
    pub: PubDate

    def skip(self, q: Quantity | None, why: str) -> None:  # provided by FigureExtractor
        raise NotImplementedError

    def _clean_label(self, lo: int, hi: int) -> tuple[str, int, int]:
        """The label inside text[lo:hi]: without period words, scope words and the verbs before the number."""
        s = self.text[lo:hi]
        # cut period cues out of the label (they become the figure's period)
        for cue in find_cues(s, self.pub):
            if cue.start == 0 or s[: cue.start].strip("，, ") == "":
                lo2 = cue.end
                s, lo = s[lo2:], lo + lo2
                tail = re.match(r"(?:内|以来)", s) if cue.text.endswith("年") else None  # "本年内开始建设的…"
                if tail:
                    s, lo = s[tail.end() :], lo + tail.end()
        for cue in reversed(find_cues(s, self.pub)):
            if cue.start > 0 and s[cue.end :].strip("的，, ") == "":
                s = s[: cue.start]  # "增加到2010年的306亿元": the year dates the figure, it is not its label
        s0 = len(s)
        s = _CONNECTOR.sub("", s)
        lo += s0 - len(s)
        prev = None
        s = _SHARE_OF.sub(lambda m: m.group(1) + m.group(2) + "比重", s)
        s = re.sub(r"^(.*?)是?在[^，。]*?的?基础上", r"\1", s)
        while prev != s:
            prev = s
            s = _TRAILING.sub("", s)
            s = _BASE_YEAR.sub("", s)
            s = _BASE_TAIL.sub("", s) if len(_BASE_TAIL.sub("", s)) >= 2 else s
            s = re.sub(r"的$", "", s)
            s = s.rstrip('“"‘')
            s = s.rstrip("，,、 ")
        # "中央财政全年用于社会保障的资金": 全年 dates the figure, it is no part of the label
        s = re.sub(r"(?<=.)全年(?=.)", "", s)
        s1 = len(s)
        s = _LEADING_VERB.sub("", s) or (s[s.index("计划") + 2 :] if s.startswith(("计划", "原计划")) else "")
        s = re.sub(r"^(?:[一二两三四五六七八九十]|\d{1,2})年(?:来|间|内|中)?(?=.{2})", "", s)  # "五年城镇新增就业"
        lo += s1 - len(s)
        s2 = len(s)
        s = _SCOPE.sub("", s)
        lo += s2 - len(s)
        if len(s) > 40:
            lo += len(s) - 40
            s = s[-40:]
        s = s.strip("“”\"'")
        return s, lo, lo + len(s)

    def _post_phrase(self, q: Quantity, hi: int) -> tuple[str, int, int]:
        """What went on for a duration ("连续4年获评全国营商环境最佳口碑省份"): the clause after it."""
        end = q.end
        stop = end
        while stop < hi and self.text[stop] not in _CLAUSE_DELIM + "、和及与等" and stop - end < 24:
            stop += 1
        s = self.text[end:stop]
        return s, end, stop

    def _post_label(self, q: Quantity, hi: int) -> tuple[str, int, int]:
        """The noun written after a counter ("52个贫困县全部摘帽" → 贫困县), cut at word boundaries (rjieba) so that
        a predicate inside a word does not split it ("39个欠发达县域" stays 欠发达县域)."""
        end = q.end
        text = self.text
        if text[end : end + 1] == "的":
            return "", end, end
        stop = end
        while stop < hi and text[stop] not in _CLAUSE_DELIM + "、" and stop - end < 30:
            stop += 1
        tokens = _tag(text[end:stop])
        pos = 0
        cut = 0
        in_quote = False
        for i, (word, tag) in enumerate(tokens):
            if word in ("“", "‘", '"'):
                in_quote = True
            elif word in ("”", "’") or (word == '"' and in_quote):
                in_quote = False
            elif not in_quote:
                if (
                    word in _POST_STOP_TOKENS
                    or word in "，,；;：:（("
                    or tag[:1] in ("p", "u", "y", "d")
                    or (tag[:1] == "m" and i > 0 and re.search(r"[\d一二两三四五六七八九十百千万亿]", word))
                ):
                    break
            pos += len(word)
            if not in_quote and (tag[:1] != "v" or tag == "vn"):
                cut = pos  # the noun ends with a noun: "国家骨干冷链物流基地建设" → 国家骨干冷链物流基地
            if pos > 20:
                break
        s = text[end : end + cut]
        lead = len(s) - len(s.lstrip("个的"))
        s = s[lead:]
        return s, end + lead, end + lead + len(s)

    def label_items(self, sentence: tuple[int, int], qs: list[Quantity]) -> list[_Item]:
        items = [_Item(q) for q in qs]
        t = self.text
        s_lo, s_hi = sentence
        prev_end = s_lo
        i = 0
        while i < len(items):
            item = items[i]
            q = item.q
            start = q.start
            clause_lo = _clause_start(t, s_lo, start)
            lo = max(clause_lo, prev_end)
            raw = t[lo:start]
            # 分别: "A、B…分别达到Q1、Q2" gives each quantity its own label; without 分别 only when the items
            # and the numbers are both joined by 、 ("战略性新兴产业和高技术制造业增加值年均增长8%、7.2%")
            if i + 1 < len(items) and ("分别" in raw or re.search(r"[、和]", raw)):
                group = [item]
                j = i + 1
                joiner = r"\s*[、和及与,，]\s*" if "分别" in raw else r"、"
                while j < len(items) and re.fullmatch(joiner, t[items[j - 1].q.end : items[j].q.start]):
                    group.append(items[j])
                    j += 1
                labels = None
                while len(group) >= 2 and not labels:
                    labels = self._distribute(lo, start, len(group))
                    if not labels:
                        group.pop()
                if labels:
                    for it, (lab, a, b) in zip(group, labels):
                        it.label, it.label_start, it.label_end = lab, a, b
                    prev_end = group[-1].q.end
                    i += len(group)
                    continue
            if i > 0 and lo == prev_end and "、" in raw:
                # "47项经验、深圳综合改革试点48项经验": after a figure of the same clause the next list item starts
                cut_lo = lo + raw.rfind("、") + 1
                lo, raw = cut_lo, t[cut_lo:start]
            from_at = self._from_to(q, s_lo)
            label, a, b = self._clean_label(lo, from_at if from_at is not None and from_at > lo else start)
            raw_stripped = _TRAILING.sub("", raw.rstrip())
            post_end = None
            counted = q.quantity_type in ("count", "measure", "money", "duration")
            last_item = label.rsplit("、", 1)[-1]
            object_verb = bool(label) and (_ends_with_verb(label) or _verb_only(last_item))
            wants_post = counted and (
                not label
                or len(label) <= 2
                or object_verb
                or _POST_LABEL_VERB.search(raw_stripped.rstrip("，, "))
                and len(label) <= 6
            )
            if counted and object_verb and t[q.end : q.end + 1] == "的":
                label = ""  # "惠及3400万人的引大济岷工程": the number describes the noun after it
                self.skip(q, "describes the noun after it")
                item.label = ""
                prev_end = q.end
                i += 1
                continue
            if wants_post and q.end < s_hi and t[q.end : q.end + 1] not in _CLAUSE_DELIM + "、":
                post, pa, pb = (self._post_phrase if q.quantity_type == "duration" else self._post_label)(
                    q, _clause_end(t, q.end, s_hi)
                )
                if not re.search(r"\w", post):
                    post = ""  # "19亿元……": punctuation is no noun
                if post and not _ENUMERATION_NOUN.match(post) and not _COMPLEMENT.fullmatch(post):
                    if object_verb and label and raw.rstrip().endswith("的") and not _verb_only(label):
                        label, a, b = f"{label}的{post}", None, pb  # "督察反馈的49个限期整改问题": a relative clause
                    elif object_verb:
                        label, a, b = post, pa, pb
                    else:
                        label, a, b = (label + post if label and not _POST_LABEL_VERB.search(label) else post), pa, pb
                    post_end = pb
                    if label != post:
                        a = None
            if label and _verb_only(label.rsplit("、", 1)[-1]):
                label = ""  # "覆盖10.5亿人", "由162个整合为123个": the measured noun is the previous figure's
            if label in _GENERIC_HEAD and i > 0 and items[i - 1].label and not items[i - 1].split:
                label, a, b = self._with_subject(items[i - 1].label, label), None, None
            if (not label or label.startswith(("占", "比重", "占比", "比上年", "较上年", "比去年"))) and i > 0:
                base = items[i - 1]
                # "…126万亿元，增长5.2%，": a bare number continues the previous figure; "1324人凭…晋升职称" does not
                ends_clause = q.end >= s_hi or t[q.end] in _CLAUSE_DELIM + "、和" or bool(label)
                if base.label and not base.split and ends_clause:
                    item.inherited = not label
                    label = base.label + label if label and label.startswith(("占", "比重", "占比")) else base.label
                    if label != base.label:
                        a = b = None
                    else:
                        a, b = base.label_start, base.label_end
            if label and a is not None and ("、" in label or "和" in label):
                each = re.match(r"\s*(?:[^，。；]{0,4}?)(?:(?<![年平人户亩])均|都|分别)", t[b:start])
                rates = q.base_unit == "%" and all(
                    re.search(r"(?:率|比例|比重|占比)$", part) for part in label.split("、")
                )
                if each or rates:  # "…均下降20%"; rates do not add up, so "A率、B率达到90%" holds for each
                    item.split = self._split_list(label, a) or []
            item.label, item.label_start, item.label_end = label, a, b
            prev_end = post_end or q.end
            i += 1
        return items

    def _split_list(self, label: str, a: int) -> list[tuple[str, int | None, int | None]] | None:
        """ "单位国内生产总值能耗、水耗均下降20%" → 单位国内生产总值能耗, 单位国内生产总值水耗."""
        label = re.sub(r"等+$", "", label)
        parts = [p for p in re.split(r"、" if "、" in label else r"[和]", label) if p]
        if not 2 <= len(parts) <= 6 or any(len(p) < 2 for p in parts):
            return None
        first, last = parts[0], parts[-1]
        out: list[tuple[str, int | None, int | None]] = []
        suffix = self._shared_suffix(parts)
        prefix = ""
        if not suffix and len(last) <= 3 and len(first) >= len(last) + 2 and all(len(p) <= 3 for p in parts[1:]):
            prefix = first[: -len(last)]  # "能耗、水耗": the later items share the first one's subject
        offset = 0
        for idx, part in enumerate(parts):
            at = label.find(part, offset)
            offset = at + len(part) if at >= 0 else offset
            full = part
            if suffix and idx < len(parts) - 1 and not part.endswith(suffix):
                full = part + suffix
            if prefix and idx > 0:
                full = prefix + part
            out.append((full, a + at, a + at + len(part)) if full == part and at >= 0 else (full, None, None))
        return out

    def _distribute(self, lo: int, hi: int, n: int) -> list[tuple[str, int | None, int | None]] | None:
        raw = self.text[lo:hi]
        k = raw.rfind("分别")
        label, a, b = self._clean_label(lo, lo + k if k >= 0 else hi)
        if not label:
            return None
        parts = [p for p in re.split(r"[、和及与]", label) if p]
        if len(parts) != n:
            parts = [p for p in label.split("、") if p]  # "信息传输软件和信息技术服务业、租赁和商务服务业"
        if len(parts) != n:
            return None
        parts = [p.strip('“”"') if p.count("“") != p.count("”") else p for p in parts]
        suffix = self._shared_suffix(parts)
        out: list[tuple[str, int | None, int | None]] = []
        offset = a
        for idx, part in enumerate(parts):
            start = label.find(part, offset - a if offset is not None and a is not None else 0)
            full = part + suffix if idx < n - 1 and suffix and not part.endswith(suffix) else part
            if a is not None and start >= 0 and full == part:
                out.append((full, a + start, a + start + len(part)))
            else:
                out.append((full, None, None))
            offset = (a + start + len(part)) if (a is not None and start >= 0) else offset
        return out

    def _from_to(self, q: Quantity, lo: int) -> int | None:
        """Offset of 从/由 when ``q`` is the start value of "从X提高到Y", "由162个整合为123个"; else None."""
        m = _FROM_BEFORE.search(self.t, max(lo, q.start - 16), q.start)
        if m and _TO_AFTER.match(self.t, q.end):
            return m.start()
        return None

    @staticmethod
    def _with_subject(previous: str, head: str) -> str:
        """ "粮食播种面积…、产量" → 粮食产量; "国内生产总值…，总量" → 国内生产总值."""
        if head in ("总量", "总额", "总值", "规模") and _TOTAL_SUFFIX.search(previous):
            return previous
        subject = _HEAD_OF_SUBJECT.sub("", previous)
        if len(subject) < 2:
            return head
        return subject + head

    @staticmethod
    def _shared_suffix(parts: list[str]) -> str:
        head, last = parts[0], parts[-1]
        for width in (2, 1):
            tail = head[-width:]
            pos = last.find(tail)
            if len(head) >= width and pos >= 0 and pos + width < len(last):
                return last[pos + width :]
        if all(len(p) <= 3 for p in parts[:-1]) and len(last) > len(head) + 1:
            return last[len(head) :]
        if len(parts) > 2 and len(parts[-2]) <= 3 and len(last) > len(parts[-2]) + 1 and not _MEASURE_END.search(head):
            return last[
                len(parts[-2]) :
            ]  # "刑事治安、涉诈、涉毒警情": the short item shows where the shared noun starts
        shared = _SHARED_HEAD.search(last)
        if shared and len(last) > len(shared.group()) and not any(_MEASURE_END.search(p) for p in parts[:-1]):
            return shared.group()  # "二氧化硫、氮氧化物排放量", "农村自来水、卫生户厕普及率"
        return ""
