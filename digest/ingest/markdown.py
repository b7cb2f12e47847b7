"""Hand-written Markdown articles with front matter (the keys Hugo and Pelican use): YAML
between ``---`` lines, or, as Hugo also reads them, TOML between ``+++`` lines or a JSON
object at the top of the file. Obsidian's wikilinks, callouts and %%comments%%, footnotes
and the property lines a Notion export puts under the page's heading are read too.
Pictures beside the file (a page bundle's) are marked for the build to copy
(digest/media.py)."""

from __future__ import annotations

import html as html_text
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml
from markdown_it import MarkdownIt

from digest.config import SourceConfig
from digest.errors import DigestError
from digest.ingest import looks_binary
from digest.ingest.frontmatter import simple_yaml
from digest.media import LOCAL, PICTURE_SUFFIXES
from digest.model import Article
from digest.util import read_file, stable_id, to_utc

KNOWN_KEYS = {
    "title", "date", "category", "categories", "tags", "source", "url", "summary",
    "description", "author", "authors", "draft", "updated", "lastmod", "slug",
    "canonical_url", "canonicalurl", "canonical",
}

# libyaml's loader when PyYAML was built with it: the same values as SafeLoader (a test
# compares them), several times faster; the pure-Python loader otherwise.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def render_markdown(text: str) -> str:
    """The body's HTML. What other static-site generators and note apps give a meaning to,
    and CommonMark would print as written, is first rewritten as the Markdown it stands
    for; each rewrite runs only when its mark is in the text, so a plain file costs nothing
    more than markdown-it does."""
    # (a rare character checked first: "{{" in text takes 40 times as long as "{" in text)
    if "{" in text and ("{{" in text or "{%" in text):
        text = _templates(text)
    if ":::" in text or "!!!" in text or "???" in text:
        text = _admonitions(text)
    if ("[" in text and ("[[" in text or "[!" in text)) or ("%" in text and "%%" in text):
        text = _outside_code(text, _note_app_syntax)
    if ("[" in text and "[^" in text) or ("^" in text and "^[" in text):
        text = _footnotes(text)
    if "\n:" in text:
        text = _outside_code(text, _definition_lists)
    if "<" in text and "markdown=" in text:
        text = _MARKDOWN_IN_HTML.sub(_markdown_in_html, text)
    if "$" in text and ("$$" in text or _INLINE_MATH.search(text)):
        text = _outside_code(text, _math)
    if ":" in text and _EMOJI_CODE.search(text):
        text = _outside_code(text, _emoji)
    html = _md.render(text)
    if "[" in html and ("[ ]" in html or "[x]" in html or "[X]" in html):
        html = _TASK.sub(lambda m: m.group(1) + ("☐ " if m.group(2) == " " else "☑ "), html)
    if "<img" in html:
        html = _IMG_SRC.sub(_local_picture, html)
    return html


# An <img>'s src, as markdown-it writes it or as raw HTML in the text has it
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\ssrc=)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)


def _local_picture(match: re.Match[str]) -> str:
    """An <img> whose address is a path (a picture beside the file) with the address
    digest/media.py copies into the site from; any other <img> as written."""
    value = match.group(2)
    if value[:1] in "\"'":
        value = value[1:-1]
    local = local_src(html_text.unescape(value))
    return match.group(0) if local is None else f'{match.group(1)}"{local}"'


def local_src(src: str) -> str | None:
    """``LOCAL`` + the path when ``src`` is the path of a picture (no scheme, no host, a
    picture's suffix): beside the file ("chart.png") or from the site's root
    ("/images/chart.png", Hugo's static/ and Jekyll's assets/ way, looked up in the content
    folder by digest/media.py); None for any other address."""
    src = src.strip()
    if not src or src[0] in "#?\\" or src.startswith("//") or ":" in src.split("/", 1)[0]:
        return None  # "//img.example/x.png" (a host), "#x", "c:\x", "data:", "http:"
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path.lower().endswith(PICTURE_SUFFIXES) or "\\" in path or "\0" in path:
        return None
    return LOCAL + quote(path, safe="/")


# Fenced code blocks, whose text is shown as written.
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.M | re.S)
_FENCE_LINE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")


def _outside_code(text: str, change: Any) -> str:
    """``change`` applied to the text between fenced code blocks."""
    parts, last = [], 0
    for fence in _FENCE.finditer(text):
        parts += [change(text[last : fence.start()]), fence.group(0)]
        last = fence.end()
    parts.append(change(text[last:]))
    return "".join(parts)


# Template tags: Hugo's shortcodes ({{< youtube id >}}, {{% notice %}}...{{% /notice %}})
# and Jekyll's Liquid ({% include x.html %}, {{ site.url }}). This site has no code behind
# them, so a tag goes instead of printing as braces: a paired one's inner text stays, a
# caption (of a figure) stays as the prose it is, {% raw %} text and {% highlight %} code
# are shown as written, a {% comment %} or {% capture %} is not shown (as on the site).
# Code (fenced, or `in backticks`) is left as written, but for the escapes Hugo and
# Jekyll documentation put there: {{</* name */>}} and {% raw %}.
_IDENT = r"[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]\n]*\])*"
# The paired tags, each with the start of its closing tag: a pair is tried only when the
# text has that, as an opening tag with no closing one would be read to the end of the text
# again at each of its copies (a file of 8,000 unclosed "{{< highlight go >}}" took 28 s;
# the tag alone goes then, as any other tag)
_PAIRED = (
    (r"\{%-?\s*endraw\b",
     r"|\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"),
    (r"\{%-?\s*end(?:comment|capture)\b",
     r"|(?P<hidden>\{%-?\s*(?P<hide>comment|capture)\b.*?\{%-?\s*end(?P=hide)\s*-?%\})"),
    (r"\{%-?\s*endhighlight\b",
     r"|\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%\n]*%\}[ \t]*\n?(?P<code>.*?)"
     r"\{%-?\s*endhighlight\s*-?%\}"),
    (r"\{\{<\s*/\s*highlight\b",
     r"|\{\{<\s*highlight\s+(?P<hlang>[\w+#.-]+)[^>\n]*>\}\}[ \t]*\n?(?P<hcode>.*?)"
     r"\{\{<\s*/\s*highlight\s*>\}\}"),
    (r"\*/[>%]\}\}",
     r"|\{\{(?P<escaped>[<%])/\*(?P<inner>.*?)\*/[>%]\}\}"),
)
_TEMPLATE_HEAD = (
    r"(?P<fence>^[ ]{0,3}(?P<fchar>`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}(?P=fchar)[ \t]*$|\Z))"
    r"|(?P<span>(?P<ticks>`+)(?:[^`\n]|\n(?![ \t]*\n))+?(?P=ticks)(?!`))"
)
_TEMPLATE_TAIL = (
    r"|(?P<short>\{\{[<%]\s*/?\s*[A-Za-z][\w./-]*(?P<sparams>\s(?:[^{}]|\{[^{}]*\})*?)?\s*[>%]\}\})"
    r"|(?P<tag>\{%-?\s*[A-Za-z]\w*(?P<tparams>(?:[^%{]|%(?!\}))*?)-?%\})"
    rf"|(?P<var>\{{\{{-?\s*(?:{_IDENT}|\"[^\"\n]*\"|'[^'\n]*')"
    r"(?P<filter>\s*\|[^{}\n]*?)?\s*-?\}\})"
)


@cache
def _template_pattern(closed: tuple[bool, ...]) -> re.Pattern[str]:
    """The template pattern with the paired tags whose closing word the text has
    (``closed``, in ``_PAIRED``'s order); an absent pair's groups never match."""
    pairs = "".join(part if on else part.replace("|", "|(?!)", 1)
                    for (_closer, part), on in zip(_PAIRED, closed, strict=True))
    return re.compile(_TEMPLATE_HEAD + pairs + _TEMPLATE_TAIL, re.M | re.S)
_PARAM = re.compile(
    r"([A-Za-z_][\w-]*)\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|`([^`]*)`|([^\s\"'`>%]+))"
)
_RAW_TAG = re.compile(r"[ \t]*\{%-?\s*(?:end)?raw\s*-?%\}[ \t]*\n?")
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.S)


_CLOSERS = tuple(re.compile(closer) for closer, _part in _PAIRED)


def _templates(text: str) -> str:
    closed = tuple(bool(closer.search(text)) for closer in _CLOSERS)
    return _template_pattern(closed).sub(_template, text)


def _template(match: re.Match[str]) -> str:
    found = match.group(0)
    if match.group("fence") is not None:
        if "{%" in found:
            found = _RAW_TAG.sub("", found)
        if "/*" in found:
            found = _ESCAPED_SHORTCODE.sub(r"{{\1\2\3}}", found)
        return found
    if match.group("span") is not None:
        return _ESCAPED_SHORTCODE.sub(r"{{\1\2\3}}", found) if "/*" in found else found
    if match.group("raw") is not None:
        return match.group("raw")
    if match.group("hidden") is not None:
        return ""
    if match.group("code") is not None or match.group("hcode") is not None:
        lang = match.group("lang") or match.group("hlang")
        code = match.group("code") if match.group("code") is not None else match.group("hcode")
        code = code.rstrip(" \t")
        fence = "````" if "```" in code else "```"
        return f"{fence}{lang}\n{code}{'' if code.endswith(chr(10)) else chr(10)}{fence}"
    if match.group("escaped") is not None:
        return "{{" + match.group("escaped") + match.group("inner") + found[-3] + "}}"
    if match.group("short") is not None:
        return _caption(match.group("sparams") or "", found, match.start(), match.string)
    if match.group("tag") is not None:
        return _caption(match.group("tparams") or "", found, match.start(), match.string)
    # {{ site.url }}, {{ page.title | upcase }}: a value this site does not have. (Not
    # "{{ name }}" or "{{a}}", as likely a template or TeX being written about, which Hugo
    # shows as written.)
    if match.group("filter") or "." in found:
        return ""
    return found


def _caption(params: str, found: str, start: int, text: str) -> str:
    """What a shortcode or an include shows as text: its caption (a figure's title over
    it), with the picture when its address is a web address; "" for the rest."""
    if "=" not in params:
        return ""
    values = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
              for m in _PARAM.finditer(params)}
    caption = values.get("caption", "").strip()
    title = values.get("title", "").strip() if found[2:].lstrip("<% ").startswith(
        "figure") else ""
    shown = f"**{title}** {caption}" if title and caption else title or caption
    src = values.get("src", "").strip()
    if src and (_is_web_address(src) or local_src(src)) and "figure" in found[:12]:
        alt = values.get("alt", "").replace("]", "").strip()
        image = f"![{alt}](<{src}>)"
        line_start = start == 0 or text[start - 1] == "\n"
        shown = image + ("\n\n" if line_start else " ") + shown if shown else image
    return shown


# MkDocs' admonitions (!!! note "Title", ??? or ???+ when they fold, the text indented
# under them) and Docusaurus's (:::note Title, or :::note[Title], to a ::: line; Pandoc's
# ::: {.note} divs too): a quote under its title in bold, as an Obsidian callout is read.
_MKDOCS = re.compile(
    r"(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*"
    r"(?:[ \t]+\"(?P<title>[^\"]*)\")?[ \t]*"
)
_CONTAINER = re.compile(
    r"[ ]{0,3}(?P<colons>:{3,})[ \t]*(?:\{[^}\n]*\}|[\w-]+(?:\[(?P<bracketed>[^\]\n]*)\]"
    r"|[ \t]+(?P<title>[^{\n]*?))?[ \t]*(?:\{[^}\n]*\})?)[ \t]*"
)
_CONTAINER_END = re.compile(r"[ ]{0,3}:{3,}[ \t]*")


def _container_ends(lines: list[str]) -> dict[int, int]:
    """The line that closes each ``:::`` container's opening line (by index), found in one
    pass with a stack; code fences hold no containers. An opening line that nothing closes
    has none."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    fence = ""
    for number, line in enumerate(lines):
        marker = _FENCE_LINE.match(line)
        if fence:
            if marker and marker.group(1).startswith(fence):
                fence = ""
        elif marker:
            fence = marker.group(1)
        elif _CONTAINER_END.fullmatch(line):
            if opened:
                ends[opened.pop()] = number
        elif _CONTAINER.fullmatch(line):
            opened.append(number)
    return ends


# Admonitions within admonitions are quoted this deep at most (deeper ones as plain text)
_NESTING = 12


def _admonitions(text: str, depth: int = 0) -> str:
    lines = text.split("\n")
    out: list[str] = []
    fence = ""
    ends: dict[int, int] | None = None  # _container_ends(lines), once a container opens
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        opening = _FENCE_LINE.match(line)
        if fence or opening:
            if not fence and opening:
                fence = opening.group(1)
            elif opening and opening.group(1).startswith(fence) and not line.strip(" `~"):
                fence = ""
            out.append(line)
            continue
        admonition = _MKDOCS.fullmatch(line)
        if admonition is not None:
            indent = admonition.group("indent")
            body: list[str] = []
            while i < len(lines) and (not lines[i].strip()
                                      or lines[i].startswith((indent + "    ", indent + "\t"))):
                body.append(lines[i][len(indent) + (1 if lines[i][len(indent):][:1] == "\t"
                                                    else 4):])
                i += 1
            while body and not body[-1].strip():
                body.pop()
                i -= 1
            out += _quoted(admonition.group("title"), "\n".join(body), indent, depth)
            continue
        container = _CONTAINER.fullmatch(line)
        if container is not None and not _CONTAINER_END.fullmatch(line):
            if ends is None:
                ends = _container_ends(lines)
            title = container.group("bracketed") or container.group("title")
            end = ends.get(i - 1)
            if end is None:  # never closed: its title (if any) over the text that follows
                if title and title.strip():
                    out += [f"**{title.strip()}**", ""]
                continue
            out += _quoted(title, "\n".join(lines[i:end]), "", depth)
            i = end + 1
            continue
        out.append(line)
    return "\n".join(out)


def _quoted(title: str | None, body: str, indent: str, depth: int = 0) -> list[str]:
    """An admonition as a Markdown quote: its title (if it has one) in bold over its text,
    which may hold admonitions of its own (``_NESTING`` deep at most)."""
    if depth < _NESTING and (":::" in body or "!!!" in body or "???" in body):
        body = _admonitions(body, depth + 1)
    lines = ([f"**{title.strip()}**", ""] if title and title.strip() else []) + body.split("\n")
    return [indent + (f"> {line}" if line.strip() else ">") for line in lines]


# Obsidian's (and other note apps') syntax that CommonMark would print as written:
_NOTE_COMMENT = re.compile(r"%%.*?%%", re.S)  # %%a comment%%, on one line or several
_EMBED = re.compile(r"!\[\[([^\[\]\n]+)\]\]")  # ![[picture.png]], ![[note]]
_WIKILINK = re.compile(r"\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]")
# a code span on one line (`...`, ``...``), or a wikilink outside one
_CODE_OR_WIKILINK = re.compile(r"(?P<code>(`{1,3})[^`\n]+\2)|" + _WIKILINK.pattern)
_CALLOUT = re.compile(r"^([ \t]*(?:>[ \t]*)+)\[![\w-]+\][+-]?[ \t]*(.*)$", re.M)


def _embed(match: re.Match[str]) -> str:
    """Obsidian's ``![[chart.png]]`` (``![[chart.png|400]]`` sized, ``![[chart.png|A chart]]``
    with its alt text) as a Markdown picture; an embedded note (``![[Other note]]``), whose
    text is not here, is left out."""
    target, _, shown = match.group(1).partition("|")
    target = target.strip()
    if not target.lower().endswith(PICTURE_SUFFIXES) or "<" in target or ">" in target:
        return ""
    alt = "" if shown.strip().replace("x", "").isdigit() else shown.strip()
    return f"![{alt.replace(']', '')}](<{target}>)"


def _note_app_syntax(text: str) -> str:
    """Obsidian and Notion exports as readers should see them: %%comments%% left out,
    ``[[Page|shown text]]`` as its shown text (or the page's name), ``![[picture.png]]`` as
    a picture (digest/media.py copies it), an embedded note left out,
    a ``> [!note] Title`` callout (GitHub's ``> [!NOTE]`` alert too) as a quote under its
    title in bold."""
    text = _NOTE_COMMENT.sub("", text)
    text = _EMBED.sub(_embed, text)
    if "`" in text:  # "`[[sources]]`" in a code span is written as it is
        text = _CODE_OR_WIKILINK.sub(
            lambda m: m.group(0) if m.group("code") else (m.group(4) or m.group(3)).strip(),
            text)
    else:
        text = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    return _CALLOUT.sub(lambda m: m.group(1) + (f"**{m.group(2).strip()}**" if m.group(2).strip()
                                                else ""), text)


# Footnotes, which CommonMark does not know: [^1] or [^label] where the note is referred
# to, "[^1]: text" (and the lines under it) anywhere, Pandoc's and Obsidian's ^[inline
# notes]. Read as Hugo, Jekyll and Pandoc show them: numbered 1, 2, ... in the order they
# are referred to, "[1]" beside its word (not glued to it), and each note a paragraph of
# its own at the end of the text, in that order (one never referred to after them).
_FOOTNOTE_DEF = re.compile(r"[ ]{0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]|\^\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]")


def _footnotes(text: str) -> str:
    notes: dict[str, list[str]] = {}
    prose: list[str] = []

    def take_notes(part: str) -> str:
        lines = part.split("\n")
        kept: list[str] = []
        i = 0
        while i < len(lines):
            found = _FOOTNOTE_DEF.fullmatch(lines[i])
            i += 1
            if found is None:
                kept.append(lines[i - 1])
                continue
            note = [found.group(2)]
            while i < len(lines):
                line = lines[i]
                if line.strip() and not line.startswith((" ", "\t")) and not note[-1].strip():
                    break  # after a blank line, the note goes on only where indented
                if line.strip() and _FOOTNOTE_DEF.fullmatch(line):
                    break
                note.append(line.strip())
                i += 1
            while note and not note[-1]:
                note.pop()
                kept.append("")
            notes.setdefault(found.group(1), note)
        return "\n".join(kept)

    text = _outside_code(text, take_notes)
    numbers: dict[str, int] = {}
    order: list[list[str]] = []

    def marker(found: re.Match[str]) -> str:
        label, inline = found.group(1), found.group(2)
        if inline is not None:
            order.append([inline])
            number = len(order)
        elif label in numbers:
            number = numbers[label]
        elif label in notes:
            order.append(notes[label])
            number = numbers[label] = len(order)
        else:
            return ""  # a note that is not there: no marker pointing to nothing
        before = found.string[found.start() - 1 : found.start()]
        return ("\u00a0" if before.isalnum() else "") + f"\\[{number}\\]"

    text = _outside_code(text, lambda part: _FOOTNOTE_REF.sub(marker, part))
    order += [note for label, note in notes.items() if label not in numbers]
    for number, note in enumerate(order, 1):
        first = note[0] if note else ""
        prose.append(f"\\[{number}\\] {first}".rstrip() + "\n" + "\n".join(note[1:]))
    return text.rstrip("\n") + "\n\n" + "\n\n".join(prose) + "\n" if prose else text


# PHP Markdown Extra's (and Pandoc's) definition lists: a term on a line of its own, each
# definition under it on a line starting ": ". Read as "**Term**: definition" paragraphs.
_DEFINITION = re.compile(r":[ \t]+(\S.*)")
_NOT_A_TERM = re.compile(r"[ ]{0,3}(?:[#>|<*+-]|\d+[.)]|\[\^|:[ \t])|[ ]{4}|\t")


def _definition_lists(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    defined = -1  # where in ``out`` the last definition made a paragraph
    for line in lines:
        definition = _DEFINITION.fullmatch(line)
        if definition is not None:
            end = len(out) - 1 if out and not out[-1].strip() else len(out)  # (a blank line)
            start = _last_paragraph(out, end) if end and out[end - 1].strip() else -1
            if start >= 0 and start == defined:  # another definition of the same term
                out[end:] = ["", definition.group(1)]
                defined = end + 1
                continue
            if start >= 0 and end - start == 1 and not _NOT_A_TERM.match(out[start]):
                out[start:] = [f"**{out[start].strip()}**: {definition.group(1)}"]
                defined = start
                continue
        out.append(line)
    return "\n".join(out)


def _last_paragraph(lines: list[str], end: int) -> int:
    """Where the paragraph that ends at ``lines[end - 1]`` starts."""
    at = end - 1
    while at > 0 and lines[at - 1].strip():
        at -= 1
    return at


# <div markdown="1"> (Kramdown's and Python-Markdown's md_in_html): the Markdown inside it
# read as Markdown. A blank line after the tag does that in CommonMark.
_MARKDOWN_IN_HTML = re.compile(
    r"^([ ]{0,3}<[A-Za-z][\w-]*\b[^>\n]*?)\s+markdown(?:=(\"[^\"]*\"|'[^']*'|[^\s>]+))?"
    r"([^>\n]*>)[ \t]*$",
    re.M,
)


def _markdown_in_html(match: re.Match[str]) -> str:
    if (match.group(2) or "1").strip("\"'") == "0":
        return match.group(0)
    return match.group(1) + match.group(3) + "\n"


# Math as MathJax and KaTeX read it ($x^2$, $$...$$ lines): this site draws no formulas,
# so it is shown as the TeX it was written in, as code, neither with its dollar signs nor
# with the backslashes CommonMark would take as escapes. Dollars that are money stay:
# inline math opens with a $ before a non-space, closes with a $ after one and not before
# a digit (Pandoc's rule), and holds TeX ("$5 and $10", "$ETH/$BTC" are not math).
_DISPLAY_MATH = re.compile(r"^[ ]{0,3}\$\$[ \t]*\n(.*?)\n[ ]{0,3}\$\$[ \t]*$", re.M | re.S)
_INLINE_MATH = re.compile(  # (a literal first, and no backtracking: it runs on every "$5")
    r"\$(?<![\\$\w`]\$)(\$?)(?=[^\s$])([^$\n`]++)(?<![\s\\])\$\1(?![\d$`])"
)
_TEX = re.compile(r"[\\^_{}=]|^[A-Za-z]$")


def _math(text: str) -> str:
    if "$$" in text:
        text = _DISPLAY_MATH.sub(lambda m: f"```math\n{m.group(1)}\n```", text)
    return _INLINE_MATH.sub(
        lambda m: f"`{m.group(2)}`" if _TEX.search(m.group(2)) else m.group(0), text)


# GitHub's (and Hugo's enableEmoji) emoji shortcodes, the usual ones: :rocket: as 🚀.
_EMOJI = {
    "rocket": "🚀", "tada": "🎉", "fire": "🔥", "warning": "⚠️", "bulb": "💡",
    "thumbsup": "👍", "+1": "👍", "thumbsdown": "👎", "-1": "👎", "heart": "❤️",
    "white_check_mark": "✅", "heavy_check_mark": "✔️", "x": "❌", "memo": "📝",
    "chart_with_upwards_trend": "📈", "chart_with_downwards_trend": "📉", "smile": "😄",
    "eyes": "👀", "star": "⭐", "sparkles": "✨", "zap": "⚡", "lock": "🔒", "key": "🔑",
    "moneybag": "💰", "dollar": "💵", "bell": "🔔", "mega": "📣", "point_right": "👉",
    "wave": "👋", "pray": "🙏", "100": "💯", "boom": "💥", "construction": "🚧",
    "information_source": "ℹ️", "exclamation": "❗", "question": "❓", "bug": "🐛",
    "link": "🔗", "calendar": "📅", "clock": "🕐", "hourglass": "⌛", "globe_with_meridians":
    "🌐", "newspaper": "📰", "speech_balloon": "💬", "joy": "😂", "thinking": "🤔",
}
_EMOJI_CODE = re.compile(r":(?<![\w:]:)([a-z0-9_+-]{1,30}):(?![\w:])")


def _emoji(text: str) -> str:
    return _EMOJI_CODE.sub(lambda m: _EMOJI.get(m.group(1), m.group(0)), text)


# A task list's "- [x] done" and "- [ ] to do": a ticked or an empty box, not brackets.
_TASK = re.compile(r"(<li>\s*(?:<p>)?)\[([ xX])\] ")


def split_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    text = text.lstrip("\ufeff")
    if text.startswith("+++"):
        return _toml_front_matter(text, location)
    if text.startswith("{"):
        return _json_front_matter(text, location)
    if not text.startswith("---"):
        return _metadata_lines(text) or ({}, text)
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            break
    else:
        raise DigestError(
            location, "front matter opened with --- is never closed", "add a --- line after it"
        )
    meta = simple_yaml(header)  # the usual key: value lines, the same values, faster
    try:
        if meta is None:
            meta = yaml.load(header, Loader=_YAML_LOADER) or {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise DigestError(location, *_yaml_problem(exc, header)) from exc
    if not isinstance(meta, dict):
        raise DigestError(location, "front matter is not a set of key: value lines", "")
    return meta, body


def _yaml_problem(exc: yaml.YAMLError, header: str) -> tuple[str, str]:
    """(what is wrong, what to do) for front matter PyYAML could not read, with the line as
    the file numbers it (the opening --- is line 1) and a fix for the usual slips."""
    problem = str(getattr(exc, "problem", None) or "it is not YAML")
    mark = getattr(exc, "problem_mark", None)
    if "end of stream" in problem:  # an unclosed quote or bracket: where it was opened
        mark = getattr(exc, "context_mark", None) or mark
    if mark is None:
        return "invalid YAML front matter: " + problem, "fix the key: value lines"
    lines = header.splitlines()
    text = lines[mark.line] if mark.line < len(lines) else ""
    what = f"invalid YAML front matter at line {mark.line + 2}, column {mark.column + 1}: {problem}"
    key, colon, value = text.strip().partition(": ")
    quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    if len(quoted) > 80:
        quoted = '"..."'
    if "tab character" in problem:
        fix = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem and text[:1] in (" ", "\t"):
        fix = f"remove the spaces before {text.strip()!r}: keys start at the line's start"
    elif colon and ("mapping values are not allowed" in problem or "cannot start" in problem):
        fix = f"put the value in double quotes: {key}: {quoted}"
    elif "end of stream" in problem:
        fix = f"close the quote or bracket opened on line {mark.line + 2}"
    else:
        fix = 'fix the key: value lines (a value with ": " in it, or that starts with @, `, ' \
              '% or a quote it does not end with, goes in double quotes)'
    return what, fix


_META_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)")


def _metadata_lines(text: str) -> tuple[dict[str, Any], str] | None:
    """Pelican's (and MultiMarkdown's) metadata: "Key: value" lines at the top of the file,
    with no --- around them, ended by a blank line; a line indented under one continues
    its value. Read only when the lines name a title, so a text that opens with a
    "Note: ..." paragraph stays text. (meta, body) or None."""
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta: dict[str, Any] = {}
    key = None
    for line in lines[:end]:
        found = _META_LINE.fullmatch(line.rstrip())
        if found is not None and not line[:1].isspace():
            key = found.group("key").lower()
            meta[key] = found.group("value").strip()
        elif key is not None and line[:1].isspace():
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            return None
    if not isinstance(meta.get("title"), str) or not meta["title"]:
        return None
    return meta, "\n".join(lines[end + 1 :])


def _toml_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    import tomllib

    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            header, body = "".join(lines[1:index]), "".join(lines[index + 1 :])
            break
    else:
        raise DigestError(
            location, "front matter opened with +++ is never closed", "add a +++ line after it"
        )
    try:
        return tomllib.loads(header), body
    except tomllib.TOMLDecodeError as exc:
        raise DigestError(
            location,
            f"invalid TOML front matter ({exc}, counting from the line after +++)",
            "fix the key = value lines",
        ) from exc


def _json_front_matter(text: str, location: str) -> tuple[dict[str, Any], str]:
    import json

    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise DigestError(
            location,
            f"invalid JSON front matter ({exc.msg} at line {exc.lineno})",
            "fix the JSON object at the top, or start the front matter with a --- line",
        ) from exc
    if not isinstance(meta, dict):
        raise DigestError(location, "front matter is not a JSON object", "")
    return meta, text[end:]


def _date(value: object) -> datetime | None:
    """ISO 8601 (a YAML or TOML date too), or a date with its month named ("November 25,
    2026", "25 Nov 2026 10:00"): never an all-number one whose day and month could swap."""
    found = to_utc(value)
    if found is None and isinstance(value, str):
        from digest.ingest.dates import loose_date

        found = loose_date(value)
    return found


# Jekyll's post names, "2026-11-28-rollup-fees.md" (a bundle's folder too, as Hugo's
# ":filename" dates read them): the date a file without a date key was written for
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_ .]|$)")


def _name_date(path: Path) -> datetime | None:
    name = path.name
    if path.stem.lower() in ("index", "_index"):
        name = path.parent.name
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return to_utc(date(*map(int, match.groups())))
    except ValueError:  # "2026-13-45-...": not a date, and no date is made up
        return None


_ATX_H1 = re.compile(r" {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*")


def _leading_heading(body: str) -> tuple[str, str] | None:
    """(the text of a level-1 heading the body starts with, the body after it), or None.
    The heading's inline Markdown (emphasis, links, code) is read as the text it shows."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    atx = _ATX_H1.fullmatch(lines[first])
    if atx is not None:
        heading, rest = atx.group(1), lines[first + 1 :]
    elif (
        first + 1 < len(lines)
        and _SETEXT_H1.fullmatch(lines[first + 1])
        and not lines[first].startswith(("    ", "\t"))  # an indented line is code
    ):
        heading, rest = lines[first], lines[first + 2 :]
    else:
        return None
    text = _inline_text(heading)
    return (text, "\n".join(rest)) if text else None


_PROPERTY_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,30}?)[ \t]*:[ \t]+(?P<value>\S.*)")
# Notion's page properties, as its Markdown export writes them under the page's title.
_PROPERTY_KEYS = {
    "created": "date", "date": "date", "date created": "date", "created time": "date",
    "published": "date", "publish date": "date", "published on": "date",
    "last edited time": "updated", "updated": "updated", "tags": "tags", "category": "category",
    "author": "author", "created by": "author", "url": "url", "source": "source",
    "status": "status", "summary": "summary",
}


def _notion_properties(body: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, the rest) for the "Key: value" lines a Notion export puts under the
    page's heading ("Created: December 3, 2026 9:05 AM", "Tags: DeFi, Stablecoins"), ended
    by a blank line; None unless every line of that first block is one and two or more
    name properties Notion has (so a "Note: ..." paragraph stays text)."""
    lines = body.lstrip("\n").split("\n")
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    meta: dict[str, Any] = {}
    for line in lines[:end]:
        found = _PROPERTY_LINE.fullmatch(line.strip())
        key = _PROPERTY_KEYS.get(found.group("key").strip().lower()) if found else None
        if found is None or key is None:
            return None
        meta.setdefault(key, found.group("value").strip())
    if end < 2 or len(meta) < 2:
        return None
    return meta, "\n".join(lines[end + 1 :])


def _inline_text(markdown: str) -> str:
    """What a line of inline Markdown shows, as plain text."""
    parts: list[str] = []
    for token in _md.parseInline(markdown.strip()):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


# Where Hugo looks for a page's date, in its order ("published" too, unless it is
# Jekyll's published: false)
_DATE_KEYS = ("date", "publishdate", "pubdate", "published")


def _is_web_address(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


# Where front matter names a post's lead picture: Hugo themes' "images" (a list) and
# "cover.image" / "featuredImage", Jekyll's "image" (or "image.path"), Ghost exports'
# "feature_image", Pelican's "cover", "thumbnail", "banner"
_IMAGE_KEYS = ("image", "images", "cover", "featured_image", "featuredimage", "feature_image",
               "thumbnail", "banner", "hero", "og_image")


def _front_image(meta: dict[str, Any]) -> str | None:
    """The lead picture front matter names: a web address, or a picture beside the file
    (marked for digest/media.py to copy); None when it names none."""
    for key in _IMAGE_KEYS:
        value = meta.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("image") or value.get("path") or value.get("src") or value.get("url")
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if _is_web_address(value):
            return value
        local = local_src(value)
        if local is not None:
            return local
    return None


def _lower_keys(meta: dict[str, Any]) -> dict[str, Any]:
    """Keys in lower case, as Hugo reads them ("Title:", "Date:" are Pelican's spelling);
    a key written in lower case wins over the same key capitalised."""
    lowered: dict[str, Any] = {}
    for key, value in meta.items():
        name = str(key).lower()
        if name not in lowered or str(key) == name:
            lowered[name] = value
    return lowered


def _is_draft(meta: dict[str, Any]) -> bool:
    """Not to be published: Hugo's ``draft: true``, Jekyll's ``published: false``,
    Pelican's ``Status: draft`` (a ``draft: "true"`` string too)."""
    draft = meta.get("draft")
    return (
        draft is True
        or (isinstance(draft, str) and draft.strip().lower() in ("true", "yes"))
        or meta.get("published") is False
        or str(meta.get("status", "")).strip().lower() == "draft"
    )


def _scalar_text(value: object, key: str, text: str) -> str:
    """A front matter value as the text it was written as: ``title: 2026`` is "2026", not
    "no title" because YAML made it a number (nor "True" for ``title: Yes``)."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (list, dict)):
        return ""
    written = re.search(rf"(?im)^{key}[ \t]*[:=][ \t]*(.+?)[ \t]*$", text)
    raw = written.group(1) if written else str(value)
    return raw.strip().strip("\"'").strip()


def _listed(value: object) -> list[str]:
    """Tags or categories: a list, or one string of them separated by commas ("a, b")."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _names(value: object) -> str:
    """An author field as names: a string, a {name: ...} object (as Jekyll themes write
    them), or a list of either; never the Python repr of a list or a dict."""
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        if isinstance(person, dict):
            person = person.get("name")
        if isinstance(person, (str, int, float)) and not isinstance(person, bool):
            name = " ".join(str(person).split())
            if name:
                names.append(name)
    return ", ".join(dict.fromkeys(names))


_MORE = re.compile(r"<!--\s*more\s*-->", re.I)


# A page bundle's text file (Hugo's index.md, a README.md in a post's folder): every bundle
# has one of these names, so the folder names the post.
_BUNDLE_NAMES = {"index.md", "index.markdown", "_index.md", "readme.md"}


def _bundle_name(path: Path) -> str:
    """The name an article's id is made from, when it has no url: the file's name (so a
    file moved to another folder stays the same story), or a bundle's folder and name."""
    if path.name.lower() in _BUNDLE_NAMES and path.parent.name:
        return f"{path.parent.name}/{path.name}"
    return path.name


def parse_markdown_file(path: Path, source: SourceConfig | None = None) -> Article | None:
    """Read one article; None for a draft."""
    location = str(path)
    data = read_file(path)
    if looks_binary(data):  # (an image or a PDF renamed: not "no title", nor "not UTF-8")
        raise DigestError(location, "not text: the file holds binary data (an image, a PDF, "
                          "an archive?)", "save the article itself as a Markdown text file")
    try:
        text = data.decode("utf-8")
        if "\r" in text:  # as text mode reads it: \r\n and \r are newlines
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise DigestError(location, "not UTF-8 text", "save the file as UTF-8") from exc
    meta, body = split_front_matter(text, location)
    meta = _lower_keys(meta)
    if _is_draft(meta):
        return None
    title = _scalar_text(meta.get("title"), "title", text)
    if not title.strip():
        # A Markdown file that opens with its headline ("# Title", or "Title" over "===")
        # instead of naming it in front matter, as many editors and note apps write them:
        # that heading is the title, and is not repeated at the top of the body.
        found = _leading_heading(body)
        if found is None:
            raise DigestError(
                location, "no title: none in the front matter, and the text does not start "
                "with a # heading", "add title: Your headline to the front matter (between "
                "--- lines at the top), or start the text with a # Your headline line",
            )
        title, body = found
        properties = _notion_properties(body)
        if properties is not None:
            found_meta, body = properties
            meta = {**found_meta, **meta}
            if _is_draft(meta):  # "Status: Draft"
                return None
    date_value = next((meta[k] for k in _DATE_KEYS
                       if meta.get(k) is not None and not isinstance(meta[k], bool)), None)
    published = _date(date_value) if date_value is not None else _name_date(path)
    if date_value is not None and published is None:
        raise DigestError(
            location,
            f"date {date_value!r} is not a date",
            "write it like 2026-11-23T09:30:00Z or 2026-11-23 09:30",
        )
    category = next(iter(_listed(meta.get("category") or meta.get("categories"))), None)
    tags = _listed(meta.get("tags"))
    author = _names(meta.get("author")) or _names(meta.get("authors"))
    summary = meta.get("summary") or meta.get("description") or ""
    if isinstance(summary, str) and any(mark in summary for mark in "*_`[]"):
        summary = _md.renderInline(summary)  # as Hugo reads it: Markdown, shown as HTML
    elif not summary and "<!--" in body:
        # Hugo's (and many a Jekyll theme's) <!--more-->: the text before it is the summary
        more = _MORE.search(body)
        if more is not None:
            summary = render_markdown(body[: more.start()])
    # No source named: the site's own article, credited to the site (``own_articles`` in
    # digest/build.py gives it [site] title: this reader does not know the configuration)
    source_name = str(meta.get("source") or (source.name if source else "") or "")
    html_body = render_markdown(body)
    url = meta.get("url")
    # A post first published elsewhere names its original (Jekyll SEO's and Ghost's
    # canonical_url, Hugo themes' canonicalURL): its address, when the file gives no url,
    # and what duplicates of it are matched by. The id stays made from url or the name.
    canonical = next((str(meta[k]).strip() for k in ("canonical_url", "canonicalurl",
                                                     "canonical")
                      if isinstance(meta.get(k), str) and _is_web_address(meta[k])), None)
    return Article(
        id=stable_id("markdown", str(url or _bundle_name(path))),
        origin="markdown",
        location=location,
        title=title.strip(),
        source_name=source_name,
        url=str(url) if url else canonical,
        canonical_url=canonical,
        source_category=str(category) if category else None,
        category_hint=source.category if source else None,
        summary=str(summary),
        body_html=html_body,
        author=str(author) if author else None,
        published=published,
        updated=_date(meta.get("updated") or meta.get("lastmod") or meta.get("modified")),
        tags=tuple(str(t) for t in tags if t),
        site_names=(source_name,) if source_name else (),
        image=None if "<img" in html_body else _front_image(meta),
    )
