"""Matching a profile to requirements: evidence lines, and (later) postings and tailoring."""
