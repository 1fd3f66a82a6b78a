"""Words for linking: rjieba search-mode words of a text (generic policy verbs dropped), clauses, tf-idf weights.

Every text is segmented once, in the per-document ``words`` component; linking only weighs the stored counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from explorer.text.fold import fold
from explorer.text.sentences import clauses

# Words every policy paragraph uses: they say *that* something is done, not *what*.
GENERIC_WORDS = frozenset(
    """
推进 推动 加强 加快 实施 开展 深入 全面 持续 完善 健全 建立 建设 提升 提高 强化 促进 推广
实现 形成 打造 构建 优化 深化 坚持 落实 着力 大力 积极 进一步 不断 扎实 有序 有效 稳步 切实
统筹 协同 工作 体系 机制 制度 水平 能力 发展 重点 领域 重要 重大 相关 各类 一批 以上 达到
力争 年底 全省 全市 全国 我省 省级 国家 支持 开展 探索 创新 组织 保障 管理 服务 项目 工程
行动 方面 目标 任务 成效 取得 显著 明显 累计 同比 增长 其中 已经 目前 通过 进行 作为 以及
同时 更加 更好 更高 高质量 全力 努力 奋力 坚决 聚焦 围绕 着眼 依托 按照 根据 提出 部署 要求
情况 各地 部门 各部门 举措 总结 经验 做法 模式 有效 典型 合力 配合 主要 确定 细化 开局 新的
""".split()  # noqa: SIM905  (a word list reads better as text)
)
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")


WordPairs = tuple[tuple[str, int], ...]  # a Counter as stored: (word, count) pairs


def passage_frequencies(passages: Iterable[str], clause_words: Mapping[str, WordPairs]) -> Counter[str]:
    """In how many of ``passages`` each word occurs (a passage's words are its clauses')."""
    df: Counter[str] = Counter()
    for text in passages:
        seen: set[str] = set()
        for clause in clauses_of(text):
            seen.update(w for w, _c in clause_words.get(clause, ()))
        df.update(seen)
    return df


def text_words(text: str) -> Counter[str]:
    """The words of ``text`` that say what it is about: two or more characters, not generic policy verbs."""
    import rjieba  # lazily: the dictionary takes ~0.1 s to load

    return Counter(
        w for w in rjieba.cut_for_search(fold(text)) if len(w) >= 2 and _WORDLIKE.search(w) and w not in GENERIC_WORDS
    )


class TermWeights:
    """Word counts of texts (stored, or segmented on demand), weighted by inverse passage frequency over the
    passages given.

    Search mode also yields the parts of long words (生物多样性 → 生物, 多样, 多样性). Adding the character bigrams
    of long words as extra features (so that 碳普惠 and 普惠制 share 普惠) was tried and lowered both precision
    and recall on the hand-checked sample (docs/references.md).
    """

    def __init__(self, passages: Iterable[str], known: Mapping[str, WordPairs] | None = None):
        self._known: Mapping[str, WordPairs] = known or {}
        self._cache: dict[str, Counter[str]] = {}
        df: Counter[str] = Counter()
        n = 0
        for text in passages:
            n += 1
            df.update(self.words(text).keys())
        self._set_idf(df, n)

    @classmethod
    def from_df(cls, df: Counter[str], passages: int, known: Mapping[str, WordPairs] | None = None) -> TermWeights:
        """Weights from passage frequencies already counted (per document, when it was analysed)."""
        weights = cls((), known)
        weights._set_idf(df, passages)
        return weights

    def _set_idf(self, df: Counter[str], n: int) -> None:
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.default_idf = math.log(n + 1) if n else 1.0

    def words(self, text: str) -> Counter[str]:
        """The text's words: the sum of its clauses' (clauses end at punctuation, where no word runs on), each
        clause looked up in the stored counts or segmented once."""
        cached = self._cache.get(text)
        if cached is None and text in self._known:
            cached = self._cache[text] = Counter(dict(self._known[text]))
        if cached is None:
            parts = clauses_of(text)
            if len(parts) == 1 and parts[0] == text:
                cached = text_words(text)
            else:
                cached = Counter()
                for clause in parts:
                    cached.update(self.words(clause))
            self._cache[text] = cached
        return cached

    def vector(self, text: str, boost: str = "") -> dict[str, float]:
        counts = self.words(text) + (self.words(boost) if boost else Counter())
        return {w: (1 + math.log(c)) * self.idf.get(w, self.default_idf) for w, c in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[w] for w, v in a.items() if w in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


clauses_of = clauses  # the linking name of the one clause splitter
