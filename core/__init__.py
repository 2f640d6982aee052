"""The base every app stands on, written once.

- ``errors``: ``DomainError``, what services raise when they refuse.
- ``models``: ``RecordedEvent`` (who did what, when and why) and ``OutboxEmail``.
- ``outbox`` and ``tasks``: mail is a row first, sent by a task once the change commits.
- ``review``: the staff review workflow (lock, check, decide, record, notify), its
  decision form and its template includes (``core/includes/``).
- ``filters``: reading list filters from a query string.
- ``templatetags/numbers``: figures, units and percentages as people write them.

``core`` imports Django and libraries only, never another app of the project.
"""
