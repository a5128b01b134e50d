"""Load: profile, letter and role files (YAML, JSON, JSON Resume) into validated models.

``sources`` reads text into located data (line and column of every value); ``profile``
turns that into a :class:`~toolkit.models.profile.Profile` with every problem located.
"""
