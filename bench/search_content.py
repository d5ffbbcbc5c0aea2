"""Content search latency: the HTTP API next to the same SQL's execution time.

Seeds N content items (default 100,000: notes, questions, simulations in every review state,
text drawn from subject vocabularies, common words and a long tail of rare words) into a fresh
database with COPY, serves the real app with uvicorn, and times typical searches both ways.
The SQL column is PostgreSQL's own execution time (EXPLAIN ANALYZE) of the page query, which
counts the matches too, so the difference is the API's overhead (pool, Python, JSON, HTTP).

    uv run python bench/search_content.py [--items 100000] [--runs 100]

The server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created and dropped on
it), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container
from adapters.db.content_search import search_statement
from adapters.db.engine import build_engine
from adapters.http.app import create_app
from edu_core.application.actors import Actor
from edu_core.domain.content import ContentItem, ContentStatus, ContentVersion, default_kinds
from edu_core.domain.content.search import MAX_RESULTS, search_document
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.ports.content_search import ContentSearchCriteria
from tests.support.live_server import live_server
from figures import bench_database, pct  # bench/ is the script's folder

PASSWORD = "quiet harbor lantern 123"  # a throwaway account in a throwaway database
SUBJECTS: dict[str, list[str]] = {
    "physics": [
        "energy", "force", "velocity", "acceleration", "momentum", "kinetic energy",
        "potential energy", "mass", "gravity", "friction", "wave", "frequency", "pendulum",
        "collision", "conservation", "newton", "work", "power", "torque", "pressure",
        "current", "voltage", "resistance", "field", "charge", "magnet", "lens", "refraction",
        "thermodynamics", "entropy", "heat", "temperature", "oscillation", "orbit", "inertia",
        "projectile", "circuit", "photon", "quantum", "relativity"],
    "chemistry": [
        "atom", "molecule", "bond", "reaction", "equilibrium", "chemical equilibrium",
        "acid", "base", "salt", "ion", "electron", "oxidation", "reduction", "catalyst",
        "enthalpy", "mole", "solution", "concentration", "titration", "isotope", "polymer",
        "organic", "alkane", "alkene", "periodic table", "valence", "covalent", "ionic",
        "rate", "buffer", "ph", "gas", "crystal", "compound", "element", "energy"],
    "mathematics": [
        "function", "derivative", "integral", "limit", "equation", "matrix", "vector",
        "prime number", "probability", "statistics", "geometry", "triangle", "circle",
        "polynomial", "logarithm", "exponent", "sequence", "series", "proof", "theorem",
        "set", "graph", "slope", "tangent", "angle", "fraction", "ratio", "algebra",
        "calculus", "variable", "inequality", "median", "variance", "symmetry"],
    "biology": [
        "cell", "cell membrane", "protein", "enzyme", "gene", "dna", "rna", "mitosis",
        "meiosis", "evolution", "species", "ecosystem", "photosynthesis", "respiration",
        "organ", "tissue", "neuron", "hormone", "immune", "virus", "bacteria", "chromosome",
        "mutation", "population", "habitat", "nutrient", "metabolism", "energy", "plant",
        "animal", "heart", "blood", "muscle"],
}
COMMON = (  # noqa: SIM905
    "the a of and is in to we this that with for as on by when which each can are be it from "
    "an at its one two how why what so then because if all more most some these their into "
    "only also between example first next given show find use note value result case step "
    "rule form change point line term part model system number total small large simple same "
    "different important following general using let us consider suppose here there where "
    "always never often usually over under after before both either while again"
).split(" ")
SYLLABLES = ["ka", "lo", "mi", "ner", "tas", "vel", "quo", "ri", "zan", "pel", "tor", "gus",
             "fen", "dra", "mox", "lix", "bru", "sen", "ta", "vor", "pli", "gan", "shu", "rek"]


def cumulative_zipf(n: int, s: float) -> list[float]:
    """Cumulative weights of a Zipf distribution over ``n`` ranks (for random.choices)."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / (rank ** s)
        out.append(total)
    return out


@dataclass
class Vocabulary:
    rng: random.Random
    tail: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        while len(self.tail) < 5000:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                self.tail.append(word)
        self.tail_weights = cumulative_zipf(len(self.tail), 1.05)
        self.common_weights = cumulative_zipf(len(COMMON), 0.8)
        self.term_weights = {s: cumulative_zipf(len(t), 0.9) for s, t in SUBJECTS.items()}

    def words(self, subject: str, n: int) -> list[str]:
        """Half common words, 30 % the subject's terms, 20 % the long tail, Zipf-distributed."""
        rng = self.rng
        kinds = rng.choices((0, 1, 2), cum_weights=(0.5, 0.8, 1.0), k=n)
        out = [*rng.choices(COMMON, cum_weights=self.common_weights, k=kinds.count(0)),
               *rng.choices(SUBJECTS[subject], cum_weights=self.term_weights[subject],
                            k=kinds.count(1)),
               *rng.choices(self.tail, cum_weights=self.tail_weights, k=kinds.count(2))]
        rng.shuffle(out)
        return out

    def sentence(self, subject: str) -> str:
        return " ".join(self.words(subject, self.rng.randint(8, 16))).capitalize() + "."

    def title(self, subject: str) -> str:
        terms = self.rng.sample(SUBJECTS[subject], 2)
        return f"{terms[0].capitalize()} and {terms[1]}" if self.rng.random() < 0.5 else (
            f"{terms[0].capitalize()}: " + " ".join(self.words(subject, 3)))

    def body(self, kind: str, subject: str) -> dict[str, Any]:
        rng = self.rng
        if kind == "note":
            parts = []
            for _ in range(rng.randint(2, 6)):
                if rng.random() < 0.3:
                    parts.append(f"<h2>{self.title(subject)}</h2>")
                parts.append("<p>" + " ".join(self.sentence(subject)
                                              for _ in range(rng.randint(2, 5))) + "</p>")
                if rng.random() < 0.2:
                    parts.append("<ul>" + "".join(f"<li>{self.sentence(subject)}</li>"
                                                  for _ in range(3)) + "</ul>")
            return {"html": "".join(parts)}
        if kind == "question":
            choices = [{"id": c, "text": " ".join(self.words(subject, rng.randint(1, 4)))}
                       for c in "abcd"]
            return {"type": "single_choice",
                    "prompt": "<p>" + self.sentence(subject)[:-1] + "?</p>",
                    "explanation": "<p>" + self.sentence(subject) + "</p>",
                    "choices": choices, "correct": [rng.choice("abcd")]}
        return {"url": f"https://phet.colorado.edu/sims/html/{subject}-{rng.randrange(999)}"
                       "/latest/index.html", "title": self.title(subject)}


@dataclass
class Seeded:
    subject_slug: str
    subject_id: uuid.UUID
    topic_slug: str
    topic_id: uuid.UUID
    mentor_id: uuid.UUID
    rare: str


async def seed(url: str, items: int, mentor_id: uuid.UUID | None = None) -> Seeded:
    rng = random.Random(16)
    vocabulary = Vocabulary(rng)
    kinds = default_kinds()
    now = datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        topic_rows: list[tuple[Any, ...]] = []
        topics_of: dict[str, list[uuid.UUID]] = {}
        subjects = {}
        for s_pos, subject in enumerate(SUBJECTS):
            sid = uuid.uuid4()
            subjects[subject] = sid
            await conn.execute("insert into subjects (id, slug, name, description, position) "
                               "values ($1, $2, $3, '', $4)", sid, subject,
                               subject.capitalize(), s_pos)
            topics_of[subject] = []
            for c in range(4):
                cid = uuid.uuid4()
                await conn.execute("insert into chapters (id, subject_id, slug, name, position)"
                                   " values ($1, $2, $3, $4, $5)", cid, sid, f"chapter-{c}",
                                   f"Chapter {c + 1}", c)
                for t in range(6):
                    tid = uuid.uuid4()
                    topic_rows.append((tid, cid, f"{subject}-{c}-{t}",
                                       f"{subject.capitalize()} {c + 1}.{t + 1}", "", t))
                    topics_of[subject].append(tid)
        await conn.executemany("insert into topics (id, chapter_id, slug, name, description, "
                               "position) values ($1, $2, $3, $4, $5, $6)", topic_rows)
        mentors = [uuid.uuid4() for _ in range(1000)]
        await conn.copy_records_to_table(
            "users", records=[(m, f"mentor{i}@bench.example", f"Mentor {i}", "mentor", "active",
                               "x", "UTC", now, now, 1) for i, m in enumerate(mentors)],
            columns=["id", "email", "display_name", "role", "status", "password_hash",
                     "timezone", "created_at", "updated_at", "version"])
        # The signed-in mentor of the workspace queries owns every 500th item.
        mentor_id = mentor_id or mentors[0]

        item_rows, version_rows, search_rows = [], [], []
        tail = set(vocabulary.tail)
        documents_with: dict[str, int] = {}  # live items per tail word: to pick a rare one
        for n in range(items):
            subject = rng.choice(list(SUBJECTS))
            kind = rng.choices(["note", "question", "simulation"], [0.6, 0.3, 0.1])[0]
            state = rng.choices(["live", "edited", "draft", "rejected"], [80, 7, 8, 5])[0]
            created = now - timedelta(minutes=n)
            owner = mentor_id if n % 500 == 0 else rng.choice(mentors)
            count = 2 if state == "edited" else 1
            versions = [ContentVersion(number=v, title=vocabulary.title(subject),
                                       body=vocabulary.body(kind, subject), author_id=owner,
                                       created_at=created) for v in range(1, count + 1)]
            status = {"live": ContentStatus.APPROVED, "edited": ContentStatus.PENDING,
                      "draft": ContentStatus.DRAFT, "rejected": ContentStatus.REJECTED}[state]
            item = ContentItem(topic_id=rng.choice(topics_of[subject]), mentor_id=owner,
                               kind=kind, versions=versions, created_at=created,
                               updated_at=created, status=status,
                               live_version=1 if state in ("live", "edited") else None)
            item_rows.append((item.id, item.topic_id, owner, kind, status.value,
                              item.latest.number, item.live_version, created, created, 1))
            version_rows += [(item.id, v.number, v.title, json.dumps(v.body), owner, "",
                              created) for v in versions]
            doc = search_document(item, kinds.get(kind))
            live = doc.live
            if live is not None:
                for word in set(live.text.split()) & tail:
                    documents_with[word] = documents_with.get(word, 0) + 1
            search_rows.append((
                item.id, item.topic_id, owner, kind, status.value,
                live.number if live else None, live.title if live else None,
                live.text if live else None, doc.latest.number, doc.latest.title,
                doc.latest.text))
        await conn.copy_records_to_table(
            "content_items", records=item_rows,
            columns=["id", "topic_id", "mentor_id", "kind", "status", "latest_version",
                     "live_version", "created_at", "updated_at", "version"])
        await conn.copy_records_to_table(
            "content_versions", records=version_rows,
            columns=["item_id", "number", "title", "body", "author_id", "change_summary",
                     "created_at"])
        # The GIN indexes are rebuilt once rather than updated 100,000 times.
        indexes = await conn.fetch("select indexname, indexdef from pg_indexes "
                                   "where tablename = 'content_search' and indexname like 'ix_%'")
        for index in indexes:
            await conn.execute(f'drop index "{index["indexname"]}"')
        await conn.copy_records_to_table(
            "content_search", records=search_rows,
            columns=["item_id", "topic_id", "mentor_id", "kind", "status", "live_version",
                     "live_title", "live_text", "latest_version", "latest_title",
                     "latest_text"])
        for index in indexes:
            await conn.execute(index["indexdef"])
        await conn.execute("vacuum analyze")
        # A word of the long tail that a few dozen live items contain.
        rare = min(documents_with, key=lambda w: (abs(documents_with[w] - 30), w))
        physics_topic = topic_rows[0]
        return Seeded("physics", subjects["physics"], physics_topic[2], physics_topic[0],
                      mentor_id, rare)
    finally:
        await conn.close()


@dataclass
class Query:
    label: str
    params: dict[str, Any]
    criteria: ContentSearchCriteria
    who: str | None = None  # None: anonymous; "mentor" / "admin": signed in


def queries(s: Seeded, admin_id: uuid.UUID) -> list[Query]:
    del admin_id
    return [
        Query("common word", {"q": "energy"}, ContentSearchCriteria(text="energy")),
        Query("very common word", {"q": "value"}, ContentSearchCriteria(text="value")),
        Query("rare word", {"q": s.rare}, ContentSearchCriteria(text=s.rare)),
        Query("phrase", {"q": '"kinetic energy"'},
              ContentSearchCriteria(text='"kinetic energy"')),
        Query("two words (AND)", {"q": "momentum collision"},
              ContentSearchCriteria(text="momentum collision")),
        Query("word -word", {"q": "energy -potential"},
              ContentSearchCriteria(text="energy -potential")),
        Query("common word + subject", {"q": "energy", "subject": s.subject_slug},
              ContentSearchCriteria(text="energy", subject_id=s.subject_id)),
        Query("rare word + kind", {"q": s.rare, "kind": "question"},
              ContentSearchCriteria(text=s.rare, kinds=["question"])),
        Query("topic, no text", {"topic": s.topic_slug},
              ContentSearchCriteria(topic_id=s.topic_id)),
        Query("subject, no text", {"subject": s.subject_slug},
              ContentSearchCriteria(subject_id=s.subject_id)),
        Query("mentor workspace", {"q": "energy", "scope": "workspace"},
              ContentSearchCriteria(text="energy", latest_of=s.mentor_id), who="mentor"),
        Query("admin workspace", {"q": "energy", "scope": "workspace"},
              ContentSearchCriteria(text="energy", all_latest=True), who="admin"),
        Query("page 20 of common word", {"q": "energy", "page": 20},
              ContentSearchCriteria(text="energy")),
    ]


async def explain_ms(conn: Any, statement: Any) -> float:
    sql = str(statement.compile(conn.engine.sync_engine,
                                compile_kwargs={"literal_binds": True}))
    plan = (await conn.execute(text("explain (analyze, timing off, format json) " + sql))
            ).scalar_one()
    return float(plan[0]["Execution Time"])


async def time_sql(url: str, plan: list[Query], runs: int) -> dict[str, list[float]]:
    engine = build_engine(url, pool_size=2)
    results: dict[str, list[float]] = {}
    async with engine.connect() as conn:
        for query in plan:
            page = PageRequest(int(query.params.get("page", 1)), 20)
            rows = search_statement(query.criteria, page)
            results[query.label] = [await explain_ms(conn, rows) for _ in range(runs)]
    await engine.dispose()
    return results


def time_http(base_url: str, plan: list[Query], runs: int,
              headers: dict[str | None, dict[str, str]]) -> tuple[dict[str, list[float]],
                                                                   dict[str, int]]:
    results: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    with httpx.Client(base_url=base_url) as client:
        for query in plan:
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get("/api/v1/search", params={"page_size": 20,
                                                                **query.params},
                                      headers=headers[query.who])
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            results[query.label] = samples
            totals[query.label] = response.json()["total"]
    return results, totals


def sign_in(base_url: str, email: str) -> dict[str, str]:
    response = httpx.post(f"{base_url}/api/v1/auth/login",
                          json={"email": email, "password": PASSWORD, "mode": "token"})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def accounts(container: Any) -> dict[str, Any]:
    made = {}
    for role in (Role.MENTOR, Role.ADMIN):
        made[role.value] = await container.identity.admin().create_user(
            Actor(None), email=f"{role.value}@bench.example", password=PASSWORD,
            display_name=f"Bench {role.value}", role=role, email_verified=True)
    await container.engine().dispose()  # its connections belong to this event loop
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    # Sign-ins stay limited as configured: the search is what is measured.
    with bench_database(rate_limit_auth="1000/60") as (url, settings):
        container = build_container(settings, url)
        people = asyncio.run(accounts(container))
        started = time.perf_counter()
        seeded = asyncio.run(seed(url, args.items, people["mentor"].id))
        print(f"seeded {args.items} items in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        plan = queries(seeded, people["admin"].id)
        app = create_app(settings, container=build_container(settings, url))
        with live_server(app) as base_url:
            headers: dict[str | None, dict[str, str]] = {
                None: {}, "mentor": sign_in(base_url, "mentor@bench.example"),
                "admin": sign_in(base_url, "admin@bench.example")}
            http, totals = time_http(base_url, plan, args.runs, headers)
        sql = asyncio.run(time_sql(url, plan, max(10, args.runs // 4)))
    print(f"\ncontent search, {args.items} items, {args.runs} HTTP runs per query "
          "(milliseconds; SQL = EXPLAIN ANALYZE execution time of the page query with its count;\n"
          f"matches = total, counted up to {MAX_RESULTS})")
    print(f"{'query':<26} {'matches':>8} {'HTTP p50':>9} {'HTTP p95':>9} {'SQL p50':>8} "
          f"{'SQL p95':>8}")
    for query in plan:
        h, s = http[query.label], sql[query.label]
        print(f"{query.label:<26} {totals[query.label]:>8} {statistics.median(h):9.2f} "
              f"{pct(h, 95):9.2f} {statistics.median(s):8.2f} {pct(s, 95):8.2f}")


if __name__ == "__main__":
    main()
