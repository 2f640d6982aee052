"""Running a Celery task as a worker would, for the tests that prove tasks idempotent."""

from __future__ import annotations


def run_twice(task, capture, *args) -> tuple:
    """Run ``task`` twice, eagerly, sending the mail each run queues (``capture`` is the
    ``django_capture_on_commit_callbacks`` fixture). Returns both results."""
    results = []
    for _ in range(2):
        with capture(execute=True):
            results.append(task.delay(*args).get())
    return tuple(results)
