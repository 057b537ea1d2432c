"""Remove web-page furniture from scraped articles: share/comment/related/copyright/menu lines."""

from __future__ import annotations

import re
from functools import lru_cache

# A whole line that is furniture when it matches one of these (after trimming spaces).
_FURNITURE_LINES = [
    r"[\W_]{3,}",  # separators: "-----", "×××", "* *"
    r"(?:اقرا|اقرأ|إقرأ)\s*(?:ايضا|أيضا|أيضًا|أيضاً|ايضًا)\W*",
    r"(?:ال)?(?:أخبار|اخبار|مواضيع|مقالات|موضوعات)\s*(?:ال)?(?:متعلقة|ذات صلة|مشابهة|مرتبطة)\W*",
    r"(?:شارك|انشر)(?:\s+(?:الخبر|المقال|الموضوع|هذا الخبر|هذا المقال))?(?:\s+(?:على|عبر))?"
    r"(?:[\s,،|]+(?:فيسبوك|فيس بوك|تويتر|واتساب|واتس اب|facebook|twitter|whatsapp|telegram|تيليجرام))*\W*",
    r"(?:تابعونا|تابعنا|تابعوا)\s+(?:على|عبر)\s+.{0,60}",
    r"(?:طباعة|أرسل لصديق|ارسل لصديق|أرسل إلى صديق|حفظ|مشاركة)\W*",
    r"(?:أضف|اضف|اكتب|أكتب)\s+(?:تعليق|تعليقك)\W*.*",
    r"(?:ال)?تعليقات(?:\s*\(\d+\))?\W*",
    r"(?:جميع|كل)\s+الحقوق\s+محفوظة.*",
    r".{0,60}(?:©|حقوق النشر محفوظة|copyright).{0,80}",
    r"(?:إضغط|اضغط|انقر)\s+هنا.{0,60}",
    r"لقراءة\s+(?:تفاصيل|المزيد|الخبر).{0,60}",
    r"\.{0,3}\s*(?:المزيد|للمزيد)\W*",
    r"(?:صورة\s+)?(?:أرشيفية|ارشيفية)\W*",
    r"(?:Next\s+)?Previous.*|Next",
    r"//\s*(?:انتهى|يتبع)\s*//",
    r"\*+\s*نقلا?ً?\s+عن\s+.{1,60}",
    r"\**\s*(?:جميع|كل)\s+(?:المقالات|الآراء)\s+المنشورة.{0,80}",
    r"يمكنكم\s+(?:استلام|تسلم)\s+إشعارات.*",
    r"للتواصل\s+(?:مع الكاتب\s+)?(?:ارسل|أرسل).*",
    r"\d{4,7}\s*-\s*(?:mobily|stc|zain)",
    r"(?:www\.|https?://)\S+",
    r"\W*(?:أ\s?ش\s?أ|أ\.ش\.أ|ا ف ب|أ ف ب|رويترز|وكالات|متابعات|د ب أ)\W*",
]
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_LINES), re.IGNORECASE)

# A heading after which the page lists related headlines.
_RELATED_HEADING = re.compile(
    r"(?:اقرا|اقرأ|إقرأ)\s*(?:ايضا|أيضا|أيضًا|أيضاً|ايضًا)|(?:ال)?(?:أخبار|اخبار|مواضيع)\s*(?:ال)?(?:متعلقة|ذات صلة)"
)
# Furniture lines are short; longer lines are content and skip the furniture patterns.
_FURNITURE_MAX_LENGTH = 200
_SENTENCE_END = re.compile(r"[.!?؟:\"»”]\s*$")
_HEADLINE_MAX_WORDS = 16

# Furniture that pages glue inside running text (menus and counters on raw web pages).
_INLINE = re.compile(
    r"(?:مجموع المشاهدات\s*:\s*\d+|قيم هذا المقال\s*\d*|الكلمات الدلالية\s*:|تخطي شريط التصفح"
    r"|subscription form|اشترك في (?:النشرة|نشرتنا)[^.]*)",
    re.IGNORECASE,
)
_INLINE_HINTS = ("المشاهدات", "قيم هذا", "الكلمات الدلالية", "شريط التصفح", "ubscription", "اشترك في")


def is_furniture(line: str) -> bool:
    """Whether a single line is page furniture."""
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= _FURNITURE_MAX_LENGTH and _FURNITURE.fullmatch(stripped) is not None


# Remembers the latest texts: scoring several models that all strip furniture from the same batch
# of articles strips each article once.
@lru_cache(maxsize=2048)
def strip_furniture(text: str) -> str:
    """The text without furniture lines and without the related-headline lists that follow them."""
    kept = []
    in_related_list = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            in_related_list = False
            continue
        if _RELATED_HEADING.fullmatch(stripped.rstrip(" :")):
            in_related_list = True
            continue
        if in_related_list:
            if len(stripped.split()) <= _HEADLINE_MAX_WORDS and not _SENTENCE_END.search(stripped):
                continue
            in_related_list = False
        if len(stripped) <= _FURNITURE_MAX_LENGTH and _FURNITURE.fullmatch(stripped):
            continue
        kept.append(stripped)
    text = "\n".join(kept)
    return _INLINE.sub(" ", text) if any(hint in text for hint in _INLINE_HINTS) else text
