"""Restore drill: prove that last night's kind of backup can be restored.

    python3 deploy/restore_drill.py postgresql://user:pass@host:5432/mentora [--keep DIR]

Dumps the database with ``pg_dump --format=custom`` (the format docs/deploy.md prescribes for
backups), restores the dump into a new database on the same server with ``pg_restore``, and
compares the two: the same tables, and the same number of rows in each. Prints one line per
table and exits 0 when everything matches, 1 otherwise. The restored copy is dropped at the end;
``--keep DIR`` keeps the dump file there. Needs the PostgreSQL client programs (pg_dump,
pg_restore, psql) of the server's major version or newer, and nothing else: it runs on an
operations host without the platform installed.

Run it against a replica or at a quiet hour: the counts are taken right after the dump, and rows
written in between show as differences.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TABLES_SQL = ("select format('%I.%I', schemaname, tablename) from pg_tables "
              "where schemaname not in ('pg_catalog', 'information_schema') order by 1")


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def psql(url: str, sql: str) -> list[str]:
    result = subprocess.run(["psql", "--no-psqlrc", "-X", "-v", "ON_ERROR_STOP=1", "-At",
                             "-d", url, "-c", sql],
                            capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line]


def row_counts(url: str) -> dict[str, int]:
    tables = psql(url, TABLES_SQL)
    if not tables:
        return {}
    union = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)
    return {name: int(count) for name, count in
            (line.split("|") for line in psql(url, union))}


def differences(source: dict[str, int], restored: dict[str, int]) -> list[str]:
    """Each table missing on either side or with another row count, as a sentence."""
    found = []
    for table in sorted(source.keys() | restored.keys()):
        if table not in restored:
            found.append(f"{table}: missing from the restored copy")
        elif table not in source:
            found.append(f"{table}: only in the restored copy")
        elif source[table] != restored[table]:
            found.append(f"{table}: {source[table]} rows, {restored[table]} restored")
    return found


def drill(source_url: str, dump_dir: Path) -> list[str]:
    dump = dump_dir / f"{database_name(source_url)}.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    "--file", str(dump), "--dbname", source_url], check=True)
    source = row_counts(source_url)
    target = f"{database_name(source_url)}_drill_{int(time.time())}"
    admin = with_database(source_url, "postgres")
    psql(admin, f'create database "{target}"')
    target_url = with_database(source_url, target)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                        "--dbname", target_url, str(dump)], check=True)
        restored = row_counts(target_url)
    finally:
        psql(admin, f'drop database if exists "{target}" with (force)')
    for table in sorted(source):
        print(f"{table}: {source[table]} rows, {restored.get(table, 'none')} restored")
    print(f"dump: {dump.stat().st_size} bytes, {len(source)} tables")
    return differences(source, restored)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--keep", type=Path, help="keep the dump in this directory")
    args = parser.parse_args(argv)
    for program in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(program) is None:
            print(f"restore drill: {program} is not installed", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as scratch:
        dump_dir = args.keep or Path(scratch)
        dump_dir.mkdir(parents=True, exist_ok=True)
        problems = drill(args.database_url, dump_dir)
    for problem in problems:
        print(f"MISMATCH {problem}", file=sys.stderr)
    print("restore drill: " + ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
