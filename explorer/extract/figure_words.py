"""Word lists and small text helpers of figure extraction (figures.py, labels.py): the verbs, adverbs and heads
around a number that tell its label, kind and time in Chinese policy text. Each list says why, with its example."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba

from explorer.model import Quantity
from explorer.text.sentences import sentence_spans

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
    r"下降至|预计|从|由|再|每|改善了?|(?:从|由)?每[人户年月日天亩]{1,3}|"
    # "广义货币预期增长14%", "能源生产计划增长0.9%", "投资总额完成500亿元", "预算外资金1987年达到
    # 1930亿元": markers, verbs and the year are no part of what is measured
    r"(?<=.)(?:(?<!增长)(?<!增速)预期|(?<![五年度原])计划|(?<!超额)完成)|(?<=[\u4e00-\u9fff]{2})(?<![比较与同于到至])\d{4}年(?:底|末)?)$"
)
_LEADING_VERB = re.compile(
    r"^(?:同时|此外|其中|另外|目前|当前|现在|截至目前|今年以来|一年来|全年|全省|全市|全国|全区|我省|我市|我国|并|且|使|让|即|"
    r"计划规定|规定|要求|确定|争取|拟安排|拟|"
    r"共|已|均(?!衡|等|匀|值|价|量)|累计|共计|先后|持续|阶段性|深入|积极|大力|加快|推动|推进|着力|扎实|进一步|有序|稳步|全面|重点|"
    r"建成|完成|创建|实施|开展|培育|打造|引进|新建|认定|获批|落实|安排|下达|发放|办理|查办|提起|组织|支持|带动|吸引|"
    r"帮助|救助|惠及|改造|建设|举办|签约|招引|争取|投入|筹集|整治|治理|修复|关停|淘汰|化解|减少|降低|提高|"
    r"同年|当年|今年|去年|上年|明年|年底|年内|(?:原)?计划(?!生育|单列|经济|体制|内|外)(?=.)|共增加|该市|该省|该县|全镇|全乡|对|逐步|将|把|预计|要再|要|实现|新开工|开工(?=建设|改造|新建)|改扩建|[、，,])+"
)
_POST_LABEL_VERB = re.compile(
    r"(?:新增|建成|创建|实施|完成|建设|培育|新建|打造|认定|组建|设立|开展|举办|引进|落地|推出|"
    r"出台|制定|发布|形成|选树|评选|涌现|获评|入选|拥有|有|签约|开工|投产|改造|建设了?|"
    r"累计建成|累计创建|累计打造|共有|现有|共|计|达|超|近|约|运行|建成运行)$"
)
# "我们决定在长辛店创办劳动补习学校，训练两千名铁路工人": a decision governs its sentence
_TARGET_SENTENCE = re.compile(
    r"预期目标|主要目标|目标是|目标为|目标任务|发展目标|(?<![的作出])决定(?=[在从将把要对再])"
    # "计划建成投产大中型项目118个，实际建成128个": the plan as the subject of the figure's clause states the year's
    # target, also when a review quotes it (not 计划生育, 计划单列, 计划经济; the clause after it is what happened)
    r"|(?:^|[，；：。])(?:原|按)?计划(?!生育|单列|经济|体制|外|内|的|[，。；])(?=[^，；：。]*$)"
)
_TARGET_CLAUSE = re.compile(
    # "用于地方“两个确保”和“低保”的资金1777亿元": a quoted programme name does not aim
    r"力争(?![”\"])|确保(?![”\"])|争取(?![到了得”\"])|拟|计划(?!单列)|(?<![合符不的])要求|预计到|要把|要将|要使|指标是|指标为|"
    # "粮食产量要增长13.7%", "将达到…": the plan's words for what is to happen
    r"(?:将|要|将要)(?:比[^，。；]{1,10}?)?(?:达到|增长|增加|提高|完成|节约|增产|下降|降低|减少|控制在|递增|突破)"
    # "物价涨幅要从14.8%降到10%左右" (a target, also when a later review quotes it)
    r"|(?:将|要|将要)从[^，。；]{0,12}?[\d一二三四五六七八九十][^，。；]{0,12}?(?:降|减|提高|提升|增|升|扩大|缩小)(?:低|少|加|长)?(?:到|至)"
)
# "钢完成96.4%", "完成年度计划的102%": a plan's fulfilment, what was done (not 要完成/将完成)
_FULFILMENT = re.compile(r"(?<![要将争拟须必])(?:超额)?完成了?(?:[^，。；]{0,10}?计划的?)?$")
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


_sentences = sentence_spans  # the text layer's one splitter


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
