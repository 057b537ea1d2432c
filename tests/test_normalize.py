from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arclassify.errors import ConfigError
from arclassify.text import NormalizeConfig, normalize
from arclassify.text.normalize import EMAIL_TOKEN, NUMBER_TOKEN, URL_TOKEN

ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=60)
MIXED = st.text(max_size=80) | ARABIC | st.lists(ARABIC | st.text(max_size=8), max_size=6).map(" ".join)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("مسؤول رئيس", "مسوول رييس"),
        ("مُحَمَّدٌ", "محمد"),
        ("جمـــيل", "جميل"),
        ("ﻻ ﻷ ﻹ ﻵ", "لا لا لا لا"),
        ("١٢ و ۳ و٤", f"{NUMBER_TOKEN} و {NUMBER_TOKEN} و4"),
        ("نعم، لماذا؟ «خبر»", 'نعم, لماذا? "خبر"'),
        ("BBC News", "bbc news"),
        ("زوروا https://example.com/a?b=1 الآن", f"زوروا {URL_TOKEN} الان"),
        ("راسلنا على info@example.org", f"راسلنا علي {EMAIL_TOKEN}"),
        ("جداااااا رااائع", "جدا رايع"),
        ("F-35 و إس-400", "f-35 و اس-400"),
        ("  سطر\n\n  ثان  ", "سطر\nثان"),
        ("", ""),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_each_option_can_be_switched_off() -> None:
    text = "ﺑﺎب أَحمدُ مستشفى مدرسة مسؤول جمـيل ﻻ ١٢ و٤ ؟ BBC www.x.com a@b.com جداااا ک"
    everything = normalize(text)
    for option in fields(NormalizeConfig):
        # NFKC also decomposes the ligatures, so that option shows only with NFKC off.
        off = {option.name: False, **({"nfkc": False} if option.name == "normalize_lam_alef" else {})}
        assert normalize(text, NormalizeConfig(**off)) != everything, option.name


def test_digits_kept_when_numbers_not_replaced() -> None:
    config = NormalizeConfig(replace_numbers=False)
    assert normalize("عام ٢٠١٨ و۱۹", config) == "عام 2018 و19"


def test_config_from_dict_rejects_unknown_and_non_boolean() -> None:
    with pytest.raises(ConfigError, match="unknown option 'stemming'"):
        NormalizeConfig.from_dict({"stemming": True})
    with pytest.raises(ConfigError, match="true or false"):
        NormalizeConfig.from_dict({"lowercase": "yes"})
    assert NormalizeConfig.from_dict({"lowercase": False}).lowercase is False


@settings(max_examples=400)
@given(MIXED)
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once


@settings(max_examples=150)
@given(MIXED, st.sampled_from([f.name for f in fields(NormalizeConfig)]))
def test_idempotent_with_any_option_off(text: str, option: str) -> None:
    config = NormalizeConfig(**{option: False})
    once = normalize(text, config)
    assert normalize(once, config) == once
