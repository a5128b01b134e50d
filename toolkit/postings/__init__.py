"""Postings: read a job posting (text, HTML, PDF, DOCX, JSON) and extract its requirements."""
