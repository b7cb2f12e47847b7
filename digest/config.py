"""digest.toml -> frozen dataclasses.

Every error names the file, the key (and its line where it can be found) and the fix.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from digest.errors import DigestError
from digest.model import Topic

CONFIG_NAME = "digest.toml"


# The site's address when [site] base_url is not set: the local preview's
# (`python3 -m http.server --directory site 8000`, `digest serve`)
PREVIEW_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "digest"
    base_url: str = PREVIEW_URL
    description: str = "The day's news, each story once."
    language: str = "en"
    home_stories_per_topic: int = 6
    feed_items: int = 50
    other_topic_name: str = "Other news"
    other_topic: str = "show"  # catch-all section: "show", "hide" (not on home page) or "drop"
    page_size: int = 20  # stories per topic / archive page (see docs/site.md)
    home_more: int = 20  # on the home page, after the topic sections: this many other stories
    cname: str = ""  # custom domain for GitHub Pages: written to site/CNAME when set


@dataclass(frozen=True)
class SearchConfig:
    """[search]: the static full-text search of the site (see docs/site.md)."""

    enabled: bool = True


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
    max_bytes: int | None = None  # per-source cap on the response size ([fetch] max_bytes)
    timeout: float | None = None  # per-source request timeout in seconds ([fetch] timeout)

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class FetchConfig:
    """How remote [[sources]] are fetched (see docs/fetch.md)."""

    concurrency: int = 16  # requests in flight at once
    timeout: float = 15.0  # seconds per request
    total_timeout: float = 300.0  # seconds for the whole fetch stage
    retries: int = 2  # extra attempts on connection errors, 5xx and 429
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # cap on a server's Retry-After, in seconds
    max_bytes: int = 10_000_000  # responses larger than this are cut off and rejected
    flag_after: int = 3  # a source failing this many runs in a row is flagged
    user_agent: str = ""  # default: "digest/<version> (+<contact>)"
    contact: str = ""  # a URL that says who runs this digest; default: site.base_url


@dataclass(frozen=True)
class NewsletterConfig:
    """The email newsletter ([newsletter] in digest.toml; see docs/newsletter.md).

    ``sender`` is the TOML key ``from``. SMTP credentials never live here: they come from the
    environment (DIGEST_SMTP_USER, DIGEST_SMTP_PASSWORD).
    """

    sender: str = "digest <digest@localhost>"
    to: str = ""  # the To of the preview .eml; sent mail is addressed to each recipient
    subject: str = "{title} #{number}: {top_headline}"
    list_id: str = ""  # e.g. "news.example.org"; default: the host of site.base_url
    unsubscribe_url: str = ""  # https URL for one-click unsubscribe; may contain {email}
    unsubscribe_mailto: str = ""  # e.g. "unsubscribe@example.org"; may contain {email}
    recipients: str = ""  # a file: one address a line, or CSV with an "email" column
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # "starttls", "ssl" (implicit TLS) or "none"
    smtp_timeout: float = 30.0
    smtp_cafile: str = ""  # extra CA certificates to trust (a private relay); default: system
    max_stories_per_topic: int = 5
    first_issue_days: int = 7  # the first issue covers this many days


@dataclass(frozen=True)
class DedupeConfig:
    """[dedupe]: how duplicate articles are recognised (see docs/dedupe.md)."""

    tracking_params: tuple[str, ...] = ()  # extra query parameters dropped from URLs
    window_hours: int = 72  # near duplicates are looked for within this many hours
    threshold: float = 0.5  # body similarity (word-shingle Jaccard) that makes a duplicate


@dataclass(frozen=True)
class BuildConfig:
    """[build]: what a run does when another one holds the state (see docs/reliability.md)."""

    lock: str = "wait"  # "wait" for the other run (up to lock_timeout), or "fail" at once
    lock_timeout: float = 3600.0  # seconds to wait for the lock before giving up
    jobs: int | None = None  # worker processes (parse, classify, render); 0/1: off; None: cores
    incremental: bool = True  # carry over pages whose inputs did not change (page keys)


@dataclass(frozen=True)
class LimitsConfig:
    """[limits]: caps on untrusted input; each hit is reported (see docs/reliability.md)."""

    max_items_per_feed: int = 1000  # items kept from one feed file or URL (the first ones)
    max_field_chars: int = 2000  # title, author, category, tag, URL, source name
    max_body_chars: int = 1_000_000  # an item's HTML body or summary
    max_html_depth: int = 100  # deeper element nesting is flattened to plain paragraphs
    # one local input file (a feed, a dump, a Markdown file, a saved page): a larger one is
    # refused before it is read (a browser's single-file save with its pictures fits)
    max_file_bytes: int = 50_000_000


@dataclass(frozen=True)
class RankingConfig:
    """[ranking]: which stories lead, and their briefs (see docs/ranking.md)."""

    source_weights: tuple[tuple[str, float], ...] = ()  # (source name or domain, weight)
    default_weight: float = 1.0  # the weight of a source not listed in source_weights
    half_life_hours: float = 12.0  # a story's freshness halves every this many hours
    top_n: int = 5  # "Top stories" on the home page (by score; the rest follow by time)
    topic_top_n: int = 3  # stories by score at the head of each topic page
    brief_sentences: int = 3  # at most this many sentences in a multi-source story's brief


@dataclass(frozen=True)
class Config:
    root: Path
    path: Path | None
    site: SiteConfig = field(default_factory=SiteConfig)
    paths: PathsConfig = field(default_factory=PathsConfig)
    topics: tuple[Topic, ...] = ()
    sources: tuple[SourceConfig, ...] = ()
    fetch: FetchConfig = field(default_factory=FetchConfig)
    newsletter: NewsletterConfig = field(default_factory=NewsletterConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    dedupe: DedupeConfig = field(default_factory=DedupeConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    # Settings that load but look like a slip (a topic nothing can file a story under): the
    # CLI prints each as a "warning:" line; they never stop a build.
    warnings: tuple[str, ...] = ()

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


def _weighted(spec: str) -> tuple[tuple[str, float], ...]:
    """ "lending=2; flash loan=3" -> (("lending", 2.0), ("flash loan", 3.0))."""
    pairs = []
    for item in spec.split(";"):
        if item.strip():
            keyword, _, weight = item.rpartition("=")
            pairs.append((keyword.strip(), float(weight)))
    return tuple(sorted(pairs, key=lambda pair: -pair[1]))  # strongest first, as in digest.toml


# The built-in sections. digest.toml repeats them in full so they can be edited there; a test
# keeps the two in step. Weights: 3 = names the topic on its own, 2 = strong (may file a story
# alone), 1 = supporting (files a story only with another keyword: "mining" alone is as likely
# coal mining), negative = a phrase that looks like the topic but is not ("bond yields", a
# "drone strike"), or a sign that a crypto word is only the means of payment (a "ransom").
_PEGGED = "token, stablecoin, liquid staking, liquid restaking, stETH, LST, LRT"
_CRYPTO_RULES = (
    "crypto, crypto asset, cryptoasset, stablecoin, token, e-money, CASP, ESMA, exchange"
)
# Words of local AI models that have no everyday sense: "weights" and "checkpoint" count only
# beside one of them (not a border checkpoint, nor an index's weights).
_LOCAL_AI = (
    "LLM, GPU, VRAM, GGUF, inference, quantized, quantised, fine-tuning, open-weight, 4-bit,"
    " 8-bit"
)
DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic(
        slug="defi",
        order=1,
        name="DeFi",
        description="Decentralised finance: lending, exchanges, stablecoins and yield.",
        aliases=(
            "defi", "de-fi", "decentralized finance", "decentralised finance", "stablecoins",
        ),
        weighted_keywords=_weighted(
            "DeFi=3; decentralized finance=3; decentralised finance=3; flash loan=3;"
            "liquidity pool=3; liquidity provider=3; AMM=3; automated market maker=3; DEX=3;"
            "decentralized exchange=3; decentralised exchange=3; money market=3;"
            "lending protocol=3; lending market=3; stablecoin protocol=3; yield farming=3;"
            "liquidity mining=3; TVL=3; total value locked=3; perp=3; perpetuals=3;"
            "perpetual futures=3; perpetual=2; yield aggregator=3; stableswap=3;"
            "exploit=2; lending=2; borrowing=2; borrow=2; borrower=2; liquidation=2; liquidated=2;"
            "stablecoin=3; vault=2; collateral=2; DAO treasury=2; swap=1; slippage=2;"
            "funding rate=2; oracle=2; restaking=2; restaked=2; liquid staking=3;"
            "liquid restaking=3; liquid staking token=3; stETH=3; wstETH=3; cbETH=3; weETH=3;"
            "LST=2; LRT=2; peg=1; fee switch=2;"
            "yield=1; loan=1; interest rate=1; governance token=1; DAO=1; liquidity=1;"
            "leverage=1; margin=1; open interest=1; derivatives=1; AAVE=2; UNI=1; DAI=1;"
            "USDC=1; USDT=1; delegates=1; keepers=1;"
            "Aave=3; Uniswap=3; MakerDAO=3; Lido=2; Morpho=3; Hyperliquid=3; GMX=3; dYdX=3;"
            "Pendle=3; Ethena=3; Raydium=3; SushiSwap=3; PancakeSwap=3; Balancer=2;"
            "lender=1; credit pool=2; real-world asset=2; RWA=2; options vault=3; staked=1;"
            "health factor=3; utilisation=1; utilization=1; bank=-2;"
            # stablecoin regulation: an e-money token is MiCA's name for a stablecoin
            "e-money token=3; EMT [e-money, stablecoin, token, MiCA]=2;"
            # A peg lost is DeFi only when a token or stablecoin lost it, not a currency.
            + "".join(
                f"{phrase} [{_PEGGED}]=3;"
                for phrase in (
                    "from its peg", "off its peg", "below its peg", "loses its peg",
                    "loses peg", "lost its peg", "depeg", "depegged",
                )
            )
            + "bond yield=-3; treasury yield=-3; mortgage=-3; housing=-2; payday loan=-3;"
            "credit card=-2; lending margin=-3; net interest margin=-3;"
            # the same in Chinese, Japanese, Korean and Russian (stems; word edges and endings:
            # topics.keyword_pattern)
            "去中心化金融=3;稳定币=3;穩定幣=3;去中心化交易所=3;借贷协议=3;流动性池=3;分散型金融=3;"
            "ステーブルコイン=3;디파이=3;스테이블코인=3;借贷=1;清算=1;стейблкоин=3;"
            "децентрализованн финанс=3;децентрализованн бирж=3;"
            "пул ликвидност=3;кредитн протокол=3"
        ),
    ),
    Topic(
        slug="blockchain",
        order=2,
        name="Blockchain",
        description="Chains, protocols, validators and the assets that run on them.",
        aliases=(
            "blockchain", "web3", "distributed ledger", "layer 1", "layer 2", "nft", "cbdc",
        ),
        soft_aliases=(
            "crypto", "cryptocurrency", "cryptocurrencies", "bitcoin", "ethereum", "solana",
            "altcoins", "crypto assets", "digital assets", "memecoins",
        ),
        weighted_keywords=_weighted(
            "blockchain=3; bitcoin=3; ethereum=3; solana=3; cryptocurrency=3; crypto=3;"
            "layer 2=3; layer 1=2; rollup=3; validator=3; mainnet=3; testnet=3; hard fork=3;"
            "on-chain=2; hashrate=3; halving=3; BTC=3; ETH=3; SOL=3; NFT=3; ether=2;"
            "staking=2; proof-of-stake=3; proof-of-work=3; consensus=1; miners=1; mining=1;"
            "node=1; wallet=1; smart contract=2; zero-knowledge=2; sequencer=2; bridge=1;"
            "airdrop=2; token=1; coin=1; crypto exchange=3; cardano=3; polkadot=3;"
            "avalanche=1; AVAX=3; cosmos=1; tron=1; TRX=3; ledger=1; seed phrase=2; self-custody=2;"
            "custody=1; ETF=1; memecoin=3; altcoin=3; lightning network=3; gas fees=2;"
            "blockspace=3; finality=2; digital currency=2; CBDC=3; tokenisation=2;"
            "tokenization=2; inscriptions=2; ordinals=3; taproot=3; mempool=2; ATOM=2;"
            "digital assets=2; block=1; dogecoin=3; XRP=3; polygon=1; MATIC=3; aptos=3; TON=2;"
            "litecoin=3; BNB=3; arbitrum=3; coinbase=3; binance=3; kraken=2; web3=3; dapp=3;"
            "prediction market=2; soft fork=3; mixer=2; metamask=3; satoshi=3; hashpower=3;"
            "stablecoin=1; DAO=1; cross-chain=2; distributed ledger=3; bridge exploit=2;"
            "bridge hack=2; token bridge=3; wrapped token=2; ransom=-3; ransomware=-3;"
            # crypto regulation and licensing, bank tokenisation ("crypto" alone does not
            # match "crypto-asset"; "mica" is also a mineral)
            "crypto asset=3; cryptoasset=3; CASP=2; virtual asset service provider=3; VASP=2;"
            "virtual asset=1; tokenised deposit=3; tokenized deposit=3; deposit token=3;"
            f"MiCA [{_CRYPTO_RULES}]=1;"
            # the same in Chinese, Japanese, Korean and Russian (stems; word edges and endings:
            # topics.keyword_pattern)
            "区块链=3;區塊鏈=3;ブロックチェーン=3;블록체인=3;比特币=3;比特幣=3;ビットコイン=3;비트코인=3;以太坊=3;"
            "イーサリアム=3;이더리움=3;加密货币=3;加密貨幣=3;暗号資産=3;仮想通貨=3;암호화폐=3;가상자산=3;主网=3;"
            "质押=2;ステーキング=2;空投=2;挖矿=1;矿工=1;钱包=1;交易所=1;биткоин=3;биткойн=3;"
            "блокчейн=3;эфириум=3;криптовалют=3;халвинг=3;криптобирж=3;"
            "майнинг=2;валидатор=2"
        ),
    ),
    Topic(
        slug="technology",
        order=3,
        name="Technology",
        description="Software, chips, AI and the companies that build them.",
        aliases=(
            "technology", "tech", "ai", "science", "artificial intelligence", "gadgets",
            "software", "cybersecurity", "machine learning", "cloud", "cloud computing", "chips",
            "semiconductors", "ransomware",
            # German and Spanish section names
            "technik", "ki", "künstliche intelligenz", "tecnología", "inteligencia artificial",
            "ciberseguridad",
        ),
        # A crypto outlet files a DeFi exploit under "Security" too: these point here unless
        # another topic's keywords clearly win.
        soft_aliases=(
            "security", "infosec", "breach", "breaches", "data breach", "data breaches",
            "outages",
        ),
        weighted_keywords=_weighted(
            "AI=3; artificial intelligence=3; machine learning=3; language model=3; chip=3;"
            "chipmaker=3; semiconductor=3; GPU=3; smartphone=3; quantum computer=3;"
            "quantum computing=3; qubit=3; data centre=3; data center=3; software=2; cloud=2;"
            "open source=2; browser=2; startup=1; robot=3; robotics=3; cybersecurity=3;"
            "processor=3; operating system=3; app=1; app store=2; Linux=2; Android=2;"
            "iPhone=2; laptop=2; satellite=1; broadband=2; 5G=2; encryption=2; router=2;"
            "firmware=2; self-driving=2; drone=2; smart glasses=3; wearable=2;"
            "programming language=3; developers=1; social network=2; streaming=1; tech=2;"
            "hackers=2; ransomware=3; ransom=2; cyberattack=2; password=2; breach=1; game engine=3;"
            "fibre=1; ethernet=2; chatbot=3; model=1; algorithm=1; computer=1; phone=1;"
            "device=1; smart meter=1; electric car=1; subscribers=1; platform=1;"
            "voice assistant=3; assistant=1; Python=2; JavaScript=2; spreadsheet=2;"
            "security patch=2; security update=2; handset=2; tablet=2; search engine=3;"
            "Microsoft=3; Google=2; Apple=1; Nvidia=3; OpenAI=3; Samsung=3; Intel=3; TSMC=3;"
            "Qualcomm=3; rocket=2; spacecraft=2; internet=1; website=1; gaming=1; console=2;"
            "fintech=2; Node.js=3; LLM=3; open-weight=2; context window=2; inference=1; coding=1;"
            "Wi-Fi=2; mobile network=1; drone strike=-3; rocket attack=-3; rocket fire=-3;"
            # cloud outages: "outage" alone is as often a power cut or a bank's branch network
            "cloud outage=3; cloud provider=3; cloud region=3; availability zone=3;"
            "object storage=3; serverless=3; Kubernetes=3; DNS=2; status page=2;"
            "post-incident review=2; Postgres=2; PostgreSQL=2; outage=1; downtime=1;"
            "database=1; server=1;"
            # security: breaches, ransomware, the crews behind them
            "data breach=3; leak site=3; malware=3; spyware=3; infostealer=3; zero-day=3;"
            "CVE=3; DDoS=3; botnet=3; infosec=3; phishing=2; stolen credentials=2;"
            "threat actor=2; cyber attack=2; extortion=1; vulnerability=1;"
            # local AI models
            "GGUF=3; VRAM=3; open weights=2; quantized=2; quantised=2;"
            "quantization=2; quantisation=2; fine-tuning=2;"
            f"weights [{_LOCAL_AI}]=2; checkpoint [{_LOCAL_AI}]=1;"
            # German and Spanish ("KI", "IA" as written: not "ki" inside a word; 2, as they are
            # also potassium iodide and Iowa: in the headline they file a story, once in the
            # text they do not)
            "KI=2; IA=2; KI-Modell=3; künstliche Intelligenz=3; Sprachmodell=3; Sprachmodelle=3;"
            "Rechenzentrum=3; Rechenzentren=3; Halbleiter=3; Sicherheitslücke=3;"
            "Sicherheitslücken=3; Cyberangriff=2; Datenleck=2; Ausfall=1;"
            "inteligencia artificial=3; centro de datos=3; centros de datos=3;"
            "ciberseguridad=3; ciberataque=2; filtración de datos=2;"
            # the same in Chinese, Japanese, Korean and Russian (stems; word edges and endings:
            # topics.keyword_pattern)
            "人工智能=3;人工知能=3;인공지능=3;芯片=3;半导体=3;半導体=3;반도체=3;大模型=3;大语言模型=3;数据中心=3;"
            "データセンター=3;量子计算=3;网络安全=2;云计算=2;искусственн интеллект=3;"
            "нейросет=3;полупроводник=3;кибербезопасност=3;дата-центр=3"
        ),
    ),
)


# ---------------------------------------------------------------- validation helpers

_KNOWN: dict[str, tuple[str, ...]] = {
    "": (
        "site", "paths", "topics", "sources", "fetch", "newsletter", "search", "dedupe",
        "build", "limits", "ranking",
    ),
    "site": tuple(SiteConfig.__dataclass_fields__),
    "paths": tuple(PathsConfig.__dataclass_fields__),
    "topics": (
        "slug", "name", "description", "aliases", "soft_aliases", "keywords", "exclude",
        "order", "secondary_score",
    ),
    "sources": ("name", "url", "path", "category", "home", "max_bytes", "timeout"),
    "fetch": tuple(FetchConfig.__dataclass_fields__),
    "build": tuple(BuildConfig.__dataclass_fields__),
    "limits": tuple(LimitsConfig.__dataclass_fields__),
    "ranking": tuple(RankingConfig.__dataclass_fields__),
    "newsletter": ("from", *(f for f in NewsletterConfig.__dataclass_fields__ if f != "sender")),
    "search": tuple(SearchConfig.__dataclass_fields__),
    "dedupe": tuple(DedupeConfig.__dataclass_fields__),
}

# What other generators call a key of ours (Hugo's baseURL, a feed reader's "feed" or "link").
_SYNONYMS: dict[str, dict[str, str]] = {
    "site": {"url": "base_url", "baseurl": "base_url", "lang": "language", "name": "title"},
    "sources": {"title": "name", "link": "url", "feed": "url", "href": "url", "file": "path",
                "label": "category"},
    "topics": {"title": "name", "words": "keywords", "id": "slug"},
}

_TYPE_NAMES = {
    str: "a string", int: "an integer", list: "a list", dict: "a table", bool: "true or false"
}


class _Checker:
    def __init__(self, path: Path | None, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.root = (path.parent if path else Path.cwd()).resolve()

    def where(self, key: str) -> str:
        name = str(self.path) if self.path else CONFIG_NAME
        line = self.line_of(key)
        return f"{name}, line {line}" if line else name

    def line_of(self, dotted: str) -> int | None:
        """The line of ``dotted`` (e.g. ``site.title`` or ``topics[2].slug``), searched inside
        its own table first, so a key that several tables share is found in the right one."""
        parts = dotted.split(".")
        leaf = parts[-1].split("[")[0]
        pattern = re.compile(rf"^\s*\[*\s*{re.escape(leaf)}\s*[=\]]")
        start, end = 0, len(self.lines)
        if len(parts) > 1:
            head = parts[0]
            name = head.split("[")[0]
            index = int(head[head.index("[") + 1 : -1]) if "[" in head else 0
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(name)}\s*\]\]?\s*(#.*)?$")
            hits = [i for i, line in enumerate(self.lines) if header.match(line)]
            if len(hits) > index:
                start = hits[index] + 1
                end = next(
                    (i for i in range(start, len(self.lines))
                     if re.match(r"^\s*\[[^\]\s\"']", self.lines[i])),
                    len(self.lines),
                )
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return number + 1
        if start:
            # not in its own table (a key that is missing): the table's header, rather than
            # the same key of another table further on
            return start
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
                raise self.fail(f"{prefix}{key}", "unknown key", self._unknown_fix(key, section))

    def _unknown_fix(self, key: str, section: str) -> str:
        """What to write instead of an unknown ``key`` of ``section`` ("" = the top level): a
        near-miss spelling ("titel" -> "title", "[[source]]" -> "[[sources]]"), or the table a
        known key belongs to ("title" at the top level, or under [[sources]], is a [site] key)."""
        known = _KNOWN[section]
        close = difflib.get_close_matches(key, known, n=1)
        if key.lower() in _SYNONYMS.get(section, {}):  # the word other tools use
            close = [_SYNONYMS[section][key.lower()]]
            return (f"did you mean '{close[0]}'? Known keys of {_header(section)}: "
                    f"{', '.join(known)}.")
        owners = [name for name, keys in _KNOWN.items() if name and name != section
                  and key in keys]
        hints = []
        if owners:
            here = f"under {_header(section)}" if section else "at the top of the file"
            tables = " or ".join(_header(name) for name in owners)
            hints.append(
                f"'{key}' is a key of {tables}, not {here}: a key belongs to the [table] line "
                f"above it, so move it under a {_header(owners[0])} line."
            )
            if section:  # e.g. name under [site]: a close key of its own may still be meant
                hints.append(f"(or did you mean '{close[0]}'?)" if close else "")
        elif close:
            table = f" (written {_header(close[0])})" if not section else ""
            hints.append(f"did you mean '{close[0]}'{table}?")
        if not section:
            hints.append("Known tables: " + ", ".join(_header(name) for name in known) + ".")
        else:
            hints.append(f"Known keys of {_header(section)}: {', '.join(known)}.")
        return " ".join(h for h in hints if h)

    def typed(self, table: dict[str, Any], key: str, kind: type, dotted: str) -> Any:
        value = table[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            raise self.fail(
                dotted,
                f"must be {_TYPE_NAMES[kind]}, got {type(value).__name__} {value!r}",
                _bool_fix(dotted, value) if kind is bool else f"write it as {_example(kind)}",
            )
        return value

    def str_list(self, table: dict[str, Any], key: str, dotted: str) -> tuple[str, ...]:
        value = table[key]
        if isinstance(value, str):  # tags = "a, b": the usual slip
            raise self.fail(
                dotted,
                f"must be a list, got the string {value!r}",
                f"write it as a list, one string per entry: {_as_list(dotted, value)}",
            )
        value = self.typed(table, key, list, dotted)
        for item in value:
            if not isinstance(item, str):
                raise self.fail(
                    dotted,
                    f"every entry must be a string, got {item!r}",
                    'write it as ["first", "second"]',
                )
        return tuple(value)


def _header(section: str) -> str:
    """How a table of digest.toml is written: [site], [[sources]]."""
    return f"[[{section}]]" if section in ("topics", "sources") else f"[{section}]"


def _as_list(dotted: str, value: str) -> str:
    """``tags = "a, b"`` written as the list it means: ``tags = ["a", "b"]``."""
    key = dotted.rsplit(".", 1)[-1]
    parts = [part.strip() for part in re.split(r"[,;]", value) if part.strip()] or ["..."]
    return f"{key} = [" + ", ".join(_quoted(part) for part in parts) + "]"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# How people write yes and no where TOML wants true or false (a quoted "no", a 0 or 1)
_YES = ("yes", "true", "on", "1", "y")
_NO = ("no", "false", "off", "0", "n", "none", "")


def _bool_fix(dotted: str, value: object) -> str:
    """The fix for a true/false key given something else: the line written right when
    the value plainly says yes or no ("no", "False", 0)."""
    said = str(value).strip().lower()
    meant = "true" if said in _YES else "false" if said in _NO else None
    key = dotted.rsplit(".", 1)[-1]
    return "write true or false (no quotes)" + (f": {key} = {meant}" if meant else "")


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
    path = Path(path).expanduser()
    if path.is_dir():
        inside = path / CONFIG_NAME
        raise DigestError(
            str(path),
            "is a folder, not a settings file",
            f"pass the file itself: --config {inside}"
            if inside.is_file()
            else f"pass the settings file: --config {inside} (there is none there yet)",
        )
    if not path.is_file():
        raise DigestError(
            str(path),
            "config file not found",
            "check the name, or run digest from the folder that holds digest.toml "
            "(without --config it uses ./digest.toml, or the defaults when there is none)",
        )
    text = decode_settings(path, path.read_bytes())
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, text, exc) from exc
    return parse_config(data, path=path, text=text)


def settings_encoding(data: bytes) -> str:
    """The codec a settings file's bytes are in: "utf-16" when they start with its mark,
    "utf-8-sig" with UTF-8's, else "utf-8" (``digest opml --append`` writes it back so)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def decode_settings(path: Path, data: bytes) -> str:
    """The text of a settings file: UTF-8, with or without a byte-order mark (Notepad writes
    one), or UTF-16 with its mark (Notepad's "Unicode"). Anything else is an error that names
    the line with the first byte that is not UTF-8."""
    if settings_encoding(data) == "utf-16":
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DigestError(
                str(path), f"not readable UTF-16 text ({exc.reason})", "save it as UTF-8"
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if b"\x00" in data:
            problem = "is saved as UTF-16 without a byte-order mark, not UTF-8"
        else:
            problem = (
                f"byte 0x{data[exc.start]:02X} is not UTF-8 text (the file was probably saved "
                "as Windows-1252 or Latin-1)"
            )
        raise DigestError(
            f"{path}, line {line}",
            problem,
            "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        ) from exc


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
# tomllib's words for the usual slips, and what to do about each
_TOML_FIXES = (
    ("illegal character '\\n'", "a string is not closed: end it with a quote on the same "
     'line (use """...""" for text over several lines)'),
    ("cannot overwrite a value", "a key (or a [table]) is set twice: keep one of them "
     "([[topics]] and [[sources]] take two brackets to repeat)"),
    ("cannot declare", "a [table] is declared twice: merge the two (use [[double brackets]] "
     "for a table that repeats, such as [[topics]])"),
    ("invalid value", 'a value is not valid TOML: text needs quotes (name = "DeFi"), '
     'lists brackets (aliases = ["a", "b"]), true/false and numbers none'),
    ("unescaped '\\'", "a backslash starts an escape in a \"...\" string: write paths with "
     "forward slashes (\"feeds/news.xml\"), or in single quotes ('C:\\feeds\\news.xml')"),
    ("expected '=' after a key", 'write key = value; a key with spaces or dots needs quotes '
     '("flash loan" = 3)'),
)


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> DigestError:
    """A TOML syntax error as "FILE, line N: what, the line itself" and what to do."""
    message = str(exc)
    found = _TOML_AT.search(message)
    where = str(path)
    if found:
        number = int(found.group(1))
        where = f"{path}, line {number}"
        message = message[: found.start()]
        lines = text.splitlines()
        if 0 < number <= len(lines) and lines[number - 1].strip():
            message += f" in: {lines[number - 1].strip()[:120]}"
    low = message.lower()
    fix = next((fix for words, fix in _TOML_FIXES if words in low),
               "fix the syntax at that line (strings need quotes, tables need [brackets])")
    return DigestError(where, f"invalid TOML: {message}", fix)


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
    for key in ("home_stories_per_topic", "feed_items", "page_size", "home_more"):
        low = 0 if key == "home_more" else 1
        if getattr(site, key) < low:
            default = getattr(SiteConfig, key)
            raise check.fail(
                f"site.{key}",
                f"must be at least {low}, got {getattr(site, key)}",
                f"write a whole number of stories, e.g. {key} = {default} (the default)"
                + (" or 0 for none" if low == 0 else ""),
            )
    if not site.title.strip():
        raise check.fail(
            "site.title", "is empty", 'write the name readers see, e.g. title = "Crypto Digest"'
        )
    if site.other_topic not in ("show", "hide", "drop"):
        raise check.fail(
            "site.other_topic",
            f"must be \"show\", \"hide\" or \"drop\", got {site.other_topic!r}",
            'use "show" (a section like the others), "hide" (its own page, not on the home '
            'page) or "drop" (stories that fit no topic are not published)',
        )
    _check_language(check, site.language)
    _check_base_url(check, site.base_url)
    if not site.base_url.endswith("/"):
        site = SiteConfig(**{**site.__dict__, "base_url": site.base_url + "/"})
    if site.cname and not re.fullmatch(_HOST, site.cname):
        host = urlsplit(site.cname if "//" in site.cname else "//" + site.cname).hostname
        raise check.fail(
            "site.cname",
            f"must be a bare domain name, got {site.cname!r}",
            f'write only the host, e.g. cname = "{host or "news.example.org"}" (no https://, '
            "no path): GitHub Pages reads it from site/CNAME",
        )

    paths_table = data.get("paths", {})
    if not isinstance(paths_table, dict):
        raise check.fail("paths", "must be a table", "write it as a [paths] section")
    check.unknown_keys(paths_table, "paths", "paths.")
    paths_values = {
        name: _local_path(check, check.typed(paths_table, name, str, f"paths.{name}"),
                          f"paths.{name}")
        for name in PathsConfig.__dataclass_fields__
        if name in paths_table
    }
    paths = PathsConfig(**paths_values)
    # a folder named other than the default's: the user means a theme of their own (the
    # default name, as the bundled digest.toml writes it, is where overrides go if any)
    if "templates" in paths_table and paths.templates != PathsConfig.templates:
        _check_templates_folder(check, root / paths.templates)

    topics = _parse_topics(check, data.get("topics"))
    warnings = _topic_warnings(check, data.get("topics"), topics)
    sources = _parse_sources(check, data.get("sources", []), root)
    fetch = _parse_fetch(check, data.get("fetch", {}))
    newsletter = _parse_newsletter(check, data.get("newsletter", {}))
    search = _parse_search(check, data.get("search", {}))
    dedupe = _parse_dedupe(check, data.get("dedupe", {}))
    return Config(
        root=root, path=path, site=site, paths=paths, topics=topics, sources=sources, fetch=fetch,
        newsletter=newsletter, search=search, dedupe=dedupe,
        build=_parse_build(check, data.get("build", {})),
        limits=_parse_limits(check, data.get("limits", {})),
        ranking=_parse_ranking(check, data.get("ranking", {})),
        warnings=warnings,
    )


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+"


# A BCP 47 language tag as pages use it in <html lang>: a language of two or three letters,
# then an optional script ("Hant"), region ("GB", "419") and variants; each part once.
_LANGUAGE_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{3})?(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
)


def _check_language(check: _Checker, language: str) -> None:
    """site.language: the BCP 47 tag pages and feeds declare ("en", "en-GB", "pt-BR"). A name
    ("english") or a locale ("en_GB.UTF-8") is refused, its tag suggested: screen readers
    and search engines do not read names."""
    if _LANGUAGE_TAG.fullmatch(language):
        return
    tag = _language_tag_for(language)
    fix = (f'write language = "{tag}"' if tag else
           'write a BCP 47 language tag: "en", "en-GB", "pt-BR", "zh-Hant"')
    raise check.fail("site.language", f"{language!r} is not a BCP 47 language tag", fix)


def _language_tag_for(text: str) -> str | None:
    """The tag a language name or a locale means, from the C library's table of locale names
    (locale.locale_alias: "english" -> en_EN, "pt_br" -> pt_BR), or None."""
    import locale

    key = text.strip().lower().split(".")[0].split("@")[0].replace("-", "_")
    code = locale.locale_alias.get(key, "").split(".")[0]
    if not code:
        return None
    lang, _sep, region = code.partition("_")
    if "_" in key and region:  # a locale names its region ("english_uk": en_GB)
        lang = f"{lang}-{region}"
    return lang if _LANGUAGE_TAG.fullmatch(lang) else None


def _check_base_url(check: _Checker, url: str) -> None:
    """site.base_url: an http(s) address with a host; a missing trailing slash is added (the
    path is the site's folder: "https://user.github.io/repo" is ".../repo/")."""
    example = '"https://user.github.io/repo/"'
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        rest = re.sub(r"^[a-z]{2,6}:/*|^/+", "", url.strip(), flags=re.IGNORECASE)
        fix = (f'write base_url = "https://{rest}" (the scheme is needed)' if rest
               else f"write the address the site is published at, e.g. {example}")
        raise check.fail("site.base_url", f"must be an http(s) URL, got {url!r}", fix)
    if not parts.hostname or url != url.strip():
        raise check.fail(
            "site.base_url",
            f"{url!r} has no host name" if not parts.hostname else f"{url!r} has spaces",
            f"write the address the site is published at, e.g. {example}",
        )
    if parts.query or parts.fragment:
        raise check.fail(
            "site.base_url",
            f"{url!r} has a query or fragment",
            f"write only the site's folder address, e.g. {example}",
        )
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if not parts.path.endswith("/") and Path(last).suffix.lower() in (".html", ".htm", ".php"):
        folder = url[: url.rindex("/") + 1]
        raise check.fail(
            "site.base_url",
            f"{url!r} points at a page, not the site's folder",
            f'write the folder the site is published in: base_url = "{folder}"',
        )


def _check_templates_folder(check: _Checker, folder: Path) -> None:
    """[paths] templates, when written, names a folder that is there: else the built-in theme
    would be used without a word, and the user's templates never."""
    builtin = "remove the line to use the built-in theme"
    if os.path.isfile(folder):  # (os.path's tests say False where Path's may raise)
        raise check.fail(
            "paths.templates", f"{folder} is a file, not a folder",
            f"name the folder that holds your templates (e.g. \"templates\"), or {builtin}",
        )
    if not os.path.isdir(folder):
        raise check.fail(
            "paths.templates", f"folder not found: {folder}",
            f"create it (with copies of the templates you change), or {builtin}",
        )


def _local_path(check: _Checker, raw: str, dotted: str) -> Path:
    """A path from digest.toml: ``~`` is the home folder; a relative path is relative to the
    folder of digest.toml (the caller joins it); a Windows path written with backslashes
    reads as the same path with forward slashes."""
    if not raw.strip():
        raise check.fail(dotted, "is empty", 'write a path, e.g. "content" (relative to '
                         "digest.toml)")
    if any(ord(char) < 32 for char in raw):
        raise check.fail(
            dotted,
            f"{raw!r} holds a control character",
            'in a "..." string a backslash starts an escape ("\\n" is a new line): write '
            "the path with forward slashes, or in single quotes",
        )
    text = raw
    if os.sep != "\\":
        if re.match(r"^[A-Za-z]:[\\/]", raw) or raw.startswith("\\\\"):
            raise check.fail(
                dotted,
                f"{raw!r} is a Windows path, and this system has no drive letters",
                "write the path as this system spells it (e.g. \"/home/me/feeds/news.xml\"), "
                "or relative to the folder of digest.toml (\"feeds/news.xml\")",
            )
        text = raw.replace("\\", "/")
    return Path(text).expanduser()


def _parse_search(check: _Checker, table: Any) -> SearchConfig:
    if not isinstance(table, dict):
        raise check.fail("search", "must be a table", "write it as a [search] section")
    check.unknown_keys(table, "search", "search.")
    values = {
        name: check.typed(table, name, bool, f"search.{name}")
        for name in SearchConfig.__dataclass_fields__
        if name in table
    }
    return SearchConfig(**values)


def _parse_build(check: _Checker, table: Any) -> BuildConfig:
    if not isinstance(table, dict):
        raise check.fail("build", "must be a table", "write it as a [build] section")
    check.unknown_keys(table, "build", "build.")
    values: dict[str, Any] = {}
    if "lock" in table:
        values["lock"] = check.typed(table, "lock", str, "build.lock")
        if values["lock"] not in ("wait", "fail"):
            raise check.fail(
                "build.lock",
                f'must be "wait" or "fail", got {values["lock"]!r}',
                'use "wait" (a second run waits for the first) or "fail" (it stops at once)',
            )
    if "lock_timeout" in table:
        values["lock_timeout"] = _positive_number(
            check, table, "lock_timeout", "build.lock_timeout"
        )
    if "jobs" in table:
        values["jobs"] = check.typed(table, "jobs", int, "build.jobs")
        if values["jobs"] < 0:
            raise check.fail(
                "build.jobs", "must be 0 or more", "use 0 or 1 to turn parallel work off"
            )
    if "incremental" in table:
        values["incremental"] = check.typed(table, "incremental", bool, "build.incremental")
    return BuildConfig(**values)


def _parse_limits(check: _Checker, table: Any) -> LimitsConfig:
    if not isinstance(table, dict):
        raise check.fail("limits", "must be a table", "write it as a [limits] section")
    check.unknown_keys(table, "limits", "limits.")
    values: dict[str, Any] = {}
    for name in LimitsConfig.__dataclass_fields__:
        if name in table:
            values[name] = check.typed(table, name, int, f"limits.{name}")
            if values[name] < 1:
                raise check.fail(f"limits.{name}", "must be at least 1", "use a positive number")
    return LimitsConfig(**values)


def _positive_number(check: _Checker, table: dict[str, Any], key: str, dotted: str) -> float:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise check.fail(
            dotted, f"must be a positive number, got {value!r}", "write it as e.g. 10 or 2.5"
        )
    return float(value)


def _parse_fetch(check: _Checker, table: Any) -> FetchConfig:
    if not isinstance(table, dict):
        raise check.fail("fetch", "must be a table", "write it as a [fetch] section")
    check.unknown_keys(table, "fetch", "fetch.")
    values: dict[str, Any] = {}
    for name, spec in FetchConfig.__dataclass_fields__.items():
        if name not in table:
            continue
        dotted = f"fetch.{name}"
        if isinstance(spec.default, float):
            values[name] = _positive_number(check, table, name, dotted)
        elif isinstance(spec.default, int):
            values[name] = check.typed(table, name, int, dotted)
            low = 0 if name == "retries" else 1
            if values[name] < low:
                raise check.fail(
                    dotted,
                    f"is too small: it must be at least {low}, got {values[name]}",
                    f"use a whole number, e.g. {name} = {spec.default} (the default)",
                )
        else:
            values[name] = check.typed(table, name, str, dotted)
    return FetchConfig(**values)


def _parse_topics(check: _Checker, raw: Any) -> tuple[Topic, ...]:
    if raw is None:
        return DEFAULT_TOPICS
    if not isinstance(raw, list) or not raw:
        raise check.fail(
            "topics",
            "must be one or more [[topics]] tables",
            "write each section as its own table under a [[topics]] line (two brackets) "
            'with slug = "..." and name = "...", or leave topics out for the default sections',
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
            raise check.fail(
                f"{dotted}.slug",
                f"{slug!r} is used twice",
                "give each [[topics]] table its own slug (it is the section's address, "
                "topics/<slug>/), or merge the two",
            )
        seen.add(slug)

        def strings(key: str, table: dict[str, Any] = table, dotted: str = dotted) -> tuple:
            return check.str_list(table, key, f"{dotted}.{key}") if key in table else ()

        keywords, weighted = _parse_keywords(check, table.get("keywords"), f"{dotted}.keywords")
        order = check.typed(table, "order", int, f"{dotted}.order") if "order" in table else 0
        secondary = 0.0
        if "secondary_score" in table:
            value = table["secondary_score"]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise check.fail(
                    f"{dotted}.secondary_score",
                    f"must be a number of 0 or more, got {value!r}",
                    "e.g. secondary_score = 6 (0 turns secondary listing off)",
                )
            secondary = float(value)
        name = check.typed(table, "name", str, f"{dotted}.name")
        if not name.strip():
            raise check.fail(
                f"{dotted}.name", "is empty",
                f'write the section\'s title as readers see it, e.g. name = "{slug.title()}"',
            )
        twin = next((t for t in topics if t.name.casefold() == name.strip().casefold()), None)
        if twin is not None:
            raise check.fail(
                f"{dotted}.name",
                f"{name.strip()!r} is also the name of the topic {twin.slug!r}",
                "give each section its own name (readers see two sections of one name as "
                "one), or merge the two [[topics]] tables",
            )
        topics.append(
            Topic(
                slug=slug,
                name=name.strip(),
                description=(
                    check.typed(table, "description", str, f"{dotted}.description")
                    if "description" in table
                    else ""
                ),
                aliases=tuple(a.lower() for a in strings("aliases")),
                soft_aliases=tuple(a.lower() for a in strings("soft_aliases")),
                keywords=keywords,
                weighted_keywords=weighted,
                exclude=strings("exclude"),
                order=order,
                secondary_score=secondary,
            )
        )
    # Page order: by `order`, then as written.
    return tuple(t for _, t in sorted(enumerate(topics), key=lambda it: (it[1].order, it[0])))


def _topic_warnings(check: _Checker, raw: Any, topics: tuple[Topic, ...]) -> tuple[str, ...]:
    """A [[topics]] table with no keywords, aliases or soft_aliases: it loads, but only a
    source category that is its slug files a story there, which is seldom what was meant."""
    if raw is None:
        return ()
    by_slug = {t.slug: t for t in topics}
    found = []
    for index, table in enumerate(raw):
        topic = by_slug.get(table.get("slug", ""))
        if topic is None or topic.keywords or topic.weighted_keywords or topic.aliases or (
            topic.soft_aliases
        ):
            continue
        error = DigestError(
            check.where(f"topics[{index}].slug"),
            f"topics[{index}] ({topic.slug!r}) has no keywords and no aliases, so only "
            f"articles whose source category is {topic.slug!r} are filed under it",
            'add keywords = ["...", "..."] (words in the stories) or aliases = ["..."] '
            "(the category labels of its sources); see docs/topics.md",
        )
        found.append(error.message)
    return tuple(found)


def _parse_keywords(
    check: _Checker, raw: Any, dotted: str
) -> tuple[tuple[str, ...], tuple[tuple[str, float], ...]]:
    """Keywords and their weights, written one of three ways:

    ``keywords = ["a", "b"]`` (each weighs 1); a ``[topics.keywords]`` table of
    ``"flash loan" = 3`` lines; or, in the same table, a weight holding a list:
    ``3 = ["DeFi", "flash loan"]``, ``-3 = ["bond yield"]``.
    """
    if raw is None:
        return (), ()
    if isinstance(raw, list):
        return check.str_list({"keywords": raw}, "keywords", dotted), ()
    if isinstance(raw, str):
        raise check.fail(
            dotted,
            f"must be a list or a table, got the string {raw!r}",
            f"write it as a list, one string per keyword: {_as_list(dotted, raw)}",
        )
    if not isinstance(raw, dict):
        raise check.fail(
            dotted,
            f"must be a list or a table, got {type(raw).__name__}",
            'write keywords = ["lending", "perps"] or a [topics.keywords] table of '
            'keyword = weight lines, e.g. "flash loan" = 3',
        )
    weighted = []
    for keyword, weight in raw.items():
        if isinstance(weight, list) and re.fullmatch(r"[+-]?\d+(\.\d+)?", keyword.strip()):
            group = check.str_list({"k": weight}, "k", f"{dotted}.{keyword}")
            weighted.extend((k, float(keyword)) for k in group)
            continue
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise check.fail(
                f"{dotted}.{keyword}",
                f"weight must be a number, got {weight!r}",
                f'write it as "{keyword}" = 2 (negative numbers count against the topic)',
            )
        if not keyword.strip():
            raise check.fail(dotted, "has an empty keyword", "remove it")
        weighted.append((keyword, float(weight)))
    return (), tuple(weighted)


def _parse_sources(check: _Checker, raw: Any, root: Path) -> tuple[SourceConfig, ...]:
    if not isinstance(raw, list):
        raise check.fail(
            "sources",
            "must be a list of [[sources]] tables",
            "write each feed as its own table under a [[sources]] line (two brackets), "
            'e.g. [[sources]] then url = "https://news.example/feed.xml"',
        )
    sources: list[SourceConfig] = []
    for index, table in enumerate(raw):
        dotted = f"sources[{index}]"
        if not isinstance(table, dict):
            raise check.fail(dotted, "must be a table", "write it as [[sources]]")
        check.unknown_keys(table, "sources", f"{dotted}.")
        given = [k for k in ("url", "path") if k in table]
        if len(given) > 1:
            raise check.fail(
                dotted,
                "has both url and path: a source is either a feed on the web or a file",
                "remove one of them (make the other a [[sources]] table of its own if both "
                "are wanted)",
            )
        if not given:
            raise check.fail(
                dotted,
                "needs exactly one of url or path",
                'add url = "https://..." for a feed on the web or path = "feeds/x.xml"',
            )
        location = check.typed(table, given[0], str, f"{dotted}.{given[0]}")
        scheme, colon, rest = location.partition("://")
        if given[0] == "url" and colon and scheme.lower() in ("http", "https"):
            location = scheme.lower() + colon + rest  # "HTTPS://..." is an https URL too
        if given[0] == "url" and not location.startswith(("http://", "https://")):
            raise check.fail(
                f"{dotted}.url", f"{location!r} is not an http(s) URL", _url_fix(location)
            )
        if given[0] == "path":
            location = str((root / _local_path(check, location, f"{dotted}.path")).resolve())
            if os.path.isdir(location):
                raise check.fail(
                    f"{dotted}.path", f"{location} is a folder, not a feed file",
                    'name one feed file (path = "feeds/news.xml"), or leave the line out and '
                    "put the feeds in the content folder's feeds/ (every file there is read)",
                )
        optional = {
            key: check.typed(table, key, str, f"{dotted}.{key}")
            for key in ("name", "category", "home")
            if key in table
        }
        if "max_bytes" in table:
            optional["max_bytes"] = check.typed(table, "max_bytes", int, f"{dotted}.max_bytes")
            if optional["max_bytes"] < 1:
                raise check.fail(f"{dotted}.max_bytes", "must be positive", "e.g. 5000000")
        if "timeout" in table:
            optional["timeout"] = _positive_number(check, table, "timeout", f"{dotted}.timeout")
        sources.append(SourceConfig(location=location, **optional))
    _check_repeated_sources(check, raw, sources)
    return tuple(sources)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_feed_url(url: str) -> str:
    """``url`` as a reader would compare two feed addresses: the scheme and host in lower
    case, without a default port (``:443`` for https), a trailing dot on the host, a trailing
    slash on the path or a ``#fragment`` (never sent to the server). The query is kept as it
    is: ``?cat=1`` and ``?cat=2`` are different feeds."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets
    try:
        port = parts.port
    except ValueError:  # not a number: compare what was written
        port, host = None, parts.netloc.rpartition("@")[2].lower()
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    login = parts.netloc.rpartition("@")[0]
    if login:
        netloc = f"{login}@{netloc}"
    path = parts.path.rstrip("/") or "/"
    return f"{scheme}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")


def _same_file(location: str) -> object:
    """What makes two local sources one file: its device and inode when it exists (a
    hard link, or another spelling on a case-insensitive disk), else its resolved path."""
    try:
        found = os.stat(location)
    except OSError:
        return os.path.normcase(location)
    return (found.st_dev, found.st_ino)


def _check_repeated_sources(
    check: _Checker, raw: list[Any], sources: list[SourceConfig]
) -> None:
    """Two [[sources]] tables naming one feed (or one file) are an error: a feed listed twice
    is fetched twice and each of its items counted as two outlets reporting it; a file listed
    twice is read once, and one table's name and category are silently ignored."""
    seen: dict[object, int] = {}
    for index, source in enumerate(sources):
        key = ("url", same_feed_url(source.location)) if source.is_remote else (
            "path", _same_file(source.location)
        )
        first = seen.setdefault(key, index)
        if first == index:
            continue
        kind = key[0]
        written, before = raw[index][kind], raw[first][kind]
        name = raw[first].get("name")
        line = check.line_of(f"sources[{first}].{kind}")
        which = ", ".join(
            part for part in (f'"{name}"' if name else "", f"line {line}" if line else "")
            if part
        )
        shown = same_feed_url(source.location) if kind == "url" else source.location
        same = "" if written == before else f"; both mean {shown}"
        if kind == "url":
            problem = (
                f"{written!r} is the same feed as sources[{first}] ({which}: {before!r}{same}); "
                "it would be fetched twice and each of its items counted as two sources "
                "reporting it"
            )
            other = "or, if they are really two different feeds, give them different urls"
        else:
            problem = (
                f"{written!r} is the same file as sources[{first}] ({which}: {before!r}{same}); "
                "it is read once, and one table's name and category would be silently ignored"
            )
            other = "or point one of them at the file it was meant to read"
        raise check.fail(
            f"sources[{index}].{kind}",
            problem,
            "remove one of the two [[sources]] tables (keep the name and category you want on "
            f"the other), {other}",
        )


_FILE_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json", ".txt", ".html", ".htm", ".md",
                  ".markdown", ".mhtml", ".mht"}


def _url_fix(location: str) -> str:
    """What to write instead of a source url that is no http(s) URL: the address with its
    scheme ("news.example/feed.xml", "htps://...", "//news.example/feed"), or a path."""
    rest = re.sub(r"^[a-z]{2,6}:/*|^/+", "", location.strip(), flags=re.IGNORECASE)
    host = rest.split("/", 1)[0]
    is_file_name = "/" not in rest and Path(host).suffix.lower() in _FILE_SUFFIXES
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?", host) and not is_file_name:
        return f'write url = "https://{rest}" (the scheme is needed), or path = "..." for a ' \
               "local file"
    return 'write url = "https://..." for a feed on the web, or path = "..." for a local file'


# ---------------------------------------------------------------- [newsletter]

_SUBJECT_FIELDS = {"title": "t", "number": 1, "date": "d", "top_headline": "h", "stories": 1}


def _parse_newsletter(check: _Checker, table: Any) -> NewsletterConfig:
    if not isinstance(table, dict):
        raise check.fail("newsletter", "must be a table", "write it as a [newsletter] section")
    check.unknown_keys(table, "newsletter", "newsletter.")
    values: dict[str, Any] = {}
    for key in table:
        name = "sender" if key == "from" else key
        dotted = f"newsletter.{key}"
        default = NewsletterConfig.__dataclass_fields__[name].default
        if isinstance(default, float):
            values[name] = _positive_number(check, table, key, dotted)
        elif isinstance(default, int):
            values[name] = check.typed(table, key, int, dotted)
            high = 65535 if name == "smtp_port" else 1000
            if not 1 <= values[name] <= high:
                raise check.fail(
                    dotted,
                    f"is out of range ({values[name]}): it must be from 1 to {high}",
                    "use the relay's port, e.g. smtp_port = 587 (STARTTLS) or 465 (TLS)"
                    if name == "smtp_port"
                    else f"use a whole number, e.g. {key} = {default}",
                )
        else:
            values[name] = check.typed(table, key, str, dotted).strip()
        if name in ("recipients", "smtp_cafile") and values[name]:
            # relative to digest.toml, as every path of the file ("~" is the home folder)
            values[name] = str(check.root / _local_path(check, values[name], dotted))
    news = NewsletterConfig(**values)
    from email.utils import parseaddr

    if "@" not in parseaddr(news.sender)[1]:
        raise check.fail(
            "newsletter.from",
            f"{news.sender!r} is not an email address",
            'write it as "Example Digest <digest@example.org>"',
        )
    if news.smtp_security not in ("starttls", "ssl", "none"):
        raise check.fail(
            "newsletter.smtp_security",
            f'must be "starttls", "ssl" or "none", got {news.smtp_security!r}',
            'use "starttls" (port 587), "ssl" (implicit TLS, port 465) or "none" (a relay on '
            "this machine only)",
        )
    try:
        news.subject.format(**_SUBJECT_FIELDS)
    except (KeyError, IndexError, ValueError) as exc:
        raise check.fail(
            "newsletter.subject",
            f"is not a usable pattern ({exc!r})",
            "use the fields {title}, {number}, {date}, {top_headline} and {stories}, "
            'e.g. "{title} #{number}: {top_headline}"',
        ) from exc
    if news.unsubscribe_url and urlsplit(news.unsubscribe_url).scheme != "https":
        raise check.fail(
            "newsletter.unsubscribe_url",
            f"must be an https URL, got {news.unsubscribe_url!r}",
            'write e.g. "https://example.org/unsubscribe?email={email}" (RFC 8058 one-click '
            "needs https)",
        )
    if news.unsubscribe_mailto and "@" not in news.unsubscribe_mailto:
        raise check.fail(
            "newsletter.unsubscribe_mailto",
            f"{news.unsubscribe_mailto!r} is not an email address",
            'write e.g. "unsubscribe@example.org"',
        )
    if news.list_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+", news.list_id):
        raise check.fail(
            "newsletter.list_id",
            f"{news.list_id!r} is not a list id",
            'use a dotted name under a domain you control, e.g. "news.example.org" (RFC 2919)',
        )
    return news


def _parse_dedupe(check: _Checker, table: Any) -> DedupeConfig:
    if not isinstance(table, dict):
        raise check.fail("dedupe", "must be a table", "write it as a [dedupe] section")
    check.unknown_keys(table, "dedupe", "dedupe.")
    values: dict[str, Any] = {}
    if "tracking_params" in table:
        params = check.str_list(table, "tracking_params", "dedupe.tracking_params")
        values["tracking_params"] = tuple(p.strip().lower() for p in params if p.strip())
    if "window_hours" in table:
        hours = check.typed(table, "window_hours", int, "dedupe.window_hours")
        if not 1 <= hours <= 24 * 30:
            raise check.fail(
                "dedupe.window_hours",
                f"must be between 1 and 720, got {hours}",
                "72 (three days) suits daily news; use more for weekly sources",
            )
        values["window_hours"] = hours
    if "threshold" in table:
        value = table["threshold"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise check.fail(
                "dedupe.threshold",
                f"must be a number above 0 and at most 1, got {value!r}",
                "write it as a decimal, e.g. threshold = 0.5 (higher merges less)",
            )
        values["threshold"] = float(value)
    return DedupeConfig(**values)


def _parse_ranking(check: _Checker, table: Any) -> RankingConfig:
    if not isinstance(table, dict):
        raise check.fail("ranking", "must be a table", "write it as a [ranking] section")
    check.unknown_keys(table, "ranking", "ranking.")
    values: dict[str, Any] = {}

    def number(key: str, low: float, high: float, example: str) -> float:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low <= value <= high
        ):
            raise check.fail(
                f"ranking.{key}",
                f"must be a number from {low:g} to {high:g}, got {value!r}",
                f"write it without quotes, e.g. {key} = {example}",
            )
        return float(value)

    if "source_weights" in table:
        weights = check.typed(table, "source_weights", dict, "ranking.source_weights")
        pairs = []
        for name, value in weights.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 <= value <= 100
            ):
                raise check.fail(
                    "ranking.source_weights",
                    f"the weight of {name!r} must be a number from 0 to 100, got {value!r}",
                    'write it as source_weights = { "Chain Wire" = 2.0, "example.org" = 0.5 }',
                )
            pairs.append((name, float(value)))
        values["source_weights"] = tuple(sorted(pairs))
    if "default_weight" in table:
        values["default_weight"] = number("default_weight", 0, 100, "1.0")
    if "half_life_hours" in table:
        values["half_life_hours"] = number("half_life_hours", 0.1, 24 * 365, "12")
    for key, high in (("top_n", 100), ("topic_top_n", 100), ("brief_sentences", 3)):
        if key in table:
            count = check.typed(table, key, int, f"ranking.{key}")
            if not 0 <= count <= high:
                raise check.fail(
                    f"ranking.{key}",
                    f"must be from 0 to {high}, got {count}",
                    "use a small whole number (0 turns it off)",
                )
            values[key] = count
    return RankingConfig(**values)
