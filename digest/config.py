"""digest.toml -> frozen dataclasses.

Every error names the file, the key (and its line where it can be found) and the fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from digest.errors import DigestError
from digest.model import Topic

CONFIG_NAME = "digest.toml"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "digest"
    base_url: str = "http://127.0.0.1:8000/"
    description: str = "The day's news, each story once."
    language: str = "en"
    home_stories_per_topic: int = 6
    feed_items: int = 50
    other_topic_name: str = "Other news"


@dataclass(frozen=True)
class PathsConfig:
    content: Path = Path("content")
    output: Path = Path("site")
    state: Path = Path(".digest/state.sqlite")
    templates: Path = Path("templates")


@dataclass(frozen=True)
class SourceConfig:
    location: str  # URL, or an absolute local path
    name: str | None = None
    category: str | None = None
    home: str | None = None

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    site: SiteConfig = field(default_factory=SiteConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    topics: tuple[Topic, ...] = ()
    sources: tuple[SourceConfig, ...] = ()

    @property
    def content_dir(self) -> Path:
        return self.root / self.paths.content

    @property
    def output_dir(self) -> Path:
        return self.root / self.paths.output

    @property
    def state_path(self) -> Path:
        return self.root / self.paths.state

    @property
    def templates_dir(self) -> Path:
        return self.root / self.paths.templates


DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic(
        slug="defi",
        name="DeFi",
        description="Decentralised finance: lending, exchanges, stablecoins and yield.",
        aliases=("defi", "de-fi", "decentralized finance", "decentralised finance"),
        keywords=(
            "defi", "lending", "borrowing", "liquidity pool", "yield", "dex", "amm",
            "perpetuals", "perps", "stablecoin", "liquidation", "tvl", "vault",
            "dao treasury", "flash loan",
        ),
    ),
    Topic(
        slug="blockchain",
        name="Blockchain",
        description="Chains, protocols, validators and the assets that run on them.",
        aliases=("blockchain", "crypto", "cryptocurrency", "bitcoin", "ethereum", "web3"),
        keywords=(
            "blockchain", "layer 2", "rollup", "validator", "staking", "mainnet", "bitcoin",
            "ethereum", "consensus", "node", "hard fork", "wallet", "on-chain", "testnet",
        ),
    ),
    Topic(
        slug="technology",
        name="Technology",
        description="Software, chips, AI and the companies that build them.",
        aliases=("technology", "tech", "ai", "science"),
        keywords=(
            "ai", "artificial intelligence", "chip", "semiconductor", "software", "cloud",
            "smartphone", "open source", "browser", "data centre", "data center", "quantum",
            "startup", "gpu",
        ),
    ),
)


# ---------------------------------------------------------------- validation helpers

_KNOWN: dict[str, tuple[str, ...]] = {
    "": ("site", "paths", "topics", "sources"),
    "site": tuple(SiteConfig.__dataclass_fields__),
    "paths": tuple(PathsConfig.__dataclass_fields__),
    "topics": ("slug", "name", "description", "aliases", "keywords"),
    "sources": ("name", "url", "path", "category", "home"),
}

_TYPE_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "a table"}


class _Checker:
    def __init__(self, path: Path | None, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def where(self, key: str) -> str:
        name = str(self.path) if self.path else CONFIG_NAME
        line = self.line_of(key)
        return f"{name}, line {line}" if line else name

    def line_of(self, dotted: str) -> int | None:
        leaf = dotted.split(".")[-1].split("[")[0]
        pattern = re.compile(rf"^\s*\[*\s*{re.escape(leaf)}\s*[=\]]")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    def fail(self, key: str, problem: str, fix: str) -> DigestError:
        return DigestError(self.where(key), f"{key}: {problem}", fix)

    def unknown_keys(self, table: dict[str, Any], section: str, prefix: str) -> None:
        known = _KNOWN[section]
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else ""
                allowed = ", ".join(known)
                dotted = f"{prefix}{key}"
                raise self.fail(
                    dotted,
                    "unknown key",
                    f"{hint} Known keys here: {allowed}.".strip(),
                )

    def typed(self, table: dict[str, Any], key: str, kind: type, dotted: str) -> Any:
        value = table[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            raise self.fail(
                dotted,
                f"must be {_TYPE_NAMES[kind]}, got {type(value).__name__} {value!r}",
                f"write it as {_example(kind)}",
            )
        return value

    def str_list(self, table: dict[str, Any], key: str, dotted: str) -> tuple[str, ...]:
        value = self.typed(table, key, list, dotted)
        for item in value:
            if not isinstance(item, str):
                raise self.fail(
                    dotted,
                    f"every entry must be a string, got {item!r}",
                    'write it as ["first", "second"]',
                )
        return tuple(value)


def _example(kind: type) -> str:
    return {str: '"text"', int: "a number without quotes, e.g. 10", list: '["a", "b"]'}.get(
        kind, "a table"
    )


# ---------------------------------------------------------------- loading


def load_config(path: Path | str | None = None, *, root: Path | None = None) -> Config:
    """Load and validate ``digest.toml``.

    ``path`` None means ``./digest.toml`` when it exists, else the built-in defaults.
    Raises DigestError naming the key and the line for any problem.
    """
    if path is None:
        candidate = (root or Path.cwd()) / CONFIG_NAME
        if not candidate.exists():
            return Config(root=(root or Path.cwd()).resolve(), path=None, topics=DEFAULT_TOPICS)
        path = candidate
    path = Path(path)
    if not path.is_file():
        raise DigestError(
            str(path),
            "config file not found",
            "run digest from the folder that holds digest.toml, or pass --config PATH",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DigestError(str(path), f"not UTF-8 text ({exc.reason})", "save it as UTF-8") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DigestError(
            str(path),
            f"invalid TOML: {exc}",
            "fix the syntax at that line (strings need quotes, tables need [brackets])",
        ) from exc
    return parse_config(data, path=path, text=text)


def parse_config(data: dict[str, Any], *, path: Path | None = None, text: str = "") -> Config:
    check = _Checker(path, text)
    check.unknown_keys(data, "", "")
    root = (path.parent if path else Path.cwd()).resolve()

    site_table = data.get("site", {})
    if not isinstance(site_table, dict):
        raise check.fail("site", "must be a table", "write it as a [site] section")
    check.unknown_keys(site_table, "site", "site.")
    site_values: dict[str, Any] = {}
    for name, spec in SiteConfig.__dataclass_fields__.items():
        if name in site_table:
            kind = type(spec.default)
            site_values[name] = check.typed(site_table, name, kind, f"site.{name}")
    site = SiteConfig(**site_values)
    for key in ("home_stories_per_topic", "feed_items"):
        if getattr(site, key) < 1:
            raise check.fail(f"site.{key}", "must be at least 1", "use a positive number")
    scheme = urlsplit(site.base_url).scheme
    if scheme not in ("http", "https"):
        raise check.fail(
            "site.base_url",
            f"must be an http(s) URL, got {site.base_url!r}",
            'write the address the site is published at, e.g. "https://user.github.io/repo/"',
        )
    if not site.base_url.endswith("/"):
        site = SiteConfig(**{**site.__dict__, "base_url": site.base_url + "/"})

    paths_table = data.get("paths", {})
    if not isinstance(paths_table, dict):
        raise check.fail("paths", "must be a table", "write it as a [paths] section")
    check.unknown_keys(paths_table, "paths", "paths.")
    paths_values = {
        name: Path(check.typed(paths_table, name, str, f"paths.{name}"))
        for name in PathsConfig.__dataclass_fields__
        if name in paths_table
    }
    paths = PathsConfig(**paths_values)

    topics = _parse_topics(check, data.get("topics"))
    sources = _parse_sources(check, data.get("sources", []), root)
    return Config(root=root, path=path, site=site, paths=paths, topics=topics, sources=sources)


def _parse_topics(check: _Checker, raw: Any) -> tuple[Topic, ...]:
    if raw is None:
        return DEFAULT_TOPICS
    if not isinstance(raw, list) or not raw:
        raise check.fail(
            "topics", "must be one or more [[topics]] tables", "see README: Topics"
        )
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, table in enumerate(raw):
        dotted = f"topics[{index}]"
        if not isinstance(table, dict):
            raise check.fail(dotted, "must be a table", "write it as [[topics]]")
        check.unknown_keys(table, "topics", f"{dotted}.")
        for required in ("slug", "name"):
            if required not in table:
                raise check.fail(
                    f"{dotted}.{required}", "is missing", f"add {required} = \"...\""
                )
        slug = check.typed(table, "slug", str, f"{dotted}.slug")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", slug) or slug == "other":
            raise check.fail(
                f"{dotted}.slug",
                f"{slug!r} is not a usable slug",
                "use lower-case letters, digits and dashes (and not 'other', which is "
                "the catch-all section)",
            )
        if slug in seen:
            raise check.fail(f"{dotted}.slug", f"{slug!r} is used twice", "give each a new slug")
        seen.add(slug)
        topics.append(
            Topic(
                slug=slug,
                name=check.typed(table, "name", str, f"{dotted}.name"),
                description=(
                    check.typed(table, "description", str, f"{dotted}.description")
                    if "description" in table
                    else ""
                ),
                aliases=tuple(
                    a.lower() for a in check.str_list(table, "aliases", f"{dotted}.aliases")
                )
                if "aliases" in table
                else (),
                keywords=check.str_list(table, "keywords", f"{dotted}.keywords")
                if "keywords" in table
                else (),
            )
        )
    return tuple(topics)


def _parse_sources(check: _Checker, raw: Any, root: Path) -> tuple[SourceConfig, ...]:
    if not isinstance(raw, list):
        raise check.fail("sources", "must be a list of [[sources]] tables", "see README")
    sources: list[SourceConfig] = []
    for index, table in enumerate(raw):
        dotted = f"sources[{index}]"
        if not isinstance(table, dict):
            raise check.fail(dotted, "must be a table", "write it as [[sources]]")
        check.unknown_keys(table, "sources", f"{dotted}.")
        given = [k for k in ("url", "path") if k in table]
        if len(given) != 1:
            raise check.fail(
                dotted,
                "needs exactly one of url or path",
                'add url = "https://..." for a feed on the web or path = "feeds/x.xml"',
            )
        location = check.typed(table, given[0], str, f"{dotted}.{given[0]}")
        if given[0] == "url" and not location.startswith(("http://", "https://")):
            raise check.fail(
                f"{dotted}.url",
                f"{location!r} is not an http(s) URL",
                "use path = ... for a local file",
            )
        if given[0] == "path":
            location = str((root / location).resolve())
        optional = {
            key: check.typed(table, key, str, f"{dotted}.{key}")
            for key in ("name", "category", "home")
            if key in table
        }
        sources.append(SourceConfig(location=location, **optional))
    return tuple(sources)
