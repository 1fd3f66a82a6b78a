"""Programmes and campaigns that recur across documents: “1269”行动计划, “无废城市”, “两高一低”, 生态环境监管能力提升三年行动.

Two kinds of candidate:
- **quoted names** “…” (≤ 20 characters). Chinese policy text quotes programme names, but it quotes slogans,
  praise and doctrine the same way, so a quoted name is a programme only when
  1. it occurs in at least ``MIN_DOCS`` documents, and
  2. the text *around* it treats it as a programme: at least two, and at least a third, of its quoted
     occurrences are followed by a programme noun or preceded by a launch verb (开展/实施/启动 “…”) (“1269”**行动计划**, “两高一低”**项目**, “无废城市”**建设**, “江西绿色生态”**品牌**), or
     the name itself ends in a campaign word (“千乡万村驭风行动”); and
  3. it is not vetoed by shape: a plan period (“十四五”), a sentence (“…。”), or a praise title (“江西样板”,
     “三大高地”: names ending in 样板/高地/标杆…).
  Lists of parallel slogans (“走在前、勇争先、善作为”) fail rule 2 (followed by 的目标要求). Yearly rounds and
  spellings of one name are one programme: “绿盾2023” = “绿盾”, “生态鄱阳湖·绿色农产品” = “生态鄱阳湖、绿色农产品”.
  Doctrine (“两山”, “绿水青山就是金山银山”, “两个维护”) is dropped by rule 2: it is followed by 理念, 转化, 的决定性意义,
  never by 行动 or 项目.
- **named campaigns** without quotes: a noun phrase ending in a campaign word (三年行动, 专项行动, 攻坚战, 战役,
  工程, 行动计划 …), cut after the verb that introduces it (实施/开展/推进/打好 …). Names whose *core* (the phrase
  without 三年/专项/攻坚/行动/…) is equal or nearly equal (character-bigram Jaccard ≥ 0.5, or one core is a
  ≥ 5-character prefix of the other) are one campaign; it must occur in ``MIN_DOCS`` documents.

The user's ``programmes.yaml`` adds names (with aliases) and vetoes names; it always wins.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from explorer.extract.occurrences import Occurrences, scanner
from explorer.extract.programme_settings import NO_SETTINGS, ProgrammeSettings
from explorer.model import Passage

MIN_DOCS = 2
MAX_QUOTED = 20
PROGRAMME_SHARE = 1 / 3  # of quoted occurrences followed by a programme noun
MIN_IN_CONTEXT = 2  # and at least this many such occurrences

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_QUOTED = re.compile(r"“([^“”\n]{1,%d})”" % MAX_QUOTED)
# Words after a closing quote that make the quoted name a programme's name.
PROGRAMME_NOUNS = (
    "行动",
    "计划",
    "工程",
    "建设",
    "创建",
    "共建",
    "试点",
    "示范",
    "项目",
    "专项",
    "攻坚",
    "战役",
    "改革",
    "品牌",
    "政策",
    "认证",
    "主题教育",
    "学习教育",
    "专题教育",
    "活动",
    "基地",
    "整治",
)
# Verbs that launch a campaign: “…” right after them is one (开展“绿盾2023”…, 实施“…”).
LAUNCH_VERBS = ("开展", "实施", "启动", "部署", "打响")
CAMPAIGN_WORDS = (
    "三年行动",
    "专项行动",
    "攻坚行动",
    "提升行动",
    "行动计划",
    "攻坚战",
    "保卫战",
    "歼灭战",
    "战役",
    "行动",
    "工程",
)
# Name endings that make a quoted phrase praise or an aspiration, not a programme.
PRAISE_ENDINGS = ("样板", "高地", "标杆", "典范", "名片", "排头兵", "样本", "窗口", "先锋", "旗帜", "明珠", "高峰")
_PERIOD = re.compile(r"^(十)?[一二三四五六七八九十]五$")
_SENTENCE = re.compile(r"[，。！？；：,.!?;:]")
_FORMULA = re.compile(r"[0-9+＋×]|^[一二两三四五六七八九十]\S{0,3}[一二两三四五六七八九十]")
# Where an unquoted campaign name starts: after one of these verbs or function words.
_LEAD = (
    "实施",
    "开展",
    "推进",
    "启动",
    "打好",
    "打赢",
    "组织",
    "推动",
    "加快",
    "完成",
    "随着",
    "部署",
    "落实",
    "参与",
    "纳入",
    "按照",
    "通过",
    "持续",
    "深入",
    "深化",
    "全面",
    "扎实",
    "大力",
    "坚决",
    "聚焦",
    "围绕",
    "依托",
    "实现",
    "抓好",
    "做好",
    "开启",
    "打响",
    "出台",
    "制定",
    "完善",
    "建立健全",
    "健全",
    "巩固",
    "扩大",
    "一批",
    "全省",
    "全市",
    "以",
    "的",
    "在",
    "等",
    "了",
    "为",
    "是",
    "年",
    "对",
    "将",
    "好",
    "上",
)
# (和/与/及 are not starts: they join words inside names, 鄱阳湖总磷污染控制与削减专项行动.)
_CAMPAIGN_RE = re.compile(rf"[{_CJK}]{{2,20}}?(?:{'|'.join(CAMPAIGN_WORDS)})")
_CORE_DROP = re.compile(r"(三年|五年|专项|攻坚|行动计划|行动|计划|战役|工程|重大|重点|新一轮|全省|全市|全国|中央|国家)")
# 行动 that is not a campaign: 思想上政治上行动上, 行动起来, 行动力, 自觉行动者 …
_NOT_CAMPAIGN_AFTER = tuple("上中力起者派化")
_SEPARATORS = re.compile(r"[·・、\s]")  # 生态鄱阳湖·绿色农产品 = 生态鄱阳湖、绿色农产品
_YEAR_SUFFIX = re.compile(r"(?:19|20)\d\d年?$")
MIN_CORE = 4


@dataclass(frozen=True)
class ProgrammeMention:
    doc: str
    passage: int
    start: int  # span in the passage text (the name, without quotes)
    end: int
    name: str  # as written
    quoted: bool
    following: str = ""  # the programme noun after the closing quote (or launch verb before it), if any


@dataclass(frozen=True)
class Programme:
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[ProgrammeMention, ...]
    evidence: tuple[str, ...]
    source: str = "detected"  # or "user"

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc for m in self.mentions))


# ------------------------------------------------------------------------------------------------ mentions


def quoted_mentions(passage: Passage) -> list[ProgrammeMention]:
    out = []
    for m in _QUOTED.finditer(passage.text):
        after = passage.text[m.end() : m.end() + 4]
        before = passage.text[max(0, m.start() - 4) : m.start()]
        noun = next((n for n in PROGRAMME_NOUNS if after.startswith(n)), "")
        noun = noun or next((v for v in LAUNCH_VERBS if before.endswith(v)), "")
        out.append(ProgrammeMention(passage.doc, passage.index, m.start(1), m.end(1), m.group(1), True, noun))
    return out


def campaign_mentions(passage: Passage) -> list[ProgrammeMention]:
    """Unquoted named campaigns: ``…实施生态环境监管能力提升三年行动`` → 生态环境监管能力提升三年行动."""
    out = []
    text = passage.text
    for m in _CAMPAIGN_RE.finditer(text):
        start, end = _campaign_start(text, m.start(), m.end()), m.end()
        if start is None or text[start - 1 : start] == "”" or text[end : end + 1] in _NOT_CAMPAIGN_AFTER:
            continue
        name = text[start:end]
        word = next(w for w in CAMPAIGN_WORDS if name.endswith(w))
        if name[: -len(word)].endswith(("等", "和", "及")):  # the end of a list (…、矿山生态修复等行动)
            continue
        if len(_core(name)) >= MIN_CORE:
            out.append(ProgrammeMention(passage.doc, passage.index, start, end, name, False))
    return out


def _campaign_start(text: str, start: int, end: int) -> int | None:
    """Cut the run of Chinese characters before the campaign word after its last lead verb/function word."""
    name = text[start:end]
    best = 0
    for lead in _LEAD:
        i = name.rfind(lead)
        while i >= 0 and i + len(lead) >= len(name) - 2:  # the lead must leave a name, not eat the suffix
            i = name.rfind(lead, 0, i)
        if i >= 0:
            best = max(best, i + len(lead))
    if best == 0 and start > 0 and re.match(f"[{_CJK}]", text[start - 1]):
        return None  # the regex's 20-character window cut a longer phrase: no clear start
    return start + best


def quoted_key(name: str) -> str:
    """A quoted name without a trailing year: the yearly rounds of one campaign are one programme."""
    bare = _SEPARATORS.sub("", _YEAR_SUFFIX.sub("", name))
    return bare if len(bare) >= 2 else name


def _core(name: str) -> str:
    return _CORE_DROP.sub("", name)


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _same_campaign(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 5 and long.startswith(short):
        return True
    # Same opening word and most bigrams shared: 鄱阳湖总磷污染控制与削减 ~ 鄱阳湖总磷污染防治与削减,
    # but not 矿山生态保护修复 ~ 生态保护修复 (another campaign that contains it).
    ba, bb = _bigrams(a), _bigrams(b)
    return a[:2] == b[:2] and bool(ba and bb) and len(ba & bb) / len(ba | bb) >= 0.5


# ------------------------------------------------------------------------------------------------ detection


def quoted_verdict(name: str, occurrences: Sequence[ProgrammeMention], docs: int) -> tuple[bool, list[str]]:
    """Is a quoted name a programme? (verdict, evidence lines). See the module doc for the rules."""
    if _PERIOD.match(name):
        return False, ["a plan period"]
    if _SENTENCE.search(name):
        return False, ["a sentence"]
    if name.endswith(PRAISE_ENDINGS):
        return False, ["praise/aspiration title"]
    if docs < MIN_DOCS:
        return False, [f"in {docs} document"]
    quoted = [m for m in occurrences if m.quoted]
    nouns = Counter(m.following for m in quoted if m.following)
    share = sum(nouns.values()) / len(quoted) if quoted else 0.0
    own = name.endswith(CAMPAIGN_WORDS)
    evidence = [f"in {docs} documents"]
    if nouns:
        evidence.append("followed by " + ", ".join(f"{n}×{c}" for n, c in nouns.most_common(3)))
    if own:
        evidence.append("campaign name")
    if _FORMULA.search(name):
        evidence.append("numbered formula")
    in_context = sum(nouns.values())
    return (own or (in_context >= MIN_IN_CONTEXT and share >= PROGRAMME_SHARE)), evidence


def detect_programmes(passages: Iterable[Passage], settings: ProgrammeSettings = NO_SETTINGS) -> list[Programme]:
    """Programmes among ``passages`` (a corpus's policy passages): see ``programmes_of``."""
    passages = list(passages)
    mentions = [m for p in passages for m in (*quoted_mentions(p), *campaign_mentions(p))]
    return programmes_of({(p.doc, p.index): p.text for p in passages}, mentions, settings)


def programme_names(mentions: Iterable[ProgrammeMention], settings: ProgrammeSettings = NO_SETTINGS) -> set[str]:
    """The names whose unquoted occurrences count: every quoted name, and the user's names and aliases."""
    return {m.name for m in mentions if m.quoted} | {n for e in settings.add for n in (e.name, *e.aliases)}


def programmes_of(
    texts: Mapping[tuple[str, int], str],
    mentions: Iterable[ProgrammeMention],
    settings: ProgrammeSettings = NO_SETTINGS,
    *,
    occurrences: Occurrences | None = None,
) -> list[Programme]:
    """Programmes shared by several documents (plus the user's), each with every mention's span.

    ``texts`` are the corpus's policy passages by (doc, index); ``mentions`` their quoted names and named
    campaigns (``quoted_mentions``, ``campaign_mentions``, computed once per document and stored). Where the
    ``programme_names`` occur may be given instead of the texts (``occurrences``: kept per document by the
    linking stage, so one changed document is scanned, not a thousand)."""
    mentions = list(mentions)
    quoted: dict[str, list[ProgrammeMention]] = defaultdict(list)  # by name without a year (“绿盾2023” → 绿盾)
    campaigns: dict[str, list[ProgrammeMention]] = defaultdict(list)
    for m in mentions:
        if m.quoted:
            quoted[quoted_key(m.name)].append(m)
        else:
            campaigns[m.name].append(m)
    bare = occurrences if occurrences is not None else scanner(programme_names(mentions, settings))(texts)

    programmes: list[Programme] = []
    taken: set[str] = set()
    for key, said in quoted.items():
        forms = {m.name for m in said}
        plain = Counter(m.name for m in said if quoted_key(m.name) == m.name).most_common(1)
        name = plain[0][0] if plain else Counter(m.name for m in said).most_common(1)[0][0]
        if forms & settings.veto or key in settings.veto:
            continue
        found = said + [m for form in forms for m in _bare_mentions(form, bare, said)]
        ok, evidence = quoted_verdict(name, found, len({m.doc for m in found}))
        if ok:
            programmes.append(Programme(name, tuple(sorted(forms - {name})), _sorted(found), tuple(evidence)))
            taken.update(forms | {name})

    for group in _group_campaigns(campaigns):
        counts = Counter({n: len(campaigns[n]) for n in group})
        name = max(counts, key=lambda n: (len({m.doc for m in campaigns[n]}), counts[n], -len(n)))
        if name in taken or name in settings.veto or any(n in settings.veto for n in group):
            continue
        found = [m for n in group for m in campaigns[n]]
        docs = {m.doc for m in found}
        if len(docs) < MIN_DOCS:
            continue
        aliases = tuple(sorted(set(group) - {name}))
        campaign_evidence = (f"in {len(docs)} documents", "named campaign") + (
            (f"variants: {'、'.join(aliases)}",) if aliases else ()
        )
        programmes.append(Programme(name, aliases, _sorted(found), campaign_evidence))
        taken.update(group)

    for entry in settings.add:
        names = (entry.name, *entry.aliases)
        found = [m for n in names for m in _bare_mentions(n, bare, [])]
        programmes = [p for p in programmes if p.name not in names]
        user_evidence = ("added in programmes.yaml",) + ((entry.note,) if entry.note else ())
        programmes.append(Programme(entry.name, entry.aliases, _sorted(found), user_evidence, "user"))
    return sorted(programmes, key=lambda p: (-len(p.docs), -len(p.mentions), p.name))


_ALNUM = re.compile(r"[0-9A-Za-z]")


def _bare_mentions(name: str, occurrences: Occurrences, known: Sequence[ProgrammeMention]) -> list[ProgrammeMention]:
    """Occurrences of the name without quotes (names of 3+ characters; never inside a longer number)."""
    if len(name) < 3 and known:
        return []
    spans = {(m.doc, m.passage, m.start) for m in known}
    alnum_end = _ALNUM.search(name[-1:]) is not None
    out = []
    free_from: dict[tuple[str, int], int] = {}  # overlapping occurrences count once, as re.finditer counts them
    for doc, index, start, before, after in sorted(occurrences.get(name, ())):
        end = start + len(name)
        if start < free_from.get((doc, index), 0):
            continue
        if alnum_end and (_ALNUM.match(before or " ") or _ALNUM.match(after or " ")):
            continue
        free_from[(doc, index)] = end
        if (doc, index, start) not in spans:
            quoted = before == "“" and after == "”"
            out.append(ProgrammeMention(doc, index, start, end, name, quoted))
    return out


def _group_campaigns(campaigns: dict[str, list[ProgrammeMention]]) -> list[list[str]]:
    names = sorted(campaigns, key=len)
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    cores = {n: _core(n) for n in names}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if _same_campaign(cores[a], cores[b]):
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[root(n)].append(n)
    return list(groups.values())


def _sorted(mentions: Iterable[ProgrammeMention]) -> tuple[ProgrammeMention, ...]:
    unique = {(m.doc, m.passage, m.start, m.end): m for m in mentions}
    return tuple(sorted(unique.values(), key=lambda m: (m.doc, m.passage, m.start)))
