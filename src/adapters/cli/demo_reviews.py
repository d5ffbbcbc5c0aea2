"""Demo reviews: the verified demo mentors have had sessions with the demo students, and the
students reviewed them (some with the mentor's reply).

Reviews need completed sessions, so each is seeded as a session that took place weeks ago:
held, paid and completed, with that history and its money in the ledger. The sessions' own
events are dropped (they are history, not news: nobody is mailed about a session long past),
the reviews' are kept (the mentors find them among their notices). Session ids derive from a
fixed key, so running the seed again adds nothing.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from uuid import UUID, uuid5

from adapters.container import Container
from edu_core.domain.bookings import COMPLAINT_WINDOW, CancellationPolicy, MentoringSession
from edu_core.domain.bookings import ledger as books
from edu_core.domain.bookings.policy import session_price
from edu_core.domain.reviews import Review

NAMESPACE = UUID("6f1d3c52-6a55-4c38-9d0e-5be0c1a7d2a4")
SAM, MEI = "sam.taylor@mentora.demo", "mei.lin@mentora.demo"


@dataclass(frozen=True)
class DemoReview:
    mentor: str
    student: str
    days_ago: int
    rating: int
    text: str
    reply: str = ""


REVIEWS = (
    DemoReview("amara.okafor@mentora.demo", SAM, 40, 5,
               "Amara made Newton's laws click for me. We drew free-body diagrams until I "
               "could do them without thinking, and my last test went really well.",
               "Thank you, Sam! Keep drawing those diagrams."),
    DemoReview("amara.okafor@mentora.demo", MEI, 25, 5,
               "Clear, patient and fun. The kitchen experiment on friction was brilliant."),
    DemoReview("amara.okafor@mentora.demo", SAM, 9, 4,
               "Good session on circuits; we ran a bit short of time for the last problem."),
    DemoReview("lukas.becker@mentora.demo", MEI, 33, 5,
               "Derivatives finally make sense. Lukas starts from pictures, then the formulas "
               "feel obvious.", "Danke, Mei! See you for integrals."),
    DemoReview("lukas.becker@mentora.demo", SAM, 12, 4,
               "Very structured. I would have liked a few more practice problems to take "
               "home."),
    DemoReview("priya.raman@mentora.demo", MEI, 28, 5,
               "Priya explained the mole in ten minutes better than my textbook did in a "
               "chapter."),
    DemoReview("priya.raman@mentora.demo", SAM, 15, 5,
               "Great tips for balancing equations, and a revision plan I actually follow.",
               "So glad it helps, Sam!"),
    DemoReview("daniel.reyes@mentora.demo", SAM, 21, 4,
               "Probability with basketball stats: memorable and useful for the SAT."),
    DemoReview("daniel.reyes@mentora.demo", MEI, 7, 3,
               "Helpful, but we spent a long time on things I already knew."),
)


def past_session(*, student_id: UUID, mentor_id: UUID, starts_at: datetime, minutes: int,
                 price: int, currency: str, session_id: UUID | None = None
                 ) -> MentoringSession:
    """A session that took place: held and paid two days before, completed by the mentor an
    hour after its end, with that history. Its events are dropped (history, not news)."""
    booked = starts_at - timedelta(days=2)
    session = MentoringSession.hold(
        student_id=student_id, mentor_id=mentor_id, starts_at=starts_at, minutes=minutes,
        price=price, currency=currency, cancellation=CancellationPolicy(),
        hold_for=timedelta(minutes=10), now=booked)
    if session_id is not None:
        session.id = session_id
    session.confirm(price, booked + timedelta(minutes=2), payment_ref=f"demo_{session.id.hex}")
    session.complete(session.ends_at + timedelta(hours=1), actor=mentor_id)
    session.events.clear()
    return session


async def seed_reviews(container: Container) -> int:
    """Creates the demo sessions and reviews that do not exist yet; returns how many."""
    created = 0
    now = container.clock().now()
    commission_bp = container.settings().commission_bp
    for index, demo in enumerate(REVIEWS):
        session_id = uuid5(NAMESPACE, f"{demo.mentor}/{demo.student}/{index}")
        async with container.uow()() as uow:
            mentor = await uow.users.get_by_email(demo.mentor)
            student = await uow.users.get_by_email(demo.student)
            profile = await uow.mentors.get(mentor.id) if mentor else None
            if mentor is None or student is None or profile is None or \
                    not profile.is_public or profile.hourly_rate_cents is None or \
                    await uow.bookings.get(session_id):
                continue
            day = (now - timedelta(days=demo.days_ago)).date()
            starts_at = datetime.combine(day, time(9 + index % 8), tzinfo=now.tzinfo)
            session = past_session(
                student_id=student.id, mentor_id=mentor.id, starts_at=starts_at, minutes=60,
                price=session_price(profile.hourly_rate_cents, 60), currency=profile.currency,
                session_id=session_id)
            uow.bookings.add(session)
            paid_at = session.history[1].at
            uow.ledger.post(books.payment_received(
                session_id=session.id, mentor_id=mentor.id, gross=session.price,
                currency=session.currency, at=paid_at, commission_bp=commission_bp))
            if session.complaint_deadline <= now:
                uow.ledger.post(books.release(
                    session_id=session.id, mentor_id=mentor.id,
                    net=session.price - books.commission_of(session.price, commission_bp),
                    currency=session.currency, at=session.ends_at + COMPLAINT_WINDOW))
            review = Review.post(session, rating=demo.rating, text=demo.text,
                                 now=session.ends_at + timedelta(hours=3))
            if demo.reply:
                review.answer(demo.reply, review.created_at + timedelta(hours=5))
            uow.reviews.add(review)
            await uow.commit()
            created += 1
    return created
