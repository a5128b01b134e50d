r"""Read a posting as a recruiter does: split it into lines and sentences, find the sections,
and say what each piece is.

:func:`segment` turns posting text into :class:`Piece` s, each a bullet, a table row, a line
or a sentence, with the heading it stands under and its :data:`~toolkit.models.posting.Category`:
``header`` (title, employer, place), ``company``, ``duty``, ``requirement``, ``benefit`` (pay,
benefits, schedule), ``legal`` (equal opportunity, privacy, accommodation), ``apply`` (how to
apply, contacts), ``metadata`` (a job board's ``Field: value`` lines and page chrome) or
``other``. Requirements carry their importance (``required`` or ``preferred``).

Text whose line breaks were lost is split back first: inline headings (``What you will
do:Scan``), labels run together (``Medical CoderJob Type : Permanent``), sentences without a
space after the full stop, and bullets glued inside a paragraph.

The order of decisions: a piece's own content first when it is unmistakable (an equal
opportunity sentence is legal wherever it stands), then the section it is in, then cues in the
sentence (``must have``, ``experience of`` … for requirements, ``responsible for`` or an
imperative verb for duties). Every pattern is linear on hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from toolkit.models.posting import Category, Importance
from toolkit.postings.header import LABEL_NAME, LABELS, has_job_noun, pay_in

Section = str
"""A section's kind: ``requirements``, ``preferred``, ``duties``, ``summary``, ``company``,
``benefits``, ``legal``, ``apply``, ``metadata`` or ``other``."""


@dataclass(frozen=True)
class Piece:
    """One bullet, table row, line or sentence of a posting."""

    text: str
    line: int
    category: Category
    section: Section | None
    heading: str | None
    bullet: bool = False
    importance: Importance = "required"
    label: str | None = None
    """The inline label it stood after ("Education" in "Education: Associate degree …")."""


# --- headings ---------------------------------------------------------------------------------

_SECTION_PATTERNS: Final[list[tuple[Section, str]]] = [
    # order matters: the first pattern found in a heading decides
    (
        "legal",
        r"equal (?:employment )?opportunit|\beeo\b|diversity|inclusion|privacy|accommodation|"
        r"disclaimer|data protection|fraud|recruitment agenc|pay transparency|e-verify|"
        r"reasonable adjustment|safeguarding statement",
    ),
    (
        "apply",
        r"how to apply|to apply\b|application process|\bcontacts?\b|"
        r"further (?:details|information)|"
        r"informal visit|required documents|how you will be evaluated|next steps|"
        r"what to expect|apply (?:now|today|online)|interview (?:date|process)",
    ),
    (
        "preferred",
        r"\bpreferred|desirable|\bdesired\b|nice[- ]to[- ]haves?|good to have|bonus points|"
        r"\bbonus\b|\ba plus\b|"
        r"advantageous|\bassets?\b|would be great",
    ),
    (
        "benefits",
        r"benefits|perks|what we offer|we offer|why (?:join|work)|compensation|\bsalary|\bpay\b|"
        r"rewards|what(?:'s| is) in it for you|\bschedule\b|working hours|\bhours\b|\bshifts?\b|"
        r"what you(?:'ll| will) get|package|on offer",
    ),
    (
        "metadata",
        r"this job is open to|who may apply|job details|position details|job information|"
        r"key (?:facts|details)|additional information|other information|"
        r"statement of accountability|requisition|posting details|job posting|"
        r"^details$|date posted|clarification from the agency|employer details|employer name|"
        r"^address$|^job locations?$|^job reference|^reference number",
    ),
    (
        "company",
        r"^about (?!you\b|the (?:job|role|position|opportunity|post)\b)|^why\b|who we are|"
        r"our (?:mission|values|story|organi[sz]ation|"
        r"team|culture)|company (?:description|overview)|about the employer|^the team$",
    ),
    (
        "duties",
        r"responsibilit|\bduties\b|what you(?:'ll| will) (?:do|be doing)|essential functions|"
        r"key tasks|day[- ]to[- ]day|in this role|your role|the role involves|"
        r"accountabilit|what (?:the|a|an|you|our) [a-z ]{0,30}(?:does|do)\b|principal functions|"
        r"job functions|main tasks|scope of (?:the )?role|what you(?:'ll| will) be working on|"
        r"what you(?:'ll| will) own|you(?:'ll| will) be responsible for",
    ),
    (
        "requirements",
        r"required|requirements|\bminimum|must[- ]haves?|basic qualifications|\bessential\b|"
        r"what you(?:'ll| will)? bring|what we(?:'re| are) looking for|who you are|about you|"
        r"specialized experience|qualifications?|knowledge|\bskills\b|\bskill\b|experience|"
        r"education|person specification|eligibility|criteria|competenc|licen[cs]es?|"
        r"certifications?|conditions of employment|physical (?:demands|requirements)|"
        r"you(?:'ll| will)? (?:have|need)|ideal (?:candidate|applicant)|selection|\bksas?\b|"
        r"training|attributes|personal qualities|abilities|the candidate|"
        r"what (?:the client|we|you) (?:need|require)s?\b|\brequires\b",
    ),
    (
        "summary",
        r"summary|overview|about the (?:job|role|position|opportunity|post)|job description|"
        r"^description$|the opportunity|introduction|purpose|job profile|role profile|"
        r"^the role$|^the position$|^about the role$|^job advert$",
    ),
    ("other", r"working conditions|work environment|travel|location|closing|^notes?$"),
]
_SECTION_RES: Final = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _SECTION_PATTERNS]
_NOT_A_HEADING = re.compile(r"\((?:required|preferred)\)|\d{3}|[.!?]$|\$|£|€|@", re.IGNORECASE)


def heading_kind(line: str) -> Section | None:
    """The kind of section a line heads, or None when it is not a heading (a job board's
    "Apply now" button is not the start of a how-to-apply section)."""
    if _CHROME.match(line.strip()):
        return None
    text = line.strip().strip("*#_ ").strip()
    colon = text.endswith(":")
    text = text.rstrip(":").strip().strip("*_ ")
    text = re.sub(r"^(?:\d{1,2}[.)]|[A-Z][.)])\s++", "", text)  # "1. Education"
    if not text or len(text) > 70 or text.startswith("- ") or "|" in text or ":" in text:
        return None  # "Location: Leeds, MA" is a label and its value
    if _NOT_A_HEADING.search(text) and not colon:
        return None
    words = text.split()
    if len(words) > (10 if colon else 8):
        return None
    if not (colon or text.isupper() or len(words) <= 6 or text.istitle()):
        return None
    kind = next((k for k, pattern in _SECTION_RES if pattern.search(text)), None)
    if kind is None:
        return None
    verb = re.search(r"\b(?:must|will|should|can|are|is)\b", text, re.IGNORECASE)
    if (
        verb
        and not colon
        and kind not in ("metadata", "apply", "legal")
        and not re.match(r"(?:who|what|how)\b", text, re.IGNORECASE)
    ):
        return None
    return kind


# --- splitting run-together text --------------------------------------------------------------

_HEADING_WORDS = (
    r"(?:Key |Main |Essential |Required |Preferred |Minimum |Basic |Additional |Desired |"
    r"Desirable |Job |Position |Other )?"
    r"(?:Responsibilities|Qualifications|Requirements|Required|Preferred|Desired|Duties|"
    r"Skills|Benefits|Nice to have|Education|Experience|Summary|Overview|Functions|"
    r"What you(?:'ll| will) do|What you(?:'ll| will)? bring|What we offer|Who you are|"
    r"About (?:the job|the role|us|you)|How to apply|Job Type|Job Title|Location|Salary|Pay|"
    r"Schedule|Work Location|Job Description|Position|Benefits|Compensation|Shift)"
)
_INLINE_HEADING = re.compile(rf"(?<=[^\s:])[ \t]*+(?={_HEADING_WORDS}[ \t]*+:)")
"""A heading with a colon inside a line: ``… needed Qualifications: …`` -> a new line."""
_GLUED_HEADING = re.compile(
    r"(?<=[a-z.)])(?=(?:Responsibilities|Qualifications|Requirements|Required|Preferred|"
    r"Duties|Benefits|Job Type|Location|Salary)(?:[ \t]*+:|[A-Z]))"
)
"""A heading glued to the word before it: ``RemoteSalary:``, ``ResponsibilitiesPerform``."""
_NO_COLON_HEADING = re.compile(
    r"(?<=[a-z.)!?])[ \t]++(?=(?:About the job|About us|About the role|Show more|Show less|"
    r"What you(?:'ll| will) do|What you bring|Who you are)\b)"
)
_AFTER_HEADING = re.compile(
    r"\b(Responsibilities|Qualifications|Requirements|Required|Preferred|Duties|Benefits|"
    r"About the job|What you(?:'ll| will) do|What you bring)(?=[A-Z][a-z])"
)
"""A heading glued to the text after it: ``ResponsibilitiesPerform`` -> a line of its own."""
_BARE_HEADING = re.compile(
    r"^(About the job|About us|About the role|Job description|Job Description|Show more)"
    r"[ \t]++(?=[A-Z])",
    re.MULTILINE,
)
"""A heading without a colon at the start of a run-on line: ``About the job Acme Clinic …``."""
_AFTER_COLON = re.compile(rf"({_HEADING_WORDS}[ \t]*+:)(?=[A-Z0-9])")
"""``What you will do:Scan`` -> ``What you will do: Scan``."""
_CAMEL = re.compile(r"\b([A-Z]?[a-z]{2,}+)([A-Z][a-z]++)\b")
_GLUED_SENTENCE = re.compile(
    r"(?<=[A-Za-z]{2}[.!?])(?=[A-Z][a-z]|\d{1,2}\+? (?:years?|yrs?|months?)\b)"
)
_INLINE_BULLET = re.compile(r"(?<![ \t])[ \t]*+[\u2022\u25aa\u25e6\u25cf\u25a0\u2023][ \t]*+")
"""A bullet glued inside a paragraph (a match starts only where a run of spaces does)."""


def _split_camel(line: str, protected: frozenset[str]) -> str:
    """``EHR systemsProblem solve`` -> ``EHR systems\nProblem solve``, sparing names written
    that way (``eClinicalWorks``, ``PowerChart`` and the pack's own spellings)."""

    def cut(found: re.Match[str]) -> str:
        word = found.group(0)
        if word.casefold() in protected or (word[0].isupper() and len(found.group(1)) < 5):
            return word
        return found.group(1) + "\n- " + found.group(2)

    return _CAMEL.sub(cut, line)


_NEXT_LABEL = re.compile(r"(?<=\S)[ \t]++(?=([A-Z][A-Za-z &/#]{1,30}?)[ \t]*+:)")


def _label_break(found: re.Match[str]) -> str:
    label = " ".join(found.group(1).lower().split())
    return "\n" if label in LABELS or label in _METADATA_LABELS else found.group(0)


_DASH_BULLET = re.compile(r"(?<=\S)[ \t]++-[ \t]++(?=[A-Z])")
"""A list item run into the line before it: ``… on schedule - Respond to data requests``."""
_NO_COLON_HEADING_END = re.compile(
    r"[ \t]++((?:What you(?:'ll| will) (?:be doing|need|do|bring)|What we offer|Requirements|"
    r"Qualifications|Responsibilities|Benefits|Preferred|Nice to have)\s*+\n- )"
)
"""A heading at the end of the item before its list: ``… on schedule What you'll need``."""


def split_run_on(text: str, protected: frozenset[str] = frozenset()) -> str:
    """Put back the line breaks a paste lost: inline headings, glued labels and sentences,
    bullets inside a paragraph."""
    out: list[str] = []
    for line in text.split("\n"):
        if _LABEL_START.match(line.lstrip("-* ")):
            line = _NEXT_LABEL.sub(_label_break, line)  # "Job title: X Employer: Y" (Markdown)
        if len(line) < 90:
            out.append(line)
            continue
        line = _GLUED_HEADING.sub("\n", line)
        line = _INLINE_HEADING.sub("\n", line)
        line = _NO_COLON_HEADING.sub("\n", line)
        line = _AFTER_HEADING.sub("\\1\n", line)
        line = _BARE_HEADING.sub("\\1\n", line)
        line = _AFTER_COLON.sub("\\1 ", line)
        if len(line) > 150:
            line = "\n".join(_split_camel(part, protected) for part in line.split("\n"))
            line = _GLUED_SENTENCE.sub("\n", line)
        if len(line) > 150 and len(_DASH_BULLET.findall(line)) >= 3:
            line = _DASH_BULLET.sub("\n- ", line)  # "What you'll need - CTR credential - …"
            line = _NO_COLON_HEADING_END.sub("\n\\1", line)
        if _INLINE_BULLET.search(line):
            parts = _INLINE_BULLET.split(line)
            line = "\n".join([parts[0], *("- " + p for p in parts[1:] if p.strip())])
        out.append(line)
    return "\n".join(out)


# --- logical lines ----------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*+(?:[-*\u2022\u00b7\u25aa\u25e6\u25cf\u2023\u2013\u2014]|\d{1,2}[.)]|[a-z][.)])\s++"
)
_JOINING_END = re.compile(r"(?:,|\b(?:or|and|the|of|a|an|to|in|with|for|on|at|by))\Z")


def logical_lines(text: str | list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with hard-wrapped continuations joined to the bullet or sentence they continue,
    and a job board's label on a line of its own joined to its value below
    (``Open & closing dates`` / ``08/04/2025 to 08/18/2025``)."""
    numbered = list(enumerate(text.splitlines(), start=1)) if isinstance(text, str) else list(text)
    out: list[tuple[int, list[str]]] = []
    label_waiting = False
    previous = ""
    previous_heading = False
    hard_wrapped = all(len(line) <= 120 for _, line in numbered)
    """Text wrapped at a fixed width (a PDF, an e-mail): a sentence may go on in a line that
    starts with a capital. In text with long lines, a line is a paragraph or an item."""
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            previous = ""
            out.append((number, [""]))
            continue
        if (
            label_waiting
            and out
            and len(line) <= 120
            and " ".join(line.lower().rstrip(":").split()) not in _METADATA_LABELS
        ):
            out[-1][1].extend((": ", line))
            label_waiting = False
            previous, previous_heading = "", True
            continue
        label_waiting = " ".join(line.lower().rstrip(":").split()) in _METADATA_LABELS
        heading = heading_kind(raw) is not None
        continues = (
            bool(out)
            and bool(previous)
            and not _BULLET.match(raw)
            and not previous_heading
            and not heading
            and "|" not in raw
            and _LABEL_START.match(line) is None
            and (
                (line[0].islower() and not previous.rstrip().endswith((".", "!", "?", ":")))
                or _JOINING_END.search(previous.rstrip()) is not None
                or (
                    hard_wrapped
                    and len(previous.strip()) >= 70
                    and not previous.rstrip().endswith((".", "!", "?", ":", ";"))
                    and "|" not in previous
                    and len(_FUNCTION_WORD.findall(previous)) >= 3
                    and re.search(r"\b[a-z]{2,}\b", line) is not None
                )
            )
        )
        if continues:
            out[-1][1].extend((" ", line))
        else:
            out.append((number, [raw]))
        previous, previous_heading = raw, heading
    return [(number, "".join(pieces)) for number, pieces in out]


_FUNCTION_WORD = re.compile(r"\b(?:the|and|of|to|a|in|for|with|is|are|we|our|you|on|as)\b")
"""Words that make a line prose (a wrapped sentence), not a header line."""
_LABEL_START = re.compile(rf"^({LABEL_NAME})[ \t]*+:")


# --- what a piece is --------------------------------------------------------------------------

_LEGAL = re.compile(
    r"equal (?:employment )?opportunit|\beeo\b|affirmative action|without regard to|"
    r"protected (?:veteran|characteristic|class)|e-verify|drug[- ]free workplace|"
    r"reasonable accommodation|privacy (?:policy|notice|statement)|personal (?:data|information) "
    r"(?:will|is|in accordance)|recruitment agenc|"
    r"unsolicited (?:resumes|cvs)|do not (?:send|accept) (?:cvs|resumes)|\u00a9|"
    r"all rights reserved|pay transparency|(?:is|are) committed to (?:diversity|equality|"
    r"safeguarding|being an? inclusive)|welcomes? applications from|disability confident|"
    r"mindful employer|veteran[- ]friendly|regardless of (?:race|age|gender)|"
    r"committed to (?:an? )?(?:inclusive|diverse|barrier-free|equitable|fair)|"
    r"sponsorship to work|certificate of sponsorship|skilled worker (?:visa|sponsorship)|"
    r"tobacco[- ]free|smoke[- ]free|nicotine[- ]free|"
    r"\baccommodations? (?:is|are|will be) (?:available|provided)|"
    r"an? individual with a disability|we do not discriminate|discriminat",
    re.IGNORECASE,
)
_APPLY = re.compile(
    r"how to apply|(?<!welcome )(?<!encouraged )(?<!invited )(?<!eligible )"
    r"\bto apply(?:\s++(?:for (?:this|the)|online|now|today|via|through|visit|"
    r"click|please)|\s*+[,.:;]|\s*+$)|\bapply (?:now|online|today|here|via|through|by|at|on)\b|"
    r"\bsubmit (?:your|an?|the) (?:application|resume|cv|cover letter)|"
    r"\bsend (?:your|a|an|us your) (?:cv|resume|application)|informal (?:visits?|discussion|"
    r"enquir|chat)|for further (?:details|information)|(?:please|may|can|to) contact\b|"
    r"contact us\b|^contact\b|only (?:those|candidates|applicants) (?:selected|shortlisted)|"
    r"we thank all applicants|\[(?:email|phone) removed\]|@[a-z0-9-]+\.[a-z]|"
    r"\bclick (?:here|apply)|closing date|applications? (?:close|will close|must be received)|"
    r"interviews? (?:will be held|are expected)|shortlisting",
    re.IGNORECASE,
)
_APPLY_ALWAYS = re.compile(
    r"by the closing date|how you will be evaluated|will be evaluated on|required documents|"
    r"encouraged to apply|invited to apply|"
    r"submit (?:a|your|an) (?:resume|transcript|cv|application)|\[(?:email|phone) removed\]|"
    r"@[a-z0-9-]+\.[a-z]",
    re.IGNORECASE,
)
_BENEFIT_ALWAYS = re.compile(
    r"compensation (?:range|decisions|package)|estimate of the|pay transparency|salary range|"
    r"eligible for an? (?:discretionary |annual )*bonus|"
    r"\boffers?\b(?! (?:of|letter))|we offer|you(?:'ll| will) (?:get|receive|enjoy)|"
    r"\b(?:get|receive|enjoy)\b[^.]{0,40}\b(?:medical|dental|401|pto|leave|pension|vision)",
    re.IGNORECASE,
)
_BENEFIT = re.compile(
    r"benefits? (?:include|package|are)|we offer|\boffer(?:s|ing)? (?:a |an )?(?:competitive|"
    r"generous|comprehensive)|medical,? dental|\bdental\b|\bvision\b|401\s*+\(?k\)?|\b403\(?b|"
    r"paid time off|\bpto\b|pension|annual leave|holiday entitlement|\bholidays\b|"
    r"tuition (?:assistance|reimbursement|help)|wellness|employee assistance|life insurance|"
    r"salary|compensation (?:range|package)|pay range|\bdifferentials?\b|sign[- ]on bonus|"
    r"discounts?\b|car parking|cycle to work|nhs pension|season ticket|salary sacrifice|"
    r"estimate of the (?:current )?(?:compensation )?range|\bper annum\b|pro rata|"
    r"\bpaid (?:weekly|bi-?weekly|monthly)\b|career development opportunities|"
    r"loan forgiveness|free parking|\bparking\b|bargaining unit|\bunion(?:i[sz]ed)?\b|"
    r"relocation (?:support|assistance|package|allowance)|"
    r"collective agreement",
    re.IGNORECASE,
)
_SCHEDULE = re.compile(
    r"monday\s*+(?:through|to|-|\u2013)\s*+friday|\bhours per week\b|\b\d{1,2}(?:\.\d)?\s*+"
    r"hours\b|\bshift\s*+:|\b\d{1,2}(?::\d{2})?\s*+(?:am|pm)\b|\bfte\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\bno (?:previous |prior )?(?:[\w-]+ ){0,3}(?:experience|degree|certification)s? "
    r"(?:is )?(?:necessary|needed|required)|"
    r"(?:experience|a degree|certification) (?:is )?not (?:necessary|required)|"
    r"\bwe(?:'ll| will)? (?:train|provide (?:full )?training)|\bno experience\b|"
    r"(?:cannot|can not|may not|will not) be substituted|no (?:educational )?substitution",
    re.IGNORECASE,
)
_PROGRESSION = re.compile(
    r"career ladder|promotion potential|full performance level|non-?competitive promotion|"
    r"may be promoted|progress(?:ion)? to (?:band|grade|the)|development (?:to|into) a|"
    r"opportunit(?:y|ies) (?:to|for) (?:progress|develop)",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"^(?:show (?:more|less)|apply(?: now| here| today)?|easy apply|save|share|"
    r"report (?:this )?job|promoted|"
    r"actively recruiting|(?:over )?\d+ applicants?|reposted .*ago|posted .*ago|"
    r"\d+ (?:days?|weeks?|hours?) ago|see how you compare|be an early applicant|"
    r"\u2026\s*+more|see more|read more|back to (?:search|jobs|results)|print|"
    r"seniority level|employment type|job function|industries|your profile matches|"
    r"show match details|see who you know|sign in to|get notified|referrals increase|"
    r"people also viewed|similar jobs|more jobs|job alert|set alert|meet the hiring team|"
    r"message|follow)\b.{0,80}$",
    re.IGNORECASE,
)
_METADATA_LABEL_TEXT: Final = """
    open & closing dates|open and closing dates|salary|pay scale & grade|location|locations|
    remote job|telework eligible|travel required|relocation expenses reimbursed|appointment type|
    work schedule|service|promotion potential|job family (series)|supervisory status|
    security clearance|drug test|position sensitivity and risk|trust determination process|
    financial disclosure|bargaining unit status|announcement number|control number|vacancy no|
    vacancy number|department|job code|req #|req|requisition|requisition id|requisition number|
    fte|shift|posted|date posted|job id|reference|reference number|ref|job ref|division|
    reports to|grade|band|contract|working pattern|job type|employment type|schedule|category|
    industry|seniority level|job function|closing date|close date|hours|site|town|salary range|
    pay range|pay|compensation|rate|wage|staff group|specialty/function|specialty|
    job title|position|title|company|employer|organization|organisation|agency|work location|
    job location|primary location|apply by|deadline|status|type|ft/pt|perm/temp|
    open date|job category|level|experience level|remote|work mode|workplace type|
    position type|contract type|duration|start date|travel|payscale|pay scale|industries|
    employer name|address|job locations|posting closes|applications close|salary scale|
    travel required|start|expected hours|hybrid working|flexible working|shift pattern|
    relocation|
    """
_METADATA_LABELS: Final = frozenset(
    " ".join(x.split()) for x in _METADATA_LABEL_TEXT.split("|")
) - {""}
"""A job board's field labels ("Drug test", "Announcement number" …), lower case."""
_REQUIREMENT_LABELS = re.compile(
    r"^(?:education|experience|qualifications?|skills?|knowledge|certifications?|licen[cs]es?|"
    r"licen[cs]ures?|training|essential|desirable|required|preferred|minimum|abilities|"
    r"competenc(?:y|ies)|personal qualities|attributes|other|languages?|physical|"
    r"specialized experience|substitution|computer skills|work experience)",
    re.IGNORECASE,
)
_REQUIREMENT_CUE = re.compile(
    r"\b(?:must (?:have|possess|be (?!\w+ed\b)|hold|demonstrate)|eligib(?:le|ility) (?:for|to)\b|"
    r"you (?:must|should|will) "
    r"(?:have|hold|possess|need|bring|be able)|you(?:'ll)? (?:have|hold|bring|need)\b|"
    r"should (?:have|possess|hold)|(?<!as )(?<!if )required\b|requires?\b|"
    r"(?:is|are) essential\b(?! (?:for|to|in|that the))|\bessential\s*+[:|]|"
    r"desirable|preferred|preferably|ideally|looking for [\w ,]{0,40}?(?:individuals?|people|"
    r"someone|candidates?|person) (?:with|who)|we ask that you|need to be|"
    r"is (?:an? )?(?:plus|advantage|asset)|experience (?:of|in|with|working|using|as)\b|"
    r"\d+\+?\s*+(?:years?|yrs)|(?:one|two|three|four|five|six) (?:\(\d\) )?years?|"
    r"knowledge of|understanding of|familiar(?:ity)? with|proficien|(?<!their )ability to|able to|"
    r"skills?\b|degree|diploma|\bged\b|certif|credential|qualification|gcses?|a-levels?|\bnvq\b|"
    r"licen[cs]e|candidates? (?:must|should|will)|applicants? (?:must|should|will)|"
    r"the (?:successful|ideal) (?:candidate|applicant)|post ?holder (?:must|should|will need)|"
    r"(?:strong|excellent|good|well[- ]developed|effective) (?:\w+ ){0,3}(?:skills|"
    r"communicat|organi[sz]ation|attention)|attention to detail|team player|"
    r"be (?:dependable|flexible|reliable|organised|organized|able)|willing(?:ness)? to|"
    r"fluen(?:t|cy)|bilingual|registration with|membership of|"
    r"proven (?:experience|ability|track)|previous (?:experience|\w+ experience)|"
    r"background (?:check|investigation)|citizenship|must (?:reside|live|pass)|"
    r"lift(?:ing)? (?:up to )?\d+|physically demanding|\bheavy\b.{0,20}\d+\s*+(?:kg|lbs?|pounds)|"
    r"on your feet|(?:is|are) (?:necessary|needed|a must)\b|"
    r"(?:need|want|looking for) (?:someone|a person|people|an individual) (?:who|with)|"
    r"you(?:'ll| will) be (?!responsible|part|working|joining|based|reporting|expected|"
    r"required|trained|given|paid|supported|provided|offered|the\b|a\b|an\b|\w+ing\b)\w+)",
    re.IGNORECASE,
)
_DUTY_CUE = re.compile(
    r"\b(?:(?:will be |is |are )?responsible for|duties (?:will )?include|you will (?:be )?"
    r"(?:\w+ing|code|review|process|scan|work|support|manage|maintain|provide|ensure|assist|"
    r"respond|join|report|handle|prepare|abstract|analy[sz]e|help|liaise|lead|take|"
    r"answer|file|retrieve|enter|index|audit|perform|act|be the)|the post ?holder will (?!need)"
    r"(?:be )?(?!required)|"
    r"(?:this|the) (?:role|position|post) "
    r"(?:will |is responsible|involves|includes|requires you to)|"
    r"your (?:day|duties|responsibilities) (?:will )?include|"
    r"(?:tasks|duties) (?:include|will include))",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^(?:abstract|accurately|act|administer|advise|analy[sz]e|answer|apply|archive|arrange|"
    r"assign|assist|attend|audit|book|build|calculate|check|code|collaborate|collect|communicate|"
    r"compile|complete|comply|conduct|contact|contribute|coordinate|co-ordinate|correct|create|"
    r"deliver|design|develop|direct|disclose|distribute|document|educate|enter|ensure|escalate|"
    r"establish|evaluate|file|follow|generate|handle|help|identify|implement|index|input|"
    r"investigate|issue|keep|lead|liaise|log|maintain|manage|match|merge|monitor|obtain|operate|"
    r"organi[sz]e|oversee|participate|perform|prepare|prioriti[sz]e|process|produce|promote|"
    r"provide|pull|query|reconcile|record|register|release|report|request|research|resolve|"
    r"respond|retrieve|review|route|run|scan|schedule|screen|serve|sort|supervise|support|"
    r"take|track|train|transcribe|triage|troubleshoot|update|use|utili[sz]e|validate|verify|"
    r"work|write)(?:s|es|ed|ing)?\b",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"^(?:we are|we're|we have|we serve|we provide|our (?:hospital|trust|clinic|practice|team|"
    r"mission|organi[sz]ation|company|department|vision|values|services?|staff|patients)|"
    r"founded in|established in|with (?:over|more than) \d)|\b(?:is an? (?:leading|\d+[- ]bed|"
    r"non-?profit|not-for-profit|regional|award[- ]winning|nationally|large|busy|growing|"
    r"respected|community|teaching|acute|independent)|is one of the|employs? (?:over|more than)|"
    r"serv(?:es|ing) (?:a population|over|more than|patients across))",
    re.IGNORECASE,
)
_PREFERRED_CUE = re.compile(
    r"\b(?:preferred|preferably|desirable|desired|a plus|nice to have|ideally|\bbonus\b|"
    r"advantageous|is an asset|an advantage|would be (?:an )?(?:advantage|beneficial|helpful|"
    r"useful)|(?:is|are) (?:a )?plus|not essential|would be welcome|strongly preferred|"
    r"(?:will be |also )?considered|helpful|encouraged to apply)\b",
    re.IGNORECASE,
)
_REQUIRED_WORD = re.compile(
    r"(?<!not )\b(?:required|must|essential|mandatory)\b(?<!not required)", re.IGNORECASE
)
_IMPORTANCE_LABEL = re.compile(
    r"^\s*+(?:(?P<req>required|essential|essential criteria|minimum|must have|mandatory)|"
    r"(?P<pref>preferred|desirable|desired|desirable criteria|nice to have|bonus|plus))\s*+:?\s*+$",
    re.IGNORECASE,
)
_TEMPLATE_NOISE = re.compile(
    r"^(?:specify if qualifications|other qualifications,? miscellaneous|n/?a$|none$|"
    r"see (?:below|above|attached)|as per (?:the )?(?:job description|person specification)|"
    r"please (?:see|refer)|criteria\s*+\|)",
    re.IGNORECASE,
)


def _metadata_label(text: str) -> str | None:
    found = _LABEL_START.match(text)
    if not found:
        return None
    label = " ".join(found.group(1).lower().split())
    return label if label in _METADATA_LABELS else None


_DOT_SENTENCE = re.compile(
    r"(?<=[A-Za-z0-9)\]%'\"\u2019][.!?])[ \t]++(?=[A-Z0-9(\"\u201c])"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"
)
_ABBREVIATIONS = re.compile(
    r"\b(?:e\.g|i\.e|etc|vs|no|dr|mr|mrs|ms|inc|ltd|st|approx|incl|pharm|co|dept)\.$", re.I
)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (abbreviations such as "e.g." do not end one)."""
    parts: list[str] = []
    start = 0
    for found in _DOT_SENTENCE.finditer(text):
        head = text[start : found.start()]
        if _ABBREVIATIONS.search(head.rstrip()):
            continue
        parts.append(head)
        start = found.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def split_list(text: str) -> list[str]:
    """A statement listing several qualifications with ``;`` -> one statement each (when every
    part reads as a statement of its own: three words at least)."""
    if ";" not in text:
        return [text]
    parts: list[str] = []
    for part in (p.strip(" ;,") for p in text.split(";")):
        if part and parts and re.match(r"(?:and/or|and|or|but)\b", part):
            parts[-1] += "; " + part  # "…; and/or within a health system …" goes with the last
        elif part:
            parts.append(part)
    cues = [_PREFERRED_CUE.search(p) is not None for p in parts]
    if len(parts) == 2 and cues[0] != cues[1] and all(len(p.split()) >= 2 for p in parts):
        return parts  # "Two years of coding experience; orthopaedic coding strongly preferred"
    if len(parts) > 1 and (
        (
            all(len(p.split()) >= 2 for p in parts)
            and all(p[0].isupper() or p[0].isdigit() for p in parts[1:])
        )
        or (len(parts) >= 3 and all(len(p.split()) >= 3 for p in parts))
    ):
        return parts
    return [text]


# --- the walk -----------------------------------------------------------------------------------


@dataclass
class _State:
    section: Section | None = None
    heading: str | None = None
    importance: Importance | None = None
    header_open: bool = True
    lines_seen: int = 0
    columns: dict[int, Importance] | None = None
    """A person specification's Essential and Desirable columns, by position."""


def _requirementish(text: str) -> bool:
    return _REQUIREMENT_CUE.search(text) is not None


def _dutyish(text: str) -> bool:
    return _DUTY_CUE.search(text) is not None or _IMPERATIVE.match(text) is not None


def _content_category(text: str, section: Section | None) -> Category | None:
    """A category a piece's content decides wherever it stands, or None."""
    if _LEGAL.search(text):
        return "legal"
    if _CONDITION_ANYWHERE.search(text):
        return "requirement"  # "All offers are contingent on passing a background check"
    if _CHROME.match(text):
        return "metadata"
    if re.match(r"(?:hybrid|remote|on-?site|in[- ]person)\s*+:", text, re.I):
        return "metadata"  # "Hybrid: on site for orientation, then two days a week from home"
    if _metadata_label(text) is not None and not re.search(r"\bmust\b", text, re.I):
        return "apply" if section == "apply" else "metadata"  # a contact's "Job title:"
    if _APPLY_ALWAYS.search(text) and not (
        re.search(r"encouraged to apply", text, re.I) and _requirementish(text)
    ):
        return "apply"
    if _APPLY.search(text) and not (
        section in ("requirements", "preferred") and _requirementish(text) and "@" not in text
    ):
        return "apply"
    if _NEGATION.search(text) and not re.search(r"\b(?:but|however)\b", text, re.I):
        return "other"
    if _PROGRESSION.search(text):
        return "other"
    if len(text) < 80 and pay_in(text) is not None and not _requirementish(text):
        return "benefit"
    if re.match(r"(?:full|part)[- ]time\b|\d+(?:\.\d+)?\s*+hours\b", text, re.IGNORECASE):
        return "benefit"  # "Full time 37.5 hours per week, fixed term one year."
    if _BENEFIT_ALWAYS.search(text):
        return "benefit"
    if (
        _BENEFIT.search(text)
        and not _STRONG_REQUIREMENT.search(text)
        and not (section in ("requirements", "preferred") and _requirementish(text))
    ):
        return "benefit"
    if re.fullmatch(r"[\w' ]{1,30}\?", text):
        return "other"  # "Interested?"
    return None


_CONDITION_ANYWHERE = re.compile(
    r"\b(?:contingent (?:up)?on|subject to|conditional (?:up)?on)\s++(?:a |an |the )?"
    r"(?:satisfactory |successful |passing |clear )*(?:a |an )?(?:background|drug|criminal|"
    r"garda|dbs|disclosure|pre-employment|reference|vetting|health (?:screen|clearance)|"
    r"occupational health|security)",
    re.IGNORECASE,
)
_STRONG_REQUIREMENT = re.compile(
    r"\bmust\b|\brequired\b(?<!not required)|\byou (?:will )?need\b|\byou should\b|"
    r"\bcandidates? (?:must|should)\b",
    re.IGNORECASE,
)


def _categorise(text: str, state: _State, bullet: bool) -> Category:
    section = state.section
    fixed = _content_category(text, section)
    if fixed is not None:
        return fixed
    if section in ("requirements", "preferred"):
        if _SCHEDULE.search(text) and not _requirementish(text):
            return "benefit"
        return "requirement"
    if section == "duties":
        if (
            _REQUIREMENT_CUE.search(text)
            and not _dutyish(text)
            and re.search(
                r"must|required|essential|desirable|preferred|ideally|you (?:will )?(?:have|need)|"
                r"experience (?:of|in|with)|knowledge of|ability to|skills",
                text,
                re.I,
            )
        ):
            return "requirement"
        return "duty"
    if section in ("benefits",):
        return "benefit"
    if section in ("legal", "apply", "metadata", "company"):
        if (
            section == "company"
            and _requirementish(text)
            and re.search(r"\b(?:you|candidate|applicant|must)\b", text, re.I)
        ):
            return "requirement"
        return section if section != "metadata" else "metadata"  # type: ignore[return-value]
    if _SCHEDULE.search(text) and not _requirementish(text):
        return "benefit"
    # a summary, an untitled stretch or "other": decide by the sentence
    if _dutyish(text) and not re.search(
        r"\b(?:must|required|essential|desirable|ideally|preferred|you (?:will )?have|"
        r"necessary|you (?:will )?need to be)\b",
        text,
        re.I,
    ):
        return "duty"
    if _requirementish(text):
        if _COMPANY.search(text) and not re.search(
            r"\b(?:you|candidates?|applicants?|individuals?|someone|person|people)\b", text, re.I
        ):
            return "company"
        return "requirement"
    if _COMPANY.search(text):
        return "company"
    if bullet and section is None and state.lines_seen > 3:
        return "requirement" if _requirementish(text) else "other"
    return "other"


def _importance(text: str, state: _State, label: str | None) -> Importance:
    if label:
        found = _IMPORTANCE_LABEL.match(label)
        if found:
            return "preferred" if found.group("pref") else "required"
    if (
        _PREFERRED_CUE.search(text)
        and not re.search(r"(?<!not )\brequired\b", text, re.I)
        and not re.search(r"\bpreferred (?:name|pronouns|method)", text, re.I)
    ):
        return "preferred"
    if re.search(r"(?:^|\|)\s*+(?:desirable|preferred)\s*+(?:\||$)", text, re.I):
        return "preferred"
    if re.search(r"\bsubject to\b|\bcontingent\b", text, re.I):
        return "required"  # a condition of the appointment
    if state.importance is not None:
        if state.importance == "preferred" and _REQUIRED_WORD.search(text):
            return "required"
        return state.importance
    if state.section == "preferred" and not _REQUIRED_WORD.search(text):
        return "preferred"
    return "required"


_CELL_MARK = re.compile(r"^\s*+(?:essential|desirable|required|preferred|e|d)\s*+$", re.I)


def _table_row(line: str) -> tuple[str, str | None] | None:
    """``criterion | Essential | Application form`` -> (criterion, "required"); a header row
    or a group row -> ("", None); None when the line is not a table row."""
    if "|" not in line and "\t" not in line:
        return None
    cells = [c.strip() for c in re.split(r"\||\t", line.strip().strip("|"))]
    if len(cells) < 2:
        return None
    marks = [c.casefold() for c in cells[1:]]
    if any(set(m.split()) & {"essential", "desirable"} and "/" in m for m in marks):
        return "", None  # the header row "Essential / Desirable"
    if all(set(c) <= set("-: ") for c in cells):
        return "", None  # a Markdown rule row
    importance = None
    for mark in marks:
        if _CELL_MARK.match(mark):
            importance = (
                "preferred"
                if mark.strip().startswith(("desirable", "preferred", "d"))
                else "required"
            )
            break
    return cells[0], importance


def segment(text: str, protected: frozenset[str] = frozenset()) -> list[Piece]:
    """Every bullet, table row, line and sentence of a posting, with its category."""
    lines = [
        (number, part)
        for number, line in enumerate(text.splitlines(), start=1)
        for part in split_run_on(line, protected).split("\n")
    ]  # a paste's lines put back keep the number of the line they came from
    state = _State()
    out: list[Piece] = []
    for number, raw in logical_lines(lines):
        line = raw.strip()
        if not line:
            continue
        state.lines_seen += 1
        for piece in _line_pieces(line, number, state):
            out.append(piece)
    return out


_VALUE_END = re.compile(
    r"(?<=[.!?])\s++(?=[A-Z])|(?<=[a-z0-9/%)])\s++(?=[A-Z][a-z]++\s++(?:must|should|will|are|is|"
    r"need|can|may)\b)"
)


def _value_and_rest(value: str) -> tuple[str, str]:
    """A label's value and the sentence a paste ran into it, if any."""
    parts = _VALUE_END.split(value, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (value.strip(), "")


_SUB_HEADING = re.compile(
    r"(?:work |relevant |professional |other )?(?:education|experience|"
    r"licen[cs]es?(?:/certifications?)?|certifications?(?:/licen[cs]es?)?|skills|"
    r"knowledge|qualifications|training|competenc(?:y|ies)|personal qualities|abilities)"
    r"(?:(?:/| and | & |, )(?:education|experience|skills|knowledge|qualifications|training|"
    r"abilities|[\w ]{1,30}))*",
    re.IGNORECASE,
)


def _listed_item(line: str, bare: str, kind: Section, state: _State) -> bool:
    """Whether a short line that reads like a heading is an item of the list it stands in
    ("Accurate keyboard skills" under "Essential criteria"), not a heading of its own."""
    if state.section not in ("requirements", "preferred") or kind != "requirements":
        return False
    if line.rstrip().endswith(":") or bare.isupper() or _SUB_HEADING.fullmatch(bare):
        return False
    content = [w for w in re.findall(r"[a-z]+", bare.lower()) if w not in _HEADING_VOCABULARY]
    return bool(content)  # "Accurate keyboard skills" says what; "Conditions of employment" not


_HEADING_VOCABULARY: Final = frozenset(
    """
    requirements requirement required qualifications qualification criteria conditions
    condition employment mandatory essential desirable minimum skills skill knowledge
    experience education for the post of and license licence licenses licences certification
    certifications other additional key job position personal qualities competencies
    competency abilities training role specification person must have haves nice to a an
    """.split()  # noqa: SIM905
)
"""Words that make up requirement headings; a short line with other words is an item."""
"""A numbered form's sub-heading inside the requirements ("1. Education")."""


_REQUIREMENT_INTRO = re.compile(
    r"^(?:you will need(?: to)?|you(?:'ll| will)? (?:must|should) (?:have|be)|you must|"
    r"you (?:will )?have|we(?:'re| are) looking for|the (?:successful|ideal) "
    r"(?:candidate|applicant|person)(?: will)?(?: have| be| need)?|requirements? include|"
    r"candidates? (?:must|should|will)(?: have| be)?)\b[^.]{0,40}[:;]$",
    re.IGNORECASE,
)
_DUTY_INTRO = re.compile(
    r"^(?:you will|your (?:duties|responsibilities) (?:will )?include|duties (?:will )?include|"
    r"the post ?holder will|responsibilities (?:will )?include|in this role,? you will)"
    r"\b[^.]{0,50}[:;]$",
    re.IGNORECASE,
)


def _line_pieces(line: str, number: int, state: _State) -> Iterator[Piece]:
    if _REQUIREMENT_INTRO.match(line.strip()):
        state.section, state.heading, state.header_open = "requirements", line.strip(), False
        state.importance = None
        return
    if _DUTY_INTRO.match(line.strip()):
        state.section, state.heading, state.header_open = "duties", line.strip(), False
        return
    kind = heading_kind(line)
    bare = line.strip("*#_ ").rstrip(":").strip()
    marker = _IMPORTANCE_LABEL.match(bare)
    if marker and (state.section in ("requirements", "preferred") or not state.header_open):
        state.importance = "preferred" if marker.group("pref") else "required"
        if state.section not in ("requirements", "preferred"):
            state.section = "requirements"
        return
    if (
        kind is not None
        and not (
            kind == "metadata"
            and state.section in ("requirements", "preferred")
            and bare.lower() == "details"
        )
        and not _listed_item(line, bare, kind, state)
    ):
        if (
            state.header_open
            and state.lines_seen == 1
            and has_job_noun(bare)
            and kind in ("requirements", "summary", "other")
            and not line.rstrip().endswith(":")
        ):
            pass  # the title line ("Medical Records Specialist") is not a heading
        else:
            if (
                state.section in ("requirements", "preferred")
                and kind in ("requirements",)
                and _SUB_HEADING.fullmatch(re.sub(r"^\d{1,2}[.)]\s*+", "", bare))
            ):
                # a sub-heading inside the requirements ("Education", "Licenses/Certifications")
                state.heading = bare
                if re.search(r"desir|prefer", bare, re.I):
                    state.importance = "preferred"
                elif state.importance == "preferred" and state.section != "preferred":
                    state.importance = None
                return
            state.section, state.heading = kind, bare
            state.columns = None
            state.importance = "preferred" if kind == "preferred" else None
            if kind == "requirements" and re.search(r"\bessential\b", bare, re.I):
                state.importance = "required"
            state.header_open = False
            return
    if _TEMPLATE_NOISE.match(line.lstrip("-* ")):
        return
    cells = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else []
    if len(cells) == 2 and " ".join(cells[0].lower().split()) in LABELS and cells[1]:
        yield Piece(f"{cells[0]}: {cells[1]}", number, "metadata", state.section, state.heading)
        return  # a key-value table: "| Organization | Wrenfield Medical Center |"
    if (
        state.header_open
        and len(line) <= 160
        and ("|" in line or "\u00b7" in line)
        and not re.search(r"essential|desirable", line, re.I)
    ):
        yield Piece(line, number, "header", state.section, state.heading)  # "Full-time | $20/hr"
        return
    if "|" in line and not state.header_open:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        marks: dict[int, Importance] = {
            i: ("required" if c.lower().startswith(("essential", "required")) else "preferred")
            for i, c in enumerate(cells)
            if re.fullmatch(r"(?:essential|desirable|required|preferred)(?: criteria)?", c, re.I)
        }
        if len(marks) >= 2:
            state.columns = marks  # "Area | Essential | Desirable"
            state.section = "requirements"
            return
        if state.columns and len(cells) >= 2:
            for i, cell in enumerate(cells):
                column = state.columns.get(i)
                if column is None or not cell:
                    continue
                for item in _INLINE_BULLET.split(cell):
                    if item.strip():
                        yield Piece(
                            item.strip(), number, "requirement", state.section, cells[0], True,
                            column,
                        )  # fmt: skip
            return
    row = _table_row(line)
    if row is not None:
        cell, importance = row
        if not cell:
            return
        if importance is None and cell.isupper() and len(cell.split()) <= 5:
            state.heading = cell
            if state.section not in ("requirements", "preferred"):
                state.section = "requirements"
            return
        row_category = _categorise(cell, state, True)
        if importance is not None and row_category in ("duty", "other", "company"):
            row_category = "requirement"
        row_importance: Importance = (
            "preferred" if importance == "preferred" else _importance(cell, state, None)
        )
        if importance == "required":
            row_importance = "required"
        yield Piece(cell, number, row_category, state.section, state.heading, True, row_importance)
        return
    bullet = bool(_BULLET.match(line))
    body = _BULLET.sub("", line, count=1).strip() if bullet else line
    if (
        bullet
        and state.section in ("requirements", "preferred")
        and _SUB_HEADING.fullmatch(body.rstrip(":"))
    ):
        state.heading = body  # "1. Education", "2. Licenses/Certifications" (a numbered form)
        return
    # "Essential: GCSE English" / "Education: Associate degree" / "Location: Leeds, MA"
    label = None
    lead = re.match(r"^([A-Za-z][A-Za-z '/&()-]{1,40}?)\s*+:\s*+(\S.*)$", body)
    if lead:
        name = lead.group(1).strip()
        meta = _metadata_label(body)
        lead_kind = heading_kind(name + ":")
        if meta is not None and not _REQUIREMENT_LABELS.match(name):
            value, rest = _value_and_rest(lead.group(2))
            yield Piece(
                f"{name}: {value}", number, "metadata", state.section, state.heading, bullet,
                "required", name,
            )  # fmt: skip
            if rest:  # "Salary: $32 - $35/hr Candidates must reside in Oregon."
                yield from _line_pieces(rest, number, state)
            return
        short_label = len(name.split()) <= 4 and not re.search(r"\b(?:or|and/or)\b", name)
        if short_label and (
            _IMPORTANCE_LABEL.match(name)
            or _REQUIREMENT_LABELS.match(name)
            or lead_kind in ("requirements", "preferred", "duties")
        ):
            label = name
            body = lead.group(2).strip()
            if lead_kind in ("requirements", "preferred") or _IMPORTANCE_LABEL.match(name):
                previous = state.section
                if previous not in ("requirements", "preferred"):
                    state.section = "requirements" if lead_kind != "preferred" else "preferred"
                    state.heading = name
            elif lead_kind == "duties":
                state.section, state.heading = "duties", name
            state.header_open = False
    if state.header_open and not bullet and len(body) <= 100 and not _requirementish(body):
        category: Category = (
            "metadata" if _metadata_label(body) or _CHROME.match(body) else "header"
        )
        if _LEGAL.search(body):
            category = "legal"
        yield Piece(body, number, category, state.section, state.heading, False)
        return
    if state.header_open and (bullet or len(body) > 100):
        state.header_open = False
    parts = [body] if bullet else sentences(body)
    for part in parts:
        category = _categorise(part, state, bullet)
        pieces = split_list(part) if category == "requirement" else [part]
        for item in pieces:
            item_category = category
            if len(pieces) > 1:
                item_category = _content_category(item, state.section) or category
            importance = _importance(item, state, label)
            yield Piece(
                item, number, item_category, state.section, state.heading, bullet, importance, label
            )
    if state.header_open and len(body) > 100:
        state.header_open = False


def with_category(piece: Piece, category: Category) -> Piece:
    """The piece, recategorised."""
    return replace(piece, category=category)
