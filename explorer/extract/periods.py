"""When a figure holds: period expressions of Chinese policy texts, read against the document's date.

A *cue* is a period expression found in the text ("到2026年", "2024-2026年", "截至2023年12月", "今年上半年",
"十四五", "连续6年", "五年来"), resolved to a period string and its end year.  Relative cues (今年, 去年,
一年来, 全年, N年来) need the publication date; when the date cannot settle them they resolve to no year —
never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from explorer.extract.numbers import fold, parse_number
from explorer.text.numerals import five_year_period

_CN = "零〇一二两三四五六七八九十"


@dataclass(frozen=True)
class PubDate:
    year: int | None
    month: int | None
    review: int | None = None  # the year the document looks back on, when its genre tells (see timeline.py)
    communique: bool = False  # a statistical communiqué: its bare 年末 is the end of the year it reports on

    @classmethod
    def parse(cls, published: str | PubDate | None) -> PubDate:
        if isinstance(published, PubDate):
            return published
        m = re.match(r"(\d{4})(?:-(\d{1,2}))?", published or "")
        if not m:
            return cls(None, None)
        return cls(int(m.group(1)), int(m.group(2)) if m.group(2) else None)

    @property
    def review_year(self) -> int | None:
        """The year a retrospective ("一年来", "全年", "五年来") ends in: the one the genre tells (a work report
        to a congress looks back on the year before it, a communiqué on the year in its title), else the
        previous year for documents of the first quarter (reports to the spring congresses), else unknown."""
        if self.review is not None:
            return self.review
        if self.year is None or self.month is None:
            return None
        return self.year - 1 if self.month <= 3 else None

    @property
    def plan_start(self) -> int | None:
        """First year of "今后五年": the year of a spring document, the next one for an autumn one (a party
        congress in October plans from the next year on)."""
        if self.year is None:
            return None
        return self.year + 1 if self.month is not None and self.month >= 10 else self.year


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str
    period: str | None
    year: int | None
    kind: str  # point | until | range | since | relative | plan | run | review | now
    run: int | None = None  # for 连续N年: the length of the run, resolved later against the reported year


# Five-year plans: from the 3rd (1966–1970) on they follow each other without gaps.
_FYP = re.compile(r"[“\"]?(十[一二三四五六]五|十五)[”\"]?(?:规划)?(?P<tail>时期|期间|以来|末|期末|前|规划期|期)?")
_FYP_NAME = re.compile(r"[^，。；,;：]{0,12}?(?:规划|方案|计划|纲要|行动)")
_RANGE = re.compile(r"(\d{4})\s*年?\s*(?:-|—|–|至|到|~)\s*(\d{4})\s*年")
_RANGE_NAME = re.compile(r"[^，。；、“”《》]{0,12}?(?:发展纲要|规划纲要|纲要|规划)(?![目指任期时])")
_MONTH_RANGE = re.compile(r"(\d{4})年(\d{1,2})月\s*(?:-|—|至|到)\s*(?:(\d{4})年)?(\d{1,2})月")
_UNTIL_MONTH = re.compile(r"(截至|截止|到|至)(\d{4})年(\d{1,2})月(?:底|末|份)?")
_PART = re.compile(
    r"(?P<y>\d{4})年(?P<p>上半年|下半年|前三季度|第?一季度|第?二季度|第?三季度|第?四季度|(?P<m1>\d{1,2})[-—至到](?P<m2>\d{1,2})月|(?P<m>\d{1,2}|十[一二]|[一二三四五六七八九十])月(?:份|底|末)?)"
)
_YEAR = re.compile(
    r"(?P<pre>到|至|截至|截止|截止到|于|在)?(?P<y>\d{4})年(?P<suf>底|末|前|以来|以后|后|中(?![央国共小部西东南北医外华])|初)?"
)  # "2003年中央财政支出": 中 opens 中央, it is no mid-year
_RELATIVE = re.compile(
    r"(今年|本年|当年|去年|(?<!基础)上年|上一年|前年|明年|全年)(上半年|下半年|前三季度|一季度|前[两二三]季度)?(?!均)"
)  # "在…的基础上年均增长7%": 上 ends 基础上 and 年 opens 年均
_REVIEW = re.compile(r"(一年来|过去一年|刚刚过去的一年|过去的一年|回望过去一年)")
_YEAR_END = re.compile(r"(?<![\d年今去明本当上])年(?:末|底)")
_SINCE_N = re.compile(
    rf"(?:(?:过去|近|最近)(?P<a>\d+|[{_CN}]+)年|(?P<b>\d+|[{_CN}]+)年(?:以)?来|这(?P<c>\d+|[{_CN}]+)年(?![代级])"
    # "新时代十年的伟大变革" in the 2022 congress report: the ten years it looks back on
    rf"|新时代(?P<d>\d+|[{_CN}]+)年(?![代级])"
    # "五年间，国务院提出法律议案50件" opening a clause (not "从一九七八年到一九八五年八年间", whose range says the
    # years, nor "大庆原油产量在十七年间", a span of its own)
    rf"|(?:(?<=^)|(?<=[，。；：,;:\s]))(?P<e>\d+|[{_CN}]+)年间)"
)
# "历年来处理的反革命分子中…占16.8%", "多年来": a span of unstated years — no single year, and no frame may give one
# ("失业率为多年来最低" compares, it does not date)
_MANY_YEARS = re.compile(r"(?<![为是创达])(?:历年来|历年以来|多年来|多年以来|长期以来)(?!最|新|之|少有|罕见|未有|的最)")
# "力争用二十年的时间使工农业总产值翻两番" (1981): the twenty years from the document's on, 1981–2000
_WITHIN_N = re.compile(rf"(?:用|经过|再用|花)(?P<n>\d+|[{_CN}]+)年(?:左右)?(?:的)?时间")
# "今后五年…年均增长7%" in a 2011 report: 2011–2015
_AHEAD_N = re.compile(rf"(?:今后|未来|此后|往后)(?P<n>\d+|[{_CN}]+)年(?![代级])")
_NOW = re.compile(r"截至目前|截止目前|截至当前|到目前为止|至今|(?:(?<=^)|(?<=[，。；：、\s]))(?:目前|现在|当前)")
_RUN = re.compile(rf"(?:连续|已连续|持续)(?P<n>\d+|[{_CN}]+)年")
_NOT_PERIOD_BEFORE = re.compile(r"(?:比|较|与|同|相比|相当于|等于|等於|对比|超过|低于|高于|回到|恢复到|恢复至)$")


_FYP_N = {"十五": 10, "十一五": 11, "十二五": 12, "十三五": 13, "十四五": 14, "十五五": 15, "十六五": 16} | {
    c + "五": i + 1 for i, c in enumerate("一二三四五六七八九")
}


def _fyp_years(name: str) -> tuple[int, int] | None:
    """ "十四五" → (2021, 2025), "六五" → (1981, 1985): the first plan ran 1953–1957, the second 1958–1962, and
    from the third (1966–1970) on they follow each other without gaps."""
    n = _FYP_N.get(name)
    return None if n is None else five_year_period(n)


# Older texts: "第六个五年计划期间", "“六五”期间", "六五计划期间" (a bare 五五 or 一五 is too ambiguous to read)
_FYP_OLD = re.compile(
    r"第(?P<a>[一二三四五六七八九十]{1,3})个五年(?:计划|规划)(?P<t1>时期|期间|期内|内|中)?"
    r"|[“\"](?P<b>[一二三四五六七八九])五[”\"](?:计划)?(?P<t2>时期|期间)?"
    r"|(?<![\u4e00-\u9fff])(?P<c>[一二三四五六七八九])五计划(?P<t3>时期|期间|(?=把|要求|规定|提出|确定))"
)
_CENTURY_END = re.compile(r"(?:到|至)?本世纪(?:末|内)")
_BASE_AFTER = re.compile(r"[”\"]?(?:的)?(?:基数|为基数|为基期|为基准|水平上|的基础)")
# "2002年高等学校在校生1600万人，是1997年的2.3倍": the year a multiple is taken of is a base year
_MULTIPLE_OF = re.compile(r"(?:的)?[^，。；]{0,12}?[\d一二两三四五六七八九十][\d.点一二两三四五六七八九十多]*倍")
# "对2000年底以前发布的756件行政法规进行全面清理": a cut-off that qualifies a noun, not the figure's time
_CUT_OFF_OF = re.compile(r"(?:以前|之前)[^，。；]{0,8}?的")
# "1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元": the years compared span a period, the start values
# are the earlier year's
_COMPARED_YEARS = re.compile(r"(\d{4})年(?:同|与|和|比)(\d{4})年(?:相比|比较|对比)")
# "从一九五七年冬季开始，…两年共增加灌溉面积五亿五千万亩", "从2002年1月1日起": the start of a span that runs to the
# year the document looks back on, not the year of the figures told after it
_FROM_START = re.compile(r"[^，。；]{0,8}?(?:开始|起(?!来|草|步|点|因))")


def _inside_brackets(t: str, start: int) -> bool:
    """A cue inside "(2024-2030年)" or 《…》 names a document, not the figure's period."""
    before = t[max(0, start - 40) : start]
    for opening, closing in (("(", ")"), ("（", "）"), ("《", "》")):
        i = before.rfind(opening)
        if i >= 0 and closing not in before[i:]:
            return True
    return False


_CN_YEAR = re.compile(
    r"(?=[0-9一二三四五六七八九〇○零]{4}年)(?=.{0,3}[一二三四五六七八九〇○零])[0-9一二三四五六七八九〇○零]{4}(?=年)"
)
_CN_YEAR_DIGITS = str.maketrans("一二三四五六七八九〇○零", "123456789000")


def arabic_years(text: str) -> str:
    """ "一九五八年" → "1958年", character for character (offsets stay): older reports write years so."""
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_DIGITS), text)


def find_cues(text: str, published: str | PubDate | None = None) -> list[Cue]:
    """Every period expression in ``text`` (spans into ``text``), resolved against the publication date."""
    t = arabic_years(fold(text))
    pub = PubDate.parse(published)
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []

    def add(cue: Cue) -> None:
        started = _FROM_START.match(t, cue.end) if t[max(0, cue.start - 1) : cue.start] in ("从", "自") else None
        if started and cue.kind == "point" and cue.year is not None:
            last = max(cue.year, pub.review_year or pub.year or cue.year)
            period = f"{cue.year}-{last}" if last > cue.year else str(cue.year)
            cue = Cue(cue.start, started.end(), t[cue.start : started.end()], period, last, "since")
        if any(not (cue.end <= s or cue.start >= e) for s, e in taken):
            return
        if (
            _NOT_PERIOD_BEFORE.search(t, max(0, cue.start - 4), cue.start)
            or _inside_brackets(t, cue.start)
            or _BASE_AFTER.match(t, cue.end)
            or t[max(0, cue.start - 1) : cue.start] == "以"
            or (t[max(0, cue.start - 1) : cue.start] in ("是", "为", "為") and _MULTIPLE_OF.match(t, cue.end))
            or (cue.kind == "point" and _CUT_OFF_OF.match(t, cue.end))
        ):
            return  # "以一九五四年为基数", "在一九五四年的基数上": a base year, not the figure's period
        cues.append(cue)
        taken.append((cue.start, cue.end))

    for m in _MONTH_RANGE.finditer(t):
        y1, m1 = int(m.group(1)), int(m.group(2))
        y2 = int(m.group(3)) if m.group(3) else y1
        m2 = int(m.group(4))
        add(Cue(m.start(), m.end(), m.group(), f"{y1}-{m1:02d}/{y2}-{m2:02d}", y2, "range"))
    for m in _RANGE.finditer(t):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if _RANGE_NAME.match(t, m.end()):
            taken.append((m.start(), m.end()))
            continue  # "一九五六年到一九六七年全国农业发展纲要": the name of a plan, not the figure's period
        if 1800 <= y1 <= y2 <= 2100:
            add(Cue(m.start(), m.end(), m.group(), f"{y1}-{y2}", y2, "range"))
    for m in _COMPARED_YEARS.finditer(t):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if 1800 <= y2 < y1 <= 2100:
            add(Cue(m.start(), m.end(), m.group(), f"{y2}-{y1}", y1, "range"))
    for m in _UNTIL_MONTH.finditer(t):
        y, mo = int(m.group(2)), int(m.group(3))
        kind = "until" if m.group(1) in ("到", "至") else "point"
        add(Cue(m.start(), m.end(), m.group(), f"{y}-{mo:02d}", y, kind))
    for m in _PART.finditer(t):
        y, p = int(m.group("y")), m.group("p")
        if m.group("m1"):
            period = f"{y}-{int(m.group('m1')):02d}/{y}-{int(m.group('m2')):02d}"
        elif m.group("m"):
            if m.end() < len(t) and t[m.end()] == "日":
                continue  # a date: the day of an event, not a statistical period
            # "一九五八年五月，中共第八届全国代表大会第二次会议…": older texts write the month in words
            month = int(parse_number(m.group("m")) or 0)
            if not 1 <= month <= 12:
                continue
            period = f"{y}-{month:02d}"
        else:
            period = f"{y}{_PART_CODE[p.lstrip('第')]}"
        add(Cue(m.start(), m.end(), m.group(), period, y, "point"))
    for m in _YEAR.finditer(t):
        y = int(m.group("y"))
        if not 1800 <= y <= 2100:
            continue
        pre, suf = m.group("pre") or "", m.group("suf") or ""
        if suf == "以来":
            end = pub.year if pub.year and pub.year >= y else None
            add(Cue(m.start(), m.end(), m.group(), f"{y}-{end}" if end else None, end, "since"))
            continue
        if suf in ("以后", "后"):
            continue
        kind = "until" if pre in ("到", "至") else "point"
        start = m.start() if pre else m.start("y")
        add(Cue(start, m.end(), t[start : m.end()], str(y), y, kind))
    for m in _FYP.finditer(t):
        years = _fyp_years(m.group(1))
        if years is None:
            continue
        if m.group(1) == "十五" and not (m.group().startswith(("“", '"')) or m.group("tail")):
            continue  # a bare 十五 is the number fifteen
        if not m.group("tail") and _FYP_NAME.match(t, m.end()):
            continue  # "“十四五”数字经济发展规划" names a plan
        add(Cue(m.start(), m.end(), m.group(), m.group(1), years[1], "plan"))
    for m in _FYP_OLD.finditer(t):
        word = m.group("a") or m.group("b") or m.group("c")
        if m.group("a"):
            from explorer.corpus.markers import cn_ordinal

            n = cn_ordinal(word)
            name = f"{'一二三四五六七八九'[n - 1]}五" if n and n < 10 else ("十五" if n == 10 else None)
            name = name or (f"十{'一二三四五六七八九'[n - 11]}五" if n and 10 < n < 20 else None)
            if not m.group("t1") and t[max(0, m.start() - 1) : m.start()] not in ("在", "的"):
                continue  # "完成第一个五年计划": the plan itself, not its years
        else:
            name = f"{word}五"
        years = _fyp_years(name) if name else None
        if years:
            add(Cue(m.start(), m.end(), m.group(), f"{years[0]}-{years[1]}", years[1], "plan"))
    for m in _CENTURY_END.finditer(t):
        if pub.year:
            end = (pub.year // 100 + 1) * 100
            add(Cue(m.start(), m.end(), m.group(), str(end), end, "until"))
    for m in _RELATIVE.finditer(t):
        word, part = m.group(1), m.group(2) or ""
        if word == "全年":
            ry = pub.review_year
            add(Cue(m.start(), m.end(), m.group(), str(ry) if ry else None, ry, "review"))
            continue
        if pub.year is None:
            add(Cue(m.start(), m.end(), m.group(), None, None, "relative"))
            continue
        # 本年 and 当年 are the year under discussion ("1955年国家决算…本年各类收入"), not the year of publication
        offset = {"今年": 0, "本年": None, "当年": None, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1}[
            word
        ]
        if offset is None:
            continue
        y = pub.year + offset
        if word == "上年" and t[max(0, m.start() - 1) : m.start()] in ("由", "从") and t[m.end() : m.end() + 1] == "的":
            # "由上年的百分之五十八点六回落到百分之二十七点八": the year before the one under discussion (the year
            # the sentence names, else the one the report reviews), not before publication
            named = [int(n.group("y")) for n in _YEAR.finditer(t, 0, m.start()) if 1800 <= int(n.group("y")) <= 2100]
            anchor = named[-1] if named else pub.review_year
            y = anchor - 1 if anchor else y
        code = _PART_CODE.get(part, "") if part else ""
        add(Cue(m.start(), m.end(), m.group(), f"{y}{code}", y, "relative"))
    for m in _NOW.finditer(t):
        if pub.year:
            period = f"{pub.year}-{pub.month:02d}" if pub.month else str(pub.year)
            add(Cue(m.start(), m.end(), m.group(), period, pub.year, "now"))
    for m in _REVIEW.finditer(t):
        ry = pub.review_year
        add(Cue(m.start(), m.end(), m.group(), str(ry) if ry else None, ry, "review"))
    for m in _SINCE_N.finditer(t):
        count = parse_number(m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e"))
        ry = pub.review_year
        if count is None or count < 2 or count > 50:
            continue
        n = int(count)
        add(Cue(m.start(), m.end(), m.group(), f"{ry - n + 1}-{ry}" if ry else None, ry, "review"))
    if pub.communique and pub.review_year:
        for m in _YEAR_END.finditer(t):
            add(Cue(m.start(), m.end(), m.group(), str(pub.review_year), pub.review_year, "review"))
    for m in _AHEAD_N.finditer(t):
        ahead = parse_number(m.group("n"))
        first = pub.plan_start
        if ahead is None or not 1 < ahead <= 30:
            continue
        last = first + int(ahead) - 1 if first else None
        add(Cue(m.start(), m.end(), m.group(), f"{first}-{last}" if first else None, last, "plan"))
    for m in _WITHIN_N.finditer(t):
        ahead = parse_number(m.group("n"))
        if ahead is None or not 1 < ahead <= 50 or pub.plan_start is None:
            continue
        first = pub.plan_start
        said = list(_YEAR.finditer(t, max(0, m.start() - 16), m.start()))
        if said and "。" not in t[said[-1].end() : m.start()] and 1800 <= int(said[-1].group("y")) <= 2100:
            first = int(said[-1].group("y"))  # "2004年我们提出用三年时间基本解决…": 2004–2006
        last = first + int(ahead) - 1
        add(Cue(m.start(), m.end(), m.group(), f"{first}-{last}", last, "plan"))
    for m in _MANY_YEARS.finditer(t):
        add(Cue(m.start(), m.end(), m.group(), None, None, "since"))
    for m in _RUN.finditer(t):
        run_len = parse_number(m.group("n"))
        if run_len is None or not 1 < run_len < 100:
            continue
        add(Cue(m.start(), m.end(), m.group(), None, None, "run", run=int(run_len)))
    cues.sort(key=lambda c: c.start)
    return cues


_PART_CODE = {
    "上半年": "H1",
    "下半年": "H2",
    "前三季度": "Q1-Q3",
    "一季度": "Q1",
    "二季度": "Q2",
    "三季度": "Q3",
    "四季度": "Q4",
    "前两季度": "H1",
    "前二季度": "H1",
}


@dataclass(frozen=True)
class Resolved:
    period: str | None
    year: int | None
    cue: Cue | None
    source: str  # sentence | passage | heading | plan | none


def run_period(run: int, year: int | None) -> tuple[str | None, int | None]:
    """连续N年 ending in ``year`` → ("2018-2023", 2023); unknown end → (None, None)."""
    if year is None:
        return None, None
    return f"{year - run + 1}-{year}", year


def _reported(cues: list[Cue]) -> Cue | None:
    for cue in reversed(cues):
        if cue.kind != "run" and cue.year is not None:
            return cue
    return None


def resolve(
    sentence_cues: list[Cue],
    position: int,
    *,
    lead_cues: Sequence[Cue] = (),
    heading_cues: Sequence[Cue] = (),
    published: str | PubDate | None = None,
    covers: tuple[int, ...] = (),
    target: bool = False,
    plan: bool = False,
    clause_start: int | None = None,
) -> Resolved:
    """The period of a figure at ``position`` of its sentence.

    Order: the nearest cue before the figure in its sentence; then the cue that opens the passage; then the
    section heading's (only when all its cues end in the same year); then, for targets of a plan, the years
    the plan covers.  A 连续N年 run ends in the year reported by the other cues.
    """
    pub = PubDate.parse(published)
    before = [c for c in sentence_cues if c.start < position]
    context = [c for c in list(lead_cues) + list(heading_cues) if c.kind != "run"]
    if clause_start is not None:  # "连续2年实施…，新增…21家": a run dates its own clause only
        before = [c for c in before if c.kind != "run" or c.start >= clause_start]
    if before:
        cue = before[-1]
        if cue.kind == "run":
            ref = _reported(before[:-1]) or _reported(context)
            period, year = run_period(cue.run or 0, ref.year if ref else None)
            return Resolved(period, year, cue, "sentence")
        if cue.kind == "review" and cue.text.startswith("全年") and target and pub.year:
            return Resolved(str(pub.year), pub.year, cue, "sentence")  # "全年…要…": this year's target
        return Resolved(cue.period, cue.year, cue, "sentence")
    for source, cues in (("passage", lead_cues), ("heading", heading_cues)):
        cues = [c for c in cues if c.kind != "run"]
        if not cues:
            continue
        years = {c.year for c in cues}
        if len(years) == 1 and None not in years:
            periods = {c.period for c in cues}
            return Resolved(periods.pop() if len(periods) == 1 else None, years.pop(), cues[0], source)
        return Resolved(None, None, None, "none")
    if target and plan and covers:
        lo, hi = min(covers), max(covers)
        return Resolved(f"{lo}-{hi}" if lo != hi else str(hi), hi, None, "plan")
    return Resolved(None, None, None, "none")


__all__ = ["Cue", "PubDate", "Resolved", "find_cues", "resolve", "run_period"]
