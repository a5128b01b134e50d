"""Postings: read a job posting (text, HTML, PDF, DOCX, JSON) and extract its requirements.

:mod:`~toolkit.postings.readers` reads a posting into a :class:`~toolkit.postings.raw.RawPosting`
(one format per module: ``text``, ``html`` over ``markup``, ``jsonld``, ``docx``, ``pdf``, all
finishing through ``raw``); :mod:`~toolkit.postings.extract` turns that into a ``JobPosting``.
Nothing is imported here, so that importing the package stays cheap.
"""
