"""Plain-text blocks of council details for chat answers.

Parents read these on phones, often worried, so the text is plain English, one short sentence
or contact per line (never wrapped mid-sentence, which looks broken on a narrow screen), with
bare https addresses at line ends (no HTML or markdown, which some widgets show as symbols).
Each builder prints only the given council's details, so one council's numbers can never appear
on another council's site. The national default has no local numbers: it says how to find them.
"""

from __future__ import annotations

from collections.abc import Callable

from actions.councils.config import Council, LocalCouncil, NationalDefault

# The same everywhere in England and critical for safety, so they live in code, not in council
# files, where an editing slip could remove them. Childline's short number would also fail the
# phone check that keeps 999-style numbers out of ordinary contacts.
EMERGENCY_LINE = "If a child is in immediate danger, call 999 now."
NSPCC_LINE = "NSPCC helpline, for adults worried about a child: 0808 800 5000"
CHILDLINE_LINE = "Children and young people can call Childline on 0800 1111."


def local_contacts_text(council: Council) -> str:
    """All the local contacts a parent may need, for the `local_contacts` topic."""
    if isinstance(council, NationalDefault):
        return _lines(
            council.home_council_note,
            "",
            f"Find your council: {council.find_your_council_url}",
            "Your council's website has its Local Offer, SEN team and parent carer forum.",
            "",
            *_find_sendiass_lines(council),
            "",
            *_national_charity_lines(council),
        )
    links = [f"{link.title}: {link.url}" for link in council.extra_links]
    return _lines(
        f"Contacts for {council.name}:",
        "",
        *_sendiass_lines(council),
        "",
        f"Parent carer forum: {council.parent_carer_forum.name}",
        council.parent_carer_forum.website,
        "",
        f"Local Offer: {council.local_offer.name}",
        council.local_offer.url,
        "",
        *_sen_team_lines(council),
        "",
        f"Complaints about the council: {council.complaints_url}",
        *(["", "Also useful:", *links] if links else []),
    )


def human_handoff_text(council: Council) -> str:
    """The route to a real person, for parents who ask to talk to someone."""
    if isinstance(council, NationalDefault):
        details = [*_find_sendiass_lines(council), "", *_national_charity_lines(council)]
    else:
        details = _sendiass_lines(council)
    return _lines(
        "To talk to a person, contact your local SENDIASS.",
        "Their advice on SEN is free, impartial and confidential.",
        "",
        *details,
    )


def safeguarding_text(council: Council) -> str:
    """Where to get help at once when a child may be unsafe; 999 always comes first.

    It asks the parent nothing back: someone in this situation needs the numbers, not a
    conversation.
    """
    if isinstance(council, NationalDefault):
        local = [
            "If you are worried about a child's safety, contact children's services at the council "
            "where the child lives. Find them on GOV.UK:",
            council.report_child_abuse_url,
        ]
    else:
        services = council.childrens_services
        local = [
            f"If you are worried about a child's safety, call {services.name} on {services.phone}.",
            f"Outside office hours, call {services.out_of_hours_phone}.",
            *([f"Report a concern online: {services.website}"] if services.website else []),
        ]
    return _lines(EMERGENCY_LINE, "", *local, "", NSPCC_LINE, CHILDLINE_LINE)


def sendiass_contact_text(council: Council) -> str:
    """How to reach SENDIASS, alone: the next step under a parent's meeting question list."""
    if isinstance(council, NationalDefault):
        return _lines(*_find_sendiass_lines(council))
    return _lines(*_sendiass_lines(council))


def local_addendum(council: Council, topic: str) -> str | None:
    """One or two lines of local detail to follow the general answer on `topic`, if it has any."""
    if isinstance(council, NationalDefault):
        national = _NATIONAL_ADDENDA.get(topic)
        return national(council) if national else None
    local = _LOCAL_ADDENDA.get(topic)
    return local(council) if local else None


def _sendiass_lines(council: LocalCouncil) -> list[str]:
    """SENDIASS contact lines, with opening hours so parents know when a call will be answered."""
    sendiass = council.sendiass
    return [
        sendiass.name,
        f"Phone: {sendiass.phone} ({sendiass.opening_hours})",
        f"Email: {sendiass.email}",
        f"Website: {sendiass.website}",
    ]


def _find_sendiass_lines(council: NationalDefault) -> list[str]:
    """How to find the local SENDIASS when the council is not known."""
    return [
        "Find your local SENDIASS (the one for your child's home address):",
        council.find_your_sendiass_url,
    ]


def _national_charity_lines(council: NationalDefault) -> list[str]:
    """National charities anyone in England can contact, wherever they live."""
    contact = council.contact
    return [
        f"{council.ipsea.name} gives free legal advice on SEND: {council.ipsea.website}",
        f"{contact.name}: helpline {contact.phone} (free to call), {contact.website}",
    ]


def _sen_team_lines(council: LocalCouncil) -> list[str]:
    """SEN team lines; its phone and email are optional, so print only what the council gave."""
    team = council.sen_team
    return [
        f"SEN team: {team.name}",
        f"Ask for an EHC needs assessment: {team.ehc_request_url}",
        *([f"Phone: {team.phone}"] if team.phone else []),
        *([f"Email: {team.email}"] if team.email else []),
    ]


def _lines(*lines: str) -> str:
    """Join lines into one chat message."""
    return "\n".join(lines)


_LOCAL_ADDENDA: dict[str, Callable[[LocalCouncil], str]] = {
    "sendiass": lambda c: _lines(
        f"Your local service is {c.sendiass.name}: {c.sendiass.phone} ({c.sendiass.opening_hours})",
        f"Email {c.sendiass.email} or see {c.sendiass.website}",
    ),
    "parent_carer_forum": lambda c: _lines(
        f"Your local forum is {c.parent_carer_forum.name}:",
        c.parent_carer_forum.website,
    ),
    "complaints": lambda c: _lines(
        f"To complain about {c.name} itself, for example its SEN team:",
        c.complaints_url,
    ),
    "ehc_needs_assessment": lambda c: _lines(
        f"How to ask {c.name} for an EHC needs assessment:",
        c.sen_team.ehc_request_url,
    ),
    "local_offer": lambda c: _lines(
        f"Your council's Local Offer: {c.local_offer.name}",
        c.local_offer.url,
    ),
}

_NATIONAL_ADDENDA: dict[str, Callable[[NationalDefault], str]] = {
    "sendiass": lambda c: _lines(*_find_sendiass_lines(c)),
    "parent_carer_forum": lambda c: _lines(
        "Your council's Local Offer names your local forum.",
        f"Find your council: {c.find_your_council_url}",
    ),
    "complaints": lambda c: _lines(
        "To complain about a council, use that council's own complaints page.",
        f"Find your council: {c.find_your_council_url}",
    ),
    "ehc_needs_assessment": lambda c: _lines(
        "Requests go to the council for your child's home address, not the school's.",
        f"Find your council: {c.find_your_council_url}",
    ),
    "local_offer": lambda c: _lines(
        "Use the Local Offer of the council for your child's home address.",
        f"Find your council: {c.find_your_council_url}",
    ),
}
