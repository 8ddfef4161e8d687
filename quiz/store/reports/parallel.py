"""Independent aggregates of one page run side by side, each on its own connection."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session


def run_side_by_side(session: Session, *calls: tuple) -> list:
    """Run ``function(session, *args)`` calls each on its own connection, in parallel threads.

    The database does the work and releases Python's lock while it does, so independent
    aggregates overlap on a machine with more than one core. A database that lives inside one
    connection (SQLite in memory) cannot be shared, so there the calls run one after another.
    """
    engine = session.get_bind()
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return [function(session, *args) for function, *args in calls]

    def run(call: tuple) -> Any:
        function, *args = call
        with Session(engine) as own:
            return function(own, *args)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
