"""How letters honour a person's communication needs (the Accessible Information Standard, ADR 41), for the letter
PDF and the staff pages: which version of a letter they get, its easy-read layout, and what staff must arrange
before sending because WithUs cannot make it (braille, audio)."""

import re
from dataclasses import dataclass

from withus.core.easy_read import picture_data_url
from withus.notifications.models import Channel
from withus.people.models import CommunicationNeed

# What WithUs cannot make itself, so must never pretend to: the person sending the letter arranges it.
ARRANGE_BEFORE_SENDING = {
    CommunicationNeed.BRAILLE.value: "Needs braille: arrange a braille copy before sending",
    CommunicationNeed.AUDIO.value: "Needs audio: arrange an audio version before sending",
}

# A picture for each part of an easy-read letter, from the words in it: the first that matches wins, and a part
# that matches none gets the envelope. The words say everything; the picture only helps the eye find each part.
_PICTURE_WORDS = (
    ("hand", r"^(dear|hello|hi)\b"),
    ("money", r"£|\b(pay|paid|payment|payments|claim|claims|money|expenses)\b"),
    ("phone", r"\b(ring|rings|phone|phoned|call|calls|text)\b"),
    ("calendar", r"\b(today|tomorrow|date|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)\b"),
    ("clock", r"\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b(time|o'clock)\b"),
    ("place", r"\b(ward|room|address|building|venue)\b"),
    ("story", r"\b(said|told|story|feedback|you said)\b"),
    ("idea", r"\b(idea|ideas)\b"),
    ("help", r"\b(help|support|friend|carer)\b"),
    ("star", r"\b(thank|thanks|well done)\b"),
    ("people", r"\b(team|lead|group|panel|meeting|together)\b"),
    ("tick", r"\b(place|selected|chosen|agreed|yes)\b"),
)
# What each picture shows: a tagged PDF (PDF/UA) needs a text alternative for every picture.
PICTURE_DESCRIPTIONS = {
    "hand": "A raised hand",
    "money": "A pound coin",
    "phone": "A telephone",
    "calendar": "A calendar page",
    "clock": "A clock",
    "place": "A map pin",
    "story": "A speech bubble",
    "idea": "A light bulb",
    "help": "A hand helping",
    "star": "A star",
    "people": "Two people",
    "tick": "A tick in a circle",
    "letter": "An envelope",
}
# Full stops of the letters' languages too: Urdu ۔ and ؟, Bengali ।.
_SENTENCE_END = re.compile(r"(?<=[.!?۔؟।])\s+")


@dataclass(frozen=True)
class EasyIdea:
    picture: str  # a data: URL, so the PDF reads no file
    description: str  # the picture's text alternative
    lines: list[str]


def needs_of(message) -> list[str]:
    return list((message.person.communication_needs if message.person else None) or [])


def letter_version(message) -> str:
    """ "easy_read", "large_print" or "standard": easy read wins (it is in large type too)."""
    needs = needs_of(message)
    if CommunicationNeed.EASY_READ in needs:
        return CommunicationNeed.EASY_READ.value
    if CommunicationNeed.LARGE_PRINT in needs:
        return CommunicationNeed.LARGE_PRINT.value
    return "standard"


def arrange_before_sending(message) -> list[str]:
    """What staff must arrange before a letter goes (a braille copy, an audio version); nothing for other channels,
    which reach the person through their own device and its screen reader."""
    if message.channel != Channel.LETTER:
        return []
    needs = needs_of(message)
    return [text for code, text in ARRANGE_BEFORE_SENDING.items() if code in needs]


def _picture_for(part: str) -> str:
    lowered = part.lower()
    for picture, words in _PICTURE_WORDS:
        if re.search(words, lowered):
            return picture
    return "letter"


def easy_read_ideas(body: str) -> list[EasyIdea]:
    """The letter's words laid out for easy read: each paragraph one part with its picture on the left, and each
    sentence (or line) on a line of its own. The words are the message's own: nothing is added or left out."""
    ideas = []
    for paragraph in body.replace("\r\n", "\n").split("\n\n"):
        lines = [
            sentence.strip()
            for line in paragraph.split("\n")
            for sentence in _SENTENCE_END.split(line.strip())
            if sentence.strip()
        ]
        if lines:
            picture = _picture_for(paragraph)
            ideas.append(
                EasyIdea(picture=picture_data_url(picture), description=PICTURE_DESCRIPTIONS[picture], lines=lines)
            )
    return ideas
