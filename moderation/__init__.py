"""The alliance staff's work queue across apps (``/moderation/``) and its daily digest.

It sits above the apps whose submissions it lists and reads each one's "waiting for a
decision" selector directly. Each app keeps its own review page and decision services.
"""
