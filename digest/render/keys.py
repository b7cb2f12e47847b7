"""Page keys: render a page only when something it is made of changed.

Every page rendered through a template gets a key, a hash of everything its bytes depend on:

* the template's source and the sources of every template it extends, includes or imports
  (found with ``jinja2.meta``; a template that names another through a variable depends on
  every template), so editing ``day.html`` changes the keys of the day pages only;
* the page's own context (its stories, topic, day ...) and the values every page gets
  (``site``, the navigation, whether search is on), encoded field by field; a story's ranking
  score, which changes with the clock, only for pages whose templates mention it; a story's
  text (headline, summary, body, paragraphs) by its text key (digest/model.py), a digest
  made once when its article was prepared;
* the rendering code (digest/render/*.py), so an upgraded digest renders everything again.

The keys of the pages of the live build are kept in the state with the identity of the build
folder they describe. A page whose key is unchanged is not rendered: its file is hard-linked
from the live build (digest/output.py). Keys recorded for another folder than the live one
(a build that was killed before it was published, a site replaced by hand) are not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from digest.util import code_digest

if TYPE_CHECKING:  # Jinja itself is imported by the templates' code only: the up-to-date
    from jinja2 import Environment  # check (digest/uptodate.py) encodes with Encoder alone

KEY_VERSION = "1"  # change to invalidate every key

# StoryView fields that depend on the build's clock, and the words a template would use to
# print them (``story.score``, ``story.as_json()``): a page whose templates contain none of
# the words is keyed without the fields.
CLOCK_FIELDS = frozenset({"score"})
CLOCK_WORDS = ("score", "as_json")


@cache
def render_code() -> bytes:
    return code_digest(Path(__file__).resolve().parent.glob("*.py"), KEY_VERSION.encode())


def build_identity(folder: Path) -> str:
    """A name for one build folder that a later folder of the same name does not share."""
    return f"{folder.name}:{os.stat(folder).st_ino}"


@cache
def _fields(cls: type) -> tuple[str, ...]:
    """The fields a value of ``cls`` is encoded by: all but those whose metadata names
    another field that stands for them (``keyed_by``: StoryView's text, by its text key)."""
    every = dataclasses.fields(cls)
    names = {f.name for f in every}
    for f in every:
        if "keyed_by" in f.metadata and f.metadata["keyed_by"] not in names:
            raise TypeError(f"{cls.__qualname__}.{f.name} is keyed by a field it lacks")
    return tuple(f.name for f in every if "keyed_by" not in f.metadata)


class Encoder:
    """A stable, unambiguous encoding of view data (dataclasses, tuples, strings, dates...).

    Unlike pickle, it does not depend on which equal objects happen to be shared, so the same
    values always give the same bytes. Dataclass values are encoded once per object.
    """

    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        """``skip``: dataclass field names left out (see PageKeys: ``score``)."""
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._skip = skip
        # type -> how its values are encoded, found once per type (a look-up, not a chain of
        # isinstance tests for every value); str, by far the most common, is tested first.
        self._handlers: dict[type, Callable[[Any, list[str]], None]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, value: Any) -> bytes:
        out: list[str] = []
        self._encode(value, out)
        return hashlib.blake2b("\x1f".join(out).encode("utf-8", "surrogatepass"),
                               digest_size=20).digest()

    def _encode(self, value: Any, out: list[str]) -> None:
        kind = type(value)
        if kind is str:
            out.append(f"s{len(value)}:{value}")
            return
        handler = self._handlers.get(kind)
        if handler is None:
            handler = self._handlers[kind] = self._handler(kind)
        handler(value, out)

    def _handler(self, kind: type) -> Callable[[Any, list[str]], None]:
        if issubclass(kind, Markup):  # not escaped by templates: not the same as a str
            return lambda value, out: out.append(f"m{len(value)}:{value}")
        if issubclass(kind, str):
            return lambda value, out: out.append(f"s{len(value)}:{value}")
        if kind in (type(None), bool, int, float):
            return lambda value, out: out.append(repr(value))
        if kind in (tuple, list):
            return self._sequence
        if kind is dict:
            return self._mapping
        if issubclass(kind, datetime | date):
            return lambda value, out: out.append(f"d{value.isoformat()}")
        if dataclasses.is_dataclass(kind):
            if getattr(kind, "key_inline", False):
                return self._inline
            return lambda value, out: out.append(f"o{self._dataclass(value).hex()}")
        if issubclass(kind, frozenset | set):
            return self._set
        # anything else: by its repr (an unstable repr only costs a render)
        return lambda value, out: out.append(f"r{kind.__qualname__}:{value!r}")

    def _sequence(self, value: Any, out: list[str]) -> None:
        out.append(f"[{len(value)}")
        encode = self._encode
        for item in value:
            if type(item) is str:
                out.append(f"s{len(item)}:{item}")
            else:
                encode(item, out)

    def _mapping(self, value: dict[Any, Any], out: list[str]) -> None:
        out.append(f"{{{len(value)}")
        for key in sorted(value, key=repr):
            self._encode(key, out)
            self._encode(value[key], out)

    def _set(self, value: Any, out: list[str]) -> None:
        out.append(f"<{len(value)}")
        for item in sorted(value, key=repr):
            self._encode(item, out)

    def _inline(self, value: Any, out: list[str]) -> None:
        """A small dataclass value (``key_inline``: a link, a date) encoded in place: a
        digest and a memo entry of its own cost more than its few fields."""
        kind = type(value)
        names = self._names(kind)
        out.append(f"({kind.__qualname__}:{len(names)}")
        encode = self._encode
        for name in names:
            encode(getattr(value, name), out)

    def _names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(
                name for name in _fields(kind) if name not in self._skip
            )
        return names

    def dataclass_digest(self, value: Any) -> bytes:
        """The digest of one dataclass value (its fields encoded; remembered)."""
        return self._dataclass(value)

    def _dataclass(self, value: Any) -> bytes:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kind = type(value)
        names = self._names(kind)
        out = [kind.__qualname__]
        encode = self._encode
        for name in names:
            item = getattr(value, name)
            if type(item) is str:
                out.append(f"s{len(item)}:{item}")
            else:
                encode(item, out)
        found = hashlib.blake2b("\x1f".join(out).encode("utf-8", "surrogatepass"),
                                digest_size=20).digest()
        self._memo[id(value)] = (value, found)  # holding the value keeps its id unique
        return found


class KnownReferences(Protocol):
    """The templates each template names, kept between builds with the digest of the
    source they were found in, so a build does not parse every template again."""

    def references(self, name: str, source: bytes) -> tuple[tuple[str, ...] | None] | None:
        """``(names,)`` if known for this source (``names`` None: it names one through a
        variable), else None."""

    def keep_references(self, name: str, source: bytes, names: tuple[str, ...] | None) -> None:
        ...


class TemplateKeys:
    """A hash of each template's source together with every template it uses."""

    def __init__(self, env: Environment, known: KnownReferences | None = None) -> None:
        self.env = env
        self.known = known
        self._source: dict[str, tuple[bytes, tuple[str, ...] | None]] = {}
        self._closure: dict[str, bytes] = {}
        self._mentions: dict[str, bool] = {}  # source names a clock-dependent value
        self._closure_mentions: dict[str, bool] = {}

    def _read(self, name: str) -> tuple[bytes, tuple[str, ...] | None]:
        """(hash of the source, names it references; None: it names one through a variable)."""
        if name not in self._source:
            from jinja2 import TemplateError, meta

            try:
                source, _file, _uptodate = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except (TemplateError, UnicodeDecodeError, OSError) as exc:
                # Not a readable template (a static image listed with the templates, a
                # missing one): rendering reports a real problem; the key just differs.
                source = f"unreadable: {type(exc).__name__}: {exc}"
            digest = hashlib.sha256(source.encode()).digest()
            kept = self.known.references(name, digest) if self.known is not None else None
            refs: tuple[str, ...] | None
            if kept is not None:
                refs = kept[0]
            else:
                try:
                    found = list(meta.find_referenced_templates(self.env.parse(source)))
                    refs = None if any(r is None for r in found) else tuple(sorted(set(found)))
                except TemplateError:
                    refs = None  # rendering reports the syntax error
            if self.known is not None:
                self.known.keep_references(name, digest, refs)
            self._source[name] = (digest, refs)
            self._mentions[name] = any(word in source for word in CLOCK_WORDS)
        return self._source[name]

    def uses_clock(self, name: str) -> bool:
        """Whether the template or one it uses could print a ranking score."""
        self.key(name)
        return self._closure_mentions[name]

    def key(self, name: str) -> bytes:
        if name in self._closure:
            return self._closure[name]
        seen: set[str] = set()
        todo = [name]
        every = False
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            _digest, refs = self._read(current)
            if refs is None:
                every = True
                break
            todo.extend(refs)
        if every:
            seen = set(self.env.list_templates())
        digest = hashlib.sha256()
        for item in sorted(seen):
            digest.update(item.encode() + b"\0" + self._read(item)[0])
        self._closure[name] = digest.digest()
        self._closure_mentions[name] = any(self._mentions[item] for item in seen)
        return self._closure[name]


class PageKeys:
    """The keys of this build's pages, and those of the live build to compare them with."""

    def __init__(
        self,
        env: Environment,
        previous: dict[str, str] | None = None,
        known: KnownReferences | None = None,
    ) -> None:
        """``known``: the templates' references kept from earlier builds (TemplateKeys)."""
        self.encoder = Encoder()
        # Ranking scores change with the clock on every build, but only stories.json prints
        # them: for pages whose templates never mention them, they are left out of the key
        # (the order they give is still in it, as the order of the page's stories).
        self.unscored = Encoder(skip=CLOCK_FIELDS)
        self.templates = TemplateKeys(env, known)
        self.previous = previous or {}
        self.new: dict[str, str] = {}
        self._common = b""

    def set_common(self, common: dict[str, Any]) -> None:
        """The values every page gets (site settings, navigation...)."""
        self._common = self.encoder.digest(common)

    def key(self, template: str, target: str, context: dict[str, Any]) -> str:
        digest = hashlib.blake2b(render_code(), digest_size=20)
        digest.update(self._common)
        digest.update(self.templates.key(template))
        digest.update(f"\0{template}\0{target}\0".encode())
        scored = self.templates.uses_clock(template)
        digest.update((self.encoder if scored else self.unscored).digest(context))
        return digest.hexdigest()

    def warm(self, template: str, values: Any) -> None:
        """Encode ``values`` now, as pages of ``template`` will (the encoder remembers every
        dataclass value): forked workers then find a topic's digest in one look-up instead of
        touching, and so copying, the memory of every story in it (digest/parallel.py)."""
        scored = self.templates.uses_clock(template)
        (self.encoder if scored else self.unscored).digest(values)

    @property
    def code(self) -> bytes:
        """The rendering code's digest (digest/render/*.py)."""
        return render_code()

    def view_digest(self, view: Any) -> bytes:
        """A dataclass value's digest without its ranking score (as pages without a score
        encode it; remembered, like theirs): what a JSON export's record of it is made of
        but the score (digest/render/exports.py)."""
        return self.unscored.dataclass_digest(view)

    def data_key(self, target: str, values: Any) -> str:
        """The key of a file made from ``values`` by code, not a template (the search index); like
        a page's, without the ranking scores, which such a file must then not print."""
        digest = hashlib.blake2b(render_code(), digest_size=20)
        digest.update(f"\0data\0{target}\0".encode())
        digest.update(self.unscored.digest(values))
        return digest.hexdigest()

    def unchanged(self, target: str, key: str) -> bool:
        return self.previous.get(target) == key

    def record(self, target: str, key: str) -> None:
        self.new[target] = key

    def items(self) -> Iterable[tuple[str, str]]:
        return self.new.items()
