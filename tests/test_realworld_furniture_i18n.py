# ruff: noqa: E501  (sentences in eleven languages, a line each)
"""Page furniture that was removed only in English, in the other languages the cleaner
knows: reading times ("Lesezeit: 5 Minuten", "5 minuti di lettura", "5分で読めます"),
cookie banners ("Wir verwenden Cookies, um Ihnen ...", "Tout refuser", "쿠키 설정"),
copyright lines ("© 2026 ... Alle Rechte vorbehalten.", "版权所有", "무단 전재 및 재배포
금지") and the related-posts widget's category glued to a relative age ("Mercati2 ore fa",
"Märktevor 2 StundenNeue ...", "市场2小时前"), in German, Spanish, French, Portuguese,
Italian, Dutch, Russian, Turkish, Chinese, Japanese and Korean, in scraped dumps and feed
items. Each kind carries, beside its furniture, prose of the same language that looks like
it and must stay: the same words inside a sentence, a story about copyright, cookies named
in the news, a relative age after a word.

Every text is written for this file (an invented network, invented outlets, ``.example``
addresses)."""

from __future__ import annotations

import pytest

from digest.clean import clean_with_report
from digest.ingest.feeds import parse_feed_bytes
from digest.ingest.html import parse_page_text
from digest.ingest.scraped import parse_dump_text

KINDS = ("reading-time", "cookie-banner", "copyright")

# Per language: the headline, the site, three paragraphs of the story; per kind, the
# furniture lines (removed) and the prose that looks like them (kept); the widget: its
# lines (an age alone, then a headline; an age with a headline glued to it) and prose.
LANGS: dict[str, dict[str, object]] = {
    "de": dict(
        title="Kestrel senkt die Kosten für Brücken", site="Kanal Krypto",
        p=["Das Netzwerk Kestrel hat am Montag eine günstigere Brücke zwischen zwei Ketten eröffnet.",
           "Nach Angaben des Teams sinken die Kosten pro Überweisung um ein Drittel.",
           "Zwei Börsen wollen die neue Brücke noch in dieser Woche anbinden."],
        kinds={
            "reading-time": (["Lesezeit: 5 Minuten", "4 Min. Lesezeit"],
                             ["Die Lesezeit des Berichts beträgt etwa 5 Minuten, sagte die Autorin.",
                              "Lesezeit: 5 Minuten reichen nicht, um den Vertrag zu verstehen, warnte der Anwalt."]),
            "cookie-banner": (["Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Website zu ermöglichen.",
                               "Alle akzeptieren", "Cookie-Einstellungen"],
                              ["Die Datenschutzbehörde prüft, ob die Börse Cookies ohne Einwilligung setzt.",
                               "Wir verwenden Cookies nur für die Anmeldung, sagte der Sprecher der Börse.",
                               "Alle akzeptieren die neuen Regeln, sagte die Sprecherin."]),
            "copyright": (["© 2026 Kanal Krypto. Alle Rechte vorbehalten.", "Alle Rechte vorbehalten."],
                          ["Alle Rechte vorbehalten, heißt es im Vertrag, doch das Gericht sah das anders.",
                           "Der Verlag klagt, weil das Modell Texte mit dem Vermerk Alle Rechte vorbehalten nutzte."]),
        },
        widget=["Märktevor 2 Stunden", "Neue Brücke verbindet zwei Netzwerke sicher",
                "Märktevor 5 StundenBörse senkt Gebühren für kleine Händler"],
        widget_prose=["Bevor 2 Stunden vergangen waren, stieg der Kurs um zehn Prozent.",
                      "Die Börse meldete vor 2 Stunden einen Rekordumsatz."],
    ),
    "es": dict(
        title="Kestrel abarata sus puentes", site="Canal Cripto",
        p=["La red Kestrel abrió el lunes un puente más barato entre dos cadenas.",
           "Según el equipo, el coste por transferencia bajará un tercio.",
           "Dos plataformas quieren conectar el nuevo puente esta misma semana."],
        kinds={
            "reading-time": (["Tiempo de lectura: 5 minutos", "Lectura de 4 minutos", "3 min de lectura"],
                             ["Tiempo de lectura: 5 minutos no bastan para entender el contrato, advirtió la abogada.",
                              "La lectura de 4 minutos del informe dejó muchas dudas."]),
            "cookie-banner": (["Utilizamos cookies propias y de terceros para mejorar tu experiencia.",
                               "Aceptar todas", "Configuración de cookies"],
                              ["El regulador investiga si la plataforma instala cookies sin permiso.",
                               "Usamos cookies solo para el inicio de sesión, dijo el portavoz de la plataforma."]),
            "copyright": (["© 2026 Canal Cripto. Todos los derechos reservados.", "Todos los derechos reservados."],
                          ["Todos los derechos reservados pasaron a la editorial en 2019, según el tribunal."]),
        },
        widget=["Mercadoshace 2 horas", "Un nuevo puente conecta dos redes de forma segura",
                "Mercadoshace 5 horasLa plataforma reduce las comisiones para pequeños operadores"],
        widget_prose=["El mercado cerró hace 2 horas con fuertes subidas."],
    ),
    "fr": dict(
        title="Kestrel baisse le coût de ses ponts", site="Canal Crypto",
        p=["Le réseau Kestrel a ouvert lundi un pont moins cher entre deux chaînes.",
           "Selon l'équipe, le coût par transfert baissera d'un tiers.",
           "Deux plateformes veulent brancher le nouveau pont dès cette semaine."],
        kinds={
            "reading-time": (["Temps de lecture : 4 min", "5 min de lecture"],
                             ["Le temps de lecture moyen d'un article est de 4 minutes, selon l'étude."]),
            "cookie-banner": (["Ce site utilise des cookies. En poursuivant votre navigation, vous acceptez leur utilisation.",
                               "Tout refuser", "Paramètres des cookies"],
                              ["Le régulateur a sanctionné la plateforme pour des cookies déposés sans accord.",
                               "Nous utilisons des cookies pour la connexion uniquement, a déclaré le porte-parole."]),
            "copyright": (["© 2026 Canal Crypto. Tous droits réservés.", "Tous droits réservés"],
                          ["Tous droits réservés : la mention ne protège pas les données, a jugé le tribunal."]),
        },
        widget=["Marchésil y a 2 heures", "Un nouveau pont relie deux réseaux en toute sécurité",
                "Marchésil y a 5 heuresLa plateforme baisse ses frais pour les petits courtiers"],
        widget_prose=["Il y a 2 heures, le prix a chuté de dix pour cent."],
    ),
    "pt": dict(
        title="Kestrel barateia suas pontes", site="Canal Cripto Brasil",
        p=["A rede Kestrel abriu na segunda-feira uma ponte mais barata entre duas cadeias.",
           "Segundo a equipe, o custo por transferência vai cair um terço.",
           "Duas corretoras querem conectar a nova ponte ainda esta semana."],
        kinds={
            "reading-time": (["Tempo de leitura: 5 min", "4 minutos de leitura"],
                             ["O tempo de leitura do relatório é de 5 minutos, disse a autora."]),
            "cookie-banner": (["Este site utiliza cookies para melhorar a sua experiência de navegação.",
                               "Aceitar todos", "Política de cookies"],
                              ["O regulador investiga se a corretora grava cookies sem autorização.",
                               "Usamos cookies apenas para o login, disse o porta-voz da corretora."]),
            "copyright": (["© 2026 Canal Cripto Brasil. Todos os direitos reservados.", "Todos os direitos reservados."],
                          ["Todos os direitos reservados ao autor foram vendidos em 2020, segundo o processo."]),
        },
        widget=["Mercados2 horas atrás", "Nova ponte conecta duas redes com segurança",
                "Mercadoshá 5 horasCorretora reduz taxas para pequenos investidores"],
        widget_prose=["A corretora suspendeu os saques há 2 horas, disse o porta-voz."],
    ),
    "it": dict(
        title="Kestrel taglia i costi dei ponti", site="Canale Cripto",
        p=["La rete Kestrel ha aperto lunedì un ponte più economico tra due catene.",
           "Secondo il team, il costo per trasferimento scenderà di un terzo.",
           "Due piattaforme vogliono collegare il nuovo ponte entro questa settimana."],
        kinds={
            "reading-time": (["Tempo di lettura: 5 minuti", "4 minuti di lettura"],
                             ["Bastano 4 minuti di lettura per capire il contratto, dice la guida."]),
            "cookie-banner": (["Utilizziamo i cookie per offrirti la migliore esperienza sul nostro sito.",
                               "Accetta tutti", "Impostazioni dei cookie"],
                              ["L'autorità indaga sulla piattaforma per i cookie installati senza consenso.",
                               "Usiamo i cookie solo per l'accesso, ha detto il portavoce della piattaforma."]),
            "copyright": (["© 2026 Canale Cripto. Tutti i diritti riservati.", "Tutti i diritti riservati."],
                          ["Tutti i diritti riservati restano all'autore, ha stabilito il giudice."]),
        },
        widget=["Mercati2 ore fa", "Un nuovo ponte collega due reti in sicurezza",
                "Mercati5 ore faLa piattaforma taglia le commissioni per i piccoli operatori"],
        widget_prose=["La borsa ha sospeso gli scambi 2 ore fa, ha detto il portavoce."],
    ),
    "nl": dict(
        title="Kestrel verlaagt de kosten van bruggen", site="Kanaal Crypto",
        p=["Het netwerk Kestrel opende maandag een goedkopere brug tussen twee ketens.",
           "Volgens het team dalen de kosten per overboeking met een derde.",
           "Twee beurzen willen de nieuwe brug deze week nog aansluiten."],
        kinds={
            "reading-time": (["Leestijd: 5 minuten", "4 min leestijd"],
                             ["De gemiddelde leestijd van het rapport is 5 minuten, zei de auteur."]),
            "cookie-banner": (["Wij gebruiken cookies om je de beste ervaring op onze website te bieden.",
                               "Alles accepteren", "Cookie-instellingen"],
                              ["De toezichthouder onderzoekt of de beurs cookies plaatst zonder toestemming.",
                               "Wij gebruiken cookies alleen voor het inloggen, zei de woordvoerder."]),
            "copyright": (["© 2026 Kanaal Crypto. Alle rechten voorbehouden.", "Alle rechten voorbehouden."],
                          ["Alle rechten voorbehouden, staat in het contract, maar de rechter oordeelde anders."]),
        },
        widget=["Markten2 uur geleden", "Nieuwe brug verbindt twee netwerken veilig",
                "Markten5 uur geledenBeurs verlaagt kosten voor kleine handelaren"],
        widget_prose=["De beurs stopte 2 uur geleden met de handel, zei een woordvoerder."],
    ),
    "ru": dict(
        title="Kestrel снижает стоимость мостов", site="Крипто Канал",
        p=["Сеть Kestrel в понедельник открыла более дешёвый мост между двумя цепочками.",
           "По словам команды, стоимость перевода снизится на треть.",
           "Две биржи хотят подключить новый мост уже на этой неделе."],
        kinds={
            "reading-time": (["Время чтения: 5 минут", "4 минуты чтения"],
                             ["Время чтения отчёта составляет 5 минут, сообщила автор."]),
            "cookie-banner": (["Мы используем файлы cookie, чтобы сделать сайт удобнее для вас.",
                               "Принять все", "Настройки cookie"],
                              ["Регулятор проверяет, не использует ли биржа файлы cookie без согласия.",
                               "Мы используем файлы cookie только для входа, сообщил представитель биржи."]),
            "copyright": (["© 2026 Крипто Канал. Все права защищены.", "Все права защищены."],
                          ["Все права защищены законом, напомнил судья в четверг."]),
        },
        widget=["Рынки2 часа назад", "Новый мост надёжно соединяет две сети",
                "Рынки5 часов назадБиржа снижает комиссии для мелких трейдеров"],
        widget_prose=["Два часа назад биржа приостановила торги, сообщил представитель.",
                      "Биржа остановила торги 2 часа назад, сообщил представитель."],
    ),
    "tr": dict(
        title="Kestrel köprü maliyetlerini düşürüyor", site="Kripto Kanal",
        p=["Kestrel ağı pazartesi günü iki zincir arasında daha ucuz bir köprü açtı.",
           "Ekibe göre transfer başına maliyet üçte bir oranında düşecek.",
           "İki borsa yeni köprüyü bu hafta içinde bağlamak istiyor."],
        kinds={
            "reading-time": (["Okuma süresi: 5 dakika", "4 dk okuma"],
                             ["Raporun okuma süresi yaklaşık 5 dakika, dedi yazar."]),
            "cookie-banner": (["Sitemizde size daha iyi hizmet sunmak için çerezler kullanılmaktadır.",
                               "Tümünü kabul et", "Çerez ayarları"],
                              ["Kurum, borsanın izinsiz çerez kullanıp kullanmadığını inceliyor.",
                               "Sitemizde çerez kullanılmıyor, dedi şirket sözcüsü."]),
            "copyright": (["© 2026 Kripto Kanal. Tüm hakları saklıdır.", "Tüm hakları saklıdır."],
                          ["Tüm hakları saklıdır ibaresi verileri korumuyor, dedi mahkeme."]),
        },
        widget=["Piyasalar2 saat önce", "Yeni köprü iki ağı güvenle birbirine bağlıyor",
                "Piyasalar5 saat önceBorsa küçük yatırımcılar için ücretleri düşürdü"],
        widget_prose=["Borsa 2 saat önce işlemleri durdurdu, dedi yetkili."],
    ),
    "zh": dict(
        title="Kestrel降低跨链桥费用", site="加密频道",
        p=["Kestrel网络周一在两条链之间开通了一座更便宜的跨链桥。",
           "团队表示，每笔转账的费用将下降三分之一。",
           "两家交易所希望在本周内接入新的跨链桥。"],
        kinds={
            "reading-time": (["阅读时间 5 分钟", "预计阅读时间：4分钟"],
                             ["这份报告的阅读时间约为5分钟，作者说。"]),
            "cookie-banner": (["本网站使用Cookie来改善您的浏览体验。", "全部接受", "Cookie设置"],
                              ["监管机构正在调查该交易所是否未经同意使用Cookie。",
                               "我们使用Cookie只是为了登录，交易所发言人说。"]),
            "copyright": (["© 2026 加密频道 版权所有", "版权所有：加密频道"],
                          ["版权所有者起诉了这家人工智能公司，法院将于下月开庭。"]),
        },
        # a CJK age ends its line: the headline is on the next one
        widget=["市场2小时前", "新跨链桥安全连接两个网络", "市场5小时前", "交易所为小额交易者下调手续费"],
        widget_prose=["交易所2小时前暂停了交易，发言人说。"],
    ),
    "ja": dict(
        title="Kestrelがブリッジ手数料を引き下げ", site="暗号チャンネル",
        p=["Kestrelネットワークは月曜日、二つのチェーンを結ぶ安価なブリッジを開設した。",
           "チームによると、送金1件あたりの費用は3分の1下がる。",
           "二つの取引所が今週中に新しいブリッジに対応する予定だ。"],
        kinds={
            "reading-time": (["この記事は約5分で読めます", "読了時間：4分"],
                             ["報告書は約5分で読めますが、結論は明確ではないと専門家は述べた。"]),
            "cookie-banner": (["当サイトではCookieを使用しています。", "すべて受け入れる", "Cookie設定"],
                              ["規制当局は、取引所が同意なくCookieを使用していたかを調べている。",
                               "当社はCookieを使用していないと広報担当者は述べた。"]),
            "copyright": (["Copyright © 2026 暗号チャンネル All Rights Reserved.", "無断転載を禁じます。"],
                          ["無断転載を禁じる規約が改定されたと同社は発表した。"]),
        },
        widget=["マーケット2時間前", "新しいブリッジが二つのネットワークを安全に接続",
                "マーケット5時間前", "取引所が小口トレーダーの手数料を引き下げ"],
        widget_prose=["取引所は2時間前に取引を停止したと担当者は述べた。"],
    ),
    "ko": dict(
        title="Kestrel, 브리지 수수료 인하", site="크립토 채널",
        p=["Kestrel 네트워크는 월요일 두 체인을 잇는 더 저렴한 브리지를 열었다.",
           "팀에 따르면 송금 한 건당 비용은 3분의 1 줄어든다.",
           "두 거래소가 이번 주 안에 새 브리지를 지원할 계획이다."],
        kinds={
            "reading-time": (["읽는 시간 5분", "예상 읽기 시간: 4분"],
                             ["보고서를 읽는 시간은 5분 정도라고 저자는 말했다."]),
            "cookie-banner": (["이 웹사이트는 쿠키를 사용합니다.", "모두 수락", "쿠키 설정"],
                              ["규제 당국은 거래소가 동의 없이 쿠키를 사용했는지 조사하고 있다."]),
            "copyright": (["저작권자 © 크립토 채널 무단전재 및 재배포 금지", "무단 전재 및 재배포 금지"],
                          ["무단 전재 및 재배포 금지 조항을 어긴 업체가 벌금을 냈다."]),
        },
        widget=["시장2시간 전", "새 브리지가 두 네트워크를 안전하게 연결한다",
                "시장5시간 전", "거래소가 소액 거래자의 수수료를 인하한다"],
        widget_prose=["거래소는 2시간 전 거래를 중단했다고 관계자가 말했다."],
    ),
}
ALL = sorted(LANGS)
CASES = [(lang, kind) for lang in ALL for kind in KINDS]


def L(lang: str) -> dict:
    return LANGS[lang]


def _interleave(furniture: list[str], prose: list[str]) -> list[str]:
    """furniture[0], prose[0], furniture[1], prose[1], ...: each look-alike beside furniture."""
    out: list[str] = []
    for i in range(max(len(furniture), len(prose))):
        out += furniture[i:i + 1] + prose[i:i + 1]
    return out


def _clean_dump(lines: list[str], name: str):
    return clean_with_report(parse_dump_text("\n".join(lines) + "\n", name))


def _rss(title: str, description: str, content: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Desk</title><link>https://desk.example/</link><description>d</description>"
        f"<item><title>{title}</title><link>https://desk.example/a</link>"
        "<pubDate>Wed, 25 Nov 2026 14:05:00 +0000</pubDate>"
        f"<description><![CDATA[{description}]]></description>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"
    ).encode()


# ---------------------------------------------------------------- scraped dumps


@pytest.mark.parametrize(("lang", "kind"), CASES)
def test_a_dumps_furniture_in_its_language_goes_and_prose_like_it_stays(lang: str, kind: str) -> None:
    """A page copied as text: its reading time, cookie banner (the sentence and its
    buttons) and copyright line were the story's paragraphs and headings; the sentences
    beside them that use the same words stay."""
    d = L(lang)
    p = list(d["p"])
    furniture, prose = d["kinds"][kind]
    lines = ["Markets", f"{d['title']} – {d['site']}", p[0], p[1],
             *_interleave(list(furniture), list(prose)), p[2]]
    article, report = _clean_dump(lines, f"{lang}-{kind}.txt")
    assert list(article.paragraphs) + list(article.headings) == [p[1], *prose, p[2]]
    for line in furniture:
        assert (line, kind) in report.dropped, line


@pytest.mark.parametrize("lang", ALL)
def test_a_widgets_category_glued_to_an_age_in_its_language_goes(lang: str) -> None:
    """The related-posts widget copied as text runs the category into the relative age
    ("Mercati2 ore fa", "Märktevor 2 Stunden", "市场2小时前"), with the headline glued
    after it or on the next line. With no lone dash before it, it was kept as headings
    and paragraphs. A relative age inside a sentence stays."""
    d = L(lang)
    p = list(d["p"])
    widget, prose = list(d["widget"]), list(d["widget_prose"])
    lines = ["Markets", f"{d['title']} – {d['site']}", p[0], p[1], *prose, p[2], *widget]
    article, report = _clean_dump(lines, f"{lang}-widget.txt")
    assert list(article.paragraphs) + list(article.headings) == [p[1], *prose, p[2]]
    for line in widget:
        assert (line, "related-posts") in report.dropped, line


# ---------------------------------------------------------------- feed items


@pytest.mark.parametrize(("lang", "kind"), CASES)
def test_a_feed_items_furniture_in_its_language_goes_and_prose_like_it_stays(lang: str, kind: str) -> None:
    """A feed whose content:encoded is the whole page body: the same lines as paragraphs."""
    d = L(lang)
    p = list(d["p"])
    furniture, prose = d["kinds"][kind]
    blocks = [p[0], *_interleave(list(furniture), list(prose)), *p[1:]]
    content = "".join(f"<p>{text}</p>" for text in blocks)
    [item] = parse_feed_bytes(_rss(str(d["title"]), p[0], content), "feed.xml")
    article, report = clean_with_report(item)
    assert list(article.paragraphs) == [p[0], *prose, *p[1:]]
    for line in furniture:
        assert (line, kind) in report.dropped, line


# ---------------------------------------------------------------- saved pages


@pytest.mark.parametrize("lang", ALL)
def test_a_saved_pages_furniture_in_its_language_goes_and_prose_like_it_stays(lang: str) -> None:
    """What the extractor let through of a saved page: every kind at once, each beside
    its look-alikes."""
    d = L(lang)
    p = list(d["p"])
    blocks, prose, furniture = [p[0]], [], []
    for kind in KINDS:
        lines, like = d["kinds"][kind]
        blocks += _interleave(list(lines), list(like))
        prose += like
        furniture += [(line, kind) for line in lines]
    blocks += p[1:]
    page = (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{d['title']} | {d['site']}</title></head><body><main><article>"
            f"<h1>{d['title']}</h1>" + "".join(f"<p>{text}</p>" for text in blocks)
            + "</article></main></body></html>")
    article, report = clean_with_report(parse_page_text(page, f"{lang}.html"))
    assert list(article.paragraphs) == [p[0], *prose, *p[1:]]
    assert set(furniture) <= set(report.dropped)


# ---------------------------------------------------------------- bylines and English


@pytest.mark.parametrize(("line", "author"), [
    ("Anna Schmidt · 5 Min. Lesezeit", "Anna Schmidt"),
    ("Ana García | 4 min de lectura", "Ana García"),
    ("Иван Петров · 5 минут чтения", "Иван Петров"),
    ("Jane Roe · Reading time: 4 minutes", "Jane Roe"),
])
def test_a_byline_with_a_reading_time_in_its_language_names_the_author(line: str, author: str) -> None:
    """"Jane Roe · 4 min read" was a byline; "Anna Schmidt · 5 Min. Lesezeit" was a paragraph."""
    d = L("de")
    p = list(d["p"])
    article, report = _clean_dump(["Markets", f"{d['title']} – {d['site']}", p[0], line, *p[1:]],
                                  "byline.txt")
    assert article.author == author
    assert list(article.paragraphs) == p[1:]


def test_an_english_reading_time_with_its_label_goes() -> None:
    """"Reading time: 4 minutes" was kept where "4 min read" went; a sentence stays."""
    prose = "Reading time: 4 minutes is what the median reader spends on a long report."
    lines = ["Markets", "Kestrel Cuts Bridge Fees – Quay Post", "Kestrel opened a cheaper bridge on Monday.",
             "Reading time: 4 minutes", "The team says each transfer will cost a third less.", prose]
    article, report = _clean_dump(lines, "en.txt")
    assert list(article.paragraphs) == ["The team says each transfer will cost a third less.", prose]
    assert ("Reading time: 4 minutes", "reading-time") in report.dropped
