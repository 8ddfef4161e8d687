"""The student × question grid: one row per counted attempt, one cell per question, in words and a symbol.

A cell is right (full credit), partly (some credit), wrong (none) or not answered; the word is
always written, so nothing depends on the colour a stylesheet gives it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Cell:
    state: str  # "right", "partly", "wrong" or "none"
    word: str
    symbol: str
    credit: float | None = None

    @property
    def sort_value(self) -> float:
        return -1.0 if self.credit is None else self.credit


NOT_ANSWERED = Cell("none", "not answered", "–")


def cell(credit: float | None) -> Cell:
    """The cell for one answer's credit (0 to 1), or for no answer."""
    if credit is None:
        return NOT_ANSWERED
    if credit >= 1 - 1e-9:
        return Cell("right", "right", "✓", credit)
    if credit > 1e-9:
        return Cell("partly", "partly", "½", credit)
    return Cell("wrong", "wrong", "✗", credit)


@dataclass(frozen=True)
class Column:
    key: str
    number: int
    label: str  # short: "Q3"
    prompt: str


@dataclass
class Row:
    attempt_id: int
    name: str
    classroom: str
    score: float
    max_score: int
    started: datetime | None
    submitted: datetime | None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def minutes(self) -> float | None:
        """Time taken, from start to submission, in minutes."""
        if self.started is None or self.submitted is None:
            return None
        return max((self.submitted - self.started).total_seconds() / 60, 0.0)

    @property
    def percent(self) -> float | None:
        return 100 * self.score / self.max_score if self.max_score else None


@dataclass
class Grid:
    columns: list[Column]
    rows: list[Row]
    total: int  # counted attempts in scope (the rows are one page of them)
    NOT_ANSWERED = NOT_ANSWERED

    def counts(self, key: str) -> dict[str, int]:
        """How many cells of one column are in each state."""
        found = {"right": 0, "partly": 0, "wrong": 0, "none": 0}
        for row in self.rows:
            found[row.cells.get(key, NOT_ANSWERED).state] += 1
        return found

    def cells_html(self, row: Row) -> Markup:
        """One row's question cells as table cells: the word, its symbol (hidden from screen readers), a sort value.

        Written here rather than in the template: a class of 35 × 41 is 1,435 cells, and building
        each one in Python is several times quicker than a template loop doing the same.
        """
        keys = self._escaped_keys()
        parts = []
        for column, key in zip(self.columns, keys, strict=True):
            c = row.cells.get(column.key, NOT_ANSWERED)
            parts.append(
                f'<td class="cell cell-{c.state}" data-value="{c.sort_value:g}" data-cell="{key}">'
                f'<span aria-hidden="true">{c.symbol}</span> {c.word}</td>'
            )
        return Markup("".join(parts))  # noqa: S704  (keys escaped; states, symbols and words are our own)

    def _escaped_keys(self) -> list[str]:
        if getattr(self, "_keys", None) is None:
            self._keys = [str(escape(c.key)) for c in self.columns]
        return self._keys
