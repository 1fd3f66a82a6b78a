"""When China's national congresses met: public fact, for documents whose text names the meeting but not its date.

* **CPC national congresses** (中国共产党全国代表大会): the day each opened. Source: the list of national congresses
  published by the Communist Party of China (12371.cn, "历次全国代表大会") and Wikipedia, "National Congress of the
  Chinese Communist Party". A report to a congress is delivered while it meets, so the month is the report's month
  (论联合政府 was delivered on the second day of the 7th congress): records get year and month, never a day.
  Used only for a JSON-lines row that carries the congress's number in a ``congress`` field
  (``../shared/corpora/raw/cpc_congress_reports.jsonl``), and the record says so (``metadata_from``).
* **NPC sessions** (第N届全国人民代表大会第M次会议): the year each session met. Source: the NPC's list of sessions
  (npc.gov.cn, "历届全国人民代表大会会议"). From the 7th NPC (1988) on, one session a year; before that the
  calendar was irregular (no session 1965–1974), hence the table. Used when a text names the session that heard or
  adopted it ("第十二届全国人民代表大会第一次会议听取和审议了…") and gives no date of its own.
"""

from __future__ import annotations

import re

from explorer.corpus.markers import cn_ordinal

# number → the day the congress opened
CPC_CONGRESS_OPENED: dict[int, str] = {
    1: "1921-07-23",
    2: "1922-07-16",
    3: "1923-06-12",
    4: "1925-01-11",
    5: "1927-04-27",
    6: "1928-06-18",
    7: "1945-04-23",
    8: "1956-09-15",
    9: "1969-04-01",
    10: "1973-08-24",
    11: "1977-08-12",
    12: "1982-09-01",
    13: "1987-10-25",
    14: "1992-10-12",
    15: "1997-09-12",
    16: "2002-11-08",
    17: "2007-10-15",
    18: "2012-11-08",
    19: "2017-10-18",
    20: "2022-10-16",
}

# NPC term → the year of each of its sessions, for the terms before the yearly rhythm (7th NPC, 1988, on)
_NPC_EARLY: dict[int, tuple[int, ...]] = {
    1: (1954, 1955, 1956, 1957, 1958),
    2: (1959, 1960, 1962, 1963),
    3: (1964,),
    4: (1975,),
    5: (1978, 1979, 1980, 1981, 1982),
    6: (1983, 1984, 1985, 1986, 1987),
}
_NPC_SESSION = re.compile(r"第([一二三四五六七八九十]{1,3})届全国人民代表大会第([一二三四五六七八九十]{1,2})次会议")


def cpc_congress_month(number: object) -> str | None:
    """ "YYYY-MM" of the ``number``-th national congress of the CPC, or None for anything else."""
    if isinstance(number, bool) or not isinstance(number, int):
        return None
    opened = CPC_CONGRESS_OPENED.get(number)
    return opened[:7] if opened else None


def npc_session_year(term: int, session: int) -> int | None:
    """The year the ``session``-th session of the ``term``-th NPC met (第十二届…第一次会议 → 2013)."""
    if term in _NPC_EARLY:
        years = _NPC_EARLY[term]
        return years[session - 1] if 1 <= session <= len(years) else None
    if 7 <= term <= 30 and 1 <= session <= 5:
        return 1988 + 5 * (term - 7) + session - 1
    return None


def npc_session_named(text: str) -> int | None:
    """The year of the NPC session that ``text`` names (its first), or None."""
    match = _NPC_SESSION.search(text)
    if not match:
        return None
    term, session = cn_ordinal(match.group(1)), cn_ordinal(match.group(2))
    return npc_session_year(term, session) if term and session else None


__all__ = ["CPC_CONGRESS_OPENED", "cpc_congress_month", "npc_session_named", "npc_session_year"]
