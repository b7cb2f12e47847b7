"""Work in forked worker processes (digest/parallel.py): story pages and topic classification.

A build with workers must give the same bytes (and the same carried-over files) as one
process; a failure in a worker must reach the user as the same clear error; a worker must
never keep the state locked.
"""

from __future__ import annotations

import fcntl
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from digest.build import BuildOptions, build, collector_paused
from digest.config import load_config
from digest.errors import DigestError
from digest.lock import lock_path_for
from digest.parallel import Shares, _forked_worker, can_fork
from digest.util import to_utc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

NOW = to_utc("2026-11-25T00:00:00Z")
LATER = to_utc("2026-11-25T06:00:00Z")

needs_fork = pytest.mark.skipif(not can_fork(), reason="forked workers are used on Linux only")


def files(site: Path) -> dict[str, bytes]:
    root = site.resolve()
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def inodes(site: Path) -> dict[str, int]:
    root = site.resolve()
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*")
            if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    write_corpus(content, 320, seed=11)
    return content


def _config(tmp: Path, story_template: str | None = None):
    templates = tmp / "templates"
    templates.mkdir(exist_ok=True)
    if story_template is not None:
        (templates / "story.html").write_text(story_template, encoding="utf-8")
    text = (ROOT / "digest.toml").read_text(encoding="utf-8")
    lines = [
        f'templates = "{templates}"' if line.startswith("templates =") else line
        for line in text.splitlines()
    ]
    (tmp / "digest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(tmp / "digest.toml")


def _build(config, content: Path, out: Path, state: Path, jobs: int, now=NOW):
    return build(config, BuildOptions(
        content_dir=content, output_dir=out, state_path=state, now=now, jobs=jobs,
    ))


@needs_fork
def test_story_pages_rendered_by_workers_equal_one_process(tmp_path: Path, corpus: Path) -> None:
    """Full build, then an incremental one (new article, clock moved): with 2 workers the
    site is byte-identical to a one-process build, the same pages are rendered, and the same
    files are carried over from the live build."""
    config = _config(tmp_path)
    reports: dict[int, list] = {}
    for jobs in (1, 2):
        content = tmp_path / f"content-{jobs}"
        shutil.copytree(corpus, content)
        out, state = tmp_path / f"site-{jobs}", tmp_path / f"state-{jobs}.sqlite"
        first = _build(config, content, out, state, jobs)
        assert first.stories >= 256  # enough story pages for workers to start
        before = inodes(out)
        (content / "articles" / "late.md").write_text(
            '---\ntitle: "Quiet Tram Line Opens Late"\ndate: 2026-11-24T08:00:00Z\n'
            "category: Technology\nsource: Bench Desk\nurl: https://desk.example/late\n---\n\n"
            "A tram line opened late in the evening, and riders waited.\n",
            encoding="utf-8",
        )
        second = _build(config, content, out, state, jobs, now=LATER)
        after = inodes(out)
        kept = {name for name in before if after.get(name) == before[name]}
        reports[jobs] = [first, second, kept]
    assert files(tmp_path / "site-1") == files(tmp_path / "site-2")
    assert reports[1][0].rendered == reports[2][0].rendered
    assert reports[1][1].rendered == reports[2][1].rendered < reports[1][0].rendered / 4
    assert reports[1][2] == reports[2][2]  # the same files carried over
    assert sum(name.startswith("story/") for name in reports[2][2]) > 250


@needs_fork
def test_rounds_of_workers_build_the_same_site(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    """Large sites are parsed, classified and rendered by several rounds of new workers (to
    give back the memory each round copies); small rounds here: the same bytes as one process."""
    import digest.parallel

    config = _config(tmp_path)
    one = _build(config, corpus, tmp_path / "one", tmp_path / "one.sqlite", 1)
    monkeypatch.setattr(digest.parallel, "ROUND_ITEMS", 64)  # parsing, topics and pages
    rounds = _build(config, corpus, tmp_path / "rounds", tmp_path / "rounds.sqlite", 2)
    assert files(tmp_path / "one") == files(tmp_path / "rounds")
    assert (one.rendered, one.pages, one.stories) == (rounds.rendered, rounds.pages, rounds.stories)


@needs_fork
def test_a_template_error_in_a_worker_is_a_clear_error_and_the_site_stays(
    tmp_path: Path, corpus: Path
) -> None:
    config = _config(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state.sqlite"
    _build(config, corpus, out, state, 2)
    before = files(out)
    broken = _config(tmp_path, "{% extends 'base.html' %}{% block content %}"
                               "{{ story.no_such_field }}{% endblock %}\n")
    with pytest.raises(DigestError) as caught:
        _build(broken, corpus, out, state, 2, now=LATER)
    assert "template story.html" in str(caught.value)
    assert "no_such_field" in str(caught.value)
    assert files(out) == before  # the previous site is untouched
    leftovers = [p.name for p in (tmp_path / ".digest-builds").iterdir()]
    assert len(leftovers) == 2, leftovers  # the failed build's folder was removed
    folder = (tmp_path / "site").resolve()  # what is left: the live build and its manifest
    assert sorted(leftovers) == sorted([folder.name, f".{folder.name}.files"])


@needs_fork
def test_a_failure_in_the_parent_while_workers_render_stops_them(
    tmp_path: Path, corpus: Path
) -> None:
    """sources.html is rendered by the parent while the workers render the story pages: its
    error stops the workers (none is left running) and leaves the previous site."""
    config = _config(tmp_path)
    out, state = tmp_path / "site", tmp_path / "state.sqlite"
    _build(config, corpus, out, state, 2)
    before = files(out)
    (tmp_path / "templates" / "sources.html").write_text("{{ nope.nothing }}\n", "utf-8")
    with pytest.raises(DigestError, match="template sources.html"):
        _build(config, corpus, out, state, 2, now=LATER)
    assert multiprocessing.active_children() == []
    assert files(out) == before


def _square_share(index: int, count: int) -> list[tuple[int, int]]:
    return [(n, n * n) for n in range(index, 40, count)]


def test_shares_give_the_same_results_forked_or_not() -> None:
    expected = can_fork()  # asked first: a live pool's helper threads make it False
    forked = Shares(_square_share, 3)
    assert forked.forked == expected
    parts = forked.results()
    assert parts == [_square_share(i, 3) for i in range(3)]
    assert sorted(sum(parts, [])) == Shares(_square_share, 1).results()[0]
    assert not Shares(_square_share, 1).forked


def test_no_fork_while_other_threads_run() -> None:
    """digest serve builds while its server threads run: forking then could leave a worker
    stuck on a lock another thread held, so the work runs without forked workers."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not can_fork()
        shares = Shares(_square_share, 3)
        assert not shares.forked
        assert shares.results() == [_square_share(i, 3) for i in range(3)]
    finally:
        stop.set()
        thread.join()


def _failing_share(index: int, count: int) -> int:
    if index == 1:
        raise DigestError("share 1", "failed on purpose", "nothing")
    return index


@needs_fork
def test_an_error_in_a_worker_reaches_the_parent_whole() -> None:
    with pytest.raises(DigestError) as caught:
        Shares(_failing_share, 2).results()
    assert caught.value.where == "share 1" and caught.value.fix == "nothing"


def test_a_build_pauses_the_cycle_collector_and_gives_it_back(tmp_path: Path) -> None:
    """The collector is off while a build runs (its full collections visit every article
    and view the build holds), and back as it was afterwards: on when it was on, off when
    the caller had turned it off; also when the build fails."""
    config = _config(tmp_path)
    content = tmp_path / "content"
    write_corpus(content, 12, seed=3)
    seen: list[bool] = []

    def run(out: str, state: str) -> None:
        build(config, BuildOptions(content_dir=content, output_dir=tmp_path / out,
                                   state_path=tmp_path / state, now=NOW),
              progress=lambda _m: seen.append(gc.isenabled()))

    assert gc.isenabled()
    run("site", "state.sqlite")
    assert seen and not any(seen)  # off at every stage
    assert gc.isenabled()
    gc.disable()
    try:
        run("site-2", "state-2.sqlite")
        assert not gc.isenabled()  # the caller's choice stays
    finally:
        gc.enable()
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    with pytest.raises(DigestError):
        run("not-a-folder", "state-3.sqlite")
    assert gc.isenabled()


def test_overlapping_pauses_give_the_collector_back_once_the_last_ends() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # another thread's build ends first
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


@needs_fork
def test_forked_workers_collect_cycles_while_the_parent_pauses() -> None:
    """A worker starts as Shares starts it (``_forked_worker``), forked here directly: the
    suite's loopback servers run threads, and Shares does not fork while threads run."""
    with collector_paused():
        assert not gc.isenabled()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                _forked_worker(os.getppid())
                os._exit(0 if gc.isenabled() else 3)
            finally:
                os._exit(4)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()


def test_digest_errors_survive_pickling() -> None:
    error = DigestError("feeds/a.xml", "is not a feed", "check the URL")
    again = pickle.loads(pickle.dumps(error))
    assert (again.where, again.problem, again.fix) == (error.where, error.problem, error.fix)
    assert str(again) == str(error)


HOLDER = """
import os, sys, time
from functools import partial
from pathlib import Path
from digest.lock import StateLock
lock = StateLock(Path(sys.argv[1]), "fail")
lock.acquire()
ready, started = os.pipe()
child = os.fork()
if child == 0:  # a worker: outlives its parent for a while
    os.write(started, b"x")  # past the fork's hooks (on a busy machine it may not be yet)
    time.sleep(20)
    os._exit(0)
os.read(ready, 1)
print(child, flush=True)
time.sleep(60)
"""


@needs_fork
def test_a_forked_worker_does_not_keep_the_state_locked(tmp_path: Path) -> None:
    """A flock belongs to the open file, which a fork shares: a worker still running after
    its parent was killed would keep the state locked. Workers close their copy of the
    descriptor at once (digest/lock.py)."""
    state = tmp_path / "state.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(state)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        holder.kill()  # SIGKILL: the parent releases nothing itself
        holder.wait()
        os.kill(child, 0)  # the worker still runs
        fd = os.open(lock_path_for(state), os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: still held
        finally:
            os.close(fd)
    finally:
        os.kill(child, signal.SIGKILL)


EXPORTS_IN_WORKERS = r"""
import os, sys
from functools import partial
from pathlib import Path
from digest.build import BuildOptions, build
from digest.config import load_config
from digest.render import exports
from digest.util import to_utc

log = Path(sys.argv[4])
made_by: dict[str, set[int]] = {}
original = exports.ExportWriter.chunks

def chunks(self):
    name = self.form.name
    if os.getpid() not in made_by.setdefault(name, set()):
        made_by[name].add(os.getpid())
        with open(log, "a") as out:  # a forked worker ends without atexit
            out.write(f"{name} {os.getpid()}\n")
    return original(self)

exports.ExportWriter.chunks = chunks
print(os.getpid(), flush=True)
build(load_config(Path(sys.argv[1])), BuildOptions(
    content_dir=Path(sys.argv[2]), output_dir=Path(sys.argv[3]),
    state_path=Path(sys.argv[3] + ".sqlite"), now=to_utc("2026-11-25T00:00:00Z"), jobs=2,
))
"""


@needs_fork
def test_exports_are_made_by_workers_with_the_pages(tmp_path: Path, corpus: Path) -> None:
    """The search index and stories.json take every story; in a site of one round of workers
    they are made by the workers while the parent writes the rest, with the same bytes as
    one process makes. (In a fresh interpreter: the suite's loopback server threads keep
    this process from forking.)"""
    config = _config(tmp_path)
    one = _build(config, corpus, tmp_path / "one", tmp_path / "one.sqlite", 1)
    log = tmp_path / "made-by.txt"
    result = subprocess.run(
        [sys.executable, "-c", EXPORTS_IN_WORKERS, str(tmp_path / "digest.toml"), str(corpus),
         str(tmp_path / "two"), str(log)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    parent = int(result.stdout.split()[0])
    made = [line.split() for line in log.read_text().splitlines()]
    assert {name for name, _pid in made} == {"search", "stories"}
    assert all(int(pid) != parent for _name, pid in made), made  # never in the parent
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert one.stories >= 256  # enough pages for workers to start


# ------------------------------------------------------------ Background (one forked worker)


def _alone() -> None:
    """Forking needs a process of one thread (can_fork): a thread left by an earlier test
    would turn these tests into tests of the work done without workers."""
    import threading

    assert can_fork(), f"threads alive in the test process: {threading.enumerate()}"


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


@needs_fork
def test_background_work_runs_in_another_process_and_comes_back_whole() -> None:
    from digest.parallel import Background

    _alone()
    job = Background(partial(_pid_and, 21))
    pid, value = job.result()
    assert value == 42 and pid != os.getpid()
    big = Background(lambda: list(range(300_000)))  # more than a pipe's buffer
    assert big.result() == list(range(300_000))


def _nested() -> tuple[int, bool, int]:
    from digest.parallel import Background

    return os.getpid(), can_fork(), Background(os.getpid).result()


@needs_fork
def test_a_background_worker_can_fork_workers_of_its_own() -> None:
    """It ends with its parent by the kernel's signal, not a watching thread, so it runs one
    thread and may fork (PrimaryScores gives each round of articles a worker of its own)."""
    from digest.parallel import Background

    _alone()
    outer, could, inner = Background(_nested).result()
    assert could and len({os.getpid(), outer, inner}) == 3


def _dies_in_a_worker(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # as if killed: no result comes back
    return "made here"


def _fails() -> str:
    raise DigestError("background", "failed on purpose", "nothing")


def test_background_work_is_made_here_when_the_worker_gives_nothing() -> None:
    """A worker that died (killed, out of memory) costs time, not the result; an error in the
    work is raised from here, whole, as it would be without a worker."""
    from digest.parallel import Background

    assert Background(partial(_dies_in_a_worker, os.getpid())).result() == "made here"
    with pytest.raises(DigestError) as caught:
        Background(_fails).result()
    assert caught.value.where == "background" and caught.value.fix == "nothing"


def test_background_work_is_done_here_when_no_process_can_be_forked(monkeypatch) -> None:
    from digest.parallel import Background

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    job = Background(partial(_pid_and, 4))
    assert job._pid is None and job._file is None  # nothing left open
    assert job.result() == (os.getpid(), 8)


def test_background_work_waits_for_result_where_forking_is_unsafe() -> None:
    import threading

    from digest.parallel import Background

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        job = Background(partial(_pid_and, 5))
        assert job.result() == (os.getpid(), 10)
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_a_cancelled_background_worker_is_gone() -> None:
    import time

    from digest.parallel import Background

    _alone()
    job = Background(partial(time.sleep, 60))
    pid = job._pid
    assert pid is not None
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind
