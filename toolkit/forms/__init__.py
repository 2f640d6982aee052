"""Toolkit forms, one module per use case: ``case_studies`` (writing a case study, and the
staff's decision on one). The checklist's answers and the guides' filters are read straight
from the request by their views, so they have no form classes."""
