# ruff: noqa: E501  (sentences in ten languages, a line each)
"""Page furniture in other languages than English: WordPress's localized "The post ...
appeared first on ..." note, "Weiterlesen"/"Leer más"/"阅读全文" teasers, related-posts
boxes ("Lesen Sie auch", "À lire aussi", "関連記事"), relative ages ("vor 2 Stunden", "2
saat önce", "2시간 전"), share, follow, newsletter and ad labels, in German, Spanish,
French, Portuguese, Italian, Russian, Turkish, Chinese, Japanese and Korean (and Dutch's
note), in feed items, scraped dumps and saved pages. Each case carries, beside the
furniture, prose of the same language that opens like it and must stay ("Teilen Sie uns
mit, ...", "Hace tres años, ...").

Every text is written for this file (an invented protocol, invented outlets, ``.example``
addresses)."""

from __future__ import annotations

import pytest

from digest.clean import clean_with_report, make_summary
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text

# Per language: three paragraphs of the story, its headline, the site; the furniture; the
# look-alike prose (kept).
LANGS: dict[str, dict[str, object]] = {
    "de": dict(
        title="Harbor senkt die Gebühren", site="Krypto Kai",
        p=["Das Protokoll Harbor hat am Dienstag eine neue Version seines Netzwerks veröffentlicht.",
           "Die Gebühren sollen nach Angaben der Entwickler um ein Fünftel sinken.",
           "Mehrere Börsen kündigten an, die Aktualisierung bis Freitag zu unterstützen."],
        heads=["Neue Brücke verbindet zwei Netzwerke sicher", "Börse senkt Gebühren für kleine Händler"],
        age="vor 2 Stunden", more="Weiterlesen", related="Lesen Sie auch", related2="Mehr zum Thema",
        share="Teilen", follow="Folgen Sie uns auf X und Telegram", ad="Anzeige",
        newsletter="Abonnieren Sie unseren Newsletter", button="Jetzt abonnieren",
        note="Der Beitrag {t} erschien zuerst auf {s}.", cont="Weiterlesen „{t}“",
        prose=["Teilen Sie uns mit, was Sie denken, schrieb der Gründer.",
               "Vor 2 Stunden meldete die Börse einen Rekordumsatz.",
               "Mehr zum Thema Regulierung erwartet die Behörde im Frühjahr.",
               "Lesen Sie auch den Bericht der Zentralbank, sagte sie.",
               "Abonnieren Sie den Newsletter nicht, warnte die Polizei."],
        note_prose="Der Beitrag der Miner erschien zuerst auf einer Liste der Forscher.",
    ),
    "es": dict(
        title="Harbor reduce las comisiones", site="Cripto Faro",
        p=["El protocolo Harbor publicó el martes una nueva versión de su red.",
           "Según los desarrolladores, las comisiones bajarán una quinta parte.",
           "Varias plataformas anunciaron que apoyarán la actualización antes del viernes."],
        heads=["Un nuevo puente conecta dos redes de forma segura", "La plataforma reduce las comisiones para pequeños operadores"],
        age="hace 3 horas", more="Leer más", related="Lee también", related2="Te puede interesar",
        share="Compartir", follow="Síguenos en redes sociales", ad="Publicidad",
        newsletter="Suscríbete a nuestro boletín", button="Suscríbete",
        note="La entrada {t} se publicó primero en {s}.", cont="Sigue leyendo «{t}»",
        prose=["Hace tres años, el protocolo apenas tenía usuarios.",
               "Compartir datos sigue siendo un reto, según el informe.",
               "Lee también los términos antes de firmar, aconsejó la abogada."],
        note_prose="La entrada del fondo se publicó primero en un registro público.",
    ),
    "fr": dict(
        title="Harbor baisse ses frais", site="Crypto Phare",
        p=["Le protocole Harbor a publié mardi une nouvelle version de son réseau.",
           "Selon les développeurs, les frais baisseront d'un cinquième.",
           "Plusieurs plateformes ont annoncé qu'elles prendraient en charge la mise à jour d'ici vendredi."],
        heads=["Un nouveau pont relie deux réseaux en toute sécurité", "La plateforme baisse ses frais pour les petits courtiers"],
        age="il y a 2 heures", more="Lire la suite", related="À lire aussi", related2="Sur le même sujet",
        share="Partager", follow="Suivez-nous sur X", ad="Publicité",
        newsletter="Abonnez-vous à notre newsletter", button="Abonnez-vous",
        note="L’article {t} est apparu en premier sur {s}.", cont="Continuer la lecture de « {t} »",
        prose=["Il y a deux ans, le réseau comptait à peine mille utilisateurs.",
               "Partager les données reste un défi, selon le rapport.",
               "Il y a 2 heures, le prix a chuté de dix pour cent."],
        note_prose="L'article de loi est apparu en premier sur le site du ministère.",
    ),
    "pt": dict(
        title="Harbor reduz as taxas", site="Cripto Farol",
        p=["O protocolo Harbor lançou na terça-feira uma nova versão da sua rede.",
           "Segundo os desenvolvedores, as taxas vão cair um quinto.",
           "Várias corretoras anunciaram que vão apoiar a atualização até sexta-feira."],
        heads=["Nova ponte conecta duas redes com segurança", "Corretora reduz taxas para pequenos investidores"],
        age="há 2 horas", more="Leia mais", related="Leia também", related2="Veja também",
        share="Compartilhar", follow="Siga-nos no Instagram", ad="Publicidade",
        newsletter="Assine nossa newsletter", button="Assine",
        note="O post {t} apareceu primeiro em {s}.", cont="Continue lendo “{t}”",
        prose=["Há dois anos, a rede tinha poucos usuários.",
               "Leia mais devagar os termos do contrato, aconselhou a advogada.",
               "Compartilhar chaves privadas é perigoso, alertou a empresa."],
        note_prose="O post original apareceu primeiro em um fórum fechado.",
    ),
    "it": dict(
        title="Harbor taglia le commissioni", site="Cripto Faro Italia",
        p=["Il protocollo Harbor ha pubblicato martedì una nuova versione della sua rete.",
           "Secondo gli sviluppatori, le commissioni scenderanno di un quinto.",
           "Diverse piattaforme hanno annunciato che supporteranno l'aggiornamento entro venerdì."],
        heads=["Un nuovo ponte collega due reti in sicurezza", "La piattaforma taglia le commissioni per i piccoli operatori"],
        age="2 ore fa", more="Continua a leggere", related="Leggi anche", related2="Articoli correlati",
        share="Condividi", follow="Seguici su Telegram", ad="Pubblicità",
        newsletter="Iscriviti alla newsletter", button="Iscriviti",
        note="L'articolo {t} proviene da {s}.", cont="Continua a leggere “{t}”",
        prose=["Condividi le chiavi solo con persone fidate, avverte la guida.",
               "Leggi anche le note a piè di pagina, ha detto il revisore."],
        note_prose="L'articolo originale proviene da un'agenzia di stampa, ha detto il portavoce.",
    ),
    "ru": dict(
        title="Harbor снижает комиссии", site="Крипто Маяк",
        p=["Протокол Harbor во вторник выпустил новую версию своей сети.",
           "По словам разработчиков, комиссии снизятся на пятую часть.",
           "Несколько бирж объявили, что поддержат обновление до пятницы."],
        heads=["Новый мост надёжно соединяет две сети", "Биржа снижает комиссии для мелких трейдеров"],
        age="2 часа назад", more="Читать далее", related="Читайте также", related2="Похожие новости",
        share="Поделиться", follow="Подписывайтесь на нас в Telegram", ad="Реклама",
        newsletter="Подпишитесь на нашу рассылку", button="Подписаться",
        note="Сообщение {t} появились сначала на {s}.", cont="Читать далее «{t}»",
        prose=["Два часа назад биржа приостановила торги, сообщил представитель.",
               "Поделиться ключами с третьими лицами нельзя, предупредили в компании."],
        note_prose="Сообщение об ошибке появилось сначала на форуме разработчиков.",
    ),
    "tr": dict(
        title="Harbor ücretleri düşürüyor", site="Kripto Fener",
        p=["Harbor protokolü salı günü ağının yeni bir sürümünü yayınladı.",
           "Geliştiricilere göre işlem ücretleri beşte bir oranında düşecek.",
           "Birkaç borsa güncellemeyi cuma gününe kadar destekleyeceğini açıkladı."],
        heads=["Yeni köprü iki ağı güvenle birbirine bağlıyor", "Borsa küçük yatırımcılar için ücretleri düşürdü"],
        age="2 saat önce", more="Devamını oku", related="İlgili haberler", related2="Ayrıca okuyun",
        share="Paylaş", follow="Bizi takip edin", ad="Reklam",
        newsletter="Bültenimize abone olun", button="Abone ol",
        note="{t} yazısı ilk önce {s} üzerinde ortaya çıktı.", cont="“{t}” okumaya devam et",
        prose=["2 saat önce borsa işlemleri durdurdu, dedi yetkili.",
               "Paylaş butonuna basmadan önce bağlantıyı kontrol edin, dedi uzman."],
        note_prose="Bu sorun ilk önce test ağında ortaya çıktı, dedi geliştirici.",
    ),
    "zh": dict(
        title="Harbor下调手续费", site="加密灯塔",
        p=["Harbor协议周二发布了其网络的新版本。",
           "开发者表示，手续费将下降五分之一。",
           "多家交易所宣布将在周五前支持此次升级。"],
        heads=["新跨链桥安全连接两个网络", "交易所为小额交易者下调手续费"],
        age="2小时前", more="阅读全文", related="相关阅读", related2="相关文章",
        share="分享", follow="关注我们", ad="广告",
        newsletter="订阅我们的新闻通讯", button="订阅",
        note="文章{t}最先出现在{s}。", cont="继续阅读“{t}”",
        prose=["广告收入占该公司营收的四成。",
               "2小时前交易所暂停了交易，发言人说。"],
        note_prose="这一漏洞最先出现在测试网上，开发者说。",
    ),
    "ja": dict(
        title="Harborが手数料を引き下げ", site="暗号灯台",
        p=["Harborプロトコルは火曜日、ネットワークの新しいバージョンを公開した。",
           "開発者によると、手数料は5分の1下がる見込みだ。",
           "複数の取引所が金曜日までにアップデートに対応すると発表した。"],
        heads=["新しいブリッジが二つのネットワークを安全に接続", "取引所が小口トレーダーの手数料を引き下げ"],
        age="2時間前", more="続きを読む", related="関連記事", related2="あわせて読みたい",
        share="シェア", follow="フォローする", ad="広告",
        newsletter="ニュースレターに登録", button="登録する",
        note="投稿 {t} は {s} に最初に表示されました。", cont="“{t}” の続きを読む",
        prose=["広告収入は同社の売上の4割を占める。",
               "2時間前に取引所は取引を停止したと担当者は述べた。"],
        note_prose="この問題はテストネットに最初に表示されました。",
    ),
    "ko": dict(
        title="Harbor, 수수료 인하", site="크립토 등대",
        p=["Harbor 프로토콜은 화요일 네트워크의 새 버전을 공개했다.",
           "개발자들에 따르면 수수료는 5분의 1 줄어들 전망이다.",
           "여러 거래소가 금요일까지 업데이트를 지원하겠다고 밝혔다."],
        heads=["새 브리지가 두 네트워크를 안전하게 연결한다", "거래소가 소액 거래자의 수수료를 인하한다"],
        age="2시간 전", more="기사 더보기", related="관련 기사", related2="관련 뉴스",
        share="공유하기", follow="팔로우하세요", ad="광고",
        newsletter="뉴스레터 구독하기", button="구독",
        note=None, cont="“{t}” 계속 읽기",
        prose=["광고 수익은 회사 매출의 40%를 차지한다.",
               "2시간 전 거래소는 거래를 중단했다고 관계자가 말했다."],
        note_prose=None,
    ),
}
ALL = sorted(LANGS)
WITH_NOTE = [lang for lang in ALL if LANGS[lang]["note"]]


def L(lang: str) -> dict:
    return LANGS[lang]


def _rss(title: str, description: str, content: str = "", site: str = "Desk") -> bytes:
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{site}</title><link>https://desk.example/</link><description>d</description>"
        f"<item><title>{title}</title><link>https://desk.example/a</link>"
        "<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>"
        f"<description><![CDATA[{description}]]></description>{encoded}</item></channel></rss>"
    ).encode()


def clean_feed(title: str, description: str, content: str = "", site: str = "Desk"):
    [article] = parse_feed_bytes(_rss(title, description, content, site), "feed.xml")
    return clean_with_report(article)


def _note_html(lang: str) -> str:
    d = L(lang)
    return str(d["note"]).format(
        t=f'<a href="https://desk.example/a" rel="nofollow">{d["title"]}</a>',
        s=f'<a href="https://desk.example" rel="nofollow">{d["site"]}</a>')


def _paragraphs(texts) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


# ---------------------------------------------------------------- WordPress's note


@pytest.mark.parametrize("lang", [*WITH_NOTE, "nl"])
def test_wordpress_note_in_its_language_leaves_the_summary_and_the_body(lang: str) -> None:
    """Yoast and WordPress translate "The post X appeared first on Y." into every
    language: "Der Beitrag X erschien zuerst auf Y." was the summary's last sentence and
    the body's last paragraph. Prose that reads like it (its "headline" opening in lower
    case, or with no opener: "L'articolo originale proviene da un'agenzia ...") stays."""
    if lang == "nl":
        d = dict(title="Harbor verlaagt de kosten", site="Crypto Baken",
                 p=["Het protocol Harbor bracht dinsdag een nieuwe versie van zijn netwerk uit.",
                    "Volgens de ontwikkelaars dalen de kosten met een vijfde."],
                 note="Het bericht {t} verscheen eerst op {s}.",
                 note_prose="Het bericht over de storing verscheen eerst op een forum.")
        LANGS["nl"] = d
    try:
        d = L(lang)
        p = list(d["p"])
        description = f"<p>{p[0]} [&#8230;]</p><p>{_note_html(lang)}</p>"
        content = _paragraphs([*p[:2], d["note_prose"]]) + f"<p>{_note_html(lang)}</p>"
        article, report = clean_feed(str(d["title"]), description, content)
        assert article.summary == p[0]  # a whole sentence: no "…" after its full stop
        assert list(article.paragraphs) == [*p[:2], d["note_prose"]]
        assert [rule for _text, rule in report.dropped] == ["syndication-note"]
        assert str(d["site"]) not in article.body_html
        # a feed whose only text is the description: the note leaves the paragraphs too
        article, report = clean_feed(str(d["title"]), _paragraphs(p[:2]) + f"<p>{_note_html(lang)}</p>")
        assert list(article.paragraphs) == p[:2]
        assert str(d["site"]) not in article.summary
    finally:
        LANGS.pop("nl", None)


@pytest.mark.parametrize("lang", WITH_NOTE)
def test_a_summarys_closing_note_goes_and_a_sentence_before_it_stays(lang: str) -> None:
    """The note closing an excerpt, after a sentence that opens like it."""
    d = L(lang)
    plain = str(d["note"]).format(t=d["title"], s=d["site"])
    lead = f"{d['note_prose']} {d['p'][0]}"
    assert make_summary(f"{lead} {plain}") == lead


# ---------------------------------------------------------------- teasers


@pytest.mark.parametrize("lang", ALL)
def test_a_teaser_in_its_language_closes_no_summary_and_no_body(lang: str) -> None:
    """An excerpt's "Weiterlesen" / "Leer más" / "阅读全文" (the summary's last words) and
    the theme's "Continue reading <headline>" link closing the body ("Weiterlesen
    „Harbor senkt die Gebühren“", "Continuer la lecture de « … »", "“…” 계속 읽기") were
    kept. The same words inside a sentence stay."""
    d = L(lang)
    p = list(d["p"])
    more = str(d["more"])
    description = f'<p>{p[0]} <a href="https://desk.example/a">{more}</a></p>'
    link = str(d["cont"]).format(t=d["title"])
    content = _paragraphs([*p, *d["prose"]]) + f'<p><a href="https://desk.example/a">{link}</a></p>'
    article, report = clean_feed(str(d["title"]), description, content)
    assert article.summary == p[0]
    assert list(article.paragraphs) == [*p, *d["prose"]]
    assert (link, "read-more") in report.dropped
    assert make_summary(f"{p[0]} {more} »") == p[0]
    assert make_summary(f"{p[0]} {link}") == p[0]


def test_a_teasers_words_ending_a_sentence_stay_in_a_summary() -> None:
    assert make_summary("Wer mehr wissen will, muss mehr lesen") == "Wer mehr wissen will, muss mehr lesen"
    assert make_summary("Sie sagte: «Wir wollen mehr lesen»") == "Sie sagte: «Wir wollen mehr lesen»"
    assert make_summary("Die Preise stiegen. Weiterlesen") == "Die Preise stiegen."


# ---------------------------------------------------------------- scraped dumps


def _dump(lang: str) -> tuple[str, list[str]]:
    """A dump with every kind of furniture in ``lang``, and the paragraphs it must keep."""
    d = L(lang)
    p, prose, heads = list(d["p"]), list(d["prose"]), list(d["heads"])
    lines = [
        "Markets", f"{d['title']} – {d['site']}", p[0],
        str(d["age"]), str(d["share"]), "Facebook", "X", "WhatsApp",
        p[1], str(d["ad"]), prose[0],
        str(d["related"]), *heads,
        p[2], f"{d['related2']}: {heads[0]}", str(d["newsletter"]), str(d["button"]),
        *prose[1:], str(d["follow"]), str(d["more"]),
    ]
    return "\n".join(lines) + "\n", [p[1], prose[0], p[2], *prose[1:]]


@pytest.mark.parametrize("lang", ALL)
def test_a_dumps_furniture_in_its_language_goes_and_prose_like_it_stays(lang: str) -> None:
    """A page copied as text: its age line, share buttons, ad label, related box (heading
    and headlines), "Related: <headline>" teaser, newsletter box, follow line and "read
    more" link were the story's paragraphs and headings."""
    d = L(lang)
    text, want = _dump(lang)
    article, report = clean_with_report(parse_dump_text(text, f"{lang}.txt"))
    assert article.title.startswith(str(d["title"]))
    assert list(article.paragraphs) == want
    assert article.headings == ()
    rules = {rule for _line, rule in report.dropped}
    assert {"relative-age", "share-widget", "advertisement", "read-more", "newsletter",
            "subscribe", "follow-us"} <= rules
    assert (str(d["heads"][1]), "related-posts") in report.dropped
    assert article.published is None  # a relative age is no date


@pytest.mark.parametrize(("line", "author"), [
    ("Anna Schmidt · vor 2 Stunden", "Anna Schmidt"),
    ("Ana García | hace 3 horas", "Ana García"),
    ("Marie Dupont · il y a 2 heures", "Marie Dupont"),
])
def test_a_byline_with_a_relative_age_in_its_language_names_the_author(line: str, author: str) -> None:
    """"Jane Roe · 3 hours ago" was a byline; "Anna Schmidt · vor 2 Stunden" was a paragraph."""
    d = L("de")
    text = "\n".join(["Markets", f"{d['title']} – {d['site']}", d["p"][0], line, *d["p"][1:]]) + "\n"
    article, report = clean_with_report(parse_dump_text(text, "byline.txt"))
    assert article.author == author
    assert list(article.paragraphs) == d["p"][1:]


# ---------------------------------------------------------------- feed items and pages


@pytest.mark.parametrize("lang", ALL)
def test_a_feed_items_share_box_and_related_list_in_its_language_go(lang: str) -> None:
    """WordPress's "Teilen:" / "Lesen Sie auch" headings with their lists, an ad label and
    a newsletter line inside the body; the prose like them stays."""
    d = L(lang)
    p, prose = list(d["p"]), list(d["prose"])
    content = (
        f"<p>{d['age']}</p>" + _paragraphs(p[:2]) + f"<p>{d['ad']}</p>" + _paragraphs(prose)
        + f"<p>{p[2]}</p><p><strong>{d['newsletter']}</strong></p>"
        + f"<h3>{d['share']}:</h3><ul><li><a href='https://x.example/s'>X</a></li>"
        + "<li><a href='https://fb.example/s'>Facebook</a></li></ul>"
        + f"<h3>{d['related']}</h3><ul>"
        + "".join(f"<li><a href='https://desk.example/r{i}'>{h}</a></li>" for i, h in enumerate(d["heads"]))
        + "</ul>")
    article, report = clean_feed(str(d["title"]), p[0], content)
    assert list(article.paragraphs) == [*p[:2], *prose, p[2]]
    for gone in (d["heads"][0], "Facebook", d["newsletter"]):
        assert str(gone) not in article.body_html, gone
    assert "<ul>" not in article.body_html
    assert {(d["ad"], "advertisement"), (d["age"], "relative-age")} <= set(report.dropped)


def _page(lang: str) -> tuple[str, list[str]]:
    d = L(lang)
    p, prose = list(d["p"]), list(d["prose"])
    body = (
        f"<h1>{d['title']}</h1><p>{d['age']}</p>"
        + _paragraphs(p[:2])
        + f"<p>{d['ad']}</p>"
        + _paragraphs(prose)
        + f"<p>{d['related2']}: {d['heads'][0]}</p>"
        + f"<p>{p[2]}</p>"
        + f"<p>{d['share']}</p>"
        + f"<p>{d['newsletter']}</p><p>{d['follow']}</p>"
    )
    page = (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{d['title']} | {d['site']}</title>"
        f"<meta property='og:site_name' content='{d['site']}'></head><body>"
        f"<main><article>{body}</article></main></body></html>")
    return page, [*p[:2], *prose, p[2]]


@pytest.mark.parametrize("lang", ALL)
def test_a_saved_pages_furniture_in_its_language_goes_and_prose_like_it_stays(lang: str) -> None:
    """What the extractor let through of a saved page (the age line, the ad label, a
    "Mehr zum Thema: <headline>" teaser, the share, newsletter and follow lines) was kept
    as the page's paragraphs."""
    page, want = _page(lang)
    article, report = clean_with_report(parse_page_text(page, f"{lang}.html"))
    assert article.title == L(lang)["title"]
    assert list(article.paragraphs) == want
    rules = {rule for _line, rule in report.dropped}
    assert {"relative-age", "advertisement", "read-more", "newsletter"} <= rules


# ---------------------------------------------------------------- furniture beside its look-alike

DE = L("de")
DE_HEAD = f"Markets\n{DE['title']} – {DE['site']}\n{DE['p'][0]}\n{DE['p'][1]}\n"


@pytest.mark.parametrize(
    ("furniture", "prose"),
    [
        ("Teilen:", "Teilen Sie uns mit, was Sie denken, schrieb der Gründer."),
        ("Folgen Sie uns auf X", "Folgen Sie uns auf dem Weg nach oben, sagte der Gründer."),
        ("Newsletter abonnieren", "Den Newsletter wollten nur wenige abonnieren."),
        ("Abonnieren Sie unseren Newsletter!", "Jetzt warnt auch der Newsletter der Bank vor Risiken."),
        ("Werbung", "Werbung macht 40 Prozent der Einnahmen aus."),
        ("Mehr zum Thema: Neue Regeln für Börsen", "Mehr zum Thema Regulierung erwartet die Behörde im Frühjahr."),
        ("Aktualisiert vor 3 Stunden", "Vor 3 Stunden hat die Börse den Handel ausgesetzt."),
        ("- Anzeige -", "Anzeigen für Kryptowährungen sind in Großbritannien streng geregelt."),
        ("hace un día", "Hace un año, el protocolo apenas tenía usuarios."),
        ("Síguenos en X y Telegram", "Síguenos, dijo el guía, y el grupo cruzó el puente."),
        ("Suscríbete", "Suscríbete a la idea de que los tipos bajarán, escribió el analista."),
        ("Lire la suite »", "Lire la suite du rapport prendra du temps, a dit la juge."),
        ("Publicité", "La publicité en ligne finance le site depuis 2019."),
        ("Leia também: Corretora reduz taxas para pequenos investidores", "Leia também as regras da corretora antes de investir, disse ela."),
        ("Pubblicità", "La pubblicità del token è stata vietata dall'autorità."),
        ("Читайте также:", "Читайте также внимательно условия договора, советует юрист."),
        ("Подробнее →", "Подробнее о сделке компания не сообщила."),
        ("Devamını oku", "Devamını okumak isteyenler raporun tamamına bakabilir."),
        ("Bizi takip edin", "Bizi takip edin dedi ve grubu köprüye götürdü."),
        ("阅读全文", "阅读全文需要约十分钟，报告共四十页。"),
        ("続きを読む", "続きを読むには会員登録が必要だと同社は説明した。"),
        ("관련 기사", "관련 기사에 따르면 거래소는 지난주 점검을 마쳤다."),
    ],
)
def test_furniture_in_another_language_goes_and_the_prose_it_resembles_stays(furniture: str, prose: str) -> None:
    article = clean_with_report(parse_dump_text(
        DE_HEAD + furniture + "\n" + prose + "\n" + DE["p"][2] + "\n", "pair.txt"))[0]
    assert list(article.paragraphs) + list(article.headings) == [DE["p"][1], prose, DE["p"][2]]


def test_a_note_in_the_middle_of_a_feed_body_is_prose_and_the_closing_one_goes() -> None:
    """Only the body's close is WordPress's note: "Yazarın son yazısı ilk önce ... ortaya
    çıktı" (the author's last post first appeared on ...) in the middle of a story is its
    text. The theme's closing "Weiterlesen" link goes, a last paragraph that opens with the
    word stays."""
    d = L("tr")
    p = list(d["p"])
    middle = "Yazarın son yazısı ilk önce Orta Blog üzerinde ortaya çıktı."
    note = str(d["note"]).format(t=d["title"], s=d["site"])
    article, report = clean_feed(str(d["title"]), p[0], _paragraphs([p[0], middle, *p[1:], note]))
    assert list(article.paragraphs) == [p[0], middle, *p[1:]]
    assert report.dropped == ((note, "syndication-note"),)

    de = L("de")
    last = "Weiterlesen lohnt sich, sagt die Autorin, denn der zweite Teil ist besser."
    article, report = clean_feed(str(de["title"]), de["p"][0], _paragraphs([*de["p"], last]))
    assert list(article.paragraphs) == [*de["p"], last]
    article, report = clean_feed(str(de["title"]), de["p"][0], _paragraphs([*de["p"], "„Harbor senkt die Gebühren“ weiterlesen"]))
    assert list(article.paragraphs) == de["p"]
