"""Policy figures: each quantity of a passage with what it measures (label → indicator), when (period, year) and
what kind of statement it is (target, baseline, actual, change, rank).

Pipeline per passage: quantities (numbers.py) → drop the ones that are not measurements → sentence and
clause of each → label (the noun phrase before the number, or after a counter that follows a verb; lists with
分别 distribute) → kind from the words around it → period (periods.py) → indicator (lexicon.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba

from explorer.extract.lexicon import Lexicon
from explorer.extract.notfigures import not_a_statistic
from explorer.extract.numbers import MULTIPLIERS, POST_QUALIFIERS, PRE_QUALIFIERS, UNITS, fold, parse_quantities
from explorer.extract.periods import Cue, Resolved, arabic_years, find_cues, resolve
from explorer.extract.roles import is_average, is_change, measure_of, role_of
from explorer.extract.timeline import document_dates, opening_cues, period_range, tracker
from explorer.model import DocumentRecord, Figure, Passage, Quantity

_SENTENCE_END = re.compile(r"[。！？!?\n]+|……")
_CLAUSE_DELIM = "，。；：,;:！？!?\n（(）)"
_POST_STOP = re.compile(
    r"(?:均|都|已|达到|达|完成|实现|获得?|入选|纳入|建成|受益|参与|参加|报名|喜提|开展|进行|被|为|是|"
    r"位居|居|列|占|共|累计|合计|其中|正在|分别)"
)

# verbs and linking words between a label and its number ("…比重达到29%", "…同比下降6.9%")
_TRAILING = re.compile(
    r"(?:分别|同比|比上年|较上年|比去年|较去年|年均|平均|均|都|已经|已|统一|迅速|长达|高达|多达|实际|共|总计|合计|累计|总共|预计|"
    r"力争|争取|要|将|拟|"
    r"达到了?|达|为|是|突破了?|超过了?|超|逾|近|约|保持在|稳定在|控制在|维持在|提高到|提高至|提升至|提升到|"
    r"降至|降到|下降到|下降至|减少到|增加到|增加至|增长到|增长至|扩大到|扩大至|升至|上升到|上升至|回升至|跃升至|"
    r"达到|实现|增长了?|下降了?|减少了?|增加了?|提高了?|提升了?|降低了?|上涨了?|上升了?|回落|升高|增速|增幅|涨幅|降幅|"
    r"在|至|到|了|有|约为|占比?为|以上|居|列|位居|位列|跃居|稳居|保持|前移至|排名|排位|全国|全省|首次|持续|连续|"
    r"原生|跃上|迈上|站上|登上|精简|压减|压缩|缩减|年内|至少|高于|低于|不低于|不少于|不高于|不超过|以内|仅|就|也|还|更|每亩|人均|每年|每天|每日|"
    r"中部地区|西部地区|东部地区|中部六省|全球|世界|同类城市|连续[\d一二三四五六七八九十]+年|增至|增加至|增到|减至|减到|"
    r"下降至|预计|从|由|再|每|改善了?|(?:从|由)?每[人户年月日天亩]{1,3})$"
)
_LEADING_VERB = re.compile(
    r"^(?:同时|此外|其中|另外|目前|当前|现在|截至目前|今年以来|一年来|全年|全省|全市|全国|全区|我省|我市|我国|并|且|使|让|即|"
    r"计划规定|规定|要求|确定|争取|拟安排|拟|"
    r"共|已|均(?!衡|等|匀|值|价|量)|累计|共计|先后|持续|阶段性|深入|积极|大力|加快|推动|推进|着力|扎实|进一步|有序|稳步|全面|重点|"
    r"建成|完成|创建|实施|开展|培育|打造|引进|新建|认定|获批|落实|安排|下达|发放|办理|查办|提起|组织|支持|带动|吸引|"
    r"帮助|救助|惠及|改造|建设|举办|签约|招引|争取|投入|筹集|整治|治理|修复|关停|淘汰|化解|减少|降低|提高|"
    r"同年|当年|今年|去年|上年|该市|该省|该县|全镇|全乡|对|逐步|将|把|预计|要再|要|实现|新开工|开工(?=建设|改造|新建)|改扩建|[、，,])+"
)
_POST_LABEL_VERB = re.compile(
    r"(?:新增|建成|创建|实施|完成|建设|培育|新建|打造|认定|组建|设立|开展|举办|引进|落地|推出|"
    r"出台|制定|发布|形成|选树|评选|涌现|获评|入选|拥有|有|签约|开工|投产|改造|建设了?|"
    r"累计建成|累计创建|累计打造|共有|现有|共|计|达|超|近|约|运行|建成运行)$"
)
_TARGET_SENTENCE = re.compile(r"预期目标|主要目标|目标是|目标为|目标任务|发展目标")
_TARGET_CLAUSE = re.compile(
    r"力争|确保|争取(?![到了得])|拟|计划(?!单列)|(?<![合符不的])要求|预计到|要把|要将|要使|指标是|指标为|"
    # "粮食产量要增长13.7%", "将达到…": the plan's words for what is to happen
    r"(?:将|要|将要)(?:比[^，。；]{1,10}?)?(?:达到|增长|增加|提高|完成|节约|增产|下降|降低|减少|控制在|递增|突破)"
)
_UNTIL_YEAR = re.compile(r"(?<![月日])(?<!\d{4}年)(?:到|至)(\d{4})年")  # not the end of a range "从1950年到1954年"
_FROM_TO = re.compile(r"(?:提高|提升|增加|增长|下降|降低|减少|扩大|上升|增|降|减|升)(?:到|至)")
_FROM_BEFORE = re.compile(r"(?:从|由)(?:[^\d，,。；：从由到至、]{0,6}?)(?:\d{4}年(?:底|末)?的?)?$")
_TO_AFTER = re.compile(
    r"(?:(?:提高|提升|增加|增长|下降|降低|减少|扩大|上升|缩减|压减|压缩|精简|整合|调整|合并|优化|"
    r"增|降|减|升|变|缩小|回落|跃升)(?:到|至|为)|到|至)"
)
# "比一九五二年的二百七十亿一千万元增长", "同建国初期的一九五零年的一百七十亿元作比较": the value compared with
_COMPARED_WITH = re.compile(r"(?:比|同|与|较)[^，。；比]{0,12}?(?P<y>\d{4})年[^，。；]{0,8}?的$")
_BASELINE_AFTER = re.compile(r"^[”\"]?(?:的)?基础上")
_NOT_FIGURE_BEFORE = re.compile(r"(?:第|约第|编号|代码|No\.?|型号|每)$")
# A one-character label is almost always a cut gone wrong ("即", "又", "拥", "省"), and a label of digits never
# names anything: such figures are skipped (and said with --verbose). The one-character nouns statistics do
# use (commodities: 钢, 煤, 糖 …) stay.
_ONE_CHAR_NOUNS = "钢鋼铁鐵铜銅铝鋁煤油气氣电電粮糧棉布纱紗纸紙糖盐鹽茶肉蛋奶水"
_NO_NOUN = re.compile(rf"^(?:[^{_ONE_CHAR_NOUNS}]|[\d.%]+)$")
_SCOPE = re.compile(r"^(?:全省|全市|全国|全区|全州|全县|我省|我市|我国|全域)+")

_SHARE_OF = re.compile(r"(占)(全国|全省|全球|世界|全市)$")
_CONNECTOR = re.compile(r"^(?:[，,、：:\s]|以及|并且|其中|和|及|与)+")
# "生产成本比年度计划多降低3.1%", "国内财政收入比一九七八年减少": the comparison is no part of the label
_BASE_TAIL = re.compile(
    r"(?:(?:比(?![重例率值])|较(?![大高快多少好]))(?:上年|去年|[^，。、]{1,12}?)|同(?:上年|去年|\d{4}年))(?:相比|比较)?(?:多|少)?$"
)
_BASE_YEAR = re.compile(r"(?:比|较|相比|与)\d{4}年(?:底|末)?(?:相比)?$")

# Verbs that take the counted noun as object ("惠及3400万人", "覆盖21万家企业"): a label that is only such a verb
# names no indicator.  rjieba's tags miss several of them (惠及 is tagged a place name), hence the list.
_OBJECT_VERB = re.compile(
    r"(?:惠及|覆盖|造福|帮助|服务|带动|吸纳|吸引|培训|救助|资助|应对|处置|接待|新建|改造|建成|建设|培育|引进|设立|组建|"
    r"认定|命名|整合|解决|受益|新设|增设|新开|开工|投产|交付|涉及|包括|撬动|转移|安置|新增|完成|实施|开展|举办|组织|推出|出台|"
    r"制定|签约|落地|提供|发放|兑现|减免|带动|支持|扶持|获评|入选|创建|打造|选派|招聘|招引|动员|联系|走访|排查|"
    r"整治|治理|修复|关停|淘汰|化解|办理|审议|查处|查办|破获|抓获|挽回|培养|扩招|摘帽|脱贫|增产|缩小|扩大)$"
)
_OBJECT_ONLY = re.compile(
    r"(?:又|再|共|已|还|并|向|为)?(?:惠及|覆盖|造福|帮助|服务|带动|吸纳|涉及|包括|整合|解决|让|使|"
    r"向|惠|撬动|拉动|辐射|联系|联结|走访|接待|救助|资助|安置|引导)(?:了|为|到|至)?"
)
# Predicate words that end the noun written after a counter ("52个贫困县全部摘帽" → 贫困县).
_POST_STOP_TOKENS = frozenset(
    [
        "均",
        "都",
        "已",
        "已经",
        "正在",
        "在",
        "全部",
        "全面",
        "基本",
        "实现",
        "获",
        "获得",
        "获评",
        "入选",
        "纳入",
        "建成",
        "完成",
        "达到",
        "达",
        "受益",
        "参与",
        "参加",
        "报名",
        "喜提",
        "开展",
        "进行",
        "被",
        "为",
        "是",
        "位居",
        "居",
        "列",
        "占",
        "共",
        "累计",
        "合计",
        "其中",
        "分别",
        "并",
        "并且",
        "和",
        "及",
        "与",
        "等",
        "以及",
        "启动",
        "开工",
        "投产",
        "通车",
        "得到",
        "成为",
        "列入",
        "覆盖",
        "惠及",
        "提供",
        "用于",
        "从",
        "由",
        "比",
        "较",
        "同比",
        "增长",
        "下降",
        "提高",
        "增加",
        "减少",
        "之",
        "中",
        "左右",
        "上",
        "次",
        "年",
        "让",
        "使",
        "免费",
        "相继",
        "正式",
        "获批",
        "落户",
        "落地",
        "签约",
        "开通",
        "通过",
        "达标",
        "超过",
        "突破",
    ]
)
# Head nouns that name no indicator on their own: "国内生产总值增长6.6%，总量突破90万亿元" → 国内生产总值.
_GENERIC_HEAD = frozenset(
    [
        "总量",
        "产量",
        "规模",
        "总额",
        "总值",
        "增速",
        "增幅",
        "数量",
        "总数",
        "人数",
        "面积",
        "金额",
        "产值",
        "收入",
        "支出",
        "利润",
        "投资",
        "余额",
        "里程",
        "销量",
        "销售额",
        "交易额",
        "营收",
        "营业收入",
        "税收",
        "出口",
        "进口",
        "产能",
        "存量",
        "增量",
        "单产",
        "亩产",
    ]
)
_HEAD_OF_SUBJECT = re.compile(
    r"(?:播种面积|种植面积|面积|产量|总产量|产值|总产值|增加值|总量|总额|规模|收入|支出|利润|"
    r"人数|数量|投资|余额|出口|进口|销量|销售额|交易额|营收)$"
)
_TOTAL_SUFFIX = re.compile(r"(?:总值|总额|总量|总产值|总收入|总支出|总规模)$")
# "这10个方面", "以下5项": counts that announce a list, not statistics
_ENUMERATION = re.compile(r"(?:以下|如下|下列|这|这些|上述|前述)$")
_ENUMERATION_NOUN = re.compile(r"^(?:个)?(?:方面|板块|维度|原则|步骤)")
# nouns after a number that complete the predicate, not name what is counted ("跃上1.4万亿斤新台阶")
_COMPLEMENT = re.compile(r"(?:新|历史)?(?:台阶|大关|关口|新高|水平|规模|量级|高位|目标|任务|以上|左右|次)")
# heads a list's items share ("二氧化硫、氮氧化物排放量" → 二氧化硫排放量)
_SHARED_HEAD = re.compile(
    r"(?:排放量|排放总量|增加值|总产值|产值|产量|比重|占比|面积|浓度|余额|总额|收入|支出|投资|规模|数量|"
    r"人数|覆盖率|普及率|达标率|利用率|参保率|发生率|死亡率|增速|价格|销售额|营业收入|进出口额|出口|进口|出口额)$"
)
# an item that already names a measure ("生产安全事故起数、死亡人数" shares nothing)
_MEASURE_END = re.compile(r"[数量率额值重比度积价费资出入]$")
# a section that assigns work ("一、提高低保…保障水平", "五、为劳动者提供普惠就业公共服务"), read with no date around it
_TASK_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])?\s*(?:为[^，。]{1,8})?"
    r"(?:提高|提升|加快|推进|深入推进|扎实推进|持续推进|实施|建立|健全|完善|强化|加强|推动|促进|扩大|"
    r"开展|做好|抓好|办好|提供|降低|优化|新建|建设|实现)"
)
_PAST_MARKER = re.compile(r"已|累计|先后|共计|实现了|完成了|达到了|实际完成|取得|去年|过去|以来")
# glossary notes ("16.“四向八廊”综合交通走廊：东南西北4个方向…") define names; their numbers are no statistics
_GLOSSARY_TITLE = re.compile(r"名词解释|名词释义|名词注释|术语解释|注释|释义")
_GLOSSARY_ENTRY = re.compile(r"^\s*\d{1,2}[.．、]\s*(?P<term>[^，。；：:\n]{1,30})[：:]")
_GLOSSARY_TERM_NOT = re.compile(r"目标|指标|任务|要求|进展|成效|情况|成绩|举措|措施")


@lru_cache(maxsize=8192)
def _tag(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(rjieba.tag(text))


def _verb_only(label: str) -> bool:
    """A label that is only a verb taking the counted noun as object ("覆盖", "整合为", "惠及")."""
    return bool(_OBJECT_ONLY.fullmatch(label))


def _ends_with_verb(label: str) -> bool:
    """ "农村贫困人口全部脱贫", "分级组建…微信群、覆盖", "成功应对…等": the number after it counts its object."""
    if label.endswith(("等", "等等")) or _OBJECT_VERB.search(label):
        return True
    tags = _tag(label)
    return bool(tags) and tags[-1][1] == "v" and len(tags[-1][0]) >= 2 and not _HEAD_OF_SUBJECT.search(label)


@dataclass
class _Item:
    q: Quantity
    label: str = ""
    label_start: int | None = None
    label_end: int | None = None
    inherited: bool = False
    split: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # "A、B均增长5%": one per item


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos``; a parenthesis "（低产低效林改造）" does not end a clause."""
    i = pos - 1
    while i >= lo:
        c = text[i]
        if c in ")）":
            j = text.rfind("（" if c == "）" else "(", lo, i)
            if j >= 0 and i - j < 40:
                i = j - 1
                continue
        if c in _CLAUSE_DELIM:
            return i + 1
        i -= 1
    return lo


def _clause_end(text: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and text[i] not in _CLAUSE_DELIM:
        i += 1
    return i


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


class FigureExtractor:
    """Figures of one passage; see :func:`extract_figures`."""

    def __init__(
        self, passage: Passage, record: DocumentRecord, lexicon: Lexicon, on_skip: Callable[[str], None] | None = None
    ) -> None:
        self.p = passage
        self.text = passage.text
        self.t = arabic_years(fold(passage.text))
        self.record = record
        self.lexicon = lexicon
        self.on_skip = on_skip
        self.pub = document_dates(record)
        self.is_plan = record.kind == "plan"

    def skip(self, q: Quantity | None, why: str) -> None:
        if self.on_skip:
            where = f"{self.p.doc}#{self.p.index}"
            self.on_skip(f"{where}: skipped {q.text!r}: {why}" if q else f"{where}: {why}")

    # --- which quantities are figures -----------------------------------------------------------------
    def is_figure(self, q: Quantity, sentence: tuple[int, int], others: list[Quantity]) -> bool:
        t = self.t
        if q.quantity_type == "number" and not q.unit:
            return False  # bare numbers: list markers, codes, chemical names
        before = t[max(0, q.start - 4) : q.start]
        if _NOT_FIGURE_BEFORE.search(before) and q.quantity_type != "rank":
            self.skip(q, "an ordinal, not a measurement")
            return False
        written_in_words = not re.search(r"\d", q.text)
        if (
            written_in_words
            and q.quantity_type in ("count", "duration", "measure", "number")
            and not re.search(r"[万亿]", q.text)
            and q.base_value < 1000
            and not self._run_frame(q)
        ):
            return False  # "五个方面", "三次产业", "百人论坛": words, not statistics
        if written_in_words and re.match(r"[一二两三四五六七八九十百千万]+[家户村镇业人山水]", t[q.end : q.end + 3]):
            return False  # "千家万户", "千村万户": an idiom
        if _ENUMERATION.search(t[max(0, q.start - 3) : q.start]) or (
            q.quantity_type == "count" and _ENUMERATION_NOUN.match(t, q.end)
        ):
            self.skip(q, "announces a list, not a statistic")
            return False  # "做好以下10个方面工作"
        why = not_a_statistic(t, q)
        if why:
            self.skip(q, why)
            return False
        if self._inside_quotes(q, sentence):
            self.skip(q, "inside a quoted name")
            return False
        clause_end = _clause_end(t, q.end, sentence[1])
        if (
            q.quantity_type == "count"
            and q.end < clause_end
            and t[q.end] not in "、和及与等"
            and any(o.start >= q.end and o.end <= clause_end and o.quantity_type != "count" for o in others)
        ):
            return False  # "9种再生资源循环利用量…4600万吨": the count only qualifies the label
        if q.quantity_type == "duration":
            # "连续4年获全国优秀" is a figure; "连续9年居…第1位" only dates the rank that follows
            if any(o is not q and o.quantity_type != "duration" and q.end <= o.start < clause_end for o in others):
                return False
            if not self._run_frame(q):
                return False
        return True

    def _inside_quotes(self, q: Quantity, sentence: tuple[int, int]) -> bool:
        t = self.t
        open_ = t.rfind("“", sentence[0], q.start)
        if open_ < 0 or "”" in t[open_ : q.start]:
            return False
        close = t.find("”", q.start, sentence[1])
        return close >= q.end  # a closing quote inside the quantity ("“20+”微克/立方米") belongs to it

    def _run_frame(self, q: Quantity) -> bool:
        return q.quantity_type == "duration" and bool(
            re.search(r"(?:连续|持续)$", self.t[max(0, q.start - 3) : q.start])
        )

    # --- labels -----------------------------------------------------------------------------------------
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
        s1 = len(s)
        s = _LEADING_VERB.sub("", s)
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
                        a = None  # type: ignore[assignment]
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
                        a = b = None  # type: ignore[assignment]
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

    @staticmethod
    def _with_subject(previous: str, head: str) -> str:
        """ "粮食播种面积…、产量" → 粮食产量; "国内生产总值…，总量" → 国内生产总值."""
        if head in ("总量", "总额", "总值", "规模") and _TOTAL_SUFFIX.search(previous):
            return previous
        subject = _HEAD_OF_SUBJECT.sub("", previous)
        if len(subject) < 2:
            return head
        return subject + head

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

    # --- kind ---------------------------------------------------------------------------------------------
    def kind_of(self, q: Quantity, sentence: tuple[int, int]) -> tuple[str, bool]:
        """(kind, textual target cue) of a quantity from the words around it."""
        t = self.t
        clause_lo = _clause_start(t, sentence[0], q.start)
        before_clause = t[clause_lo : q.start]
        before_sentence = t[sentence[0] : q.start]
        after = t[q.end : q.end + 6]
        target_cue = bool(
            _TARGET_SENTENCE.search(before_sentence)
            or _TARGET_CLAUSE.search(before_clause)
            or (q.qualifier and "力争" in q.qualifier)
        )
        if not target_cue and self.pub.year:
            target_cue = any(int(m.group(1)) >= self.pub.year for m in _UNTIL_YEAR.finditer(before_sentence))
        if q.quantity_type == "rank":
            return "rank", target_cue
        if (
            _BASELINE_AFTER.match(after)
            or re.search(r"以[^，,。]{0,12}为基[准数期]", t[clause_lo : q.end + 8])
            or self._from_to(q, sentence[0]) is not None
            or _COMPARED_WITH.search(before_clause)
        ):
            return "baseline", target_cue
        if target_cue:
            return "target", True
        return ("change" if is_change(before_clause, q) else "actual"), False

    def _from_to(self, q: Quantity, lo: int) -> int | None:
        """Offset of 从/由 when ``q`` is the start value of "从X提高到Y", "由162个整合为123个"; else None."""
        m = _FROM_BEFORE.search(self.t, max(lo, q.start - 16), q.start)
        if m and _TO_AFTER.match(self.t, q.end):
            return m.start()
        return None

    # --- all together -------------------------------------------------------------------------------------
    def extract(self) -> list[Figure]:
        text = self.text
        quantities = parse_quantities(text)
        frames = tracker()
        carried, carried_depth = frames.carried(self.p.doc, self.p.index, self.p.section_ids)
        self.plan_period = frames.note_plan(self.p.doc, self.p.index, self.text)
        lead = self._lead_cues()
        if lead and not self._is_heading_only():
            # "2025年，…", "这五年，…": the paragraph's opening frames the later paragraphs of its section
            frames.set(self.p.doc, self.p.index, self.p.section_ids, lead)
        if not quantities:
            return []
        if self._is_glossary():
            self.skip(None, "a glossary note: definitions, not statistics")
            return []
        heading_cues, heading_depth = self._heading_cues_depth()
        context = carried if carried and carried_depth >= heading_depth else []
        figures: list[Figure] = []
        frame: list[Cue] = []  # the latest frame opened by a sentence of this paragraph, as passage-level cues
        for s_lo, s_hi in _sentences(text):
            sentence_text = text[s_lo:s_hi]
            cues = find_cues(sentence_text, self.pub)
            in_sentence = [q for q in quantities if s_lo <= q.start < s_hi]
            opening = opening_cues(sentence_text, self.pub)
            use_frame = frame or context
            if opening:
                frame = [Cue(c.start + s_lo, c.end + s_lo, c.text, c.period, c.year, c.kind, c.run) for c in opening]
            if not in_sentence:
                continue
            in_sentence = _share_units(text, in_sentence)
            kept = [q for q in in_sentence if self.is_figure(q, (s_lo, s_hi), in_sentence)]
            if not kept:
                continue
            for item in self.label_items((s_lo, s_hi), kept):
                if not item.label:
                    self.skip(item.q, "no label found")
                    continue
                figures.extend(self._figures_of(item, (s_lo, s_hi), cues, use_frame, heading_cues, figures))
        return figures

    def _figures_of(
        self,
        item: _Item,
        sentence: tuple[int, int],
        cues: list[Cue],
        frame: list[Cue],
        heading_cues: list[Cue],
        figures: list[Figure],
    ) -> list[Figure]:
        """The figure(s) of one labelled quantity: kind, period, role, measure."""
        text, q = self.text, item.q
        s_lo, s_hi = sentence
        clause_lo = _clause_start(self.t, s_lo, q.start)
        kind, target_cue = self.kind_of(q, sentence)
        prev = (
            figures[-1]
            if figures
            and figures[-1].passage == self.p.index
            and figures[-1].end <= q.start
            and figures[-1].start >= s_lo
            else None
        )
        if prev is not None and kind == "actual" and text[prev.end : q.start] in ("、", "和", "，", ","):
            if (
                prev.kind in ("change", "target", "baseline")
                and prev.unit == q.unit
                and (prev.kind != "baseline" or text[prev.end : q.start] == "、")
            ):
                kind = prev.kind  # "分别增长4.4%、5.6%": list items share the verb
        if kind != "baseline":
            # "由1954年的97个增加到106个": the year inside 由…的 dates the start value, not this one
            cues = [c for c in cues if not self._dates_a_start_value(c, s_lo, q.start)]
        res = resolve(
            cues,
            q.start - s_lo,
            lead_cues=frame,
            heading_cues=heading_cues,
            clause_start=clause_lo - s_lo,
            published=self.pub,
            covers=tuple(self.record.covers),
            target=kind == "target",
            plan=self.is_plan,
        )
        year = res.year
        kind, res = self._kind_in_time(kind, res, q, sentence, clause_lo)
        year = res.year
        if kind == "target" and target_cue and year is not None and self.pub.year and year < self.pub.year:
            weak = _TARGET_CLAUSE.search(self.t[clause_lo : q.start])
            if weak and weak.group() in ("争取", "计划", "拟") and not _TARGET_SENTENCE.search(self.t[s_lo : q.start]):
                # "2025年争取中央资金120亿元" in a 2026 review: what was obtained, not an aim
                kind = "change" if is_change(self.t[clause_lo : q.start], q) else "actual"
                if prev is not None and prev.kind == "change" and text[prev.end : q.start] == "、":
                    kind = "change"  # "争取…分别增长64.8%、42.5%"
        if kind == "baseline":
            res = self._baseline_period(q, s_lo, cues, res)
        cumulative = "累计" in self.t[clause_lo : q.start]
        before_clause = self.t[clause_lo : q.start]
        average = is_average(before_clause)
        change = is_change(before_clause, q) or kind == "change"
        if prev is not None and text[prev.end : q.start] in ("、", "和") and prev.unit == q.unit:
            change = change or prev.measure == "rate"  # "分别降低13.5%、18%": list items share the verb
            average = average or prev.average
        past = res.year is not None and self.pub.year is not None and res.year < self.pub.year
        role = role_of(kind, target_cue, self.t[s_lo : q.start], past=past)
        start_year, end_year = period_range(res.period, res.year)
        out: list[Figure] = []
        for label, label_start, label_end in item.split or [(item.label, item.label_start, item.label_end)]:
            if _NO_NOUN.match(label):
                self.skip(q, f"label {label!r} names nothing measured")
                continue
            indicator, entry = self.lexicon.canonicalise(label, q.unit)
            if entry is None and kind == "change":
                indicator, entry = self.lexicon.canonicalise(label)
            out.append(
                Figure(
                    doc=self.p.doc,
                    passage=self.p.index,
                    indicator=indicator,
                    label=label,
                    value=value_text(q),
                    unit=q.unit,
                    base_value=None if q.quantity_type == "ratio" else q.base_value,
                    base_unit=q.base_unit,
                    qualifier=q.qualifier,
                    period=res.period,
                    year=res.year,
                    kind=kind,  # type: ignore[arg-type]
                    quote=text[s_lo:s_hi].strip(),
                    start=q.start,
                    end=q.end,
                    label_start=label_start,
                    label_end=label_end,
                    value_max=q.base_value_max,
                    cumulative=cumulative,
                    measure=measure_of(q, label, change),
                    role=role,
                    period_start=start_year,
                    period_end=end_year,
                    average=average,
                )
            )
        return out

    def _kind_in_time(
        self, kind: str, res: Resolved, q: Quantity, sentence: tuple[int, int], clause_lo: int
    ) -> tuple[str, Resolved]:
        """The kind read against the time: a statement about a later year is a target, and so is a spring
        report's statement about its own year; a plan's undated figures are its targets."""
        year = res.year
        pub = self.pub
        if kind in ("actual", "change") and pub.year is not None:
            if year is not None and (
                year > pub.year or (self.is_plan and year >= pub.year and res.source != "heading")
            ):
                kind = "target"
            elif (
                year is not None
                and year == pub.year
                and not self.is_plan
                and (pub.review is not None and not pub.communique or pub.month is not None and pub.month <= 3)
                and res.cue is not None
                and res.cue.kind in ("point", "relative", "until")
                and not re.search(r"\d月|以来|上半年|季度", res.cue.text)
                # "本年1——5月份…比上年同期增长33.3%": progress within the year, not its plan
                and not re.search(
                    r"同期|\d+\s*[—\-－至到]+\s*\d+月|[一二三四五六七八九十]+月份|上半年|季度",
                    self.t[sentence[0] : q.start],
                )
            ):
                kind = "target"  # a spring report's statements about its own year are plans
            elif year is None and self.is_plan and res.source == "none":
                kind = "target"  # a plan's undated figures are its targets, over the years it covers
                res = resolve([], 0, published=pub, covers=tuple(self.record.covers), target=True, plan=True)
        if (
            kind in ("actual", "change")
            and res.source == "none"
            and self._undated_task_list()
            and not _PAST_MARKER.search(self.t[clause_lo : q.start])
        ):
            kind = "target"  # a spring report's annex of tasks ("十件民生实事") with no date in reach
        plan = getattr(self, "plan_period", None)
        if plan and res.source == "none" and not _PAST_MARKER.search(self.t[sentence[0] : q.start]):
            # a report presenting a five-year plan: its undated figures are the plan's, over the plan's years
            kind = "target" if kind in ("actual", "change") else kind
            res = Resolved(f"{plan[0]}-{plan[1]}", plan[1], None, "plan")
        if kind == "target" and res.source == "heading" and res.year is not None and pub.year and res.year < pub.year:
            res = Resolved(None, None, None, "none")  # a review heading cannot date a target
        return kind, res

    def _baseline_period(self, q: Quantity, s_lo: int, cues: list[Cue], res: Resolved) -> Resolved:
        compared = _COMPARED_WITH.search(self.t, _clause_start(self.t, s_lo, q.start), q.start)
        if compared:
            y = int(compared.group("y"))
            return Resolved(str(y), y, None, "sentence")
        return self._baseline_span_period(q, s_lo, cues, res)

    def _baseline_span_period(self, q: Quantity, s_lo: int, cues: list[Cue], res: Resolved) -> Resolved:
        """A baseline holds at the start of the period, which the text rarely dates: only a year written inside
        its own phrase dates it ("从2020年的0.5个", "在2023年29微克/立方米的基础上"); "到2026年，…在29微克/立方米的
        基础上" dates the target, not the baseline."""
        opener = self._from_to(q, s_lo)
        if opener is None:
            at = self.t.rfind("在", _clause_start(self.t, s_lo, q.start), q.start)
            opener = at if at >= 0 else None
        if opener is None:
            return res
        inside = [c for c in cues if opener <= c.start + s_lo < q.start]
        if inside:
            return Resolved(inside[-1].period, inside[-1].year, inside[-1], "sentence")
        ranged = [c for c in cues if c.kind == "range" and c.start + s_lo < q.start and c.period]
        if ranged and self.t[opener] in "从由":  # "从一九八○年至一九八五年，…由六亿二千万吨增加到…": 1980's
            first = int(ranged[-1].period[:4])
            return Resolved(str(first), first, ranged[-1], "sentence")
        # "…从2002年1288亿元增加到…，占国内生产总值比重从1.07%提高到1.49%": the sentence's own 从YYYY年
        start = [
            c
            for c in cues
            if c.start + s_lo < q.start and self.t[max(0, c.start + s_lo - 1) : c.start + s_lo] in "从由"
        ]
        if start and self.t[opener] in "从由":
            return Resolved(start[-1].period, start[-1].year, start[-1], "sentence")
        return Resolved(None, None, None, "none")

    def _dates_a_start_value(self, cue: Cue, s_lo: int, before: int) -> bool:
        a, b = cue.start + s_lo, cue.end + s_lo
        return (
            b < before
            and self.t[max(0, a - 1) : a] in ("从", "由")
            and bool(re.match(r"的?[^，。；]{0,4}?\d|的?[一二两三四五六七八九十百千万亿]", self.t[b : b + 6]))
        )

    def _is_heading_only(self) -> bool:
        """The passage is a heading line and nothing more ("一、“十四五”时期和2025年工作回顾")."""
        return self.p.heading is not None and len(self.text) <= 40 and not re.search(r"[。；！？]", self.text)

    def _undated_task_list(self) -> bool:
        """A spring report's passage under a heading that assigns work, with no date in any heading above it."""
        if self.is_plan or not self.pub.month or self.pub.month > 3 or not self.p.section:
            return False
        if any(find_cues(title, self.pub) for title in self.p.section):
            return False
        return bool(_TASK_HEADING.match(self.p.section[-1]))

    def _is_glossary(self) -> bool:
        """Notes that explain names ("16.“四向八廊”综合交通走廊：东南西北4个方向8条…"): definitions, not statistics."""
        if any(re.fullmatch(r"(?:附件\d*\s*)?" + _GLOSSARY_TITLE.pattern, title.strip()) for title in self.p.section):
            return True
        m = _GLOSSARY_ENTRY.match(self.text)
        if not m or _GLOSSARY_TERM_NOT.search(m.group("term")):
            return False
        return "“" in m.group("term") or bool(re.search(r"是指|指的是|的简称|简称为", self.text[:120]))

    def _lead_cues(self) -> list[Cue]:
        """Cues of the clause that opens the passage ("2025年，…", "五年来，…"), which date what follows."""
        return opening_cues(self.text, self.pub)

    def _heading_cues_depth(self) -> tuple[list[Cue], int]:
        """Cues of the innermost heading above the passage that has any, and its depth (1 = top level)."""
        for depth in range(len(self.p.section), 0, -1):
            cues = find_cues(self.p.section[depth - 1], self.pub)
            if cues:
                return cues, depth
        return [], 0


def extract_figures(
    passage: Passage,
    record: DocumentRecord,
    lexicon: Lexicon,
    *,
    include_excluded: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> list[Figure]:
    """Every policy figure of ``passage``.

    Passages flagged as unrelated (``passage.excluded``) and repeated paragraphs (``duplicate_of``) give no
    figures unless ``include_excluded``.  Numbers that cannot be read, or have no label, are skipped and
    reported through ``on_skip`` (one line each), never raised.
    """
    if (passage.excluded or passage.duplicate_of is not None) and not include_excluded:
        return []
    try:
        figures = FigureExtractor(passage, record, lexicon, on_skip).extract()
    except Exception as exc:
        if on_skip:
            on_skip(f"{passage.doc}#{passage.index}: figures skipped: {type(exc).__name__}: {exc}")
        return []
    if on_skip:
        for number in unread_numbers(passage.text):
            on_skip(f"{passage.doc}#{passage.index}: skipped {number!r}: not read as a quantity")
    return figures


_DIGITS = re.compile(r"(?<![A-Za-z\d.])\d+(?:[.,]\d+)*%?(?![A-Za-z])")  # not PM2.5, CO2, 5A
_DATE_AFTER = re.compile(r"^(?:年|月|日|号|时|点|分|届|次会议|版|[—–-]\d)")


def unread_numbers(text: str) -> list[str]:
    """Numbers written in digits that the quantity parser did not read (dates and times aside): what
    ``--verbose`` shows, so that nothing is dropped unseen."""
    taken = [(q.start, q.end) for q in parse_quantities(text)]
    out = []
    for m in _DIGITS.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or _DATE_AFTER.match(text[m.end() :]):
            continue
        out.append(text[max(0, m.start() - 4) : m.end() + 2])
    return out


__all__ = ["extract_figures", "unread_numbers", "value_text", "FigureExtractor"]
