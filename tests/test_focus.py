"""The target sentences of a text (focus) and its lead."""

from __future__ import annotations

import re

import pytest

from arclassify.text.focus import _literal_start, focus, lead, lexicon_pattern

TEXT = "عنوان الخبر\nوصل الوفد إلى القاهرة. قال بوتين إن الحوار مستمر. وعاد الوفد مساء. ثم انتهى اللقاء."


def test_focus_keeps_the_sentences_with_a_mention_and_their_neighbours() -> None:
    assert focus(TEXT, "russia", window=0) == ("قال بوتين إن الحوار مستمر.", 1 / 5)
    assert focus(TEXT, "russia", window=1) == (
        "وصل الوفد إلى القاهرة.\nقال بوتين إن الحوار مستمر.\nوعاد الوفد مساء.", 1 / 5)


def test_each_sentence_counts_once_however_many_mentions() -> None:
    text = "موسكو والكرملين وبوتين. خبر آخر."
    assert focus(text, "russia", window=0) == ("موسكو والكرملين وبوتين.", 1 / 2)


@pytest.mark.parametrize("mention", ["PUTIN", "Putin", "pUTIN", "russia", "RUSSIA", "Moscow"])
def test_latin_names_match_in_any_case(mention: str) -> None:
    assert focus(f"خبر أول. قال {mention} شيئا. خبر آخر.", "russia", window=0)[1] == pytest.approx(1 / 3)


@pytest.mark.parametrize("mention", ["اس 400", "إس-400", "أس300", "إس-300"])
def test_every_alef_form_of_a_system_name_matches(mention: str) -> None:
    assert lexicon_pattern("russia").search(mention)


def test_a_word_boundary_at_the_end_of_a_sentence() -> None:
    assert focus("تقدم الروس. خبر آخر", "russia", window=0) == ("تقدم الروس.", 1 / 2)
    assert focus("الروسية لغة. خبر آخر", "russia", window=0)[0] == "الروسية لغة."
    assert focus("كلمة الروسx. خبر آخر", "russia", window=0) == ("", 0.0)


def test_texts_without_sentences_or_mentions() -> None:
    assert focus("", "russia") == ("", 0.0)
    assert focus(" \n. ", "russia") == ("", 0.0)
    assert focus("خبر عن مصر. وآخر عن تونس.", "russia") == ("", 0.0)


def test_an_unknown_lexicon_is_named() -> None:
    with pytest.raises(ValueError, match="unknown focus lexicon 'mars'"):
        focus(TEXT, "mars")


def test_lead_is_the_first_sentences_and_their_share() -> None:
    assert lead(TEXT, 2) == ("عنوان الخبر\nوصل الوفد إلى القاهرة.", 2 / 5)
    assert lead("", 2) == ("", 0.0)


@pytest.mark.parametrize("entry", ["[اإأ]س-? ?[34]00", "moscow", "(?:kremlin|putin)", "روس(?:يا|ي)", "[a-c]x", "\\bmig\\b"])
def test_literal_start_alternatives_match_as_the_entry_does_in_any_case(entry: str) -> None:
    text = "إس-400 و اس 300 MOSCOW Moscow mOSCOW KREMLIN putin روسيا الروسي ax Bx MIG-29 mig"
    rewritten = re.compile("|".join(_literal_start(entry)))
    assert [m.span() for m in rewritten.finditer(text)] == [m.span() for m in re.finditer(entry, text, re.IGNORECASE)]


def test_the_drills_and_military_lexicons_find_their_sentences() -> None:
    text = "أجرت القوات البحرية مناورات مشتركة. وقال المدرب إن التدريبات مستمرة. ارتفعت أسعار النفط."
    assert focus(text, "drills", window=0) == ("أجرت القوات البحرية مناورات مشتركة.\nوقال المدرب إن التدريبات مستمرة.", 2 / 3)
    assert focus("وصلت صفقة أسلحة جديدة. الطقس جميل.", "military", window=0) == ("وصلت صفقة أسلحة جديدة.", 1 / 2)
    assert focus("الطقس جميل. ارتفعت الأسعار.", "drills", window=0) == ("", 0.0)
