"""Reads for measures, shaped for the pages (and later the dashboards and the API), one
module per subject: ``figures``, ``returns``, ``contracts``, ``lm3``, ``totals``."""
