"""A person named in a record (a beneficiary, a grant's payee): the pure part of the lookup
shared by service records and grants (services.people.person_facts does the lookup)."""

from gonghui.core.errors import ApplicationError
from gonghui.core.identity import ric_checked
from gonghui.core.importing.normalize import clean_text
from gonghui.members.rules import NAME_PATTERN


def name_checked(raw: object, *, field: str = "name") -> str:
    """A person's name as the member rules take it (2 to 50 Han characters or letters)."""
    name = clean_text(raw or "")
    if not name:
        raise ApplicationError("请填写姓名。", field=field)
    if not NAME_PATTERN.match(name):
        raise ApplicationError("姓名应为2至50个汉字或字母。", field=field)
    return name


def ric_number(raw: object, *, field: str = "ric") -> str:
    """A whole, valid RIC (check character, birth date), or the reason on `field`."""
    if not str(raw or "").strip():
        raise ApplicationError("请填写身份证号。", field=field)
    return ric_checked(raw, field=field).number


def name_mismatch(given: str, registered: str) -> str | None:
    """Why a name typed with a RIC does not fit the member the RIC belongs to."""
    if given and given != registered:
        return f"该身份证号登记的会员姓名为「{registered}」，与所填姓名「{given}」不一致，请核对。"
    return None
