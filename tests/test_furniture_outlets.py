import pytest

from arclassify.text import (
    is_furniture,
    mask_outlet_names,
    mask_outlets,
    strip_datelines,
    strip_furniture,
)
from arclassify.text.outlets import OUTLET_TOKEN


@pytest.mark.parametrize(
    "line",
    [
        "-----------------------",
        "اقرأ أيضاً:",
        "أخبار متعلقة",
        "شارك على فيسبوك تويتر",
        "تابعونا على تويتر",
        "أضف تعليقك",
        "جميع الحقوق محفوظة © 2018",
        "اضغط هنا لمشاهدة الفيديو",
        "صورة أرشيفية",
        "// انتهى //",
        "*نقلاً عن صحيفة الخليج",
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل التطبيق",
        "أ ش أ",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "شارك الجيش المصري في مناورات النجم الساطع مع القوات الأمريكية",
        "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل.",
        "تعليقات الرئيس أثارت جدلا واسعا في البرلمان",
    ],
)
def test_content_lines_are_kept(line: str) -> None:
    assert not is_furniture(line)


def test_related_headlines_after_heading_are_removed() -> None:
    text = "بداية الخبر.\nاقرأ أيضًا\nعنوان ذو صلة أول\nعنوان ذو صلة ثان\nوأضاف الوزير أن الاجتماع انتهى."
    assert strip_furniture(text) == "بداية الخبر.\nوأضاف الوزير أن الاجتماع انتهى."


def test_datelines_and_bylines() -> None:
    assert strip_datelines("عنوان\nدبي، الإمارات (CNN)-- قال الوزير.") == "عنوان\nقال الوزير."
    assert strip_datelines("عنوان\nالقاهرة - أ ش أ\nقال الوزير.") == "عنوان\nقال الوزير."
    assert strip_datelines("عنوان\nكتب - محمود علي:\nقال الوزير.") == "عنوان\nقال الوزير."
    assert strip_datelines("عنوان\nكراكاس (ا ف ب) - تجمع الالاف.") == "عنوان\nتجمع الالاف."
    # "لـ" glued to a name is not a dash
    assert strip_datelines("عنوان\nقال مصدر لـCNN إن الوضع هادئ.") == "عنوان\nقال مصدر لـCNN إن الوضع هادئ."


def test_outlet_names_masked_but_ordinary_words_kept() -> None:
    masked = mask_outlet_names("نقلت سكاي نيوز عربية وبي بي سي عن «الوطن» أن الوطن بخير")
    assert masked.count(OUTLET_TOKEN) == 3
    assert "الوطن بخير" in masked


def test_mask_outlets_with_custom_names() -> None:
    assert OUTLET_TOKEN in mask_outlets("نشرت صحيفة الرياض تقريرا", names=["الرياض"])
