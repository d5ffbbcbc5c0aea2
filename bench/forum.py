"""Forum reading latency: a long thread and a large listing, the HTTP API next to its SQL.

Seeds a forum into a fresh database with COPY, as the app would have written it: the domain's
constructors and methods build every thread and post (paths, depths, flattened replies, edits
with their revisions, deletions, flags, moderation, accepted answers) and the repository's
column mapping turns them into rows. THREADS threads (default 100,000) spread over 20
categories of very different sizes, started over three years (more of them lately), each with
its opening post, a few replies (none for 15 %, median 2, a long tail up to 300) and their
votes; and one solved thread of POSTS posts (default 5,000) whose replies answer the thread or
one another (depths 1-3, deeper answers flattened).

The real app is served with uvicorn and read anonymously. Every run of a case is one API
request followed by EXPLAIN ANALYZE of the statements such a request sends (captured from the
app's engine once per case): the SQL column is PostgreSQL's own execution time of all of them,
so the difference is the API's overhead (pool, round trips, Python, JSON, HTTP). Cases: the long
thread's first page; the page after its first 80 %, reached by the API's cursor (found by
paging through the whole thread once, which also checks that every readable post comes exactly
once, in threaded order); a ``#post-N`` link to that page; the listing by latest activity
(pages 1 and 50: it pages by offset), one category, unsolved threads, and both.

    uv run python bench/forum.py [--threads 100000] [--posts 5000] [--runs 100]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container
from adapters.db.forum_repository import post_values, thread_values
from adapters.http.app import create_app
from edu_core.application.forum import DEFAULT_POSTS_PER_PAGE
from edu_core.domain.forum import (
    Accepter,
    ModerationAction,
    Post,
    PostBody,
    PostStatus,
    Thread,
    clean_markdown,
)
from edu_core.ports.content import MarkdownRenderer
from figures import bench_database, pct  # bench/ is the script's folder
from tests.support.live_server import live_server

HISTORY = timedelta(days=3 * 365)
LONG_THREAD_AGE = timedelta(days=120)
THREADS_PER_PAGE = 20
# Each category's words for titles and posts; listed from the busiest to the quietest.
CATEGORIES: dict[str, list[str]] = {
    "Algebra": ["quadratic equations", "factoring", "linear systems", "inequalities",
                "polynomials", "logarithms", "exponents"],
    "Calculus": ["limits", "derivatives", "the chain rule", "integrals",
                 "integration by parts", "series", "optimisation"],
    "Mechanics": ["Newton's laws", "momentum", "friction", "projectiles", "energy",
                  "circular motion", "torque"],
    "General chemistry": ["moles", "stoichiometry", "bonding", "the periodic table",
                          "gas laws", "equilibrium", "titration"],
    "Exam preparation": ["revision plans", "past papers", "time management", "the final exam",
                         "mock tests", "formula sheets"],
    "Geometry": ["similar triangles", "circle theorems", "vectors", "proofs", "coordinates",
                 "trigonometry"],
    "Probability and statistics": ["conditional probability", "the binomial distribution",
                                   "standard deviation", "hypothesis tests", "Bayes' rule",
                                   "sampling"],
    "Cell biology": ["mitosis", "meiosis", "the cell membrane", "enzymes", "respiration",
                     "photosynthesis"],
    "Electricity": ["Ohm's law", "circuits", "capacitors", "magnetic fields", "induction",
                    "resistance"],
    "Computer science": ["recursion", "sorting", "big-O notation", "binary search", "graphs",
                         "dynamic programming"],
    "Genetics": ["Punnett squares", "alleles", "DNA replication", "mutations", "inheritance",
                 "gene expression"],
    "Organic chemistry": ["alkanes", "functional groups", "isomers", "reaction mechanisms",
                          "polymers", "esters"],
    "Waves and optics": ["refraction", "interference", "lenses", "the wave equation",
                         "diffraction", "standing waves"],
    "Study skills": ["note taking", "spaced repetition", "motivation", "reading papers",
                     "study groups", "focus"],
    "Thermodynamics": ["entropy", "heat engines", "specific heat", "the first law",
                       "ideal gases", "enthalpy"],
    "Human biology": ["the heart", "the nervous system", "hormones", "digestion",
                      "the immune system", "muscles"],
    "Mentoring sessions": ["booking a mentor", "session notes", "rescheduling",
                           "homework help", "choosing a mentor", "feedback"],
    "Ecology": ["food webs", "ecosystems", "population growth", "biodiversity",
                "the carbon cycle", "habitats"],
    "Atoms and nuclei": ["radioactive decay", "half-life", "isotopes", "the photoelectric effect",
                         "energy levels", "fission"],
    "Site feedback": ["the lesson editor", "notifications", "dark mode", "the mobile layout",
                      "search", "accessibility"],
}
WORDS = (  # noqa: SIM905
    "the a of and is to in that it for on with as this but not be are was so if what when why "
    "how can I my we you your answer question step result value example problem exercise "
    "lesson chapter teacher book solution method formula term side number both first second "
    "next last again still just only also then because since maybe think tried got get find "
    "show use work check understand see same different wrong right correct error sign factor "
    "part whole case point line graph table unit thanks"
).split(" ")
FORMULAS = [r"x^2 - 5x + 6 = 0", r"\frac{a}{b} + \frac{c}{d}", r"\sqrt{b^2 - 4ac}",
            r"f'(x) = 2x", r"\int_0^1 x^2\,dx = \frac{1}{3}", r"F = ma", r"E = mc^2", r"p = mv",
            r"V = IR", r"\Delta G = \Delta H - T\Delta S", r"\lim_{x \to 0} \frac{\sin x}{x} = 1",
            r"P(A \cap B) = P(A)P(B)", r"a^2 + b^2 = c^2", r"pH = -\log[H^+]", r"O(n \log n)"]
TITLES = ["How do I approach {a}?", "Stuck on {a} in exercise {n}", "Why is {a} defined this way?",
          "Question about {a} and {b}", "Is there an intuitive way to see {a}?",
          "{A}: my answer is off by a factor of {n}", "Confused by {a} (chapter {n})",
          "Tips for {a}?", "{A} vs {b}: when do I use which?"]
FIRST = ["Ana", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Kemal", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara"]
LAST = ["Adams", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova",
        "Jensen", "Kowalski", "Lopez", "Meyer", "Nowak", "Okafor", "Petrov", "Rossi", "Schmidt"]
FLAG_REASONS = ["Spam", "Rude to another learner", "Posts the full exam solution",
                "Off topic advertising"]


def cumulative_zipf(n: int, s: float) -> list[float]:
    """Cumulative weights of a Zipf distribution over ``n`` ranks (for random.choices)."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / (rank ** s)
        out.append(total)
    return out


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass
class Writer:
    """Markdown as learners write it (formulas, lists, quotes, links), rendered once into
    pools of bodies per category: the renderer is the app's, and too slow to run per post."""

    rng: random.Random
    renderer: MarkdownRenderer
    openings: dict[str, list[PostBody]] = field(default_factory=dict)
    replies: dict[str, list[PostBody]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, terms in CATEGORIES.items():
            self.openings[name] = [self.body(terms, self.rng.randint(2, 5)) for _ in range(60)]
            self.replies[name] = [self.body(terms, self.rng.randint(1, 3)) for _ in range(120)]

    def sentence(self, terms: list[str]) -> str:
        rng = self.rng
        words = rng.choices(WORDS, k=rng.randint(6, 18))
        words.insert(rng.randrange(len(words)), rng.choice(terms))
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words)), f"${rng.choice(FORMULAS)}$")
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice([".", ".", "?", "!"])

    def body(self, terms: list[str], paragraphs: int) -> PostBody:
        rng = self.rng
        parts = []
        for _ in range(paragraphs):
            roll = rng.random()
            if roll < 0.08:
                parts.append(f"$${rng.choice(FORMULAS)}$$")
            elif roll < 0.15:
                parts.append("\n".join(f"- {self.sentence(terms)}"
                                       for _ in range(rng.randint(2, 4))))
            elif roll < 0.2:
                parts.append(f"> {self.sentence(terms)}")
            elif roll < 0.23:
                parts.append(f"The [worked example](https://example.org/{slug(terms[0])}) "
                             f"helped me with {rng.choice(terms)}.")
            else:
                parts.append(" ".join(self.sentence(terms) for _ in range(rng.randint(1, 4))))
        source = clean_markdown("\n\n".join(parts))
        return PostBody.of(source, self.renderer.render(source))

    def title(self, terms: list[str]) -> str:
        a, b = self.rng.sample(terms, 2)
        return self.rng.choice(TITLES).format(a=a, A=a[0].upper() + a[1:], b=b,
                                              n=self.rng.randint(2, 40))


@dataclass
class People:
    ids: list[uuid.UUID]
    activity: list[float]  # cumulative weights: a few people write much of the forum
    accepters: list[uuid.UUID]  # verified mentors and administrators

    def one(self, rng: random.Random) -> uuid.UUID:
        return rng.choices(self.ids, cum_weights=self.activity)[0]

    def others(self, rng: random.Random, k: int, but: uuid.UUID) -> list[uuid.UUID]:
        return [x for x in rng.sample(self.ids, k + 1) if x != but][:k]


async def seed_people(conn: asyncpg.Connection, rng: random.Random, count: int,
                      now: datetime) -> People:
    users, profiles, accepters = [], [], []
    for i in range(count):
        uid = uuid.uuid4()
        role = "admin" if i < 5 else "mentor" if i % 12 == 0 else "student"
        status = rng.choices(["active", "suspended", "deleted"], [990, 5, 5])[0]
        joined = now - HISTORY * rng.uniform(1.0, 1.3)
        seen = now - timedelta(days=rng.expovariate(1 / 20))
        users.append((uid, f"user{i}@bench.example", f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      role, status, "x", rng.choice(["UTC", "Europe/Berlin", "Asia/Kolkata"]),
                      joined, max(joined, seen),
                      "Repeated spam" if status == "suspended" else None,
                      max(joined, seen) if status == "deleted" else None, joined, joined, 1))
        if role == "admin":
            accepters.append(uid)
        if role == "mentor":
            state = rng.choices(["verified", "submitted", "draft", "rejected"], [75, 10, 10, 5])[0]
            if state == "verified":
                accepters.append(uid)
            profiles.append((
                uid, state, f"{rng.choice(list(CATEGORIES))} tutor",
                "I have taught this for years and enjoy explaining it step by step.",
                ["en", rng.choice(["de", "fr", "es", "hi"])], "Europe/Berlin",
                rng.randrange(1500, 9000, 500), "EUR",
                "The photo does not show a face." if state == "rejected" else None,
                joined if state != "draft" else None, joined if state == "verified" else None,
                joined, joined, round(rng.uniform(3.5, 5), 2), rng.randrange(0, 60)))
    await conn.copy_records_to_table(
        "users", records=users,
        columns=["id", "email", "display_name", "role", "status", "password_hash", "timezone",
                 "email_verified_at", "last_login_at", "suspended_reason", "deleted_at",
                 "created_at", "updated_at", "version"])
    await conn.copy_records_to_table(
        "mentor_profiles", records=profiles,
        columns=["user_id", "status", "headline", "bio", "languages", "timezone",
                 "hourly_rate_cents", "currency", "rejection_reason", "submitted_at",
                 "verified_at", "created_at", "updated_at", "rating_avg", "rating_count"])
    ids = [u[0] for u in users]
    rng.shuffle(ids)
    return People(ids, cumulative_zipf(len(ids), 0.8), accepters)


@dataclass
class Rows:
    """A forum's rows, ready for COPY: the repository's own mapping of the aggregates."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def put(self, table: str, values: dict[str, Any]) -> None:
        self.columns.setdefault(table, list(values))
        self.tables.setdefault(table, []).append(tuple(values.values()))

    def add(self, thread: Thread, posts: list[Post]) -> None:
        self.put("forum_threads", {
            **thread_values(thread), "last_activity_at": thread.last_activity_at,
            "reply_count": thread.reply_count, "score": thread.score,
            "post_count": thread.post_count})
        for post in posts:
            self.put("forum_posts", {**post_values(post), "score": post.score,
                                     "upvotes": post.upvotes, "downvotes": post.downvotes})
            for r in post.new_revisions:
                self.put("forum_post_revisions", {
                    "post_id": post.id, "number": r.number, "markdown": r.markdown,
                    "html": r.html, "title": r.title, "editor_id": r.editor_id,
                    "created_at": r.created_at})
            for f in post.flags:
                self.put("forum_flags", {"id": f.id, "post_id": post.id,
                                         "flagger_id": f.flagger_id, "reason": f.reason,
                                         "created_at": f.created_at,
                                         "resolved_at": f.resolved_at})


@dataclass
class Forum:
    rng: random.Random
    writer: Writer
    people: People
    now: datetime
    rows: Rows = field(default_factory=Rows)

    def later(self, at: datetime, mean_hours: float) -> datetime:
        return min(self.now, at + timedelta(hours=self.rng.expovariate(1 / mean_hours)))

    def parent_for(self, posts: list[Post]) -> Post | None:
        """Replies answer the thread, the opening post, the last few posts (the
        conversation going on) or, now and then, anything earlier."""
        roll = self.rng.random()
        if roll < 0.3:
            return None
        if roll < 0.45:
            return posts[0]
        return self.rng.choice(posts[-10:] if roll < 0.85 else posts)

    def vote(self, post: Post, mean_up: float) -> None:
        rng = self.rng
        up, down = int(rng.expovariate(1 / mean_up)), int(rng.expovariate(8 / mean_up))
        voters = self.people.others(rng, min(up + down, 150), post.author_id)
        post.upvotes = min(up, len(voters))
        post.downvotes = len(voters) - post.upvotes
        post.score = post.upvotes - post.downvotes
        for n, voter in enumerate(voters):
            at = self.later(post.created_at, 48)
            self.rows.put("forum_votes", {"post_id": post.id, "user_id": voter,
                                          "value": 1 if n < post.upvotes else -1,
                                          "created_at": at, "updated_at": at})

    def fate(self, post: Post, category: str, odds: float) -> None:
        """What happens to a post after it is written: edits, deletion, flags, moderation
        (``odds`` scales how likely each is)."""
        rng = self.rng
        at = self.later(post.created_at, 6)
        if rng.random() < 0.06:
            post.edit(post.author_id, rng.choice(self.writer.replies[category]), at)
            at = self.later(at, 12)
        roll = rng.random() / odds
        if roll < 0.02:
            post.delete(post.author_id, at)
        elif roll < 0.03 or 0.038 <= roll < 0.042:
            for flagger in self.people.others(rng, 3 if roll < 0.03 else rng.randint(1, 2),
                                              post.author_id):
                post.flag(flagger, rng.choice(FLAG_REASONS), at)
                at = self.later(at, 2)
        elif roll < 0.034:
            post.moderate(ModerationAction.HIDE, "Please keep the discussion civil.", at)
        elif roll < 0.038:
            post.moderate(ModerationAction.DELETE, "Advertising is not allowed here.", at)
        post.version = len(post.events)  # one stored change per event after the first

    def thread(self, category: str, category_id: uuid.UUID, created: datetime, replies: int,
               span: timedelta, skew: float, *, solved: bool | None = None) -> list[Post]:
        """One thread and its posts; replies arrive over ``span``, the more so early on the
        larger ``skew`` is."""
        rng, terms = self.rng, CATEGORIES[category]
        thread, opening = Thread.start(
            category_id=category_id, author_id=self.people.one(rng),
            title=self.writer.title(terms), body=rng.choice(self.writer.openings[category]),
            now=created)
        posts = [opening]
        moments = sorted(min(self.now, created + span * rng.random() ** skew)
                         for _ in range(replies))
        for number, at in enumerate(moments, start=2):
            author = thread.author_id if rng.random() < 0.15 else self.people.one(rng)
            posts.append(Post.reply(thread_id=thread.id, number=number, author_id=author,
                                    body=rng.choice(self.writer.replies[category]),
                                    parent=self.parent_for(posts), now=at))
        for post in posts:
            self.vote(post, 2.5 if post.is_opening else 0.8)
            self.fate(post, category, 0.3 if post.is_opening else 1.0)
        thread.follow(opening, opening.updated_at)
        answers = [x for x in posts[1:] if x.status is PostStatus.VISIBLE]
        if thread.status is PostStatus.VISIBLE and answers and (
                rng.random() < 0.4 if solved is None else solved):
            best = max(answers, key=lambda x: x.score) if rng.random() < 0.7 else (
                rng.choice(answers))
            by = Accepter(thread.author_id) if rng.random() < 0.8 else Accepter(
                rng.choice(self.people.accepters), is_verified_mentor=True)
            thread.accept(best, by, self.later(best.created_at, 24))
        thread.last_activity_at = max(x.created_at for x in posts)
        thread.reply_count = len(answers)
        thread.score, thread.post_count = opening.score, len(posts)
        thread.version = 1 + int(thread.solved) + int(thread.status is not PostStatus.VISIBLE)
        self.rows.add(thread, posts)
        return posts


@dataclass
class Seeded:
    thread_id: uuid.UUID  # the long one
    readable: list[uuid.UUID]  # its posts an anonymous reader sees, in threaded order
    numbers: dict[uuid.UUID, int]
    category: str  # the busiest category's slug
    counts: dict[str, int]  # rows per table
    depths: Counter[str]  # the long thread's shape


async def seed(url: str, threads: int, posts: int, renderer: MarkdownRenderer) -> Seeded:
    rng = random.Random(25)
    now = datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        people = await seed_people(conn, rng, max(1000, threads // 5), now)
        category_ids = {name: uuid.uuid4() for name in CATEGORIES}
        await conn.copy_records_to_table(
            "forum_categories", records=[
                (cid, name, slug(name), f"Questions and answers about {name.lower()}.", n,
                 now - HISTORY, now - HISTORY) for n, (name, cid) in enumerate(
                     category_ids.items())],
            columns=["id", "name", "slug", "description", "position", "created_at",
                     "updated_at"])
        forum = Forum(rng, Writer(rng, renderer), people, now)
        busiest = next(iter(CATEGORIES))
        long_thread = forum.thread(busiest, category_ids[busiest], now - LONG_THREAD_AGE,
                                   posts - 1, LONG_THREAD_AGE - timedelta(hours=1), 1.0,
                                   solved=True)
        sizes = cumulative_zipf(len(CATEGORIES), 0.9)
        for _ in range(threads - 1):
            category = rng.choices(list(CATEGORIES), cum_weights=sizes)[0]
            created = now - HISTORY * rng.random() ** 1.6
            replies = 0 if rng.random() < 0.15 else min(300, int(rng.lognormvariate(1, 1)))
            span = min(now - created, timedelta(days=rng.expovariate(1 / 10)))
            forum.thread(category, category_ids[category], created, replies, span, 2.0)
        # Indexes are built once at the end rather than updated row by row.
        indexes = await conn.fetch("select indexname, indexdef from pg_indexes where "
                                   "tablename like 'forum_%' and indexname like 'ix_%'")
        for index in indexes:
            await conn.execute(f'drop index "{index["indexname"]}"')
        for table in ("forum_threads", "forum_posts", "forum_post_revisions", "forum_votes",
                      "forum_flags"):
            if table in forum.rows.tables:  # in the order their foreign keys need
                await conn.copy_records_to_table(table, records=forum.rows.tables[table],
                                                 columns=forum.rows.columns[table])
        for index in indexes:
            await conn.execute(index["indexdef"])
        await conn.execute("vacuum analyze")
    finally:
        await conn.close()
    shown = sorted((x for x in long_thread if x.status in (PostStatus.VISIBLE,
                                                             PostStatus.DELETED)),
                   key=lambda x: x.path.encode())
    depths = Counter(f"depth {x.depth}" + (", flattened" if x.flattened else "")
                     for x in long_thread)
    return Seeded(long_thread[0].thread_id, [x.id for x in shown],
                  {x.id: x.number for x in long_thread}, slug(busiest),
                  {"users": len(people.ids), **{name: len(rows) for name, rows in
                                                forum.rows.tables.items()}}, depths)


class Recorder:
    """The SELECTs the app's engine sends while ``on``: what one request asks of PostgreSQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.on = False
        self.sent: list[tuple[str, tuple[Any, ...]]] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any,
                executemany: bool) -> None:
        if self.on and statement.lstrip().upper().startswith("SELECT"):
            self.sent.append((statement, tuple(params or ())))

    async def capture(self, client: httpx.AsyncClient, case: "Case") -> httpx.Response:
        self.sent, self.on = [], True
        try:
            response = await client.get(case.path, params=case.params)
        finally:
            self.on = False
        response.raise_for_status()
        case.statements = list(self.sent)
        return response


@dataclass
class Case:
    label: str
    path: str
    params: dict[str, str | int]
    statements: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    shown: str = ""  # what the page holds, of how many
    http: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)


def what_was_shown(body: dict[str, Any]) -> str:
    stream = body.get("posts", body)
    return f"{len(stream['items'])} of {stream['total']:,}"


async def deep_cursor(client: httpx.AsyncClient, seeded: Seeded, depth: int) -> str:
    """Page through the long thread as a reader does; the cursor of the page after the
    first ``depth`` posts. Every readable post must come once, in threaded order."""
    path = f"/api/v1/forum/threads/{seeded.thread_id}"
    page = (await client.get(path)).raise_for_status().json()["posts"]
    read, cursor = [x["id"] for x in page["items"]], page["next_cursor"]
    found: str | None = None
    while cursor:
        if found is None and len(read) >= depth:
            found = cursor
        page = (await client.get(f"{path}/posts", params={"cursor": cursor})
                ).raise_for_status().json()
        read += [x["id"] for x in page["items"]]
        cursor = page["next_cursor"]
    if read != [str(x) for x in seeded.readable] or found is None:
        raise SystemExit(f"paging the thread read {len(read)} posts, not the "
                         f"{len(seeded.readable)} readable ones in threaded order")
    return found


def plan(seeded: Seeded, cursor: str, depth: int) -> list[Case]:
    thread = f"/api/v1/forum/threads/{seeded.thread_id}"
    linked = seeded.numbers[seeded.readable[depth]]
    listing = "/api/v1/forum/threads"
    return [
        Case("thread, first page", thread, {}),
        Case(f"thread, after post {depth:,} (cursor)", f"{thread}/posts", {"cursor": cursor}),
        Case(f"thread, link to #post-{linked}", thread, {"start": linked}),
        Case("threads by activity, page 1", listing, {"page_size": THREADS_PER_PAGE}),
        Case("threads by activity, page 50", listing,
             {"page_size": THREADS_PER_PAGE, "page": 50}),
        Case("one category, page 1", listing,
             {"page_size": THREADS_PER_PAGE, "category": seeded.category}),
        Case("unsolved, page 1", listing, {"page_size": THREADS_PER_PAGE, "solved": "false"}),
        Case("one category, unsolved, page 1", listing,
             {"page_size": THREADS_PER_PAGE, "category": seeded.category, "solved": "false"}),
    ]


async def execution_ms(conn: asyncpg.Connection, statement: str,
                       params: tuple[Any, ...]) -> float:
    plan = json.loads(await conn.fetchval(
        "explain (analyze, timing off, format json) " + statement, *params))
    return float(plan[0]["Execution Time"])


async def measure(base_url: str, url: str, seeded: Seeded, recorder: Recorder,
                  runs: int) -> tuple[list[Case], str]:
    depth = len(seeded.readable) * 4 // 5 // DEFAULT_POSTS_PER_PAGE * DEFAULT_POSTS_PER_PAGE
    conn = await asyncpg.connect(url)
    try:
        version = str(await conn.fetchval("show server_version"))
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            cases = plan(seeded, await deep_cursor(client, seeded, depth), depth)
            for case in cases:
                case.shown = what_was_shown((await recorder.capture(client, case)).json())
                for _ in range(runs):
                    started = time.perf_counter()
                    response = await client.get(case.path, params=case.params)
                    case.http.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
                    case.sql.append(sum([await execution_ms(conn, sql, params)
                                         for sql, params in case.statements]))
    finally:
        await conn.close()
    return cases, version


def report(cases: list[Case], seeded: Seeded, args: argparse.Namespace, version: str) -> None:
    print(f"\nforum reading, {args.threads:,} threads, a thread of {args.posts:,} posts, "
          f"{args.runs} runs per case; {os.cpu_count()} cores, PostgreSQL {version}")
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in seeded.counts.items()))
    print("the long thread: " + ", ".join(f"{shape} {count:,}" for shape, count in
                                          sorted(seeded.depths.items())))
    print("(milliseconds, anonymous reader; SQL = EXPLAIN ANALYZE execution time of every "
          "SELECT the request sends)")
    print(f"{'case':<34} {'shown':>15} {'stmts':>5} {'HTTP p50':>9} {'p95':>7} {'max':>7} "
          f"{'SQL p50':>8} {'p95':>7} {'max':>7}")
    for case in cases:
        h, s = case.http, case.sql
        print(f"{case.label:<34} {case.shown:>15} {len(case.statements):>5} "
              f"{statistics.median(h):9.2f} {pct(h, 95):7.2f} {max(h):7.2f} "
              f"{statistics.median(s):8.2f} {pct(s, 95):7.2f} {max(s):7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with bench_database() as (url, settings):
        container = build_container(settings, url)
        started = time.perf_counter()
        seeded = asyncio.run(seed(url, args.threads, args.posts, container.markdown()))
        print(f"seeded the forum in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        recorder = Recorder(container.engine())
        with live_server(create_app(settings, container=container)) as base_url:
            cases, version = asyncio.run(measure(base_url, url, seeded, recorder,
                                                 args.runs))
    report(cases, seeded, args, version)


if __name__ == "__main__":
    main()
