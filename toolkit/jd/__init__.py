"""Job descriptions for recruiters: scaffold from a role pack, edit as YAML, render anywhere.

* :func:`scaffold_jd` starts a job description from a role pack's preset for one level;
* :func:`jd_to_yaml`, :func:`load_jd` and :func:`load_org` write and read the files to edit;
* ``toolkit.render(jd, "jd", fmt)`` renders it (the ``jd`` document kind: HTML with
  schema.org JSON-LD, PDF, DOCX or a Word letterhead, Markdown, job-schema JSON);
* :func:`jobposting_jsonld`, :func:`check_jsonld` and :func:`jobschema_json` give the
  structured data;
* :func:`publishing_issues` says what keeps a job description from being published
  (placeholders, no location or how to apply, a pay estimate), and :func:`published_pay`
  the pay a built one shows.
"""

from __future__ import annotations

from toolkit.jd.jsonld import check_jsonld, jobposting_jsonld, jobschema_json
from toolkit.jd.publish import published_pay, publishing_issues
from toolkit.jd.scaffold import jd_to_yaml, load_jd, load_org, scaffold_jd

__all__ = [
    "check_jsonld",
    "jd_to_yaml",
    "jobposting_jsonld",
    "jobschema_json",
    "load_jd",
    "load_org",
    "published_pay",
    "publishing_issues",
    "scaffold_jd",
]
