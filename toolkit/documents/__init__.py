"""Documents: one module per kind builds its context from a prepared request.

``kinds`` is the registry, ``page`` prepares what every kind shares (and selects the
profile with :func:`toolkit.models.select.select`, the one privacy and tag filter),
``context`` holds the shared types.
"""
