"""A pooled connection made on one thread serves a background task on another (ui/tasks.py runs services there)."""

import threading

from sqlalchemy import text


def test_a_connection_from_the_gui_thread_serves_a_background_thread(context):
    with context.session_factory() as s:  # the GUI thread opens, uses and returns a connection to the pool
        assert s.scalar(text("SELECT 1")) == 1
    results: list[object] = []

    def work() -> None:
        try:
            with context.session_factory() as s:
                results.append(s.scalar(text("SELECT count(*) FROM sozialraum")))
        except Exception as exc:  # noqa: BLE001 - the failure is the test's result
            results.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert results == [18]
