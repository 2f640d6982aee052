"""Measuring social value: the outcome framework (themes, the eleven 10% Better outcomes,
the indicators that measure them, with proxy values staff may enter) and what is
measured against it: city figures, organisation returns, the contracts register with its
core, added and unpredicted social value, and LM3.

Only approved returns and confirmed deliveries count in any total; totals are summed by
the database; every pound figure is an estimate shown with its working. ``measures``
imports ``core`` and ``accounts`` only.
"""
