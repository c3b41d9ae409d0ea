"""The national digital competence framework (Thông tư 02/2025/TT-BGDĐT) as a short self-assessment.

The circular describes six areas of digital competence. Each area here has two questions a member
answers on a phone; each answer is one of four levels, written as what the person actually does, so
the level is chosen by recognising oneself rather than by rating oneself. An area's level is the
mean of its answers (a half rounds up); the overall level is the mean of the six areas (a half rounds
down: one strong area does not lift the whole). Levels 1–4 mean the same as the members'
digital skill scale (members.DigitalSkill: basic, confident user, can guide others, trainer).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4)


class Area(models.TextChoices):
    DATA = "data", _("Data and information literacy")
    COMMUNICATION = "communication", _("Communication and collaboration online")
    CONTENT = "content", _("Digital content creation")
    SAFETY = "safety", _("Safety")
    PROBLEMS = "problems", _("Problem solving")
    AI = "ai", _("Using artificial intelligence")


@dataclass(frozen=True)
class Question:
    code: str
    area: str
    text: str
    answers: tuple  # four answers, level 1 to level 4


QUESTIONS = (
    Question("data_search", Area.DATA, _("When you need information (a procedure, a price, a timetable), what do you do?"), (
        _("I ask someone; I rarely search on the phone."),
        _("I search on Google or Zalo and read the first results."),
        _("I compare several sources and check the official site (gov.vn, the commune's page)."),
        _("I show others how to search well and tell true information from false."),
    )),
    Question("data_files", Area.DATA, _("How do you keep your papers and photos of documents?"), (
        _("They stay in the phone's gallery, mixed with everything else."),
        _("I keep them in a folder or in Zalo's “My Documents”."),
        _("I keep them in the cloud (Google Drive, VNeID's document wallet) and find them quickly."),
        _("I set up shared folders for my branch or team and keep them in order."),
    )),
    Question("comm_tools", Area.COMMUNICATION, _("Which online tools do you use to work with others?"), (
        _("Calls and messages only."),
        _("Zalo or Messenger groups, with photos and files."),
        _("Video meetings (Zoom, Google Meet) and shared documents."),
        _("I run online branch meetings and set up the group's tools myself."),
    )),
    Question("comm_services", Area.COMMUNICATION, _("Online public services and VNeID: what can you do?"), (
        _("I have not used them yet."),
        _("I have a VNeID account and use it for myself."),
        _("I submit applications on the National Public Service Portal and help family members."),
        _("I guide citizens through VNeID level 2 and online applications step by step."),
    )),
    Question("content_make", Area.CONTENT, _("Making a post, a poster or a short video for your branch:"), (
        _("I have never made one."),
        _("I post photos with a short text."),
        _("I make posters or short videos with Canva or CapCut."),
        _("I plan the content of a page or channel and teach others to make it."),
    )),
    Question("content_rights", Area.CONTENT, _("Using pictures, music or texts made by others:"), (
        _("I take whatever I find."),
        _("I know some of it is protected, but I do not check."),
        _("I use free sources and name the author."),
        _("I explain copyright and licences to others and check our branch's posts."),
    )),
    Question("safety_scams", Area.SAFETY, _("A message asks you to click a link to “update your account”:"), (
        _("I would probably click it."),
        _("I am unsure; I ask someone first."),
        _("I recognise a scam, do not click and report it."),
        _("I warn others and teach them how to spot scams and protect their data."),
    )),
    Question("safety_accounts", Area.SAFETY, _("How do you protect your accounts?"), (
        _("One simple password for everything."),
        _("Different passwords, but no other protection."),
        _("Strong passwords and two-step verification on the important accounts."),
        _("I help others secure their phones and accounts and recover hacked ones."),
    )),
    Question("problems_fix", Area.PROBLEMS, _("An app does not work or the phone is full:"), (
        _("I wait for someone to fix it."),
        _("I restart it or reinstall the app."),
        _("I find the cause (updates, storage, permissions) and fix it."),
        _("People bring me their phones and I solve their problems."),
    )),
    Question("problems_choose", Area.PROBLEMS, _("Finding a digital way to do a task (a sign-up form, a list, a payment):"), (
        _("I do it on paper."),
        _("I use the tool someone set up for me."),
        _("I choose and set up a tool myself (Google Forms, a spreadsheet, a QR payment)."),
        _("I digitise a whole task for my branch or commune and train the people who use it."),
    )),
    Question("ai_use", Area.AI, _("Have you used AI assistants (ChatGPT, Gemini, Zalo AI)?"), (
        _("Never."),
        _("A few times, to ask questions."),
        _("Often, to draft texts, summarise or translate, and I rewrite the result."),
        _("I use them in my work and show others how to write good requests."),
    )),
    Question("ai_check", Area.AI, _("An AI gives you an answer about a procedure or a law:"), (
        _("I do not know whether it can be trusted."),
        _("I usually trust it."),
        _("I check it against an official source and never paste personal data into it."),
        _("I teach others the limits and risks of AI and how to check its answers."),
    )),
)

QUESTION_BY_CODE = {q.code: q for q in QUESTIONS}


def questions_of(area: str) -> list[Question]:
    return [q for q in QUESTIONS if q.area == area]


def _round(value: Decimal, rounding) -> int:
    return int(value.quantize(Decimal(1), rounding=rounding))


def area_levels(answers: dict[str, int]) -> dict[str, int]:
    """{question code: level} → {area: level 1–4}; every question must be answered."""
    out = {}
    for area in Area.values:
        got = [answers[q.code] for q in questions_of(area)]
        out[area] = _round(Decimal(sum(got)) / len(got), ROUND_HALF_UP)
    return out


def overall_level(levels: dict[str, int]) -> int:
    return _round(Decimal(sum(levels.values())) / len(levels), ROUND_HALF_DOWN)
