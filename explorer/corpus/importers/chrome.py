"""Web-page chrome in text: the lines a government site prints around an article (breadcrumbs, 【字体：大中小】,
share and print buttons, editor and related-link blocks). Scrapes often keep them; they are never content.

Works on lines and only on lines that are chrome as a whole, so a sentence that mentions 分享 or 打印 stays."""

from __future__ import annotations

import re

# Lines that are chrome on their own (after stripping spaces).
_CHROME_LINE = re.compile(
    r"""^(?:
        您的位置[:：]?.*|当前位置[:：]?.*|首页|[>›»/|]|[×x✕]|
        【?\s*字体[:：]?\s*(?:[大中小]\s*){0,3}】?|[【】]|[大中小]|
        分享(?:到)?[:：]?\s*(?:微信|微博|QQ空间|QQ|朋友圈|\s)*|分享到微信|分享到微博|收藏|
        打印(?:本页)?|关闭(?:窗口|本页)?|返回顶部|\[?\s*打印\s*\]?\s*\[?\s*关闭\s*\]?|
        扫一扫在手机(?:上)?打开当前页|扫一扫(?:分享)?|手机扫一扫|微信扫一扫.*|
        (?:责任编辑|编辑|审核|校对)[:：]\s*\S{0,12}|
        来源[:：]\s*\S{0,20}|(?:发布)?时间[:：]\s*[\d\-/:\s年月日时分秒]{0,24}|
        (?:发布日期|信息来源|浏览次数|阅读次数|点击数|访问量)[:：]?.{0,24}|
        相关(?:链接|附件|文档|阅读|新闻|稿件)[:：]?\s*(?:>>|》》)?|
        [0-9a-f]{24,40}[:：]|
        》》.{0,20}《《|上一篇[:：]?.*|下一篇[:：]?.*|
        (?:主办单位|承办单位|网站标识码|备案号|版权所有|技术支持)[:：].*
    )$""",
    re.VERBOSE,
)
# A block that starts with one of these near the end of the text is the page footer: cut it whole.
_FOOTER_START = re.compile(
    r"^(?:责任编辑[:：]?|扫一扫在手机(?:上)?打开当前页|打印本页|关闭窗口|相关(?:链接|附件|文档|阅读)[:：]?\s*(?:>>|》》)?|收藏)$"
)
_DATE_TIME = re.compile(r"^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?\s+\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}秒?)?分?$")


def is_chrome_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and bool(_CHROME_LINE.match(stripped))


def strip_chrome(text: str) -> str:
    """Remove chrome lines, the footer block after the article and repeated header lines before it."""
    lines = text.split("\n")
    lines = _cut_footer(lines)
    keep: list[str] = []
    crumbs: set[str] = set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            keep.append(line)
            continue
        if _is_breadcrumb_item(lines, i):
            crumbs.add(stripped)
            continue
        if is_chrome_line(stripped) or _is_label_value(lines, i):
            continue
        if stripped in crumbs and i < len(lines) * 0.1:
            continue  # the section name printed again under the breadcrumb
        if _DATE_TIME.match(stripped) and i < len(lines) * 0.1:
            continue  # the page's publication timestamp; the document's own date is in its header line
        keep.append(line)
    return "\n".join(_drop_repeated_header(keep)).strip("\n") + "\n"


def _neighbour(lines: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].strip():
            return lines[j].strip()
        j += step
    return ""


def _is_breadcrumb_item(lines: list[str], i: int) -> bool:
    """A short line between '>' separators: 首页 > 政府信息公开 > 政府工作报告."""
    stripped = lines[i].strip()
    if len(stripped) > 16 or re.search(r"[，。；！？]", stripped):
        return False
    return _neighbour(lines, i, -1) in {">", "›", "»"} or _neighbour(lines, i, 1) in {">", "›", "»"}


def _is_label_value(lines: list[str], i: int) -> bool:
    """The value printed on the line after a bare label such as '来源：' or '时间：'."""
    stripped = lines[i].strip()
    previous = _neighbour(lines, i, -1)
    return len(stripped) <= 24 and bool(
        re.fullmatch(r"(?:来源|时间|发布时间|发布日期|作者|编辑|责任编辑)[:：]", previous)
    )


def _cut_footer(lines: list[str]) -> list[str]:
    """Cut from the first footer marker in the last stretch of the text when little text follows it."""
    total = sum(len(line) for line in lines)
    tail_from = 0
    seen = 0
    for i, line in enumerate(lines):
        seen += len(line)
        if seen >= total * 0.8:
            tail_from = i
            break
    for i in range(tail_from, len(lines)):
        if _FOOTER_START.match(lines[i].strip()):
            rest = sum(len(line) for line in lines[i:])
            if rest <= max(1500, total * 0.1):
                return lines[:i]
    return lines


def _drop_repeated_header(lines: list[str]) -> list[str]:
    """Pages print title and subtitle twice (banner and article head): keep the first copy before the body."""
    seen: set[str] = set()
    out: list[str] = []
    in_header = True
    for line in lines:
        stripped = line.strip()
        if in_header and stripped:
            if len(stripped) >= 60 or re.match(r"^各位代表", stripped):
                in_header = False
            elif stripped in seen:
                continue
            else:
                seen.add(stripped)
        out.append(line)
    return out
