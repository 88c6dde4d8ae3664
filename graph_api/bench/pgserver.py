"""A throwaway PostgreSQL server in a temporary folder (Debian's ``initdb`` and ``pg_ctl``), for the tests and the bench.

PostgreSQL refuses to run as root: when this process is root, the server runs as the ``postgres``
user (or ``nobody``) through ``runuser``, owning its data folder. It listens on 127.0.0.1 on a free
port and on a unix socket in its folder, trusts local connections, and is stopped and deleted with
the context manager.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_api.bench.servers import free_port

USER = "graph_api"  # the superuser the cluster is made with; the server trusts every local connection


class PostgresMissing(Exception):
    """No PostgreSQL server binaries on this machine."""


def binaries() -> Path:
    """The folder of the newest installed PostgreSQL's ``initdb`` and ``pg_ctl``; PostgresMissing when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise PostgresMissing("no PostgreSQL server binaries (initdb, pg_ctl): install Debian's `postgresql` package")


def _run_as() -> list[str]:
    """The command prefix that runs the server as an unprivileged user when this process is root."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"]
    raise PostgresMissing("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


@contextmanager
def temporary_postgres(fsync: bool = True) -> Iterator[str]:
    """A running PostgreSQL server until the block ends; yields the URL of its ``postgres`` database."""
    bin_folder, prefix = binaries(), _run_as()
    folder = Path(tempfile.mkdtemp(prefix="graph-api-pg-"))
    if prefix:
        owner = pwd.getpwnam(prefix[2])
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, port = folder / "data", free_port()
    log = folder / "server.log"
    try:
        _check([*prefix, str(bin_folder / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], "initdb")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200" + ("" if fsync else " -c fsync=off")
        _check([*prefix, str(bin_folder / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"], "pg_ctl start")
        try:
            yield f"postgresql://{USER}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*prefix, str(bin_folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create a database on the server of ``url`` (a maintenance database URL); returns its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.rsplit("/", 1)[0] + "/" + name


def _check(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
