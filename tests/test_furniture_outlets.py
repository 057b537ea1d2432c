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


# Raw web pages glue menus, forms and footers into long lines (fixtures written for these tests).
@pytest.mark.parametrize(
    "line",
    [
        "{ * welcomeName * } { * loginWidget * } تسجيل الدخول { * # signInForm * } { * currentPassword * }",
        "الرئيسية أخبار عربية أخبار دولية رياضة اقتصاد منوعات فيديو صور كتاب الرأي الأرشيف"
        " جميع الحقوق محفوظة لموقع الخبر 2018 تصميم وتطوير",
        "هل تريد الاشتراك في نشرتنا الإخبارية ؟ جاري التسجيل . . أدخل بريدك الإلكتروني"
        " وسنرسل لك رابط التفعيل على الفور بعد إتمام العملية بنجاح",
        "الأكثر قراءة وزير الخارجية يلتقي نظيره في العاصمة الجيش يعلن انتهاء المناورات البحرية"
        " ارتفاع أسعار النفط في الأسواق العالمية اليوم",
        "الفيديو الأول من ثلاثة مقاطع Your browser does not support the video tag .",
    ],
)
def test_page_furniture_lines_of_any_length(line: str) -> None:
    sentence = "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل."
    assert is_furniture(line)
    assert strip_furniture(f"{sentence}\n{line}") == sentence


@pytest.mark.parametrize(
    "line",
    [
        "قالت الشرطة إن المشتبه به استخدم البريد الإلكتروني للتواصل مع شركائه في الخارج قبل أن يعتقل في المطار",
        "أعلنت الحكومة تعليق المفاوضات مع الشركة بعد تسجيل خسائر كبيرة في الربع الأخير من العام الماضي وفق البيان",
        "وقال المتحدث إن الجيش اشترك في المناورات مع القوات الأمريكية وإن التعليق على النتائج سيأتي لاحقا بعد التقييم",
    ],
)
def test_long_content_lines_with_a_single_cue_are_kept(line: str) -> None:
    assert not is_furniture(line)
    assert strip_furniture(line) == line


def test_article_sentence_glued_before_a_footer_is_kept() -> None:
    sentence = "وقال المتحدث باسم الوزارة إن القوات ستبقى في مواقعها حتى نهاية الشهر الجاري وفق الاتفاق الموقع بين الطرفين ."
    line = f"{sentence} ( رويترز ) التعليق 2018 جميع حقوق النشر محفوظة لجريدة الغد"
    assert strip_furniture(line) == sentence


def test_read_also_heading_glued_to_a_sentence_goes_alone() -> None:
    sentence = "واختتم المسؤول حديثه بالقول إن بلاده تدعم التسوية السياسية وتريد الاستقرار والأمن لشعوب المنطقة كلها ."
    assert strip_furniture(f"إقرأ أيضا : {sentence}") == sentence
