"""The studio: a local web page to edit a profile with a live preview (``toolkit serve``).

:mod:`toolkit.studio.work` holds what the page does (check, render, match, save) with no
web framework; :mod:`toolkit.studio.app` is the Starlette application and its safety
checks; :mod:`toolkit.studio.server` binds a loopback socket and runs it with uvicorn.
Starlette and uvicorn are imported only here, never by ``toolkit --help``.
"""
