"""Documents: one module per kind builds its context from a prepared request.

``kinds`` is the registry, ``page`` prepares what every kind shares (and selects the
profile), ``select`` is the privacy and tag filter, ``context`` the shared types.
"""
