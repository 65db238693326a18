"""`paper-tui sync`: every missing day of each digest source, into the library.

A URL source is asked for each day from the day after the last one synced (the
last 7 days on the first run, or `since`) to today, 4 requests at a time, each
with the limits of `add URL` (`download.fetch_if_changed`) and made conditional
with the ETag and Last-Modified its server gave last time: a file that did not
change costs a 304 and no download. A 404 is a day without a digest, not an
error. A folder source adds its new and changed files (by size and mtime) as
`add FOLDER` does, whatever their day: a folder is listed, not asked day by day,
so its first sync brings its history and a correction to an old day comes too;
`since`/`until` keep it to the files of those days. Files in it that are not
digests (a README) are passed over.
What came goes through `saved.add_bytes`, as for `add`: an identical file is
skipped, another for the same day kept beside it (`-2.md`).

The last day synced only moves past a day with a failure once it succeeds, and
past a day without a digest once that day is `SETTLE_DAYS` old (a digest is
often published a day late), so such days are asked for again next time. The
bookkeeping is `store.SyncState`, apart from the settings.
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from paper_tui.digest import date_from_path, parse_bytes
from paper_tui.library.download import (
    DOWNLOAD_TIMEOUT_SECONDS,
    Downloaded,
    Missing,
    NotModified,
    Validators,
    fetch_if_changed,
    redacted,
)
from paper_tui.library.loading import find_digest_files, read_source
from paper_tui.library.saved import add_bytes, digest_day, load_library
from paper_tui.library.sources import days_from, is_folder_source, template_problem, url_for
from paper_tui.model import LoadError
from paper_tui.store import Source, SyncState, SyncStateError, paths

SyncStatus = Literal["added", "skipped", "unchanged", "missing", "ignored", "failed"]

WORKERS = 4
"""Requests at once: quick over a slow link, gentle on the server."""
FIRST_RUN_DAYS = 7
"""A source never synced is asked for this many days, today included."""
SETTLE_DAYS = 3
"""A day without a digest is asked for again until it is this many days old."""

Progress = Callable[[int, int], None]
"""Hears (requests and files done, in all) as a sync goes."""
Fetched = Downloaded | NotModified | Missing | LoadError
Fetch = Callable[[str, Validators], Fetched]


@dataclass(frozen=True, slots=True)
class SyncItem:
    """What became of one day of a source, or one file of a folder source."""

    source: str
    """The source's name (its template, for a sync without set-up)."""
    what: str
    """The URL asked for (a password in it hidden), or the file."""
    day: date | None
    status: SyncStatus
    reason: str = ""
    target: Path | None = None
    """Where an added or skipped file is in the library."""


@dataclass(slots=True)
class SyncReport:
    """Every item of one sync, each source's days in order, and what to tell the user."""

    items: list[SyncItem] = field(default_factory=list)
    new_papers: int = 0
    """Papers added whose arXiv id was not in the library before."""
    new_ids: frozenset[str] = frozenset()
    """Their ids."""
    warnings: list[str] = field(default_factory=list)
    """Problems that are not one item's (no sources, the bookkeeping moved aside)."""
    seconds: float = 0.0

    def with_status(self, status: SyncStatus) -> list[SyncItem]:
        """The items that ended `status`."""
        return [item for item in self.items if item.status == status]

    @property
    def added(self) -> list[SyncItem]:
        """Files now in the library that were not before."""
        return self.with_status("added")

    @property
    def files(self) -> list[Path]:
        """The library files this sync added, to load into a running app."""
        return [item.target for item in self.added if item.target is not None]

    @property
    def failed(self) -> list[SyncItem]:
        """Days or files that could not be had, with the reason (asked for again next time)."""
        return self.with_status("failed")

    def summary(self) -> str:
        """One line for the status bar or the CLI:
        "sync: 2 files added (14 new papers), 27 unchanged, 1 day without a digest, 1 failed"."""
        parts = []
        added = len(self.added)
        files = "file" if added == 1 else "files"
        papers = "paper" if self.new_papers == 1 else "papers"
        parts.append(f"{added} {files} added ({self.new_papers} new {papers})")
        unchanged = len(self.with_status("unchanged")) + len(self.with_status("skipped"))
        parts.append(f"{unchanged} unchanged")
        missing = len(self.with_status("missing"))
        if missing:
            parts.append(f"{missing} {'day' if missing == 1 else 'days'} without a digest")
        ignored = len(self.with_status("ignored"))
        if ignored:
            parts.append(f"{ignored} not {'a digest' if ignored == 1 else 'digests'}")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return "sync: " + ", ".join(parts)


# -- what to ask for --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Day:
    """One request of a URL source."""

    source: Source
    day: date
    url: str


def first_day(
    state: SyncState | None, template: str, today: date, since: date | None = None
) -> date:
    """Where a sync of `template` starts: `since`, else the day after the last one
    synced, else `FIRST_RUN_DAYS` back."""
    if since is not None:
        return since
    last = state.synced_through(template) if state is not None else None
    if last is None:
        return today - timedelta(days=FIRST_RUN_DAYS - 1)
    return last + timedelta(days=1)


# -- running ----------------------------------------------------------------------


def sync_sources(
    sources: Sequence[Source],
    since: date | None = None,
    until: date | None = None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    known_ids: Callable[[], Collection[str]] | None = None,
    library: Path | None = None,
    state: SyncState | None = None,
    fetch: Fetch | None = None,
    workers: int = WORKERS,
    timeout: float = DOWNLOAD_TIMEOUT_SECONDS,
) -> SyncReport:
    """Sync each source into the library; every problem is an item or a warning.

    `since`/`until` bound the days asked for (default: from the day after the
    last synced to `today`) and a folder's files (default: every new or changed
    one; an end not given is open); `known_ids` gives the ids already loaded, for
    `new_papers` (default: the library's, read once something is to be added);
    `state` is the bookkeeping (default: opened, and closed after).
    """
    started = time.monotonic()
    today = today if today is not None else date.today()
    library = library if library is not None else paths.library_dir()
    report = SyncReport()
    own_state = state is None
    if state is None:
        try:
            state = SyncState.open()
            report.warnings.extend(state.warnings)
        except SyncStateError as error:
            report.warnings.append(f"{error} (syncing without what was remembered)")
    try:
        _Run(report, library, state, today, known_ids, progress).run(
            sources, since, until, fetch, workers, timeout
        )
    finally:
        if own_state and state is not None:
            state.close()
    report.seconds = time.monotonic() - started
    return report


class _Run:
    """One sync: the requests, the adds in order as they come, the bookkeeping."""

    def __init__(
        self,
        report: SyncReport,
        library: Path,
        state: SyncState | None,
        today: date,
        known_ids: Callable[[], Collection[str]] | None,
        progress: Progress | None,
    ) -> None:
        self.report = report
        self.library = library
        self.state = state
        self.today = today
        self._known_ids = known_ids
        self._known: Collection[str] | None = None
        self._new: set[str] = set()
        self._progress = progress
        self._span = _Span(None, None)
        self.done = 0
        self.total = 0

    def run(
        self,
        sources: Sequence[Source],
        since: date | None,
        until: date | None,
        fetch: Fetch | None,
        workers: int,
        timeout: float,
    ) -> None:
        last = until if until is not None else self.today
        span = _Span(since, until)
        self._span = span
        plans: list[tuple[Source, list[_Day]]] = []
        folders: list[tuple[Source, list[str]]] = []
        for source in sources:
            problem = template_problem(source.template)
            if problem is not None:
                self._item(source, redacted(source.template), None, "failed", problem)
                continue
            if is_folder_source(source.template):
                folders.append((source, self._changed_files(source, span)))
                continue
            start = first_day(self.state, source.template, self.today, since)
            asked = [
                _Day(source, day, url_for(source.template, day)) for day in days_from(start, last)
            ]
            plans.append((source, asked))
        requests = [request for _, days in plans for request in days]
        self.total = len(requests) + sum(len(files) for _, files in folders)
        self._tick(0)
        if fetch is None:

            def fetch(url: str, validators: Validators) -> Fetched:
                return fetch_if_changed(url, validators, timeout=timeout)

        pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers))
        try:
            futures = [
                pool.submit(fetch, request.url, self._validators(request.url))
                for request in requests
            ]
            for source, files in folders:
                self._add_files(source, files)
            outcomes = self._collect(requests, futures)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        for source, days in plans:
            self._advance(source, days, outcomes)
        self._record_runs([source for source, _ in plans] + [source for source, _ in folders])
        self.report.new_papers = len(self._new)
        self.report.new_ids = frozenset(self._new)

    def _record_runs(self, sources: list[Source]) -> None:
        """Remember when each source synced, and what it added and what failed
        (`sources list` tells a folder source's last sync by it)."""
        if self.state is None:
            return
        finished = time.time()
        for source in sources:
            items = [item for item in self.report.items if item.source == source.name]
            added = sum(item.status == "added" for item in items)
            failed = sum(item.status == "failed" for item in items)
            try:
                self.state.record_run(source_key(source.template), finished, added, failed)
            except SyncStateError as error:
                self._warn(str(error))

    # -- URL sources -------------------------------------------------------------

    def _validators(self, url: str) -> Validators:
        if self.state is None:
            return Validators()
        etag, last_modified = self.state.validators(url)
        return Validators(etag, last_modified)

    def _collect(
        self,
        requests: list[_Day],
        futures: list[concurrent.futures.Future[Fetched]],
    ) -> dict[_Day, SyncStatus]:
        """Each request's status, added to the library in request order (so two
        sources' files for one day are named the same way every time) as soon as
        those before it are in; progress as each answer comes."""
        statuses: dict[_Day, SyncStatus] = {}
        position = {id(future): number for number, future in enumerate(futures)}
        finished: set[int] = set()
        following = 0
        for future in concurrent.futures.as_completed(futures):
            finished.add(position[id(future)])
            self._tick(1)
            while following in finished:
                request = requests[following]
                statuses[request] = self._take(request, futures[following].result())
                following += 1
        return statuses

    def _take(self, request: _Day, got: Fetched) -> SyncStatus:
        shown = redacted(request.url)
        source = request.source
        if isinstance(got, NotModified):
            return self._item(source, shown, request.day, "unchanged", "not modified (304)")
        if isinstance(got, Missing):
            return self._item(source, shown, request.day, "missing", f"HTTP {got.status}")
        if isinstance(got, LoadError):
            return self._item(source, shown, request.day, "failed", got.reason)
        status = self._add(source, got.data, shown, request.day)
        if status in ("added", "skipped") and self.state is not None:
            validators = got.validators or Validators()
            self._remember(request.url, validators)
        return status

    def _remember(self, url: str, validators: Validators) -> None:
        assert self.state is not None
        try:
            self.state.remember_validators(url, validators.etag, validators.last_modified)
        except SyncStateError as error:
            self._warn(str(error))

    def _advance(
        self,
        source: Source,
        days: list[_Day],
        outcomes: dict[_Day, SyncStatus],
    ) -> None:
        """Move the source's last synced day past each day done, in order: up to
        the first failure, or the first day without a digest that may still get one."""
        if self.state is None or not days:
            return
        previous = self.state.synced_through(source.template)
        if previous is not None and days[0].day > previous + timedelta(days=1):
            return  # a range after a gap (`since`): the days between are not synced
        settled = self.today - timedelta(days=SETTLE_DAYS)
        reached: date | None = None
        for request in days:
            status = outcomes.get(request)
            if status in (None, "failed") or (status == "missing" and request.day > settled):
                break
            reached = request.day
        if reached is not None and (previous is None or reached > previous):
            try:
                self.state.set_synced_through(source.template, reached)
            except SyncStateError as error:
                self._warn(str(error))

    # -- folder sources ------------------------------------------------------------

    def _changed_files(self, source: Source, span: _Span) -> list[str]:
        """The folder's files new or changed since they were last added, of the
        span's days when `since` or `until` is given (a file whose name gives no day
        is read to learn it, in `_add_files`)."""
        files, errors = find_digest_files([source_key(source.template)])
        for error in errors:
            self._item(source, error.path, None, "failed", error.reason)
        if span.bounded:
            files = [name for name in files if span.may_hold(date_from_path(name))]
        marks = self.state.file_marks(files) if self.state is not None else {}
        changed = []
        for name in files:
            mark = _mark_of(name)
            if mark is None or marks.get(name) != mark:
                changed.append(name)
        return changed

    def _add_files(self, source: Source, files: list[str]) -> None:
        kept: dict[str, tuple[int, int]] = {}
        for name in files:
            mark = _mark_of(name)
            data = read_source(name)
            if isinstance(data, LoadError):
                self._item(source, name, None, "failed", data.reason)
            elif self._span.bounded and not self._span.holds(_filed_day(data, name)):
                pass  # another day's file (or no day's): left for a sync of its days
            else:
                status = self._add(source, data, name, None, folder=True)
                if status != "failed" and mark is not None:
                    kept[name] = mark
            self._tick(1)
        if kept and self.state is not None:
            try:
                self.state.remember_files(kept)
            except SyncStateError as error:
                self._warn(str(error))

    # -- both ----------------------------------------------------------------------

    def _add(
        self, source: Source, data: bytes, shown: str, day: date | None, folder: bool = False
    ) -> SyncStatus:
        known = self._known_before()
        outcome = add_bytes(data, shown, self.library, day=day)
        if outcome.status == "refused":
            # In a folder, a file with no papers is not a digest (a README); from a
            # daily URL it is a failure (an error page served as 200).
            status: SyncStatus = "ignored" if folder and _not_a_digest(outcome.reason) else "failed"
            return self._item(source, shown, day, status, outcome.reason)
        if outcome.status == "added":
            parsed = parse_bytes(data, shown)
            if not isinstance(parsed, LoadError):
                ids = {paper.arxiv_id for digest in parsed for paper in digest.papers}
                self._new.update(arxiv_id for arxiv_id in ids if arxiv_id not in known)
        if day is None and outcome.target is not None:
            day = date_from_path(str(outcome.target))  # as filed: YYYY/MM/YYYY-MM-DD.md
        return self._item(source, shown, day, outcome.status, outcome.reason, outcome.target)

    def _known_before(self) -> Collection[str]:
        """The ids in the library before this sync added anything (read once)."""
        if self._known is None:
            if self._known_ids is not None:
                self._known = self._known_ids()
            else:
                loaded = load_library(library=self.library)
                self._known = frozenset(paper.arxiv_id for paper in loaded.papers)
        return self._known

    def _item(
        self,
        source: Source,
        what: str,
        day: date | None,
        status: SyncStatus,
        reason: str = "",
        target: Path | None = None,
    ) -> SyncStatus:
        self.report.items.append(SyncItem(source.name, what, day, status, reason, target))
        return status

    def _warn(self, message: str) -> None:
        if message not in self.report.warnings:
            self.report.warnings.append(message)

    def _tick(self, step: int) -> None:
        self.done += step
        if self._progress is not None:
            self._progress(self.done, self.total)


@dataclass(frozen=True, slots=True)
class _Span:
    """The days `--since`/`--until` keep a folder source's files to; an end not
    given is open (a folder is listed, not asked day by day)."""

    since: date | None
    until: date | None

    @property
    def bounded(self) -> bool:
        """True when either end was given."""
        return self.since is not None or self.until is not None

    def holds(self, day: date | None) -> bool:
        """True for a day in the span (a file of no day is in no bounded span)."""
        if day is None:
            return not self.bounded
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def may_hold(self, day: date | None) -> bool:
        """True unless `day` (a file name's) is known to be outside the span."""
        return day is None or self.holds(day)


def _filed_day(data: bytes, name: str) -> date | None:
    """The day a folder's file counts as in a span: its name's (as the listing was
    kept to), else its digest's."""
    day = date_from_path(name)
    if day is not None:
        return day
    parsed = parse_bytes(data, name)
    return None if isinstance(parsed, LoadError) else digest_day(parsed, name)


def source_key(template: str) -> str:
    """What the bookkeeping knows a source by: a URL template as it is, a folder as
    an absolute path (so `sync ./daily` and a configured source of that folder are
    one, and its files are remembered by paths that hold from any folder)."""
    if not is_folder_source(template):
        return template
    return os.path.abspath(os.path.expanduser(template))  # `~nouser` as it is, not an error


def _mark_of(name: str) -> tuple[int, int] | None:
    try:
        status = os.stat(name)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _not_a_digest(reason: str) -> bool:
    return reason.startswith(("no papers found", "no date in the digest"))


def sync_all(
    progress: Progress | None = None,
    known_ids: Callable[[], Collection[str]] | None = None,
    **options: Any,
) -> SyncReport:
    """Sync every source of the config file, each from the day after its last
    synced day (the app's "Sync now" and sync on start; run it in a worker).

    `progress(done, total)` is called from the calling thread; `known_ids`
    returns the ids loaded already (the app has them), counted out of
    `new_papers`. A config without sources is a warning, not an error.
    """
    from paper_tui.store import load_settings

    settings = load_settings()
    sources = settings.sources
    report_warnings = [problem for problem in settings.problems if "sources" in problem]
    if not sources:
        report = SyncReport(warnings=report_warnings)
        report.warnings.append(f"no sources to sync: {NO_SOURCES_HINT}")
        return report
    report = sync_sources(sources, progress=progress, known_ids=known_ids, **options)
    report.warnings[:0] = report_warnings
    return report


NO_SOURCES_HINT = "add one with 'paper-tui sources add NAME TEMPLATE'"
