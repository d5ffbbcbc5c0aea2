"""A demo session chat: Sam's circuits session with Amara (one of the demo reviews' past
sessions) has the conversation they had during it, formulas included, so the room, its
history and its transcripts have something to show. Messages carry fixed client ids: running
the seed again stores nothing new."""

from datetime import timedelta
from uuid import uuid5

from adapters.cli.demo_reviews import NAMESPACE, REVIEWS
from adapters.container import Container
from edu_core.domain.chat import ChatMessage, ChatRoom

# The review of Sam's session with Amara nine days ago (circuits).
SESSION_KEY = 2
CONVERSATION = (
    (0, "student", "Hi Amara! I'm here. I brought the circuit from problem 4."),
    (1, "mentor", "Great, let's start there. What is the total resistance of two resistors "
                  "in parallel?"),
    (3, "student", "Is it $R = R_1 + R_2$?"),
    (4, "mentor", "That is for resistors in series. In parallel the reciprocals add:\n\n"
                  "$$\\frac{1}{R} = \\frac{1}{R_1} + \\frac{1}{R_2}$$"),
    (6, "student", "So with $R_1 = 6\\,\\Omega$ and $R_2 = 3\\,\\Omega$ I get "
                   "$R = 2\\,\\Omega$?"),
    (7, "mentor", "Exactly. Now use Ohm's law, $I = \\frac{V}{R}$, for the current from a "
                  "12 V battery."),
    (9, "student", "$I = 6\\,\\text{A}$. That makes sense now, thank you!"),
)


async def seed_chat(container: Container) -> int:
    """Stores the demo conversation where it is missing; returns how many messages."""
    review = REVIEWS[SESSION_KEY]
    session_id = uuid5(NAMESPACE, f"{review.mentor}/{review.student}/{SESSION_KEY}")
    render = container.markdown().render
    created = 0
    async with container.uow()() as uow:
        session = await uow.bookings.get(session_id)
        if session is None:
            return 0
        room = ChatRoom.of(session)
        for index, (minute, role, body) in enumerate(CONVERSATION):
            sender = room.student_id if role == "student" else room.mentor_id
            message = ChatMessage.compose(
                room, sender_id=sender, client_id=f"demo-chat-{index:04d}", body=body,
                html=render(body), attachments=[],
                now=session.starts_at + timedelta(minutes=minute))
            _, stored = await uow.chat.append(message)
            created += stored
        await uow.commit()
    return created
