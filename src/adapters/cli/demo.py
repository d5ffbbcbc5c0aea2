"""``edu demo seed``: a living platform on a fresh install (a catalog, accounts for every
role, verified mentors, their teaching material with a video lesson and handwritten notes,
their students' reviews, a forum and the students' XP and streaks).

Idempotent: accounts that already exist are left as they are, so the command can run before
every ``./dev up``. Everything goes through the same use cases as the API.
"""

from dataclasses import dataclass

import typer

from adapters.cli.catalog import demo_catalog
from adapters.cli.demo_chat import seed_chat
from adapters.cli.demo_content_seed import ContentSeedReport, seed_content
from adapters.cli.demo_courses import seed_courses
from adapters.cli.demo_forum import seed_forum
from adapters.cli.demo_gamification import seed_gamification
from adapters.cli.demo_media import MediaSeedReport, seed_media
from adapters.cli.demo_mentors import seed_mentors
from adapters.cli.demo_reviews import seed_reviews
from adapters.cli.runtime import run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.catalog import ImportReport
from edu_core.domain.identity import EmailTaken, Role

app = typer.Typer(no_args_is_help=True)
DEMO = Actor(user_id=None, label="demo-seed")
DEMO_PASSWORD = "violet-harbor-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    timezone: str


ACCOUNTS = (
    DemoAccount("admin@mentora.demo", "Grace Whitfield", Role.ADMIN, "Europe/London"),
    DemoAccount("amara.okafor@mentora.demo", "Amara Okafor", Role.MENTOR, "Africa/Lagos"),
    DemoAccount("lukas.becker@mentora.demo", "Lukas Becker", Role.MENTOR, "Europe/Berlin"),
    DemoAccount("priya.raman@mentora.demo", "Priya Raman", Role.MENTOR, "Asia/Kolkata"),
    DemoAccount("daniel.reyes@mentora.demo", "Daniel Reyes", Role.MENTOR, "America/New_York"),
    # Applicants waiting for review:
    DemoAccount("noah.fischer@mentora.demo", "Noah Fischer", Role.MENTOR, "Europe/Vienna"),
    DemoAccount("ines.duarte@mentora.demo", "Inês Duarte", Role.MENTOR, "Europe/Lisbon"),
    DemoAccount("sam.taylor@mentora.demo", "Sam Taylor", Role.STUDENT, "Australia/Sydney"),
    DemoAccount("mei.lin@mentora.demo", "Mei Lin", Role.STUDENT, "Asia/Shanghai"),
)


@dataclass(frozen=True)
class SeedReport:
    accounts: list[tuple[DemoAccount, bool]]
    catalog: ImportReport
    mentor_profiles: int
    content: ContentSeedReport
    media: MediaSeedReport
    courses: int
    reviews: int
    chat_messages: int
    forum: int
    xp_awards: int


async def seed(container: Container) -> SeedReport:
    """Creates what is missing; reports each account with whether it was created now."""
    catalog = await container.catalog().import_document(DEMO, demo_catalog())
    accounts = await _accounts(container)
    mentor_profiles = await seed_mentors(container)
    content = await seed_content(container)
    # The learning history first: the XP of the demo's past sessions, reviews and forum
    # answers then lands on days already counted, never on a day before the history's first.
    xp_awards = await seed_gamification(container, content.items)
    return SeedReport(accounts=accounts, catalog=catalog, mentor_profiles=mentor_profiles,
                      content=content, media=await seed_media(container),
                      courses=await seed_courses(container, content.items),
                      reviews=await seed_reviews(container),
                      chat_messages=await seed_chat(container),
                      forum=await seed_forum(container, content.items),
                      xp_awards=xp_awards)


async def _accounts(container: Container) -> list[tuple[DemoAccount, bool]]:
    admin = container.identity.admin()
    results = []
    for account in ACCOUNTS:
        try:
            await admin.create_user(DEMO, email=account.email, password=DEMO_PASSWORD,
                                    display_name=account.name, role=account.role,
                                    timezone=account.timezone)
        except EmailTaken:
            results.append((account, False))
        else:
            results.append((account, True))
    return results


@app.command("seed", help="Create the demo accounts (safe to run again) and print their logins.")
def seed_command() -> None:
    report = run_with_container(seed)
    results = report.accounts
    created = sum(1 for _, new in results if new)
    typer.echo(f"Demo catalog: {report.catalog.created} entries created, "
               f"{report.catalog.updated} refreshed; {report.mentor_profiles} mentor "
               "profile(s) created.")
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(report.content.statuses.items()))
    typer.echo(f"Demo content: {report.content.created} item(s) created; "
               f"{statuses or 'none'}.")
    typer.echo(f"Demo video lesson and handwritten notes: {report.media.created} item(s) "
               "created.")
    typer.echo(f"Demo courses: {report.courses} created and published.")
    typer.echo(f"Demo reviews: {report.reviews} created (with their past sessions).")
    typer.echo(f"Demo session chat: {report.chat_messages} message(s) created.")
    typer.echo(f"Demo forum: {report.forum} thread(s) created.")
    typer.echo(f"Demo learning history: {report.xp_awards} XP award(s) created.")
    if report.content.skipped:
        typer.echo(f"  skipped (mentor, topic or demo admin missing): "
                   f"{', '.join(report.content.skipped)}")
    if report.media.skipped:
        typer.echo(f"  media skipped: {', '.join(report.media.skipped)}")
    typer.echo(f"Demo data: {created} account(s) created, {len(results) - created} already "
               f"there.\n\nSign in with any of these (password: {DEMO_PASSWORD}):")
    for account, _ in results:
        typer.echo(f"  {account.role.value:<8} {account.email:<30} {account.name}")
