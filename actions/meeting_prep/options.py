"""The six things the meeting-preparation form asks, and how a parent's reply maps to an answer.

Each slot has a plain question (never asking for anyone's name), a one-line reason shown to
parents who wonder why we ask, and buttons whose titles a parent understands. Parents often
type instead of tapping, so `parse_answer` also reads free text: synonyms, school-year talk
("yr 9"), conditions ("dyslexia"), typos. It returns None rather than guess: the form then asks
again with the buttons, which costs a parent far less than a plan built on a wrong answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from actions.meeting_prep.matching import Matcher


@dataclass(frozen=True)
class Option:
    """One answer: the canonical value stored in the slot and the button title parents see."""

    value: str
    title: str


@dataclass(frozen=True)
class SlotSpec:
    """One form question and its answers.

    `unsure` is the slot's "don't know" value, if it has one. In a one-answer slot it wins
    whenever a parent voices doubt ("not sure, maybe going backwards"): doubt is the honest
    reading. In the list slot it gives way to any real area named alongside it, because the
    named areas are what the questions can be tailored to.
    """

    name: str
    question: str
    why: str
    options: tuple[Option, ...]
    multiple: bool = False
    unsure: str | None = None

    @property
    def values(self) -> tuple[str, ...]:
        """Canonical values in button order."""
        return tuple(option.value for option in self.options)

    def settle(self, values: Iterable[str]) -> tuple[str, ...]:
        """Several values for a list slot: no repeats, button order, a lone-only `unsure`."""
        chosen = set(values)
        if self.unsure in chosen and len(chosen) > 1:
            chosen.discard(self.unsure)
        return tuple(value for value in self.values if value in chosen)


_SLOT_LIST = (
    SlotSpec(
        name="meeting_purpose",
        question="What is the meeting about?",
        why="The questions worth asking depend on what the meeting is for.",
        options=(
            Option("first_concern", "A first talk about a worry"),
            Option("review", "A review of SEN support"),
            Option("disagreement", "We disagree about the support"),
            Option("ehc_assessment", "Asking about an EHC needs assessment"),
            Option("transition", "A move to a new school or college"),
        ),
    ),
    SlotSpec(
        name="setting",
        question="Where does your child go now?",
        why="Nurseries, schools and colleges arrange support a little differently.",
        options=(
            Option("early_years", "Nursery or pre-school"),
            Option("primary", "Primary school"),
            Option("secondary", "Secondary school"),
            Option("post16", "Sixth form or college"),
        ),
    ),
    SlotSpec(
        name="need_areas",
        question="What does your child need help with? You can tap one or type several.",
        why="Each area of need has its own questions about the support.",
        options=(
            Option("communication_interaction", "Communication, speech or autism"),
            Option("cognition_learning", "Learning, such as reading or maths"),
            Option("semh", "Social, emotional and mental health"),
            Option("sensory_physical", "Sensory or physical needs"),
            Option("not_sure", "Not sure yet"),
        ),
        multiple=True,
        unsure="not_sure",
    ),
    SlotSpec(
        name="current_support",
        question="What help does your child get at the moment?",
        why="What to ask next depends on the support already in place.",
        options=(
            Option("none", "No extra help that I know of"),
            Option("sen_support", "Extra help (SEN support)"),
            Option("ehc_plan", "An EHC plan"),
            Option("assessment_requested", "EHC needs assessment requested"),
        ),
    ),
    SlotSpec(
        name="specialists_involved",
        question=(
            "Has a specialist, such as an educational psychologist or speech and language "
            "therapist, been involved?"
        ),
        why="Specialist advice shapes the support, and asking for it is often a next step.",
        options=(
            Option("yes", "Yes"),
            Option("no", "No"),
            Option("not_sure", "Not sure"),
        ),
        unsure="not_sure",
    ),
    SlotSpec(
        name="progress",
        question="Do you feel your child is making enough progress?",
        why="If progress is slow, the meeting should agree what will change.",
        options=(
            Option("good", "Yes, good progress"),
            Option("not_enough", "No, not enough"),
            Option("dont_know", "I don't know"),
        ),
        unsure="dont_know",
    ),
)

SLOTS: Mapping[str, SlotSpec] = MappingProxyType({spec.name: spec for spec in _SLOT_LIST})

# Phrases are regular expressions over normalised text (lower case, no apostrophes, single
# spaces). Word boundaries are added by the matcher, and backslashes are not allowed.
_GAP = "(?: [a-z0-9]+){0,4}"  # up to four words in between
_SHORT_GAP = "(?: [a-z0-9]+){0,2}"
_DOUBT = ["not sure", "unsure", "dont know", "do not know", "no idea", "dunno", "not certain"]
_NEGATION = (
    "(?:not(?! sure| certain)|isnt|arent|hasnt|havent|doesnt|dont(?! know)|didnt|wasnt|"
    "werent|never|no(?! idea)|barely|hardly)"
)
_SPECIALIST = (
    "(?:ep|eps|educational psychologist|psychologist|ed psych|salt|speech therapist|"
    "speech and language|speech and language therapist|speech therapy|therapist|therapists|"
    "ot|occupational therapist|occupational therapy|physio|physiotherapist|camhs|cahms|"
    "paediatrician|pediatrician|specialist|specialists|specialist teacher|advisory teacher|"
    "outreach|teacher of the deaf|sensory support|health visitor|doctor|consultant)"
)
_PROGRESS_WORD = (
    "(?:progress|progressing|improving|improved|improvement|better|well|good|great|fine|"
    "learning|moving forward|catching up|getting on|enough)"
)
_YEAR = "(?:year|yr|y) ?"


def _years(*numbers: int) -> str:
    """A school year phrase for these years, written in digits or words ("year 9", "yr nine")."""
    words = (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen".split()
    )
    return _YEAR + "(?:" + "|".join(f"{n}|{words[n]}" for n in numbers) + ")"


_PHRASES: Mapping[str, Mapping[str, list[str]]] = {
    "meeting_purpose": {
        "first_concern": [
            "first concern", "first concerns", "first (?:talk|meeting|time|chat)", "worry",
            "worried", "worries", "worrying", "concern", "concerns", "concerned",
            "something (?:is )?wrong", "raise", "raising", "noticed", "initial",
            f"(?:think|wonder){_GAP} (?:sen|send|special needs|special educational needs)",
        ],
        "review": [
            "review", "reviews", "reviewing", "progress (?:meeting|check)", "check in",
            "catch up", "parents evening", "iep meeting", "termly meeting", "update",
            "(?:ehcp|ehc plan|ehc|plan|annual|iep|isp|support|sen support) review",
            "how (?:its|things are|he is|she is|they are|hes|shes) (?:going|doing)",
        ],
        "disagreement": [
            "disagree", "disagreeing", "disagreement", "dispute", "not happy", "unhappy",
            "complain", "complaint", "not agree", "dont agree", "do not agree", "argument",
            "refuse", "refused", "refusing", "challenge", "fight", "fighting",
            "(?:not|isnt|arent) working", "not enough support",
            f"not getting{_SHORT_GAP} (?:support|help)",
        ],
        "ehc_assessment": [
            "ehc needs assessment", "needs assessment", "ehcna", "ehc assessment",
            "statutory assessment", "assessment", "ehc assessment request",
            "(?:get|getting|apply|applying|ask|asking|request|requesting)(?: for| about)?"
            "(?: an?)? (?:ehcp|ehc plan|ehc|education health and care plan)",
        ],
        "transition": [
            "transition", "transitions", "transfer", "move", "moving", "moving up",
            "new school", "new college", "new setting", "next school", "big school",
            "changing schools?", "change of school", "leaving",
            "(?:starting|going to|going up to|moving to|start) (?:school|reception|nursery|"
            "secondary|high school|college|sixth form|year 7)",
        ],
    },
    "setting": {
        "early_years": [
            "nursery", "nurseries", "pre ?school", "playgroup", "childminder", "early years",
            "eyfs", "kindergarten", "day ?care", "toddler group",
        ],
        "primary": [
            "primary", "primary school", "reception", "infants?", "infant school", "juniors?",
            "junior school", "first school", "(?:ks|key stage) ?(?:1|2|one|two)",
            _years(1, 2, 3, 4, 5, 6),
        ],
        "secondary": [
            "secondary", "secondary school", "high school", "upper school", "gcses?",
            "(?:ks|key stage) ?(?:3|4|three|four)", _years(7, 8, 9, 10, 11),
        ],
        "post16": [
            "sixth form", "6th form", "college", "post ?16", "further education", "fe",
            "a levels?", "btec", "apprenticeship", "(?:ks|key stage) ?(?:5|five)",
            _years(12, 13),
        ],
    },
    "need_areas": {
        "communication_interaction": [
            "communication", "communicating", "communicate", "interaction", "interacting",
            "autism", "autistic", "asd", "asc", "aspergers?", "speech", "language", "slcn",
            "dld", "talking", "talk", "stammer", "stammering", "stutter", "selective mutism",
            "mutism", "social communication", "social skills", "making friends",
        ],
        "cognition_learning": [
            "cognition", "learning", "learning difficulty", "learning difficulties",
            "learning disability", "dyslexia", "dyslexic", "dyscalculia", "dyspraxia", "spld",
            "mld", "reading", "writing", "spelling", "maths", "math", "numbers", "memory",
            "processing", "concentrating", "behind",
        ],
        "semh": [
            "semh", "social emotional", "emotional", "emotions", "mental health", "anxiety",
            "anxious", "adhd", "attention", "behaviour", "behaviours", "anger", "angry",
            "meltdowns?", "depression", "depressed", "self ?harm", "self harming",
            "eating disorder", "attachment", "trauma", "withdrawn", "low mood", "ocd",
            "school refusal", "school avoidance", "ebsa",
        ],
        "sensory_physical": [
            "sensory", "physical", "physically", "deaf", "deafness", "hearing",
            "hard of hearing", "hearing aids?", "cochlear", "visual", "vision", "sight",
            "blind", "visually impaired", "wheelchair", "mobility", "cerebral palsy",
            "physical disability", "multi ?sensory", "sensory processing",
        ],
        "not_sure": [*_DOUBT, "not yet", "no diagnosis", "dont know yet", "no idea yet"],
    },
    "current_support": {
        # Not knowing of any support counts as none: a school must tell parents when it starts
        # SEN support (Children and Families Act 2014, s68), and the "none" questions ask that.
        "none": [
            "none", "none yet", "nothing", "nothing yet", "no", "nope", "not yet",
            "not that i know of", "not that i know", *_DOUBT,
            f"{_NEGATION}{_SHORT_GAP} (?:help|support|extra help|sen support)",
            "no extra help that i know of",
        ],
        "sen_support": [
            "sen support", "support", "help", "extra help", "some help", "extra support",
            "iep", "isp", "support plan", "learning plan", "sen support plan", "interventions?",
            "ta", "teaching assistant", "1 ?(?:to )?1", "one to one", "small groups?",
            "sen register", "school action(?: plus)?", "provision map", "pupil passport",
            "one page profile", "learning support",
        ],
        "ehc_plan": [
            "ehcp", "ehcps", "echp", "ehc", "ehc plan", "education health (?:and )?care plan",
            "statement", "statemented", "statement of sen",
        ],
        "assessment_requested": [
            "assessment requested", "ehc needs assessment", "needs assessment", "ehcna",
            "ehc assessment", "assessment", "statutory assessment", "being assessed",
            "(?:requested|applied for|applying for|asked for|waiting for|waiting on|"
            f"application for){_SHORT_GAP} (?:ehcp|ehc plan|ehc|assessment|plan)",
            f"(?:ehcp|ehc plan|ehc|plan|assessment){_SHORT_GAP} "
            "(?:requested|applied|application|applied for|pending|submitted|asked for)",
            "applied", "applied for", "applying", "requested",
        ],
    },
    "specialists_involved": {
        "yes": [
            "yes", "yeah", "yep", "yup", "yes they are", "i think so", "think so", "involved",
            "they have", "seen by", "been seen", "referred", _SPECIALIST,
        ],
        "no": [
            "no", "nope", "nobody", "no one", "none", "not yet", "never", "not involved",
            "dont think so", "do not think so",
            f"{_NEGATION}{_SHORT_GAP} (?:involved|seen|been|had|assessed|specialist|specialists)",
            f"{_SPECIALIST}{_SHORT_GAP} (?:not|isnt|arent|hasnt|havent|never|wasnt)",
            f"no{_SHORT_GAP} {_SPECIALIST}",
        ],
        "not_sure": [*_DOUBT, "maybe", "possibly", "might be", "might have"],
    },
    "progress": {
        "good": [
            "yes", "yeah", "yep", "good", "well", "fine", "great", "ok", "okay", "doing well",
            "making progress", "progressing", "improving", "improved", "better",
            "getting there", "on track", "good progress", "happy",
        ],
        "not_enough": [
            "no", "nope", "not enough", "not much", "no progress", "little progress",
            "going backwards", "backwards", "falling behind", "behind", "well behind",
            "regressing", "regressed", "stuck", "struggling", "worse", "getting worse",
            "slow", "slowly", "stalled", "plateaued", "not really",
            f"{_NEGATION}{_GAP} {_PROGRESS_WORD}",
        ],
        "dont_know": [
            *_DOUBT, "hard to say", "cant tell", "cannot tell", "no one tells me",
            "nobody tells me", "havent been told", "not been told", "not told",
        ],
    },
}

# Long words parents often misspell, the only words a typo is fixed towards. The list was
# checked against the 30,000 commonest English words: targets that ordinary words drifted into
# with a different meaning ("artistic" to "autistic", "processing" to "progressing") were
# left out; the drifts that remain are harmless ("behavior" to "behaviour").
_TYPO_TARGETS: Mapping[str, tuple[str, ...]] = {
    "meeting_purpose": (
        "disagree", "disagreement", "complaint", "assessment", "transition", "review",
        "concerned", "worried", "secondary",
    ),
    "setting": (
        "nursery", "preschool", "reception", "primary", "secondary", "college",
        "kindergarten", "childminder",
    ),
    "need_areas": (
        "communication", "autism", "aspergers", "speech", "language", "dyslexia",
        "dyslexic", "dyscalculia", "dyspraxia", "anxiety", "anxious", "behaviour",
        "behaviours", "emotional", "sensory", "wheelchair", "cerebral", "concentrating",
    ),
    "current_support": ("statement", "assessment", "interventions", "requested"),
    "specialists_involved": (
        "psychologist", "educational", "therapist", "occupational", "paediatrician",
        "specialist", "involved", "physiotherapist",
    ),
    "progress": ("progress", "backwards", "struggling"),
}

_MATCHERS: Mapping[str, Matcher] = MappingProxyType(
    {slot: Matcher(phrases, _TYPO_TARGETS[slot]) for slot, phrases in _PHRASES.items()}
)


def parse_answer(slot: str, text: object) -> str | list[str] | None:
    """The canonical answer in `text` for `slot`, or None when it is unclear.

    A list slot (need_areas) returns a list of every area mentioned. A one-answer slot returns
    a value only when the text points to exactly one (after doubt is taken into account).
    Anything that is not text is not understood. Raises ValueError for an unknown slot, which
    is a programming mistake, not a parent's.
    """
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}; slots are: {', '.join(SLOTS)}")
    if not isinstance(text, str):
        return None
    spec = SLOTS[slot]
    mentions = _MATCHERS[slot].find(text)
    if spec.multiple:
        return list(spec.settle(mentions.kept)) or None
    if spec.unsure is not None and spec.unsure in mentions.seen:
        return spec.unsure
    return mentions.kept[0] if len(mentions.kept) == 1 else None
