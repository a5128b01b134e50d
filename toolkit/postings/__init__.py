"""Postings: read a job posting (text, HTML, PDF, DOCX, JSON) and extract its requirements.

:mod:`~toolkit.postings.readers` reads a posting into a :class:`~toolkit.postings.raw.RawPosting`
(one format per module: ``text``, ``html`` over ``markup``, ``jsonld``, ``docx``, ``pdf``, all
finishing through ``raw``); :mod:`~toolkit.postings.extract` turns that into a ``JobPosting``:
:mod:`~toolkit.postings.sections` splits the text into pieces and says what each is,
:mod:`~toolkit.postings.fields` reads the header fields from them (with the patterns of
:mod:`~toolkit.postings.header`), and :mod:`~toolkit.postings.statements` gives each requirement
its kind, years, field and credential logic.
Nothing is imported here, so that importing the package stays cheap.
"""
