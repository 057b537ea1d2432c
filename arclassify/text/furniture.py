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

# Raw web pages (scraped without their HTML) glue menus, forms and footers into long lines, which
# the short-line patterns above never see. In a line of any length, template markup makes the line
# furniture; a footer or player notice, two or more kinds of sign-in, newsletter or comment-form
# words, or an opening heading of related or most-read headlines make the rest of the line
# furniture, from the first such cue on (article text glued before it is kept when it ends a
# sentence and is long enough to be one).
_MARKUP = re.compile(r"\{\s*[*|#]|[*|]\s*\}")
_FOOTER = re.compile(
    r"(?:جميع|كل)\s+(?:ال)?حقوق\s+(?:ال)?(?:نشر\s+)?محفوظة|حقوق\s+(?:ال)?(?:نشر|طبع)(?:\s+والنشر)?\s+محفوظة"
    r"|your browser does not support|please enable javascript|cable news network",
    re.IGNORECASE,
)
_FORM_CUES = [re.compile(rf"(?<!\w)(?:{cue})(?!\w)") for cue in (
    r"(?:ال)?بريد(?:ك)?\s*(?:ال)?(?:إلكتروني|الكتروني|اليكتروني|الألكتروني)",
    r"كلم[ةه]\s+(?:ال)?(?:مرور|سر)",
    r"تسجيل\s+(?:ال)?دخول|سجل\s+(?:ال)?دخول|إنشاء\s+حساب|حسابك|حسابكم",
    r"(?:اشترك|إشترك)\s+(?:الآن|معنا|مجانا|في\s+(?:ال)?نشر\w*)|(?:ال)?اشتراك\s+في\s+(?:ال)?نشر\w*|لإشتراكك|لاشتراكك",
    r"(?:ال)?نشر(?:[ةه]|تنا)\s+(?:ال)?(?:إخبارية|اخبارية|البريدية|اليومية|الأسبوعية)|القائمة البريدية",
    r"التعليقات|تعليقك|اترك\s+تعليقا|أضف\s+تعليقا",
    r"تابعونا|تابعنا\s+على",
    r"خريطة الموقع|من نحن|اتصل بنا|تواصل معنا|سياسة الخصوصية|شروط الاستخدام",
    r"ملفات تعريف الارتباط|cookies?",
)]
_LIST_HEADING = re.compile(
    r"(?:(?:ال)?(?:أخبار|اخبار|مواضيع|موضوعات|روابط|عناوين|مقالات|فيديوهات)\s+(?:ذات\s+(?:صلة|علاقة)|متعلقة|مرتبطة|مشابهة)"
    r"|(?:ال)?أكثر\s+(?:قراءة|مشاهدة|تداولا|تعليقا)|أهم\s+العناوين|أحدث\s+المقالات|مواضيع\s+قد\s+تهمك"
    r"|(?:اقرا|اقرأ|إقرأ)\s*(?:ايضا|أيضا|أيضًا|أيضاً))(?!\w)"
)
# Substrings that each cue's pattern needs (English footers in their usual cases): the patterns
# run only on texts and lines that hold them, as most articles hold none and the patterns alone
# would cost a tenth of the scoring time.
_OTHER_HINTS = ("{", "}", "محفوظة", "rowser", "ROWSER", "avascript", "avaScript", "AVASCRIPT", "etwork", "ETWORK")
_FORM_HINTS = (("بريد",), ("كلم",), ("دخول", "إنشاء حساب", "حسابك"), ("شترك", "شتراك"),
               ("نشرة", "نشره", "نشرتنا", "البريدية"), ("التعليقات", "تعليقك", "تعليقا"), ("تابعونا", "تابعنا"),
               ("خريطة الموقع", "من نحن", "اتصل بنا", "تواصل معنا", "الخصوصية", "الاستخدام"), ("ارتباط", "cookie"))


def _has_any(text: str, hints: tuple[str, ...]) -> bool:
    return any(hint in text for hint in hints)


# Of a text: whether it holds a substring of the markup and footer cues, and the kinds of form
# words whose substrings it holds (the ones worth searching for).
_Cues = tuple[bool, tuple[int, ...]]
_ALL_CUES: _Cues = (True, tuple(range(len(_FORM_HINTS))))


def _cues(text: str, within: _Cues = _ALL_CUES) -> _Cues:
    """The cues of a text, looking only for those of ``within``: a line holds no substring that
    the text it comes from lacks, so a line is searched for its text's cues alone."""
    other, kinds = within
    return other and _has_any(text, _OTHER_HINTS), tuple(kind for kind in kinds if _has_any(text, _FORM_HINTS[kind]))


_LAST_SENTENCE_END = re.compile(r".*[.!?؟]")
_MIN_GLUED_WORDS = 12


def _page_furniture_start(line: str, within: _Cues = _ALL_CUES) -> int | None:
    """Where the furniture glued into a long line begins (0: all of it), or None if it has none
    (``within``: the cues of the text the line comes from)."""
    other, kinds = _cues(line, within)
    if not other and len(kinds) < 2:
        return None
    if other and _MARKUP.search(line):
        return 0
    starts = []
    footer = _FOOTER.search(line) if other else None
    if footer:
        starts.append(footer.start())
    form = [match.start() for kind in kinds if (match := _FORM_CUES[kind].search(line))]
    if len(form) >= 2:
        starts.append(min(form))
    return min(starts) if starts else None


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= _MIN_GLUED_WORDS and _SENTENCE_END.search(text) is not None


def _without_page_furniture(line: str, within: _Cues = _ALL_CUES) -> str:
    """The line without the furniture glued into it: empty, the article text it holds, or as it was
    (``within``: the cues of the text the line comes from)."""
    heading = _LIST_HEADING.match(line)
    if heading:
        # a "read also" heading glued before a whole sentence of the article: the heading alone goes
        rest = line[heading.end():].strip(" :-")
        return rest if _is_sentence(rest) and _page_furniture_start(rest, within) is None else ""
    start = _page_furniture_start(line, within)
    if start is None:
        return line
    before = _LAST_SENTENCE_END.match(line[:start])
    return before.group(0).strip() if before and _is_sentence(before.group(0)) else ""


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
    if not stripped:
        return False
    if len(stripped) <= _FURNITURE_MAX_LENGTH and _FURNITURE.fullmatch(stripped) is not None:
        return True
    return not _without_page_furniture(stripped)


# Remembers the latest texts: scoring several models that all strip furniture from the same batch
# of articles strips each article once.
@lru_cache(maxsize=2048)
def strip_furniture(text: str) -> str:
    """The text without furniture lines and without the related-headline lists that follow them."""
    kept = []
    in_related_list = False
    cues = _cues(text)
    page_cues = cues[0] or len(cues[1]) >= 2
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
        if page_cues or _LIST_HEADING.match(stripped):
            stripped = _without_page_furniture(stripped, cues)
        if stripped:
            kept.append(stripped)
    text = "\n".join(kept)
    return _INLINE.sub(" ", text) if any(hint in text for hint in _INLINE_HINTS) else text
