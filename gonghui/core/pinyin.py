"""Pinyin initials of a Chinese name, so a picker finds 「市桥街道甲乙科技有限公司工会」 from
"jykj" (issue #10). `pypinyin` picks each character's reading from its phrase dictionary
(重庆 → "cq"); letters and digits are kept as they are, lower-cased; anything else is dropped.

Organizations and employers store theirs (`name_initials`, set by their services, the
importer and the demo; a data migration filled the rows that existed): 50,000 employers are
searched in the database, not here. Short lists (stations, lawyers) compute them per request.
"""

from pypinyin import Style, lazy_pinyin

INITIALS_MAX = 60  # the column's length; a longer name keeps its first 60 initials


def name_initials(name: str) -> str:
    """ "番禺区总工会" → "pyqzgh"; "广州ABC电子厂" → "gzabcdzc"."""
    letters = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(ch for part in letters for ch in part.lower() if ch.isascii() and ch.isalnum())[
        :INITIALS_MAX
    ]


def looks_like_initials(text: str) -> bool:
    """Whether a query could be initials: ASCII letters only, at least two ("sq", "jykj")."""
    return len(text) >= 2 and text.isascii() and text.isalpha()
