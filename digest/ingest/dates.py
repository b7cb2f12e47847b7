"""Dates that feedparser does not read: a last try before an item is dated by its first
sighting.

Feeds from sites set to another language often print RFC 822 dates with the day and month
names of that language (``Lun, 23 Nov 2026``, ``Di, 24 Dez 2026``, ``mar., 3 mars 2026``),
and some CMSs print their own formats (Drupal: ``Thursday, November 26, 2026 - 10:00``).
feedparser reads none of these, and the build would date every item of such a feed by when
it was first seen: on a first build, all at the build's time.

Read here: a day, a month name (English, French, German, Spanish, Italian, Portuguese,
Dutch, Catalan, Swedish, Danish, Norwegian, Finnish, Polish, Czech, Romanian, Hungarian,
Indonesian, Turkish, Greek, Russian, Ukrainian, Lithuanian, Latvian or Estonian; full or
abbreviated, in the genitive dates are written in, "20 ноября 2026", "20 listopada 2026",
with or without accents and dots) and a four-digit year, in either order of day and month
("de" between them, "20 de noviembre de 2026", is skipped, and so is a day's ordinal
ending, "20th November", "1er décembre", "1º de dezembro"), with an optional time ("14:30",
"14h30", "9.05am", the Nordic "klo 14.30" and "kl. 14.30") and zone; and the
year-first dates of Chinese, Japanese and Korean, "2026年11月20日 14時30分", "2026年11月20日
下午2:30", "2026년 11월 20일 오후 2:30", "2026. 11. 20. 14:30", with a Japanese era's year too
("令和8年11月20日", "平成元年1月8日"), also in its short forms ("R8.11.20", "H31.4.30",
"令和8.11.20"). A time with a dot reads as one after "klo" or "kl." and before a zone or
"Uhr" ("14.30 GMT"). All-number dates such as ``03/04/2026`` are left alone: the order of
day and month cannot be told (also where the day is above 12: "20.11.2026" stays unread,
as every all-number date that opens with its day); only ``whole_date``, for a line that is
a date and nothing else (a page's dateline), reads a dotted one as day first, the one
order written with dots. A date with no zone is read as UTC.

feedparser also misreads some dates it does not drop: a year first with a month name,
"2026. november 20." (Hungarian), it reads as the first day of the current month of that
year; "20 marraskuuta 2026" (Finnish November) it reads as 20 March, by the "mar" it opens
with. ``feed_date`` replaces such readings with this module's.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

_MONTH_NAMES = {
    1: "jan january janv janvier januar janner jaenner ene enero gen gennaio janeiro januari",
    2: "feb february fev fevr fevrier februar febrero febbraio fevereiro februari",
    3: "mar march mars marz maerz marzo marco maart mrt",
    4: "apr april avr avril abr abril aprile",
    5: "may mai mayo mag maggio maio mei",
    6: "jun june juin juni junio giu giugno junho",
    7: "jul july juil juillet juli julio lug luglio julho",
    8: "aug august aou aout ago agosto augustus",
    9: "sep sept september septembre septiembre setiembre set settembre setembro",
    10: "oct october octobre okt oktober octubre ott ottobre out outubro",
    11: "nov november novembre noviembre novembro",
    12: "dec december decembre dez dezember dic diciembre dicembre dezembro",
}
# More languages, as dates print them (Slavic and Baltic-Finnic ones in the genitive, "20
# listopada"; the nominative too): written with their accents, compared as ``_plain``
# makes them ("Kasım" -> "kasım", "Şubat" -> "subat", "май" -> "маи"). Czech and Polish
# "listopad" is November (in Croatian, not read here, it is October).
_MORE_MONTH_NAMES = {
    1: "gener tammikuuta tammikuu stycznia styczeń sty ledna leden ianuarie ian január ocak"
       " oca ιανουαρίου ιαν января январь янв січня січень січ",
    2: "febrer helmikuuta helmikuu lutego luty lut února únor februarie pebruari február"
       " şubat şub φεβρουαρίου φεβ февраля февраль фев февр лютого лютий лют",
    3: "març marts maaliskuuta maaliskuu marca marzec března březen martie maret március"
       " márc mart μαρτίου μαρ марта март березня березень бер",
    4: "huhtikuuta huhtikuu kwietnia kwiecień kwi dubna duben aprilie április ápr nisan nis"
       " απριλίου απρ апреля апрель квітня квітень квіт",
    5: "maig maj toukokuuta toukokuu maja května květen május máj mayıs μαΐου μαΐ мая май"
       " травня травень трав",
    6: "juny kesäkuuta kesäkuu czerwca czerwiec cze června červen iunie iun június jún"
       " haziran haz ιουνίου ιουν июня июнь июн червня червень черв",
    7: "juliol heinäkuuta heinäkuu lipca lipiec lip července červenec iulie iul július júl"
       " temmuz tem ιουλίου ιουλ июля июль июл липня липень",
    8: "agost augusti elokuuta elokuu sierpnia sierpień sie srpna srpen agustus agu agt"
       " augusztus ağustos ağu αυγούστου αυγ августа август авг серпня серпень серп",
    9: "setembre syyskuuta syyskuu września wrzesień wrz září septembrie szeptember szept"
       " eylül eyl σεπτεμβρίου σεπ сентября сентябрь сен сент вересня вересень вер",
    10: "octubre lokakuuta lokakuu października październik paź října říjen octombrie"
        " október ekim eki οκτωβρίου οκτ октября октябрь окт жовтня жовтень жовт",
    11: "novembre marraskuuta marraskuu listopada listopad lis listopadu noiembrie nopember"
        " nop kasım kas νοεμβρίου νοε ноября ноябрь ноя нояб листопада лист",
    12: "desembre desember des grudnia grudzień gru prosince prosinec decembrie aralık ara"
        " δεκεμβρίου δεκ декабря декабрь дек грудня грудень груд",
}
# Lithuanian ("2026 m. lapkričio 20 d."), Latvian ("2026. gada 20. novembrī") and Estonian
# ("20. detsember 2026"), which feedparser reads as the first of the current month
_BALTIC_MONTH_NAMES = {
    1: "sausio sausis janvāris janvārī jaanuar",
    2: "vasario vasaris februāris februārī veebruar",
    3: "kovo kovas marts martā märts",
    4: "balandžio balandis aprīlis aprīlī aprill",
    5: "gegužės gegužė maijs maijā",
    6: "birželio birželis jūnijs jūnijā juuni",
    7: "liepos liepa jūlijs jūlijā juuli",
    8: "rugpjūčio rugpjūtis augusts augustā",
    9: "rugsėjo rugsėjis septembris septembrī",
    10: "spalio spalis oktobris oktobrī oktoober",
    11: "lapkričio lapkritis novembris novembrī",
    12: "gruodžio gruodis decembris decembrī detsember",
}

# Zone abbreviations that name one offset (German MEZ/MESZ too); others are read as UTC.
_ZONES = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "mez": 1,
    "cest": 2, "mesz": 2, "eet": 2, "eest": 3, "msk": 3, "est": -5, "edt": -4, "cst": -6,
    "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "jst": 9, "kst": 9, "hkt": 8,
    "sgt": 8, "awst": 8, "acst": 9.5, "acdt": 10.5, "aest": 10, "aedt": 11, "nzst": 12,
    "nzdt": 13, "мск": 3,
    # India's, as Indian outlets print it ("2:30 p.m. IST"); Ireland's summer time and
    # Israel's share the letters, but in English-language news IST is India's by far
    "ist": 5.5,
}
# The zones feedparser's RFC 822 reader knows (US ones and military letters); any other
# name it reads as UTC, so "08:00 CEST" would be two hours late.
_FEEDPARSER_ZONES = {"ut", "gmt", "z", "adt", "ast", "at", "edt", "est", "et", "cdt", "cst",
                     "ct", "mdt", "mst", "mt", "pdt", "pst", "pt", "a", "n", "m", "y", "met",
                     "mest"}
_LAST_WORD = re.compile(r"([A-Za-z]{2,5})\W*$")


_YEAR_FIRST = re.compile(
    r"\s*(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Za-z]{2,5})?\s*",
    re.IGNORECASE,
)


# ISO 8601's basic format, "20261203T090500Z" (iCalendar's, and some generators'): feedparser
# keeps the day and drops the time. Read as the extended form it stands for.
_BASIC = re.compile(
    r"\s*(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?\s*",
    re.IGNORECASE,
)


# Chinese, Japanese and Korean dates, year first as they are always written: "2026年11月20日",
# "2026년 11월 20일", Korean's "2026. 11. 20." (also "2026.11.20."), perhaps with the
# weekday ("(金)", "星期五", "금요일"), a morning or afternoon mark ("下午2:30", "午後2時",
# "오후 2:30") and a time ("14:30", "14時30分", "14点30分", "14시 30분"), then a zone.
_CJK_TAIL = (
    r"\s*(?:[(（]\s*[^\s\d()（）]{1,3}\s*[)）]|(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]"
    r"|[月火水木金土日]曜日?|[월화수목금토일]요일)?"
    r"\s*(?:(?P<ampm>上午|下午|午前|午後|오전|오후|早上|凌晨|晚上|AM|PM)\s*)?"
    r"(?:(?P<H>\d{1,2})\s*(?::|[時时点點시])\s*(?:(?P<M>\d{1,2})\s*[分분]?"
    r"(?:\s*:?\s*(?P<S>\d{1,2})\s*[秒초]?)?)?)?"
    r"\s*[(（]?\s*(?P<zone>Z|(?:UTC|GMT)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Za-z]{2,5})?\s*[)）]?\s*"
)
_CJK_FORMS = (
    re.compile(r"\s*(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]?"
               + _CJK_TAIL, re.IGNORECASE),
    re.compile(r"\s*(?P<y>\d{4})\.\s*(?P<m>\d{1,2})\.\s*(?P<d>\d{1,2})\.?" + _CJK_TAIL,
               re.IGNORECASE),
    # "2026-11-20 오후 2:30:00" (Korean blogs; feedparser reads it as midnight)
    re.compile(r"\s*(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _CJK_TAIL,
               re.IGNORECASE),
)
_AFTERNOON = {"下午", "午後", "오후", "晚上", "pm"}
_MORNING = {"上午", "午前", "오전", "早上", "凌晨", "am"}
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2}):?(\d{2})?")


def _offset(zone: str) -> timedelta | None:
    """The offset a zone says: "" or "z" 0, "+0530", "UTC+8", "CET"; None: a name not
    known here (not guessed)."""
    zone = zone.lower().strip()
    if not zone or zone == "z":
        return timedelta(0)
    if (signed := _OFFSET.fullmatch(zone)) is not None:
        sign, hours, minutes = signed.groups()
        return (-1 if sign == "-" else 1) * timedelta(hours=int(hours), minutes=int(minutes or 0))
    if zone in _ZONES:
        return timedelta(hours=_ZONES[zone])
    return None


# Japanese era years, as Japanese sites and official pages print them: "令和8年11月20日" is
# 2026 (Reiwa 1 is 2019), "平成元年" (the era's first year, 元年) is 1989. Each era with the
# year before its first and its last year (Reiwa has none yet).
_ERAS = {"令和": (2018, 99), "平成": (1988, 31), "昭和": (1925, 64)}
# ... also in the short forms that forms and official pages print: the era's initial (R, H, S)
# or name, then the year, month and day with dots, slashes or dashes ("R8.11.20",
# "R08/11/20", "令和8.11.20", "H31.4.30")
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和"}
_ERA = re.compile(r"\s*(?:(?P<era>令和|平成|昭和)|(?P<letter>[RHS])(?=\d))\s*(?P<n>\d{1,2}|元)"
                  r"\s*(?P<mark>年|[./-](?=\d))")


def _western_year(text: str) -> str | None:
    """``text`` with a Japanese era's year written as the Western one ("令和8年11月20日" ->
    "2026年11月20日", "R8.11.20" -> "2026.11.20"); ``text`` itself when it opens with no
    era, None for a year the era never had ("平成40年")."""
    found = _ERA.match(text)
    if found is None:
        return text
    before, last = _ERAS[found.group("era") or _ERA_LETTERS[found.group("letter")]]
    year = 1 if found.group("n") == "元" else int(found.group("n"))
    if not 1 <= year <= last:
        return None
    return f"{before + year}{found.group('mark')}{text[found.end():]}"


_ERA_FIRST = frozenset(era[0] for era in _ERAS)


def _short_era(text: str) -> bool:
    """``text`` opens with an era's initial and a digit, "R8.11.20", "H31.4.30"."""
    return text[:1] in _ERA_LETTERS and text[1:2].isdigit()


def _year_first(text: str) -> re.Match[str] | None:
    if text.lstrip()[:1] in _ERA_FIRST or _short_era(text.lstrip()):
        western = _western_year(text)
        if western is None:
            return None
        text = western
    basic = _BASIC.fullmatch(text)
    if basic is not None:
        y, m, d, hour, minute, second, zone = basic.groups()
        text = f"{y}-{m}-{d}T{hour}:{minute}:{second or '00'}{zone or ''}"
    found = _YEAR_FIRST.fullmatch(text)
    if found is None and (not text.isascii() or ". " in text[:8] or text.lstrip()[4:5] == "."):
        # (also "2026.11.20. 14:30", the Korean and Hungarian way, which feedparser reads
        # as the first of the current month)
        found = next((m for form in _CJK_FORMS if (m := form.fullmatch(text))), None)
    if found is not None and _offset(found.group("zone") or "") is None:
        return None  # a zone name not known here: not guessed
    return found


def is_year_first(text: str) -> bool:
    """``text`` has the shape ``year_first_date`` reads (valid or not: "2026/13/45")."""
    return _year_first(text) is not None


def year_first_date(text: str) -> datetime | None:
    """An all-number date that starts with its year, "2026-11-23 08:00:00 CET" or
    "2026/11/23 08:00", with an optional time and zone (an offset or a name); None for
    anything else, and for a day or month that does not exist. feedparser reads the first
    as midnight and the second as 1 December. A year first leaves no doubt about the order
    of month and day. Chinese, Japanese and Korean dates too ("2026年11月20日 下午2:30",
    "2026년 11월 20일 14:30", "2026. 11. 20. 14:30"), which feedparser reads as 1 December."""
    found = _year_first(text)
    if found is None:
        return None
    offset = _offset(found.group("zone") or "") or timedelta(0)
    hour = int(found.group("H") or 0)
    ampm = (found.groupdict().get("ampm") or "").lower()
    if ampm and hour <= 12:  # "下午2:30", "오후 2:30": 14:30; "午前12時": midnight
        hour = hour % 12 + (12 if ampm in _AFTERNOON else 0)
    try:
        when = datetime(int(found.group("y")), int(found.group("m")), int(found.group("d")),
                        hour, int(found.group("M") or 0),
                        int(found.group("S") or 0), tzinfo=timezone(offset))
    except ValueError:  # month 13, day 32, an offset of a day or more
        return None
    return when.astimezone(UTC)


# "09:05:00 UTC+0530", "GMT+05:30": a zone name with the offset after it. feedparser reads
# "UTC+0530" as UTC, five and a half hours off; the offset alone is what it means.
_NAME_THEN_OFFSET = re.compile(r"\b(?:utc|gmt)\s*(?=[+-]\d{2}:?\d{2}\s*$)", re.IGNORECASE)


def offset_after_zone_name(text: str) -> str | None:
    """``text`` with "UTC" or "GMT" dropped before a closing offset ("... 09:05 UTC+0530" ->
    "... 09:05 +0530"); None when it has no such ending."""
    if _NAME_THEN_OFFSET.search(text) is None:
        return None
    return _NAME_THEN_OFFSET.sub("", text)


def names_a_zone_feedparser_misreads(text: str) -> bool:
    """``text`` ends with a zone name (CET, BST, AEDT, ...) that feedparser reads as UTC
    and ``loose_date`` knows."""
    found = _LAST_WORD.search(text)
    if found is None:
        return False
    zone = found.group(1).lower()
    return zone in _ZONES and zone not in _FEEDPARSER_ZONES

_TOKEN = re.compile(
    # "14:30", "14h30", and "klo 14.30", "kl. 14.30" as Finnish and Scandinavian sites print
    # a time (a dot alone does not make one: "20.11" may be a day and a month)
    r"(?P<time>(?:(?<=klo )|(?<=kl\. )|(?<=kl ))\d{1,2}\.\d{2}(?:\.\d{2})?(?!\.?\d)"
    # ... and before a zone or "Uhr", "14.30 GMT" (British papers), "14.30 Uhr"
    r"|\d{1,2}\.\d{2}(?=\s?(?:uhr|gmt|utc|bst|cet|cest|mez|mesz|eet|eest|ist)\b)"
    # ... and before a 12-hour clock's mark written onto it, "9.05am", "9.05 p.m." (British
    # sites; not "14.30 am", where German "am" is "on")
    r"|\d{1,2}\.\d{2}(?=[ap]m\b|\s?[ap]\.m\.)"
    r"|\d{1,2}(?::|h(?=\d\d))\d{2}(?::\d{2})?)(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
    r"|(?<![^\W\d_])(?P<offset>[+-]\d{2}:?\d{2})\b"  # not the "-2026" of "26-nov-2026"
    r"|(?P<number>\d+)"
    # a day's ordinal ending, "20th", "1st", French "1er", Spanish and Portuguese "1º" (which
    # ``_plain`` writes "1o"): on a day's one or two digits only, and skipped like a filler
    r"|(?<=\d)(?<!\d\d\d)(?P<ordinal>st|nd|rd|th|er|o)\b"
    r"|(?P<word>[^\W\d_]+)"  # a word in any script: "nov", "ноября", "kasım"
)


def _plain(text: str) -> str:
    """Lower case without accents: "Mär" -> "mar", "févr." -> "fevr."."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_MONTHS = {_plain(name): month
           for table in (_MONTH_NAMES, _MORE_MONTH_NAMES, _BALTIC_MONTH_NAMES)
           for month, names in table.items() for name in names.split()}
# ... and the Turkish ones as a capital "I" reads ("KASIM" -> "kasim")
_MONTHS |= {name.replace("ı", "i"): month for name, month in _MONTHS.items() if "ı" in name}
# Words between a day and its month or year: "20 de noviembre de 2026", "d'octubre"
_FILLERS = frozenset({"de", "del", "d", "di", "of"})


def _kind(match: re.Match[str]) -> str:
    return next(k for k in ("time", "offset", "number", "word", "ordinal")
                if match.group(k) is not None)


# US zone names that say neither standard nor daylight time ("10:30 AM ET", as US sites
# print them): the offset in force on the date itself. Read only right after a time, as
# "et" is also a word ("23 novembre 2026 et ...").
_REGIONS = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
            "pt": "America/Los_Angeles"}


# A Unix time as a date, as some generators print one: seconds (10 digits today) or
# milliseconds (13). feedparser reads any run of digits as a year and a day of it
# ("1796288700" is 14 October 1796).
_EPOCH = re.compile(r"\s*(?P<digits>\d{9,10}|\d{12,13})(?:\.\d+)?\s*")
_EPOCH_YEARS = range(1995, 2101)  # a count that lands outside is not a Unix time


def is_all_digits(text: str) -> bool:
    """``text`` is a run of nine or more digits (perhaps with a fraction): a Unix time, or
    nothing to guess a date from. An all-number date ("20261203") has eight."""
    return re.fullmatch(r"\s*\d{9,}(?:\.\d+)?\s*", text) is not None


def epoch_date(text: str | int | float) -> datetime | None:
    """A Unix time in seconds or milliseconds, "1796288700" or "1796288700000", as an aware
    UTC datetime; None for any other text and for a count that lands before 1995 or after
    2100 (not a Unix time, or not one in seconds or milliseconds)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        text = str(int(text))
    found = _EPOCH.fullmatch(text)
    if found is None:
        return None
    digits = found.group("digits")
    seconds = int(digits) / (1000 if len(digits) > 10 else 1)
    try:
        when = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return when.replace(microsecond=0) if when.year in _EPOCH_YEARS else None


def loose_date(text: str, short_year: bool = False) -> datetime | None:
    """``text`` as an aware UTC datetime, or None when it has no day, month name and year.

    ``short_year``: a two-digit year right after "day month" reads as RFC 822 and 2822 say
    (00-49: 2000-2049, 50-99: 1950-1999), as in RFC 850's "Thursday, 03-Dec-26 09:05:00
    GMT", which old servers and some feed generators still print (feed dates only: in prose
    "3 Dec 26" may be anything)."""
    if (text[:1].isdigit() or text[:1].isspace() or text[:1] in _ERA_FIRST) and not text.isascii():
        found = year_first_date(text)  # "2026年11月20日", "2026년 11월 20일", "令和8年11月20日"
        if found is not None or any(mark in text[:12] for mark in "年년"):
            return found
    elif ". " in text[:8] and text.lstrip()[:4].isdigit() and (found := year_first_date(text)):
        return found  # "2026. 11. 20. 14:30"
    elif _short_era(text.lstrip()):
        return year_first_date(text)  # "R8.11.20", "H31.4.30 14:30"
    tokens = [(kind, m) for m in _TOKEN.finditer(_plain(text)[:200])
              if (kind := _kind(m)) != "ordinal"
              and (kind != "word" or m.group() not in _FILLERS)]
    month_at = [i for i, (kind, m) in enumerate(tokens)
                if kind == "word" and m.group() in _MONTHS]
    if not month_at:
        return None
    # The month is a month name with a day beside it, the one nearest the year (the first of
    # those as near): a weekday may read as a month ("mar., 3 mars 2026": "mar." is Tuesday
    # in French), and so may a word ("20 de novembro de 2026, tem 3": "tem" is July in
    # Turkish and "has" in Portuguese)
    year_at = [i for i, (kind, m) in enumerate(tokens) if kind == "number" and len(m.group()) == 4]
    beside_a_day = [i for i in month_at if any(
        0 <= j < len(tokens) and tokens[j][0] == "number" and len(tokens[j][1].group()) <= 2
        for j in (i - 1, i + 1))]
    at = min(beside_a_day, key=lambda i: min((abs(i - j) for j in year_at), default=0),
             default=month_at[-1])
    month = _MONTHS[tokens[at][1].group()]
    numbers = [(i, int(m.group())) for i, (kind, m) in enumerate(tokens) if kind == "number"]
    years = [(i, n) for i, n in numbers if len(tokens[i][1].group()) == 4]
    # The day is the number next to the month name: "26 Nov" or "November 26"
    days = [(i, n) for i, n in numbers if abs(i - at) == 1 and 1 <= n <= 31
            and len(tokens[i][1].group()) <= 2]
    if not years and short_year and at >= 1 and at + 1 < len(tokens):
        # "03-Dec-26": the day before the month name, the year's last two digits after it
        (before, day_token), (after, year_token) = tokens[at - 1], tokens[at + 1]
        if (before == after == "number" and len(year_token.group()) == 2
                and len(day_token.group()) <= 2 and 1 <= int(day_token.group()) <= 31):
            short = int(year_token.group())
            years = [(at + 1, short + (2000 if short < 50 else 1900))]
            days = [(at - 1, int(day_token.group()))]
    if not years or not days:
        return None
    year, day = years[0][1], days[0][1]
    hour = minute = second = 0
    offset = timedelta(0)
    region = None
    for index, (kind, m) in enumerate(tokens):
        if kind == "time":
            clock = m.group("time").replace("h", ":").replace(".", ":")
            hour, minute, *rest = (int(x) for x in clock.split(":"))
            second = rest[0] if rest else 0
            if m.group("ampm") and hour <= 12:
                hour = hour % 12 + (12 if m.group("ampm") == "p" else 0)
        elif kind == "offset":
            sign = -1 if m.group("offset").startswith("-") else 1
            digits = m.group("offset")[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        elif kind == "word" and m.group() in _ZONES:
            offset = timedelta(hours=_ZONES[m.group()])
        elif kind == "word" and m.group() in _REGIONS and index and tokens[index - 1][0] == "time":
            region = _REGIONS[m.group()]
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:  # 31 February, 25:00, an offset of a day or more
        return None
    if region is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            when = when.replace(tzinfo=ZoneInfo(region))
        except (ZoneInfoNotFoundError, ValueError):
            pass  # no time zone database here: read as UTC, as before
    return when.astimezone(UTC)


# A date all in numbers with the day first and dots between, as German, Russian, Polish,
# Czech, Finnish, Norwegian or Turkish pages print it ("20.11.2026, 14:30 Uhr"): no
# country writes the month first with dots (the US writes "11/20/2026"), so the order is
# known, unlike that of "03/04/2026"
_DAY_FIRST_DOTTED = re.compile(
    r"\s*(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})"
    r"(?:,?\s+(?:um\s+|klo\s+|kl\.?\s+|à\s+|o\s+|в\s+|saat\s+)?(?P<H>\d{1,2})[:.h](?P<M>\d{2})"
    r"(?::(?P<S>\d{2}))?(?:\s*(?:uhr|h)\b)?)?\s*(?P<zone>[A-Za-z]{2,5}|[+-]\d{2}:?\d{2})?\s*",
    re.IGNORECASE,
)


def day_first_dotted_date(text: str) -> datetime | None:
    """A dotted all-number date with its day first, "20.11.2026" or "20.11.2026, 14:30
    Uhr", with an optional time and zone, as an aware UTC datetime; None for anything else,
    a day that does not exist and a zone not known here. For a page's dateline: a feed's
    or a file's date keeps ``loose_date``'s rule of leaving all-number dates unread."""
    found = _DAY_FIRST_DOTTED.fullmatch(text)
    if found is None:
        return None
    offset = _offset(found.group("zone") or "")
    if offset is None:
        return None
    try:
        when = datetime(int(found.group("y")), int(found.group("m")), int(found.group("d")),
                        int(found.group("H") or 0), int(found.group("M") or 0),
                        int(found.group("S") or 0), tzinfo=timezone(offset))
    except ValueError:
        return None
    return when.astimezone(UTC)


# The words a dateline holds besides its day, month, year, time and zone: weekdays (the
# English ones, and German, French, Spanish; one word not known here is let through, a
# weekday in another language), "at", "um", "Uhr", ordinal endings ("20th")
_DATE_WORDS = frozenset("""mon monday tue tues tuesday wed weds wednesday thu thur thurs
    thursday fri friday sat saturday sun sunday montag dienstag mittwoch donnerstag freitag
    samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes
    miercoles jueves viernes sabado domingo at on um uhr am le el a las alle um h hrs st nd
    rd th klo kl""".split())


def whole_date(text: str) -> datetime | None:
    """``text`` as an aware UTC datetime when it is a date and nothing else (a weekday, the
    day, month and year, a time and a zone, in any of the forms read here, and dotted
    all-number dates with the day first); None for anything else, such as a sentence that
    holds a date ("The board met on 20 November 2026")."""
    if len(text) > 80:
        return None
    found = year_first_date(text) or day_first_dotted_date(text)
    if found is not None:
        return found
    unknown = 0
    for match in _TOKEN.finditer(_plain(text)):
        if _kind(match) != "word":
            continue
        word = match.group()
        if not (word in _MONTHS or word in _ZONES or word in _REGIONS or word in _FILLERS
                or word in _DATE_WORDS):
            unknown += 1
            if unknown > 1:
                return None
    return loose_date(text)


# RFC 822 as most feeds print it, a day and an English month's three letters ("Fri, 20 Nov
# 2026 14:30:00 +0100"): feedparser's reading stands, at the cost of one short match
_RFC822 = re.compile(
    r"\s*(?:[A-Za-z]{3,9},?\s+)?\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s",
    re.IGNORECASE,
)
# A 12-hour clock's time, "2:30 PM", "2:30:00 p.m.": feedparser reads the hours and drops
# the half of the day
_AM_PM = re.compile(r"\d\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)
# A year, then a word: "2026. november 20." (Hungarian), "2026 m. lapkričio 20 d."
# (Lithuanian), "2026 Nov 20". feedparser's ISO 8601 reader takes the year alone and gives
# the first day of the current month of it: a date that depends on the day of the build.
_YEAR_THEN_WORD = re.compile(r"\s*\d{4}\.?,?\s*[^\W\d_]")
# How far apart two readings of one date can be when they differ only in its time and zone
# (an offset read or not); beyond it, one misread the day or month.
_SAME_DAY = timedelta(days=2)


def feed_date(text: str, parsed: datetime) -> datetime | None:
    """The date a feed's ``text`` says, where feedparser read it as ``parsed``: ``parsed``
    itself, unless it is clearly a misread of a date ``loose_date`` reads. A year first with
    a month name ("2026. nov. 20. 14:30"), of which feedparser read the year alone: read
    here, or no date at all. A date on another day than feedparser's by more than its time
    and zone could move it ("20 marraskuuta 2026", Finnish November, is 20 March to
    feedparser), or a time on a 12-hour clock ("2:30 PM", 02:30 to feedparser): read here.
    Anything else (a time or zone read otherwise, "GMT+01:00", "MEST"): feedparser's
    reading."""
    if _AM_PM.search(text):  # "20 Nov 2026 2:30 PM": feedparser ignores the PM (02:30)
        return loose_date(text, short_year=True) or parsed
    if _RFC822.match(text):
        return parsed
    if _YEAR_THEN_WORD.match(text):
        return loose_date(text, short_year=True)
    ours = loose_date(text, short_year=True)
    if ours is not None and abs(ours - parsed) >= _SAME_DAY:
        return ours
    return parsed
