"""Demo mentor profiles: verified mentors with photos, rates, topics and weekly availability in
their own time zones, and applicants waiting in the admin's review queue."""

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import time

from PIL import Image, ImageDraw, ImageFont

from adapters.container import Container
from edu_core.domain.availability import Availability, AvailabilityRules, WeeklyWindow
from edu_core.domain.files import FileKind
from edu_core.domain.mentors import MentorProfile, VerificationDocument


@dataclass(frozen=True)
class DemoMentor:
    email: str
    headline: str
    bio: str
    languages: tuple[str, ...]
    rate_cents: int
    currency: str
    topics: tuple[str, ...]  # catalog slugs
    color: tuple[int, int, int]
    verified: bool = True
    # (weekdays, start, end) in the mentor's own time zone
    hours: tuple[tuple[tuple[int, ...], time, time], ...] = ()


WEEKDAYS = (0, 1, 2, 3, 4)
MENTORS = (
    DemoMentor(
        "amara.okafor@mentora.demo", "Physics olympiad coach and former CERN summer student",
        "I help secondary-school students fall in love with mechanics and electricity. We work "
        "through problems together, sketch free-body diagrams until they feel natural, and "
        "build intuition with quick experiments you can do at home.\n\nStudents I coached "
        "reached national physics olympiad finals three years running.",
        ("en", "yo", "fr"), 3500, "EUR",
        ("newtons-laws", "kinematics-1d", "work-energy-power", "electric-fields", "dc-circuits"),
        (79, 70, 229), hours=((WEEKDAYS, time(16, 0), time(20, 0)), ((5,), time(10), time(13)))),
    DemoMentor(
        "lukas.becker@mentora.demo", "Maths teacher: calculus without the fear",
        "Twelve years teaching Gymnasium mathematics in Berlin. I explain limits, derivatives "
        "and integrals with pictures first and formulas second, and I am patient with gaps "
        "from earlier years: we fill them as we go.",
        ("de", "en"), 4500, "EUR",
        ("limits-continuity", "derivatives", "integrals", "quadratic-equations",
         "exponents-logarithms"),
        (13, 148, 136), hours=((WEEKDAYS, time(9), time(12)), ((0, 2), time(17), time(19)))),
    DemoMentor(
        "priya.raman@mentora.demo", "Chemistry PhD: from the mole to organic reactions",
        "I did my PhD in physical chemistry at IISc Bengaluru and have tutored JEE and IB "
        "students for six years. Stoichiometry, bonding and acids and bases become easy once "
        "you see the few ideas underneath them.",
        ("en", "hi", "ta"), 150000, "INR",
        ("the-mole", "balancing-equations", "acids-bases", "ionic-covalent-bonds",
         "electron-configuration"),
        (217, 119, 6), hours=((WEEKDAYS, time(18), time(21, 30)), ((5, 6), time(9), time(12)))),
    DemoMentor(
        "daniel.reyes@mentora.demo", "Statistics and SAT maths, explained with real data",
        "Data analyst by day, tutor by evening. I teach probability and statistics with data "
        "sets you care about (sports, music, games) and prepare students for SAT maths.",
        ("en", "es"), 5000, "USD",
        ("probability-basics", "descriptive-statistics", "linear-equations",
         "trigonometric-functions"),
        (220, 38, 38), hours=((WEEKDAYS, time(18), time(21)), ((5,), time(9), time(12)))),
    DemoMentor(
        "noah.fischer@mentora.demo", "Biology tutor and medical student",
        "Fourth-year medical student who loves genetics. I can help with cell biology, "
        "Mendelian inheritance and DNA, and with making a revision plan that sticks.",
        ("de", "en"), 2500, "EUR", ("mendelian-inheritance", "dna-protein-synthesis",
                                    "cell-structure"),
        (22, 163, 74), verified=False),
    DemoMentor(
        "ines.duarte@mentora.demo", "Geometry and trigonometry, step by step",
        "Former engineer, now a full-time maths tutor in Lisbon. Triangles, the unit circle "
        "and identities, one clear step at a time.",
        ("pt", "en", "es"), 3000, "EUR", ("pythagorean-theorem", "trigonometric-functions"),
        (190, 24, 93), verified=False),
)

# A one-page PDF standing in for a diploma scan: enough to preview in the admin console.
DIPLOMA = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
           b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
           b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
           b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
           b"4 0 obj<</Length 58>>stream\nBT /F1 28 Tf 120 700 Td (Certificate of Teaching) Tj "
           b"ET\nendstream endobj\n"
           b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")


def avatar(name: str, color: tuple[int, int, int]) -> bytes:
    """A 256 px initials portrait, so the demo needs no stock photos."""
    image = Image.new("RGB", (256, 256), color)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=104)
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(((256 - (box[2] - box[0])) / 2 - box[0], (256 - (box[3] - box[1])) / 2 - box[1]),
              initials, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def seed_mentors(container: Container) -> int:
    """Creates the profiles that do not exist yet; returns how many."""
    created = 0
    clock, uploads = container.clock(), container.uploads()
    for demo in MENTORS:
        async with container.uow()() as uow:
            user = await uow.users.get_by_email(demo.email)
            if user is None or await uow.mentors.get(user.id) is not None:
                continue
            topics = [t for slug in demo.topics if (t := await uow.catalog.topic_by_slug(slug))]
        now = clock.now()
        profile = MentorProfile.start(user.id, timezone=user.timezone, now=now)
        profile.update_profile(now, headline=demo.headline, bio=demo.bio,
                               languages=demo.languages, hourly_rate_cents=demo.rate_cents,
                               currency=demo.currency)
        profile.set_topics([t.id for t in topics], now)
        # Files last: a profile the rules refuse leaves no orphaned blobs behind.
        photo = await uploads.store(FileKind.AVATAR, _chunks(avatar(user.display_name,
                                                                    demo.color)),
                                    filename="portrait.png", content_type="image/png")
        diploma = await uploads.store(FileKind.VERIFICATION_DOCUMENT, _chunks(DIPLOMA),
                                      filename="teaching-certificate.pdf",
                                      content_type="application/pdf")
        profile.set_photo(photo.key, now)
        profile.add_document(VerificationDocument(
            blob_key=diploma.key, filename=diploma.filename, content_type=diploma.content_type,
            size=diploma.size, uploaded_at=now), now)
        profile.submit(now)
        if demo.verified:
            profile.verify(now)
        profile.events.clear()  # demo data: no "you are verified" mails
        async with container.uow()() as uow:
            await uow.mentors.save(profile)
            if demo.hours:
                await uow.availability.save(Availability(
                    mentor_id=user.id,
                    rules=AvailabilityRules(timezone=user.timezone, session_lengths=(30, 60, 90),
                                            buffer_minutes=15, min_notice_minutes=12 * 60,
                                            horizon_days=60),
                    weekly=tuple(WeeklyWindow(day, start, end)
                                 for days, start, end in demo.hours for day in days)))
            await uow.commit()
        created += 1
    return created
