import base64
import datetime
import hashlib
import hmac
import os
import pickle
import re

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric as stdnum_ric

from gonghui.core import crypto
from gonghui.core.crypto import blind_index, decrypt, encrypt, key_id_of
from gonghui.core.ids import (
    InvalidID,
    RicFacts,
    address_in_use,
    mask_phone,
    mask_ric,
    normalize_code,
    ric_address_warning,
    ric_validate,
    ric_with_check,
    uscc_validate,
)


def test_known_valid_ric_gives_birth_date_and_sex():
    facts = ric_validate("11010519491231002X")
    assert str(facts.birth_date) == "1949-12-31"
    assert facts.sex == "F"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("4.40113E+17", "科学计数法"),
        ("44011319900101123", "18位"),
        ("440113199001011230", "校验位"),
        ("440113199002301238", "出生日期"),
        (ric_with_check("99999919900101123"), "地址码999999"),  # in no list, at no time
        (ric_with_check("44011319900101123")[:-1] + "0", "校验位"),
    ],
)
def test_invalid_ric_has_a_chinese_reason(raw, message):
    with pytest.raises(InvalidID) as exc:
        ric_validate(raw)
    assert message in exc.value.message


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        # 440113 (番禺区) is in the list from 2000: people born before were registered later
        ("440113199001011239", datetime.date(1990, 1, 1), "M"),
        ("440113198506150029", datetime.date(1985, 6, 15), "F"),
        # 440126 (番禺县) left the list in 1992: a number issued then stays valid
        (ric_with_check("44012620050615002"), datetime.date(2005, 6, 15), "F"),
    ],
)
def test_an_address_code_of_any_time_is_accepted(number, birth, sex):
    facts = ric_validate(number)
    assert (facts.birth_date, facts.sex) == (birth, sex)


def test_an_address_code_out_of_use_in_the_birth_year_is_only_a_warning():
    tail = "；证件上的号码可能确实如此，如有疑问请核对证件。"
    assert ric_address_warning("440113198506150029") == (
        "身份证号前6位地址码440113（番禺区）自2000年起使用，出生年份为1985年" + tail
    )
    later = ric_with_check("44012620050615002")
    assert ric_address_warning(later) == (
        "身份证号前6位地址码440126（番禺县）使用到1992年，出生年份为2005年" + tail
    )
    assert ric_address_warning(ric_with_check("44011320050615002")) is None  # in use in 2005
    assert ric_address_warning("11010519491231002X") is None  # always in the list
    assert address_in_use("440113", 2000) and not address_in_use("440113", 1999)


def test_messy_ric_is_normalized():
    number = ric_with_check("44011320050615002")
    messy = (
        " "
        + number[:6]
        + " "
        + number[6:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    )
    assert ric_validate(messy.lower()).number == number


@given(
    st.dates(
        min_value=__import__("datetime").date(2000, 1, 1),
        max_value=__import__("datetime").date(2025, 12, 31),
    ),
    st.integers(0, 999),
)
def test_generated_rics_round_trip(birth, seq):
    number = ric_with_check(f"440113{birth:%Y%m%d}{seq:03d}")
    facts = ric_validate(number)
    assert facts.birth_date == birth
    assert facts.sex == ("M" if seq % 2 else "F")


def test_uscc_rules():
    assert uscc_validate("91350100M000100Y43") == "91350100M000100Y43"
    assert uscc_validate("81440113MC0000001A", union=True) == "81440113MC0000001A"
    with pytest.raises(InvalidID, match="8开头"):
        uscc_validate("91350100M000100Y43", union=True)
    with pytest.raises(InvalidID, match="工会自身"):
        uscc_validate("81440113MC0000001A")
    with pytest.raises(InvalidID, match="校验位"):
        uscc_validate("91350100M000100Y44")


def test_masks_and_normalize():
    assert mask_ric("440113199001011239") == "440113********1239"
    assert mask_phone("13812345678") == "138****5678"
    assert normalize_code("ｘ１２ 3-4") == "X1234"


# --- The fast paths give what the general code gives ------------------------------------

_NORMALIZE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_NORMALIZE.update({ord(c): None for c in " \t\n\r\x0b\x0c\u3000\u00a0\u2002\u2003\u2009-\uff0d"})


def _reference_normalize_code(raw):
    return str(raw or "").translate(_NORMALIZE).upper()


def _reference_ric_validate(raw, *, today=None):
    """ric_validate before the fast paths (stdnum's check digit, date.today() per call)."""
    number = _reference_normalize_code(raw)
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", number):
        raise InvalidID(
            "身份证号被表格存成了数字（科学计数法），后几位已丢失；请把该列设为文本后重新录入。"
        )
    if len(number) != 18:
        raise InvalidID(f"身份证号应为18位，现为{len(number)}位。")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidID("身份证号只能由数字和末位X组成。")
    if number[17] != stdnum_ric.calc_check_digit(number):
        raise InvalidID("身份证号校验位不正确，请核对。")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidID("身份证号中的出生日期不存在。") from exc
    if birth > (today or datetime.date.today()) or birth.year < 1900:
        raise InvalidID("身份证号中的出生日期不合理。")
    # any county-level code of the national list, whatever the years it was in use
    info = dict(kv for _part, props in numdb.get("cn/loc").info(number[:6]) for kv in props.items())
    if "county" not in info:
        raise InvalidID(f"身份证号前6位地址码{number[:6]}不是任何时期的行政区划代码，请核对。")
    return RicFacts(number=number, birth_date=birth, sex="M" if int(number[16]) % 2 else "F")


def outcome(function, *args, **kwargs):
    try:
        return "ok", function(*args, **kwargs)
    except InvalidID as exc:
        return "invalid", exc.message
    except Exception as exc:  # noqa: BLE001 - the same unexpected failure counts too
        return "error", type(exc).__name__


digits17 = st.text(st.sampled_from("0123456789"), min_size=17, max_size=17)
birth_dates = st.dates(min_value=datetime.date(1890, 1, 1), max_value=datetime.date(2040, 12, 31))
valid_rics = st.builds(
    lambda code, birth, seq: ric_with_check(f"{code}{birth:%Y%m%d}{seq:03d}"),
    st.sampled_from(["110105", "440113", "440126", "411721", "999999", "000000"]),
    birth_dates,
    st.integers(0, 999),
)


def _mess(number, data):
    """The number as people type it: full-width, spaces, dashes, lower-case x, a typo."""
    noise = data.draw(
        st.lists(st.sampled_from(["full", "space", "dash", "lower", "typo", "cut", "exotic"]))
    )
    if "full" in noise:
        number = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    if "space" in noise:
        number = f" {number[:6]}\u3000{number[6:]}\t"
    if "dash" in noise:
        number = number[:6] + "-" + number[6:]
    if "lower" in noise:
        number = number.lower()
    if "typo" in noise:
        number = number[:-1] + data.draw(st.sampled_from("0123456789Xx"))
    if "cut" in noise:
        number = number[: data.draw(st.integers(0, len(number)))]
    if "exotic" in noise:
        number = number.replace("1", "١").replace("2", "²")  # other scripts' digits
    return number


@given(digits17)
def test_check_character_is_stdnum_calc_check_digit(prefix):
    expected = stdnum_ric.calc_check_digit(prefix + "0")
    assert ric_with_check(prefix)[-1] == expected
    for last in "0123456789X":
        reason = outcome(ric_validate, prefix + last, today=datetime.date(2030, 1, 1))
        assert (reason == ("invalid", "身份证号校验位不正确，请核对。")) == (last != expected)


@given(valid_rics, st.data())
@settings(max_examples=500)
def test_ric_validate_is_the_general_definition(number, data):
    raw = _mess(number, data)
    today = data.draw(st.none() | st.dates(min_value=datetime.date(1990, 1, 1)))
    expected = outcome(_reference_ric_validate, raw, today=today)
    assert outcome(ric_validate, raw, today=today) == expected


@given(st.text(st.sampled_from("0123456789Xx.E+- \u3000０１Ｘａ一")) | st.text() | st.integers())
@settings(max_examples=500)
def test_ric_validate_of_anything_is_the_general_definition(raw):
    assert outcome(ric_validate, raw) == outcome(_reference_ric_validate, raw)


@given(st.text() | st.text(st.sampled_from("0123456789aAxX-_ ０ｘ")) | st.none() | st.integers())
@settings(max_examples=500)
def test_normalize_code_is_the_general_definition(raw):
    assert normalize_code(raw) == _reference_normalize_code(raw)


def test_ric_facts_are_immutable_values():
    facts = ric_validate("11010519491231002X")
    same = RicFacts(number="11010519491231002X", birth_date=datetime.date(1949, 12, 31), sex="F")
    assert facts == same and hash(facts) == hash(same)
    assert repr(facts) == (
        "RicFacts(number='11010519491231002X', birth_date=datetime.date(1949, 12, 31), sex='F')"
    )
    assert pickle.loads(pickle.dumps(facts)) == facts
    with pytest.raises(AttributeError):
        facts.sex = "M"


def test_today_is_the_sites_date_and_can_be_given():
    from django.utils import timezone

    from gonghui.core.clock import today

    assert today() == timezone.localdate()
    number = ric_with_check("44011320300101001")  # born 2030-01-01
    with pytest.raises(InvalidID, match="不合理"):
        ric_validate(number, today=datetime.date(2029, 12, 31))
    assert ric_validate(number, today=datetime.date(2030, 1, 1)).birth_date.year == 2030


# --- Stored identity columns (crypto): the same bytes as before ------------------------

_KEY_A = "a1:" + base64.urlsafe_b64encode(b"A" * 32).decode().rstrip("=")
_KEY_B = "b2:" + base64.urlsafe_b64encode(b"B" * 32).decode()


@given(
    st.text(), st.sampled_from(["ric", "phone"]), st.text(min_size=1) | st.binary().map(bytes.hex)
)
@settings(max_examples=300)
def test_blind_index_is_hmac_sha256(value, purpose, key):
    with override_settings(BLIND_INDEX_KEY=key):
        expected = hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256)
        assert blind_index(value, purpose=purpose) == expected.hexdigest()


def test_blind_index_follows_the_key_setting():
    with override_settings(BLIND_INDEX_KEY="k" * 100):  # longer than a SHA-256 block
        long_key = blind_index("x", purpose="ric")
    with override_settings(BLIND_INDEX_KEY="other"):
        other = blind_index("x", purpose="ric")
    assert long_key == hmac.new(b"k" * 100, b"ric:x", hashlib.sha256).hexdigest()
    assert other == hmac.new(b"other", b"ric:x", hashlib.sha256).hexdigest()


@given(st.text(min_size=1))
@settings(max_examples=200)
def test_encrypt_stores_kid_and_base64_of_nonce_ciphertext_tag(value):
    with override_settings(FIELD_ENCRYPTION_KEYS=[_KEY_A, _KEY_B]):
        token = encrypt(value)
        kid, _, body = token.partition(":")
        raw = base64.b64decode(body, validate=True)
        assert kid == "a1" and base64.b64encode(raw).decode() == body
        aead = AESGCM(b"A" * 32)
        assert aead.decrypt(raw[:12], raw[12:], b"a1").decode() == value
        assert decrypt(token) == value


def test_encrypt_follows_key_rotation_in_the_settings():
    assert encrypt("") == ""
    with override_settings(FIELD_ENCRYPTION_KEYS=[_KEY_A]):
        old = encrypt("秘密")
    with override_settings(FIELD_ENCRYPTION_KEYS=[_KEY_B, _KEY_A]):
        new = encrypt("秘密")
        assert key_id_of(old) == "a1" and key_id_of(new) == "b2"
        assert decrypt(old) == decrypt(new) == "秘密"
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        encrypt("x")
    with override_settings(FIELD_ENCRYPTION_KEYS=["nokey"]), pytest.raises(ImproperlyConfigured):
        encrypt("x")


def test_nonces_are_never_reused_not_even_by_a_forked_child():
    crypto._NONCES.clear()  # 1,000 values from an empty pool leave 24 of the fourth block
    nonces = [base64.b64decode(encrypt("x").partition(":")[2])[:12] for _ in range(1000)]
    assert len(set(nonces)) == len(nonces)  # across refills of the pool too
    assert len(crypto._NONCES) == 24  # the parent holds unused ones …
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # … which the child must not use
        os.write(write, b"empty" if not crypto._NONCES else b"kept")
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 10) == b"empty"
    os.close(read)


def test_crypto_sees_settings_assigned_or_changed_in_place():
    with override_settings(BLIND_INDEX_KEY="one", FIELD_ENCRYPTION_KEYS=[_KEY_A]):
        assert blind_index("x", purpose="ric") == hmac.new(b"one", b"ric:x", "sha256").hexdigest()
        assert key_id_of(encrypt("x")) == "a1"
        django_settings.BLIND_INDEX_KEY = "two"  # plain assignment, no signal
        assert blind_index("x", purpose="ric") == hmac.new(b"two", b"ric:x", "sha256").hexdigest()
        django_settings.FIELD_ENCRYPTION_KEYS.insert(0, _KEY_B)  # the same list, changed
        assert key_id_of(encrypt("x")) == "b2"
