"""The ``minutebook:`` vocabulary, machine-readable, served at ``/oparl/v1/vocabulary``.

One document: a JSON-LD ``@context`` binding the ``minutebook:`` prefix to this
document, a JSON Schema (draft 7, every property described) per ``minutebook:`` type,
and one per ``minutebook:`` property added to an OParl type. The tests validate every
object the API emits against it, so the description cannot drift from the data.
"""

from __future__ import annotations

from typing import Any

from minutebook.api.common import EXT, Urls

DRAFT7 = "http://json-schema.org/draft-07/schema#"


def s(kind: str | list[str], text: str, **more: Any) -> dict[str, Any]:
    """A property: its JSON type(s) and what it means."""
    return {"type": kind, "description": text, **more}


def url(text: str) -> dict[str, Any]:
    return s("string", text, format="uri")


def urls(text: str) -> dict[str, Any]:
    return s("array", text, items={"type": "string", "format": "uri"})


DATE = {"format": "date"}
DATE_TIME = {"format": "date-time"}

#: What every minutebook: object has, as OParl objects do.
COMMON: dict[str, Any] = {
    "id": url("The object's URL: a GET returns it."),
    "type": s("string", "minutebook:<Type>."),
    "created": s("string", "When it was made.", **DATE_TIME),
    "modified": s("string", "When it last changed, embedded parts included.", **DATE_TIME),
    "deleted": s("boolean", "True: gone from public view; only id, type and dates remain."),
    "web": url("The same record on the public website."),
}
REQUIRED = ["id", "type"]

ANSWER: dict[str, Any] = {
    "answer": s("string", "The answer, once given (or that a written reply will follow)."),
    "answeredBy": url("The Person who answered."),
    "answered": s("string", "When it was answered.", **DATE_TIME),
}

TYPES: dict[str, dict[str, Any]] = {
    "PublicQuestion": {
        "description": "A question, statement or petition from a member of the public for a "
        "meeting, once published in a supplement to the agenda. Only the asker's name: never "
        "an address, email or phone number. Rejected and withdrawn ones are never published.",
        "properties": {
            "meeting": url("The Meeting it was for."),
            "agendaItem": url("The AgendaItem it was taken under, if any."),
            "kind": s(
                "string",
                "question, statement or petition.",
                enum=["question", "statement", "petition"],
            ),
            "kindText": s("string", "The kind in words."),
            "order": s("integer", "Its place among those of its kind at the meeting."),
            "name": s("string", "The asker's name, as published."),
            "onBehalfOf": s("string", "An organisation, town or parish council it came from."),
            "addressedTo": s("string", "Who it was put to (portfolio holder, chair)."),
            "text": s("string", "The question, statement or petition."),
            "signatures": s("integer", "A petition's number of signatories."),
            "status": s("string", "accepted, answered or written_reply (a reply will follow)."),
            "published": s("string", "When its supplement was published.", **DATE_TIME),
            **ANSWER,
        },
    },
    "CouncillorQuestion": {
        "description": "A councillor's question for a meeting (the council's procedure "
        "rules) and its answer, once published in a supplement to the agenda.",
        "properties": {
            "meeting": url("The Meeting it was for."),
            "councillor": url("The Person who asked it."),
            "councillorName": s("string", "The councillor's name."),
            "partOf": url("For a sub-question: the CouncillorQuestion it is part of."),
            "order": s("integer", "Its place among the meeting's questions."),
            "addressedTo": s("string", "Who it was put to."),
            "text": s("string", "The question."),
            "status": s("string", "accepted, answered or written_reply."),
            "published": s("string", "When its supplement was published.", **DATE_TIME),
            **ANSWER,
        },
    },
    "RegisterEntry": {
        "description": "One current entry on a member's register of interests (Localism Act "
        "2011 s29; SI 2012/1464 for disclosable pecuniary interests). It never says whose "
        "interest it is: a spouse's or civil partner's counts as the member's (s30(3)). A "
        "sensitive interest (s32) has withheld: true and no category, description or dates.",
        "properties": {
            "person": url("The member (Person) whose register it is on."),
            "withheld": s("boolean", "A sensitive interest withheld under s32(2)."),
            "section": s(
                "string", "Disclosable pecuniary interest, or Other registrable interest."
            ),
            "category": s(
                "string",
                "The register's category (SI 2012/1464 Schedule, or the code of conduct's).",
            ),
            "categoryText": s("string", "The category in words."),
            "description": s("string", "The interest as registered (or that it is withheld)."),
            "startDate": s("string", "Since when.", **DATE),
            "endDate": s("string", "Until when, if it is known to end.", **DATE),
        },
    },
    "ForwardPlanVersion": {
        "description": "One published version of the executive's forward plan (SI 2012/2089 "
        "reg 9), kept whole as it was published.",
        "properties": {
            "body": url("The Body."),
            "number": s("integer", "1 for the council's first published plan."),
            "published": s("string", "When it was published.", **DATE_TIME),
            "entries": s(
                "array",
                "The entries as published; entry: the ForwardPlanEntry, while it is published.",
                items={"type": "object", "properties": {"entry": url("The ForwardPlanEntry.")}},
            ),
        },
    },
    "ForwardPlanEntry": {
        "description": "A published entry of the forward plan (SI 2012/2089 reg 9); withdrawn "
        "ones are marked so.",
        "properties": {
            "reference": s("string", "The council's reference."),
            "title": s("string", "The matter."),
            "keyDecision": s("boolean", "A key decision (reg 8)."),
            "withdrawn": s("boolean", "No longer on the plan."),
            "decisionMaker": url("The Organization taking the decision."),
            "decisionDate": s("string", "When the decision is expected.", **DATE),
            "description": s("string", "The matter in more detail."),
            "keyDecisionReason": s("string", "Why it is a key decision."),
            "decisionMakerName": s("string", "The decision maker as printed."),
            "decisionPeriodEnd": s(
                "string", "The last day of the period it is expected in.", **DATE
            ),
            "decisionDateText": s("string", "When, as printed."),
            "access": s("string", "Open, or exempt (in whole or in part) and why."),
            "exemptParagraphs": s(
                "array", "Schedule 12A paragraphs relied on.", items={"type": ["string", "integer"]}
            ),
            "exemptReason": s("string", "The paragraphs in words."),
            "firstPublished": s(
                "string", "When the plan first listed it (reg 9's 28 clear days).", **DATE
            ),
            "wardsAffected": s("array", "Wards affected.", items={"type": "string"}),
            "allWards": s("boolean", "It affects every ward."),
        },
    },
    "WorkProgrammeItem": {
        "description": "A line of a committee's work programme: what it will look at, when, "
        "and where it goes next.",
        "properties": {
            "organization": url("The committee (Organization)."),
            "number": s("integer", "Running number within the committee."),
            "meeting": url("The Meeting that will consider it."),
            "meetingDate": s("string", "The meeting's date.", **DATE),
            "subject": s("string", "The subject."),
            "description": s("string", "Scope and purpose."),
            "requestedBy": s("string", "Who asked for it."),
            "author": url("The report's author (Person)."),
            "authorName": s("string", "The author as printed."),
            "portfolioHolder": url("The portfolio holder (Person)."),
            "portfolioHolderName": s("string", "The portfolio holder as printed."),
            "routeOnward": s("string", "Where it goes next, such as Cabinet."),
            "onwardDate": s("string", "When it goes there.", **DATE),
            "status": s(
                "string",
                "proposed, scheduled, commissioned, reported, referred, completed, deferred or withdrawn.",
            ),
            "statusText": s("string", "The status in words."),
        },
    },
    "Action": {
        "description": "An action agreed at a committee meeting, on the committee's action "
        "sheet until completed. Actions raised under an exempt minute are never published.",
        "properties": {
            "organization": url("The committee (Organization)."),
            "number": s("integer", "Running number on the committee's action sheet."),
            "reference": s("string", "The reference as printed."),
            "meeting": url("The Meeting that agreed it."),
            "text": s("string", "What was agreed."),
            "owner": url("Who is to do it (Person)."),
            "ownerName": s("string", "The owner as printed."),
            "due": s("string", "When it is due.", **DATE),
            "status": s("string", "open, in_progress, completed or dropped."),
            "statusText": s("string", "The status in words."),
            "update": s("string", "The latest response from the owner."),
            "outcome": s("string", "What was done."),
            "completed": s("string", "When it was completed or dropped.", **DATE),
        },
    },
    "Plan": {
        "description": "A published plan a committee tracks (written statement of action, "
        "delivery plan, inspection action plan, risk register) with its items.",
        "properties": {
            "body": url("The Body."),
            "kind": s("string", "wsoa, delivery, inspection, risk_register or other."),
            "kindText": s("string", "The kind in words."),
            "title": s("string", "The plan's title."),
            "description": s("string", "What it is for."),
            "organization": url("The committee progress is reported to."),
            "state": s("string", "draft, active or closed."),
            "items": s(
                "array",
                "Its items in order under each parent; parent is the key of the item above.",
                items={
                    "type": "object",
                    "required": ["key", "level", "title"],
                    "properties": {
                        "key": s("integer", "The item's key within the plan."),
                        "parent": s("integer", "The key of the item it sits under."),
                        "level": s("string", "area, focus, action, milestone or risk."),
                        "title": s("string", "The item."),
                        "status": s("string", "Its status in the plan's own words."),
                        "statusCategory": s(
                            "string",
                            "complete, on_track, at_risk, off_track, not_started or other.",
                        ),
                        "decisions": urls(
                            "AgendaItems whose published decisions it was agreed by."
                        ),
                        "meetings": urls("Meetings it was reported to."),
                    },
                },
            ),
        },
    },
}

VOTE = {
    "type": "object",
    "required": ["kind", "text", "outcome"],
    "properties": {
        "kind": s("string", "motion or amendment.", enum=["motion", "amendment"]),
        "order": s("integer", "Its place under the minute."),
        "amends": s("integer", "For an amendment: the order of the motion it would change."),
        "text": s("string", "The motion or amendment as moved."),
        "proposer": url("Who moved it (Person)."),
        "seconder": url("Who seconded it (Person)."),
        "outcome": s("string", "carried, lost, withdrawn or not_put."),
        "voteMethod": s(
            "string",
            "counts (a show of hands) or recorded (a named vote); absent when there was no vote.",
        ),
        "for": s("integer", "Votes for."),
        "against": s("integer", "Votes against."),
        "abstained": s("integer", "Abstentions."),
        "chairCastingVote": s(
            "boolean", "Decided by the chair's casting vote (LGA 1972 Sch 12 para 39)."
        ),
        "recorded": s(
            "array",
            "A recorded vote: how each member voted.",
            items={
                "type": "object",
                "required": ["person", "vote"],
                "properties": {
                    "person": url("The member (Person)."),
                    "vote": s(
                        "string", "for, against or abstain.", enum=["for", "against", "abstain"]
                    ),
                },
            },
        ),
    },
}

DECLARATION = {
    "type": "object",
    "required": ["person", "kind"],
    "properties": {
        "person": url("Who declared it (Person)."),
        "agendaItem": url("The AgendaItem it was declared on."),
        "kind": s(
            "string", "Disclosable pecuniary, other registrable or non-registrable interest."
        ),
        "nature": s("string", "The nature of the interest, as declared."),
        "action": s(
            "string", "What the member did (withdrew, stayed under a dispensation, other)."
        ),
        "actionDetail": s("string", "More on what the member did."),
        "dispensation": s("string", "The dispensation (Localism Act 2011 s33) relied on."),
    },
}

ATTENDANCE = {
    "type": "object",
    "required": ["person", "status"],
    "properties": {
        "person": url("The member or officer (Person)."),
        "status": s("string", "present, apologies or absent."),
        "mode": s("string", "in person or remote."),
        "capacity": s("string", "member, substitute, ..."),
        "substituteFor": url("For a substitute: the member they stood in for."),
    },
}

#: ``minutebook:`` properties added to OParl types.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "Body": {
        "record": s(
            "object",
            "minutebook's own lists: type name -> list URL.",
            additionalProperties={"type": "string", "format": "uri"},
        ),
        "vocabulary": url("This document."),
        "forwardPlan": url("The list of published ForwardPlanEntry objects."),
        "export": url("The council's whole public record as a zip of JSON Lines."),
    },
    "AgendaItem": {
        "votes": s(
            "array",
            "Motions, amendments and the votes on them, once the minutes are published.",
            items=VOTE,
        ),
        "declarations": s("array", "Interests declared on the item.", items=DECLARATION),
        "decision": s(
            "array",
            "Published decision records (SI 2012/2089 reg 12) with where they stand on call-in.",
            items={"type": "object"},
        ),
        "exemptParagraphs": s(
            "array",
            "Schedule 12A paragraphs relied on (exempt items).",
            items={"type": ["string", "integer"]},
        ),
    },
    "Meeting": {
        "declarations": s(
            "array", "Interests declared at the meeting; none for exempt items.", items=DECLARATION
        ),
        "attendance": s("array", "Who attended, sent apologies or was absent.", items=ATTENDANCE),
    },
    "Paper": {
        "decision": s(
            "array", "Published decision records of the report.", items={"type": "object"}
        ),
        "forwardPlanEntry": s("object", "The ForwardPlanEntry the report answers."),
    },
}


def type_schema(name: str, base: str) -> dict[str, Any]:
    spec = TYPES[name]
    return {
        "$schema": DRAFT7,
        "$id": f"{base}#{name}",
        "title": EXT + name,
        "description": spec["description"],
        "type": "object",
        "required": REQUIRED,
        "properties": {
            **COMMON,
            **spec["properties"],
            "type": s("string", f"{EXT}{name}", const=EXT + name),
        },
    }


def describe(urls_: Urls) -> dict[str, Any]:
    base = urls_.vocabulary()
    return {
        "@context": {"minutebook": base + "#"},
        "id": base,
        "type": EXT + "Vocabulary",
        "description": "minutebook's extensions to OParl 1.1 for UK local government: its own "
        "types (type minutebook:<Type>) and the minutebook: properties of OParl objects.",
        "types": {name: type_schema(name, base) for name in TYPES},
        "extensions": {
            oparl: {EXT + prop: schema for prop, schema in props.items()}
            for oparl, props in EXTENSIONS.items()
        },
    }
