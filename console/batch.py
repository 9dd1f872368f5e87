"""Batch test: staff upload questions with the topic each should get, and see how the model does.

Definitions (the same as the project's evaluation):
- *fallback*: the model chose `nlu_fallback`, i.e. the assistant asks the parent to clarify.
  Not correct, and not confident-wrong.
- *confident-wrong*: not a fallback, and the chosen topic is not the expected one.
- *accuracy*: correct / total.
"""
from __future__ import annotations

import asyncio
import csv
import io
import json
import secrets
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import sqlalchemy as sa
import yaml

from console.csv_export import csv_text
from console.database import batch_runs
from console.rasa_client import ConsoleRasaApi

FALLBACK = "nlu_fallback"
MAX_BYTES = 1_000_000
MAX_ROWS = 2000
MAX_TEXT = 2000
CONCURRENT_PARSES = 4
KEEP_RUNS_SECONDS = 30 * 24 * 60 * 60
SHOWN_PROBLEMS = 10
FORMAT_HELP = ("Upload a CSV file whose first line is the header text,topic, or a YAML file with an "
               "items: list of {text: ..., topic: ...}. At most 1 MB and 2,000 questions.")
RESULTS_CSV_HEADER = ("row", "text", "expected", "chosen", "confidence", "outcome", "closest_topic")


class UploadProblem(Exception):
    """The uploaded file cannot be used; `problems` says why, in words staff understand."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class BatchItem:
    row: int
    text: str
    topic: str


@dataclass(frozen=True)
class RowResult:
    row: int
    text: str
    expected: str
    chosen: str
    confidence: float
    outcome: str  # "correct", "fallback" or "wrong" (confident-wrong)
    closest: Optional[str] = None  # for a fallback: the topic the model thought most likely


@dataclass(frozen=True)
class Summary:
    total: int
    correct: int
    fallbacks: int
    confident_wrong: int
    confusions: Tuple[Tuple[str, str, int], ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def confident_wrong_rate(self) -> float:
        return self.confident_wrong / self.total if self.total else 0.0

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.total if self.total else 0.0


def read_upload(filename: str, body: bytes, known_topics: Iterable[str]) -> List[BatchItem]:
    """The questions in an uploaded CSV or YAML file; `UploadProblem` says what is wrong with it."""
    name = (filename or "").lower()
    if not body:
        raise UploadProblem(["Choose a file to upload: none was sent, or it is empty. " + FORMAT_HELP])
    if len(body) > MAX_BYTES:
        raise UploadProblem([f"The file is {len(body):,} bytes; the limit is 1 MB ({MAX_BYTES:,} bytes). "
                             "Split it into smaller files."])
    if name.endswith(".csv"):
        reader = _csv_items
    elif name.endswith((".yml", ".yaml")):
        reader = _yaml_items
    else:
        raise UploadProblem([f"'{filename}' is not a CSV (.csv) or YAML (.yml, .yaml) file. " + FORMAT_HELP])
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadProblem(["The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (comma delimited)'; "
                             "in other programs choose the UTF-8 encoding."]) from None
    if "\x00" in text:
        raise UploadProblem(["The file is not a text file. " + FORMAT_HELP])
    items = reader(text)
    if not items:
        raise UploadProblem(["The file has no questions in it. " + FORMAT_HELP])
    if len(items) > MAX_ROWS:
        raise UploadProblem([f"The file has {len(items):,} questions; the limit is {MAX_ROWS:,}. "
                             "Split it into smaller files."])
    _check_items(items, set(known_topics))
    return items


async def run_batch(items: Sequence[BatchItem], rasa: ConsoleRasaApi) -> List[RowResult]:
    """Ask the model about every question (a few at a time) and judge each reading."""
    limit = asyncio.Semaphore(CONCURRENT_PARSES)

    async def one(item: BatchItem) -> RowResult:
        async with limit:
            return judge(item, await rasa.parse(item.text))

    return list(await asyncio.gather(*(one(item) for item in items)))


def judge(item: BatchItem, reading: Dict[str, Any]) -> RowResult:
    """Correct, fallback or confident-wrong, from the model's reading of one question."""
    intent = reading.get("intent") or {}
    chosen = str(intent.get("name") or "")
    confidence = float(intent.get("confidence") or 0.0)
    if chosen == FALLBACK:
        closest = next((str(entry.get("name")) for entry in reading.get("intent_ranking") or []
                        if entry.get("name") not in (None, FALLBACK)), None)
        return RowResult(item.row, item.text, item.topic, chosen, confidence, "fallback", closest)
    outcome = "correct" if chosen == item.topic else "wrong"
    return RowResult(item.row, item.text, item.topic, chosen, confidence, outcome)


def summarise(results: Sequence[RowResult], top: int = 10) -> Summary:
    confusions = Counter((r.expected, r.chosen) for r in results if r.outcome == "wrong")
    return Summary(
        total=len(results),
        correct=sum(r.outcome == "correct" for r in results),
        fallbacks=sum(r.outcome == "fallback" for r in results),
        confident_wrong=sum(r.outcome == "wrong" for r in results),
        confusions=tuple((expected, chosen, count)
                         for (expected, chosen), count in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
    )


def results_csv(results: Sequence[RowResult]) -> str:
    return csv_text(RESULTS_CSV_HEADER, [
        (r.row, r.text, r.expected, r.chosen, f"{r.confidence:.3f}", r.outcome, r.closest or "") for r in results
    ])


class BatchStore:
    """Batch results in the console database, so the CSV can be downloaded later without JavaScript."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self._engine = engine

    def save(self, filename: str, by: str, results: Sequence[RowResult]) -> str:
        """Store a run under a new random id (runs older than 30 days are deleted); return the id."""
        run_id = secrets.token_urlsafe(16)
        now = time.time()
        with self._engine.begin() as connection:
            connection.execute(batch_runs.delete().where(batch_runs.c.created_at < now - KEEP_RUNS_SECONDS))
            connection.execute(batch_runs.insert().values(
                id=run_id, filename=filename[:200], created_by=by, created_at=now,
                results=json.dumps([asdict(r) for r in results]),
            ))
        return run_id

    def load(self, run_id: str) -> Optional[Tuple[str, float, str, List[RowResult]]]:
        """(file name, when, who, results) of a stored run, or None."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(batch_runs).where(batch_runs.c.id == run_id)).first()
        if row is None:
            return None
        return row.filename, row.created_at, row.created_by, [RowResult(**r) for r in json.loads(row.results)]


def _csv_items(text: str) -> List[BatchItem]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return []
        columns = [cell.strip().lower() for cell in header]
        if "text" not in columns or "topic" not in columns:
            raise UploadProblem([f"The first line must be the header text,topic; this file's is "
                                 f"{','.join(header)[:100]!r}. " + FORMAT_HELP])
        text_at, topic_at = columns.index("text"), columns.index("topic")
        items = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            items.append(BatchItem(reader.line_num, _cell(cells, text_at), _cell(cells, topic_at)))
            if len(items) > MAX_ROWS:
                break
        return items
    except csv.Error as error:
        raise UploadProblem([f"The CSV file could not be read at line {reader.line_num}: {error}. " + FORMAT_HELP]) from None


def _cell(cells: List[str], at: int) -> str:
    return cells[at].strip() if at < len(cells) else ""


def _yaml_items(text: str) -> List[BatchItem]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise UploadProblem([f"The YAML file could not be read{where}: {problem}. " + FORMAT_HELP]) from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise UploadProblem(["The YAML file must have an items: list of {text: ..., topic: ...}. " + FORMAT_HELP])
    items, problems = [], []
    for number, entry in enumerate(data["items"][:MAX_ROWS + 1], start=1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in ("text", "topic")):
            problems.append(f"Item {number} must have a text and a topic, both as words "
                            "(put quotes around a text such as 'yes' or '12')")
            continue
        items.append(BatchItem(number, entry["text"].strip(), entry["topic"].strip()))
    _raise_if(problems)
    return items


def _check_items(items: Sequence[BatchItem], known_topics: set) -> None:
    problems = []
    for item in items:
        if not item.text:
            problems.append(f"Row {item.row} has no question text")
        elif len(item.text) > MAX_TEXT:
            problems.append(f"Row {item.row}: the question is longer than {MAX_TEXT:,} characters")
        if not item.topic:
            problems.append(f"Row {item.row} has no expected topic")
    _raise_if(problems)
    unknown: Dict[str, List[int]] = {}
    for item in items:
        if item.topic not in known_topics:
            unknown.setdefault(item.topic, []).append(item.row)
    if unknown:
        listed = "; ".join(f"{topic!r} (row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows[:5]))}"
                           f"{', ...' if len(rows) > 5 else ''})" for topic, rows in sorted(unknown.items()))
        _raise_if([f"These expected topics are not topics of the assistant: {listed}. Use the topic ids shown "
                   "on the Answers page, e.g. sendiass or ehc_needs_assessment"])


def _raise_if(problems: List[str]) -> None:
    if problems:
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"... and {len(problems) - SHOWN_PROBLEMS} more problems like these")
        raise UploadProblem(shown)
