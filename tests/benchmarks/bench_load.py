"""Benchmark: many annotators writing at once, on a PostgreSQL server and on one SQLite file.

    python -m tests.benchmarks.bench_load [--processes 20] [--rate 5] [--seconds 60]
                                          [--sqlite-processes 4] [--url postgresql://ADMIN@HOST/DB]
                                          [--in-step]

Each process is one annotator (their own login role on the server, so row-level
security is on) working through the 8 test articles with synthetic
suggestions: accept, reject, relabel, link and undo at ``--rate`` actions per
second (each annotator on a beat of their own phase; ``--in-step``: all at the
same instant), each action timed as the app runs it (AnnotationSession: one
transaction, then the article's state read back). Afterwards every process
reads its work again through a new connection and compares it with what its
actions left on screen: a span or relation missing is "lost", one more is
"doubled". Then the same on one SQLite file (WAL, busy timeout) with fewer
processes. Without ``--url`` a throw-away server is started from the machine's
binaries (tests/postgres_server.py); without them the server part says so and
is skipped. Targets: p95 < 30 ms per action on the server, 0 errors, 0 lost.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"
ORIGIN_NAME = "bench"
ACTIONS = ("accept", "reject", "relabel", "link", "undo")
WEIGHTS = (35, 15, 15, 20, 15)
MOVE_ON = 40  # actions on one article before the next is opened (an "open" is timed too)


def _suggestions(text: str) -> Any:
    """Synthetic suggestions: capitalised word pairs as PERSON, quotes as QUOTE, speech verbs as CUE."""
    from annotator.core.model import Origin, Span, Suggestion, SuggestionSet

    origin = Origin(ORIGIN_NAME, "1")
    spans: dict[tuple[int, int], Span] = {}
    for m in re.finditer(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text):
        spans[(m.start(), m.end())] = Span(m.start(), m.end(), "PERSON")
    for m in re.finditer(r"\b(said|says|told|added)\b", text):
        spans[(m.start(), m.end())] = Span(m.start(), m.end(), "CUE")
    for m in re.finditer(r"[“\"]([^”\"\n]{10,400})[”\"]", text):
        spans[(m.start(1), m.end(1))] = Span(m.start(1), m.end(1), "QUOTE", {"type": "direct"})
    chosen = sorted(spans.values(), key=lambda s: (s.start, s.end))[:60]
    return SuggestionSet(origin, tuple(Suggestion(s, 0.8, origin) for s in chosen))


def _fill(lead_target: str) -> None:
    """The lead imports the test articles and stores the synthetic suggestions."""
    from annotator.usecases.importing import import_paths
    from annotator.usecases.projects import open_existing

    with open_existing(lead_target) as project:
        report = import_paths(project, sorted(CORPUS.glob("*.txt")))
        assert report.ok, report.refused
        for summary in project.list_articles():
            project.replace_suggestions(summary.id, _suggestions(project.article(summary.id).text))


# -- one annotator's process ----------------------------------------------------------


def _state(view: Any) -> tuple[frozenset[Any], frozenset[Any]]:
    """What the screen shows as saved: accepted spans and accepted relations."""
    spans = {i.key: i.span.key for i in view.items if not i.pending}
    links = frozenset(
        (link.label, spans[link.head], spans[link.child])
        for link in view.links
        if not link.pending and link.head in spans and link.child in spans
    )
    return frozenset(spans.values()), links


def _one_action(session: Any, rng: random.Random) -> tuple[str, Any]:
    view = session.view
    pending = [i for i in view.items if i.pending]
    accepted = [i for i in view.items if not i.pending]
    what = rng.choices(ACTIONS, WEIGHTS)[0]
    if what in ("accept", "reject") and not pending:
        what = rng.choice(("relabel", "link", "undo"))
    if what in ("relabel", "link") and not accepted:
        what = "accept" if pending else "undo"
    if what == "undo" and not session.can_undo:
        what = "accept" if pending else "relabel"
    if what == "accept":
        return what, session.accept(rng.choice(pending).key)
    if what == "reject":
        return what, session.reject(rng.choice(pending).key)
    if what == "link":
        for head in rng.sample(accepted, len(accepted)):
            for relation in ("SPEAKER", "CUE_OF", "ROLE_OF"):
                options = session.candidates(head.key, relation)
                if options:
                    return what, session.link(relation, head.key, rng.choice(options[:3]).key)
        what = "relabel"
    if what == "relabel" and accepted:
        item = rng.choice(accepted)
        label = {"PERSON": "ROLE", "ROLE": "PERSON", "QUOTE": "DENIAL", "DENIAL": "QUOTE", "CUE": "CUE"}
        return what, session.relabel(item.key, label.get(item.span.label, "PERSON"))
    return "undo", session.undo()


_READY: Any = None  # a barrier of all the annotator processes (given by the pool's initializer)
_START: Any = None  # the shared time they start at


def _share(ready: Any, start: Any) -> None:
    global _READY, _START
    _READY, _START = ready, start


def _start_together(seconds: float) -> tuple[float, float]:
    """Wait until every annotator has its app up (imports done, first article open: the
    twenty start-ups take all the machine for seconds), then start all at once."""
    if _READY.wait(timeout=300) == 0:
        _START.value = time.time() + 0.5
    _READY.wait(timeout=300)
    return _START.value, _START.value + seconds


def annotator_process(args: tuple[str, str, int, float, float, bool]) -> dict[str, Any]:
    """Act at ``rate`` per second for ``seconds``; then check what the database kept."""
    target, name, seed, rate, seconds, in_step = args
    from annotator.usecases.annotating import AnnotationSession
    from annotator.usecases.projects import open_existing

    rng = random.Random(seed)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    expected: dict[int, tuple[frozenset[Any], frozenset[Any]]] = {}
    with open_existing(target) as project:
        ids = [a.id for a in project.list_articles()]
        rng.shuffle(ids)
        session = AnnotationSession(project, name)
        session.open(ids[0])
        n = 0
        start_at, stop_at = _start_together(seconds)
        while time.time() < start_at:
            time.sleep(0.01)  # all processes start together
        # Annotators work independently: each one's beat has a phase of its own (else all
        # twenty would act in the same millisecond, five times a second, and wait for each other).
        phase = 0.0 if in_step else rng.random() / rate
        while True:
            due = start_at + phase + n / rate
            now = time.time()
            if due >= stop_at or now >= stop_at:  # behind schedule: the run still lasts its time
                break
            if due > now:
                time.sleep(due - now)
            n += 1
            before = time.perf_counter()
            try:
                if n % MOVE_ON == 0:  # an annotator moves to the next article now and then
                    ids.append(ids.pop(0))
                    what, view = "open", session.open(ids[0])
                else:
                    what, view = _one_action(session, rng)
            except Exception as exc:  # noqa: BLE001 - an error is a figure here, and the run goes on
                errors.append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            latencies[what].append(time.perf_counter() - before)
            view = getattr(view, "view", view)  # an action's outcome holds the view it left
            if view is not None:
                expected[view.article.id] = _state(view)
            # Undo may restore another article than the one on show: record that one too.
            if what == "undo":
                expected[session.view.article.id] = _state(session.view)
    elapsed = time.time() - start_at
    lost = doubled = 0
    with open_existing(target) as fresh:  # a new engine: nothing cached
        check = AnnotationSession(fresh, name)
        for article_id, (spans, links) in expected.items():
            stored_spans, stored_links = _state(check.open(article_id))
            lost += len(spans - stored_spans) + len(links - stored_links)
            doubled += len(stored_spans - spans) + len(stored_links - links)
        rows = fresh.counts().annotations
    return {
        "name": name,
        "latencies": dict(latencies),
        "errors": errors,
        "lost": lost,
        "doubled": doubled,
        "expected_spans": sum(len(s) for s, _ in expected.values()),
        "rows": rows,
        "elapsed": elapsed,
    }


# -- running and reporting ----------------------------------------------------------------


def run(
    label: str, targets: list[tuple[str, str]], rate: float, seconds: float, in_step: bool = False
) -> dict[str, Any]:
    jobs = [(t, name, n, rate, seconds, in_step) for n, (t, name) in enumerate(targets)]
    ctx = multiprocessing.get_context("spawn")
    ready, start = ctx.Barrier(len(jobs)), ctx.Value("d", 0.0)
    # One process per annotator (a pool worker runs one job at a time, and each job
    # waits at the barrier for all the others).
    with ctx.Pool(len(jobs), initializer=_share, initargs=(ready, start)) as pool:
        results = pool.map(annotator_process, jobs, chunksize=1)
    every = [x for r in results for xs in r["latencies"].values() for x in xs]
    per_action: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for what, xs in r["latencies"].items():
            per_action[what].extend(xs)
    errors = [e for r in results for e in r["errors"]]
    summary = {
        "label": label,
        "processes": len(jobs),
        "actions": len(every),
        "per_second": len(every) / max(r["elapsed"] for r in results),
        "p50": _pct(every, 50),
        "p95": _pct(every, 95),
        "p99": _pct(every, 99),
        "errors": len(errors),
        "error_kinds": Counter(e.split(":")[0] for e in errors),
        "first_errors": errors[:3],
        "lost": sum(r["lost"] for r in results),
        "doubled": sum(r["doubled"] for r in results),
        "per_action": {
            w: (len(xs), _pct(xs, 50), _pct(xs, 95), _pct(xs, 99)) for w, xs in sorted(per_action.items())
        },
    }
    _print(summary, rate)
    return summary


def _pct(xs: list[float], p: int) -> float:
    if not xs:
        return float("nan")
    if len(xs) == 1:
        return xs[0] * 1000
    return statistics.quantiles(xs, n=100, method="inclusive")[p - 1] * 1000


def _print(s: dict[str, Any], rate: float) -> None:
    print(f"\n== {s['label']}: {s['processes']} annotators at {rate:g} actions/s each")
    print(
        f"actions: {s['actions']} ({s['per_second']:.1f}/s held; asked {s['processes'] * rate:g}/s); "
        f"latency p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms, p99 {s['p99']:.1f} ms"
    )
    for what, (n, p50, p95, p99) in s["per_action"].items():
        print(f"  {what:8} {n:6}  p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f} ms")
    print(f"errors: {s['errors']} {dict(s['error_kinds']) or ''}; lost: {s['lost']}; doubled: {s['doubled']}")
    for e in s["first_errors"]:
        print(f"  e.g. {e}")


def server_run(args: argparse.Namespace) -> dict[str, Any] | None:
    from sqlalchemy.engine import make_url

    from annotator.usecases.server import add_annotator, init_server

    with ExitStack() as stack:
        if args.url:
            admin = args.url
        else:
            sys.path.insert(0, str(REPO / "tests"))
            from postgres_server import NoServer, running_server

            try:
                # PostgreSQL's durable defaults (fsync on), as a real server runs.
                server = stack.enter_context(running_server(options="-c max_connections=200"))
            except NoServer as exc:
                print(f"server part skipped: {exc}")
                return None
            with server.admin() as conn:
                conn.execute("CREATE DATABASE bench_load")
            admin = server.url("bench_load")
        suffix = (make_url(admin).database or "db")[:12]
        lead = init_server(admin, f"lead_{suffix}")
        _fill(lead.url)
        logins = [add_annotator(admin, f"ann{n:02}_{suffix}") for n in range(args.processes)]
        result = run(
            "PostgreSQL server", [(x.url, x.name) for x in logins], args.rate, args.seconds, args.in_step
        )
        from annotator.usecases.projects import open_existing

        with open_existing(lead.url) as project:
            total = project.counts().annotations
        print(f"final state: lead sees {total} annotation rows in all")
        return result


def sqlite_run(args: argparse.Namespace) -> dict[str, Any]:
    from annotator.usecases.projects import new_project

    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    path = folder / "shared.annotator"
    new_project(path).close()
    _fill(str(path))
    names = [(str(path), f"ann{n:02}") for n in range(args.sqlite_processes)]
    return run("one SQLite file", names, args.rate, args.seconds, args.in_step)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--sqlite-processes", type=int, default=4)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="an administrator URL of an existing (empty) database")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--in-step",
        action="store_true",
        help="all annotators act in the same instant, every 1/rate s (a worst case: bursts of 20)",
    )
    args = parser.parse_args()
    try:
        server = server_run(args)
        local = None if args.skip_sqlite else sqlite_run(args)
    except Exception:  # noqa: BLE001 - a benchmark reports and exits non-zero
        traceback.print_exc()
        return 1
    bad = [s for s in (server, local) if s is not None and (s["errors"] or s["lost"] or s["doubled"])]
    if server is not None:
        print(f"\nserver p95 {server['p95']:.1f} ms (target < 30 ms)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
