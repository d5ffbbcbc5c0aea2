"""Demo forum: categories for the demo subjects and study skills, and twenty threads written
over the past weeks by the demo students and mentors: questions about the demo lessons
(some asked from a wrong answer), answers with formulas, accepted answers, votes, replies
nested past the display depth, and one post hidden by flags waiting for an administrator.

Threads are built from the forum's domain objects with their past dates (like the demo
reviews) and stored through the unit of work; their events are dropped, because history is
not news: nobody is notified or mailed about a discussion from last month. A thread is found
again by its category and title, so running the seed again adds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from adapters.cli.demo_content import AMARA, DANIEL, LUKAS, PRIYA
from adapters.container import Container
from edu_core.domain.forum import (
    Accepter,
    ForumCategory,
    Post,
    PostBody,
    Thread,
    clean_markdown,
    quoted,
)
from edu_core.domain.identity import User
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.ports.forum import ThreadQuery
from edu_core.ports.unit_of_work import UnitOfWork

SAM, MEI = "sam.taylor@mentora.demo", "mei.lin@mentora.demo"
GRACE, INES = "admin@mentora.demo", "ines.duarte@mentora.demo"


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    description: str
    subject: str | None  # the catalog subject it mirrors


CATEGORIES = (
    DemoCategory("physics", "Physics", "Mechanics, energy, waves and circuits.", "physics"),
    DemoCategory("mathematics", "Mathematics", "Algebra, calculus, probability and "
                                               "statistics.", "mathematics"),
    DemoCategory("chemistry", "Chemistry", "Atoms, bonding, reactions and the mole.",
                 "chemistry"),
    DemoCategory("biology", "Biology", "Cells, genetics and how life works.", "biology"),
    DemoCategory("study-skills", "Study skills", "Planning revision, exams and staying "
                                                 "motivated.", None),
)


@dataclass(frozen=True)
class DemoReply:
    author: str
    body: str
    to: int | None = None  # index of the reply it answers (None: the thread)
    votes: tuple[tuple[str, int], ...] = ()  # (voter, +1 or -1)
    flags: tuple[tuple[str, str], ...] = ()  # (flagger, reason)


@dataclass(frozen=True)
class DemoThread:
    category: str
    author: str
    days_ago: int
    title: str
    body: str
    item: str | None = None  # a demo item's key ("Ask about this")
    topic: str | None = None
    quote: str = ""
    replies: tuple[DemoReply, ...] = ()
    accepted: int | None = None  # index of the accepted reply
    votes: tuple[tuple[str, int], ...] = ()  # on the opening post
    watchers: tuple[str, ...] = field(default=())


THREADS = (
    DemoThread(
        "study-skills", GRACE, 30, "Welcome to the Mentora forum: how it works",
        "Ask about anything you are learning. A few tips:\n\n"
        "- Write formulas between dollar signs: `$E = mc^2$` shows as $E = mc^2$, and "
        "`$$...$$` on a line of its own gives a displayed formula.\n"
        "- **Ask about this** on a lesson or a question links your thread to it, so its "
        "mentor hears of it.\n"
        "- Mark the reply that solved your problem as the answer.\n"
        "- Flag posts that break the rules; moderators review every flag.",
        replies=(DemoReply(MEI, "Thanks, the formula tip is really useful!",
                           votes=((SAM, 1),)),),
        votes=((SAM, 1), (MEI, 1), (AMARA, 1))),
    DemoThread(
        "physics", SAM, 21, "Why is there a ½ in kinetic energy?",
        "I multiplied $mv^2$ and got 2880 J, which was marked wrong. Where does the half "
        "come from?", item="amara-kinetic-energy-q",
        quote="A cyclist and her bike have a combined mass of 80 kg and ride at 6.0 m/s. "
              "What is their kinetic energy?\nYour answer: 2880 J",
        replies=(
            DemoReply(AMARA, "Kinetic energy is the work needed to bring the mass from rest "
                             "to speed $v$. With $F = ma$ and $a\\,dx = u\\,du$:\n\n"
                             "$$E_k = \\int_0^v m\\,u\\,du = \\tfrac12 mv^2$$\n\n"
                             "So for the cyclist: $\\tfrac12 \\times 80 \\times 6.0^2 = "
                             "1440\\ \\mathrm{J}$.", votes=((SAM, 1), (MEI, 1))),
            DemoReply(SAM, "Oh, it comes from the integral. That makes sense now, thanks!",
                      to=0),
            DemoReply(MEI, "I made the same mistake last week; the integral view helps."),
        ), accepted=0, votes=((MEI, 1),)),
    DemoThread(
        "physics", MEI, 19, "If every force has an equal and opposite partner, why does "
                            "anything move?",
        "Newton's third law says the forces come in pairs. Don't they cancel out?",
        item="amara-newton-note",
        replies=(
            DemoReply(AMARA, "They act on **different** bodies, so they never cancel on "
                             "the same one. When you push a trolley, the trolley pushes "
                             "back on you, not on itself.", votes=((MEI, 1), (SAM, 1))),
            DemoReply(SAM, "So what decides whether the trolley moves?", to=0),
            DemoReply(AMARA, "The net force **on the trolley**: your push minus friction. "
                             "If $\\sum F > 0$ it accelerates, $a = \\sum F / m$.", to=1),
            DemoReply(MEI, "And my own feet push on the floor, which pushes me forward?",
                      to=2),
            DemoReply(AMARA, "Exactly: friction from the floor is the force that moves you.",
                      to=3),
        ), accepted=0),
    DemoThread(
        "physics", SAM, 15, "Is momentum conserved in inelastic collisions too?",
        "Kinetic energy is lost when two carts stick together. Does momentum get lost "
        "as well?", topic="momentum-collisions",
        replies=(
            DemoReply(AMARA, "Momentum is conserved in **every** collision as long as no "
                             "outside force acts: $m_1 u_1 + m_2 u_2 = (m_1 + m_2) v$. "
                             "Only kinetic energy goes into heat and sound."),
            DemoReply(MEI, "A way to remember: momentum is a vector bookkeeping rule, "
                           "energy just changes form."),
        )),
    DemoThread(
        "physics", MEI, 12, "Why don't astronauts on the ISS feel gravity?",
        "Gravity up there is still about 90% of what it is on the ground.",
        topic="circular-motion-gravitation",
        replies=(
            DemoReply(AMARA, "They are in free fall together with the station: both "
                             "accelerate at $g' = GM/r^2$, so nothing presses them against "
                             "the floor. Weightlessness is the absence of a normal force, "
                             "not of gravity.", votes=((MEI, 1), (SAM, 1))),
        ), accepted=0),
    DemoThread(
        "physics", SAM, 9, "Series vs parallel resistors: any intuition?",
        "I keep mixing up $R = R_1 + R_2$ and $\\frac1R = \\frac1{R_1} + \\frac1{R_2}$.",
        topic="dc-circuits",
        replies=(DemoReply(MEI, "Parallel means more lanes on a road: more ways through, "
                                "so the total resistance drops."),)),
    DemoThread(
        "physics", MEI, 6, "Energy Skate Park: where does the energy go with friction?",
        "With friction on, the skater never reaches the starting height again.",
        item="amara-skate-park",
        replies=(DemoReply(AMARA, "Into thermal energy: the simulation's pie chart shows it "
                                  "growing. Total energy stays the same, $E_k + E_p + E_{th} "
                                  "= \\text{const}$."),)),
    DemoThread(
        "mathematics", SAM, 20, "Why is the derivative of $x^2$ equal to $2x$?",
        "I can apply the rule but I don't see why it is true.",
        item="lukas-derivative-note",
        replies=(
            DemoReply(LUKAS, "Straight from the definition:\n\n"
                             "$$\\lim_{h\\to0} \\frac{(x+h)^2 - x^2}{h} = \\lim_{h\\to0} "
                             "(2x + h) = 2x$$", votes=((SAM, 1), (MEI, 1))),
            DemoReply(SAM, "The $h$ just disappears at the end. Got it!", to=0),
        ), accepted=0),
    DemoThread(
        "mathematics", MEI, 17, "What does a parabola look like when the discriminant is "
                                "negative?",
        "The quadratic formula gives no real roots then. Where is the graph?",
        item="lukas-quadratics-note",
        replies=(
            DemoReply(LUKAS, "Entirely above (or below) the $x$-axis: $b^2 - 4ac < 0$ means "
                             "it never crosses it.", votes=((MEI, 1),)),
            DemoReply(DANIEL, "Try $y = x^2 + 1$: its lowest point is $(0, 1)$."),
        ), accepted=0),
    DemoThread(
        "mathematics", SAM, 14, "Is the integral of 1/x equal to ln x or ln|x|?",
        "My textbook writes $\\ln|x|$ but the lesson example used $\\ln x$.",
        topic="integrals",
        replies=(DemoReply(LUKAS, "$\\int \\frac{dx}{x} = \\ln|x| + C$ holds for "
                                  "$x < 0$ too. Where $x > 0$ is given, $\\ln x$ is the same "
                                  "thing."),), accepted=0),
    DemoThread(
        "mathematics", MEI, 11, "Monty Hall: why does switching win 2/3 of the time?",
        "It feels like 50/50 once a door is opened.", item="daniel-probability-note",
        replies=(
            DemoReply(DANIEL, "Your first pick is right with probability $\\frac13$. The "
                              "host always opens a goat door, so switching wins exactly when "
                              "your first pick was wrong: $\\frac23$.",
                      votes=((MEI, 1), (SAM, 1))),
            DemoReply(SAM, "Imagine 100 doors and the host opens 98 of them. Switching "
                           "suddenly feels obvious."),
        ), accepted=0),
    DemoThread(
        "mathematics", SAM, 8, "Mean or median for skewed data?",
        "Our class's pocket money data has one huge value.", topic="descriptive-statistics",
        replies=(DemoReply(DANIEL, "The median: one extreme value drags the mean but "
                                   "barely moves the median."),)),
    DemoThread(
        "mathematics", MEI, 4, "How do you remember the log rules?",
        "$\\log(ab)$, $\\log(a/b)$, $\\log(a^n)$... I always mix them up.",
        topic="exponents-logarithms",
        replies=(DemoReply(LUKAS, "Logs turn multiplication into addition, because "
                                  "exponents add: $10^a \\cdot 10^b = 10^{a+b}$. Every rule "
                                  "follows from that one."),)),
    DemoThread(
        "chemistry", SAM, 18, "How many molecules are in 0.5 mol of water?",
        "Is it just half of Avogadro's number?", item="priya-mole-note",
        replies=(DemoReply(PRIYA, "Yes: $N = n N_A = 0.5 \\times 6.022 \\times 10^{23} "
                                  "\\approx 3.01 \\times 10^{23}$ molecules.",
                           votes=((SAM, 1),)),), accepted=0),
    DemoThread(
        "chemistry", MEI, 13, "Balancing the combustion of propane",
        "$C_3H_8 + O_2 \\to CO_2 + H_2O$: where do I start?", item="priya-balancing-note",
        replies=(DemoReply(PRIYA, "Balance C first (3 $CO_2$), then H (4 $H_2O$), and "
                                  "oxygen last: $C_3H_8 + 5O_2 \\to 3CO_2 + 4H_2O$.",
                           votes=((MEI, 1),)),), accepted=0),
    DemoThread(
        "chemistry", SAM, 7, "Why does 4s fill before 3d?",
        "The numbers suggest 3 should come before 4.", topic="electron-configuration",
        replies=(DemoReply(PRIYA, "For potassium and calcium the 4s orbital is lower in "
                                  "energy: it penetrates closer to the nucleus. Once 3d "
                                  "starts filling, the order shifts again."),)),
    DemoThread(
        "biology", SAM, 10, "Mitosis vs meiosis in one table?",
        "I need a quick overview for tomorrow.", topic="cell-division",
        replies=(DemoReply(MEI, "| | Mitosis | Meiosis |\n|---|---|---|\n"
                                "| Divisions | 1 | 2 |\n| Daughter cells | 2 | 4 |\n"
                                "| Chromosomes | $2n$ | $n$ |",
                           votes=((SAM, 1),)),)),
    DemoThread(
        "biology", MEI, 5, "Transcription vs translation: where does each happen?",
        "Nucleus or cytoplasm?", topic="dna-protein-synthesis",
        replies=(DemoReply(SAM, "Transcription (DNA to mRNA) in the nucleus, translation "
                                "(mRNA to protein) at the ribosomes in the cytoplasm."),)),
    DemoThread(
        "study-skills", SAM, 3, "Planning revision for three exams in one week",
        "Physics, maths and chemistry all in the same week. How would you split the time?",
        replies=(
            DemoReply(DANIEL, "Interleave: short blocks of each subject every day beat one "
                              "subject per day. Start each block with old exam questions.",
                      votes=((SAM, 1), (MEI, 1))),
            DemoReply(LUKAS, "And sleep. Really."),
            DemoReply(INES, "I give private lessons at half the price of this platform. "
                            "Message me on WhatsApp and we skip the fees.",
                      flags=((SAM, "Advertising outside the platform"),
                             (MEI, "Asks to move off the platform"),
                             (LUKAS, "Spam"))),
            DemoReply(MEI, "I use a wall calendar with one colour per subject.", to=0),
        ), watchers=(MEI,)),
    DemoThread(
        "study-skills", MEI, 1, "Does studying with music help?",
        "Some friends swear by it, others say it distracts them.",
        replies=(DemoReply(PRIYA, "Lyrics compete with reading for the same attention; "
                                  "instrumental music is usually fine."),)),
)


async def _categories(container: Container, at: datetime) -> dict[str, ForumCategory]:
    found: dict[str, ForumCategory] = {}
    async with container.uow()() as uow:
        existing = {x.category.slug: x.category for x in await uow.forum.categories()}
        for position, demo in enumerate(CATEGORIES):
            if demo.slug in existing:
                found[demo.slug] = existing[demo.slug]
                continue
            subject = await uow.catalog.subject_by_slug(demo.subject) if demo.subject else None
            category = ForumCategory.create(name=demo.name, slug=demo.slug,
                                            description=demo.description, position=position,
                                            subject_id=subject.id if subject else None, now=at)
            uow.forum.save_category(category)
            found[demo.slug] = category
        await uow.commit()
    return found


async def _titles(uow: UnitOfWork, category_id: UUID) -> set[str]:
    found = await uow.forum.threads(ThreadQuery(category_id=category_id),
                                    PageRequest(1, MAX_PAGE_SIZE))
    return {x.thread.title for x in found.items}


async def seed_forum(container: Container, items: dict[str, UUID]) -> int:
    """Creates the demo categories and the threads that do not exist yet; returns how many
    threads it created. ``items`` are the demo content items by key."""
    now = container.clock().now()
    categories = await _categories(container, now)
    render = container.markdown().render

    def body(markdown: str) -> PostBody:
        source = clean_markdown(markdown)
        return PostBody.of(source, render(source))

    created = 0
    for demo in THREADS:
        category = categories[demo.category]
        async with container.uow()() as uow:
            people = {e: await uow.users.get_by_email(e) for e in
                      {demo.author, *(r.author for r in demo.replies)}}
            if any(p is None for p in people.values()) or demo.title in await _titles(
                    uow, category.id):
                continue
            item = await uow.content.get(items[demo.item]) if demo.item in items else None
            topic = await uow.catalog.topic_by_slug(demo.topic) if demo.topic else None
            at = now - timedelta(days=demo.days_ago)
            linked = item is not None and item.live is not None
            thread, opening = Thread.start(
                category_id=category.id, author_id=_id(people, demo.author), title=demo.title,
                body=body(quoted(demo.quote, demo.body)), now=at,
                topic_id=item.topic_id if item is not None and linked else (
                    topic.id if topic else None),
                item_id=item.id if item is not None and linked else None,
                item_mentor_id=item.mentor_id if item is not None and linked else None)
            _quiet(thread, opening)
            uow.forum.add_thread(thread, opening)
            await uow.commit()
        posts = await _replies(container, demo, thread, opening, people, body, at)
        await _reactions(container, demo, thread, opening, posts, at)
        created += 1
    return created


def _id(people: dict[str, User | None], email: str) -> UUID:
    person = people[email]
    if person is None:
        raise LookupError(email)
    return person.id


def _quiet(*aggregates: Thread | Post) -> None:
    """History, not news: no notices, mails or live pushes for a past discussion."""
    for aggregate in aggregates:
        aggregate.events.clear()


async def _replies(container: Container, demo: DemoThread, thread: Thread, opening: Post,
                   people: dict[str, User | None], body: Callable[[str], PostBody],
                   at: datetime) -> list[Post]:
    posts: list[Post] = []
    async with container.uow()() as uow:
        for index, found in enumerate(demo.replies):
            number = await uow.forum.next_post_number(thread.id)
            parent = posts[found.to] if found.to is not None else opening
            post = Post.reply(thread_id=thread.id, number=number,
                              author_id=_id(people, found.author),
                              body=body(found.body),
                              parent=parent, now=at + timedelta(hours=3 * (index + 1)))
            _quiet(post)
            uow.forum.add_post(post)
            posts.append(post)
        for email in demo.watchers:
            await uow.forum.set_watching(thread.id, _id(people, email), True, at)
        await uow.commit()
    return posts


async def _reactions(container: Container, demo: DemoThread, thread: Thread, opening: Post,
                     posts: list[Post], at: datetime) -> None:
    """Votes, flags and the accepted answer, a day after the thread started."""
    later = at + timedelta(days=1)
    async with container.uow()() as uow:
        voters = {e: await uow.users.get_by_email(e) for e in
                  {v for r in demo.replies for v, _ in (*r.votes, *r.flags)}
                  | {v for v, _ in demo.votes}}
        for target, found in [(opening, demo.votes), *((p, r.votes) for p, r in
                                                       zip(posts, demo.replies, strict=True))]:
            for email, value in found:
                voter = voters[email]
                if voter is not None and voter.id != target.author_id:
                    await uow.forum.vote(target.id, voter.id, value, later)
        for post, reply in zip(posts, demo.replies, strict=True):
            if not reply.flags:
                continue
            flagged = await uow.forum.post(post.id, for_update=True)
            if flagged is None:
                continue
            for minutes, (email, reason) in enumerate(reply.flags):
                flagger = voters[email]
                if flagger is not None:
                    flagged.flag(flagger.id, reason, later + timedelta(minutes=minutes))
            _quiet(flagged)
        if demo.accepted is not None:
            loaded = await uow.forum.thread(thread.id, for_update=True)
            answer = await uow.forum.post(posts[demo.accepted].id)
            if loaded is not None and answer is not None:
                loaded.accept(answer, Accepter(loaded.author_id), later)
                _quiet(loaded)
        await uow.commit()
