"""Backup and restore of an install: the PostgreSQL database and the uploaded files together,
in one tar archive.

The archive holds `base.dump` (pg_dump, custom format), `fichiers/` (a copy of MEDIA_ROOT) and
`sauvegarde.json`: the row count and a checksum of every table, taken in the same database
snapshot as the dump, and the SHA-256 of every file. The restore refuses a database or a
folder that is not empty, and checks every table and every file against that record.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from glob import glob
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

DUMP = "base.dump"
FICHIERS = "fichiers"
INVENTAIRE = "sauvegarde.json"


class SauvegardeImpossible(Exception):
    """The backup or the restore cannot go on; the message says why, in French."""


def outil_postgresql(nom):
    """pg_dump / pg_restore: PG_BIN if set, else the PATH, else the newest Debian version."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / nom)
    trouve = shutil.which(nom)
    if trouve:
        return trouve
    candidats = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{nom}"),
        key=lambda chemin: int(Path(chemin).parts[-3]) if Path(chemin).parts[-3].isdigit() else 0,
    )
    if not candidats:
        raise SauvegardeImpossible(
            f"{nom} est introuvable : installez le paquet Debian postgresql-client."
        )
    return candidats[-1]


def _connexion_postgresql():
    if connection.vendor != "postgresql":
        raise SauvegardeImpossible(
            "La sauvegarde demande PostgreSQL (DATABASE_URL=postgres://...). "
            "Le fichier SQLite d'essai se copie tel quel, serveur arrêté."
        )
    reglages = connection.settings_dict
    arguments = ["--dbname", reglages["NAME"]]
    if reglages["HOST"]:
        arguments += ["--host", reglages["HOST"]]
    if reglages["PORT"]:
        arguments += ["--port", str(reglages["PORT"])]
    if reglages["USER"]:
        arguments += ["--username", reglages["USER"]]
    env = {**os.environ}
    if reglages["PASSWORD"]:
        env["PGPASSWORD"] = reglages["PASSWORD"]
    return arguments, env


def _tables(curseur):
    curseur.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [ligne[0] for ligne in curseur.fetchall()]


def etat_des_tables(curseur):
    """{table: [row count, checksum of its rows]} of the current schema.

    The checksum adds up part of each row's md5: it does not depend on the order of the rows
    and needs no memory, even for a million visits."""
    etat = {}
    for table in _tables(curseur):
        nom = connection.ops.quote_name(table)
        curseur.execute(
            "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)"
            f"::bigint::numeric), 0)::text FROM {nom} AS t"
        )
        nombre, empreinte = curseur.fetchone()
        etat[table] = [nombre, empreinte]
    return etat


def _sha256(chemin):
    empreinte = hashlib.sha256()
    with open(chemin, "rb") as fichier:
        for bloc in iter(lambda: fichier.read(1 << 20), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


def etat_des_fichiers(dossier):
    """{relative path: SHA-256} of every file under the folder."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        return {}
    return {
        chemin.relative_to(dossier).as_posix(): _sha256(chemin)
        for chemin in sorted(dossier.rglob("*"))
        if chemin.is_file()
    }


def sauvegarder(destination):
    """Writes the archive; returns its inventory. Raises SauvegardeImpossible."""
    arguments, env = _connexion_postgresql()
    destination = Path(destination)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as temporaire:
        dump = Path(temporaire) / DUMP
        # One snapshot for the counts and the dump: what is recorded is what is dumped.
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            curseur.execute("SELECT pg_export_snapshot()")
            instantane = curseur.fetchone()[0]
            tables = etat_des_tables(curseur)
            resultat = subprocess.run(
                [
                    outil_postgresql("pg_dump"),
                    *arguments,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={instantane}",
                    f"--file={dump}",
                ],
                env=env,
                capture_output=True,
                text=True,
            )
        if resultat.returncode != 0:
            raise SauvegardeImpossible(f"pg_dump a échoué : {resultat.stderr.strip()}")
        fichiers = etat_des_fichiers(media)
        inventaire = {
            "date": timezone.now().isoformat(),
            "tables": tables,
            "fichiers": fichiers,
        }
        partiel = destination.with_name(destination.name + ".partiel")
        with tarfile.open(partiel, "w") as archive:
            archive.add(dump, arcname=DUMP)
            for nom in fichiers:
                archive.add(media / nom, arcname=f"{FICHIERS}/{nom}")
            contenu = json.dumps(inventaire, indent=1, ensure_ascii=False).encode()
            entree = tarfile.TarInfo(INVENTAIRE)
            entree.size = len(contenu)
            archive.addfile(entree, io.BytesIO(contenu))
        partiel.replace(destination)  # never a half-written archive under the final name
    return inventaire


def _extraire(archive, dossier):
    """Extracts only plain files and folders, each inside the folder (never a link, never
    `..` nor an absolute path), whatever the archive holds."""
    for membre in archive.getmembers():
        chemin = Path(membre.name)
        if chemin.is_absolute() or ".." in chemin.parts or not (membre.isfile() or membre.isdir()):
            raise SauvegardeImpossible(f"Archive refusée : entrée suspecte {membre.name!r}.")
    archive.extractall(dossier, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))


def _dossier(chemin):
    """A folder of MEDIA_ROOT made as an upload makes it: FILE_UPLOAD_DIRECTORY_PERMISSIONS,
    and the group and setgid bit of its parent (the guide's www-data), never the archive's."""
    if chemin.is_dir():
        return
    _dossier(chemin.parent)
    # Through the umask, as Django's storage does: a chmod by an account outside the group
    # would drop the setgid bit the folder inherits.
    mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS
    ancien = os.umask(0o777 & ~mode) if mode is not None else None
    try:
        chemin.mkdir()
    finally:
        if ancien is not None:
            os.umask(ancien)


def _copier_fichiers(copies, media):
    """The archive's files into MEDIA_ROOT, each written as an upload writes it: the folder
    keeps its own mode and group (2750, www-data in the guide), what is created inside takes
    that group and FILE_UPLOAD_*PERMISSIONS. (copytree copied the archive's modes onto the
    folder itself: 0755, every local account could read the signed scans.)"""
    for source in sorted(copies.rglob("*")):
        cible = media / source.relative_to(copies)
        if source.is_dir():
            _dossier(cible)
            continue
        _dossier(cible.parent)
        shutil.copyfile(source, cible)
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            os.chmod(cible, settings.FILE_UPLOAD_PERMISSIONS)


def restaurer(source):
    """Restores the archive into the empty database and the empty MEDIA_ROOT, then checks
    every table and file against the inventory; returns it. Raises SauvegardeImpossible."""
    arguments, env = _connexion_postgresql()
    media = Path(settings.MEDIA_ROOT)
    with connection.cursor() as curseur:
        if _tables(curseur):
            raise SauvegardeImpossible(
                "La base de données n'est pas vide : restaurez dans une base neuve (createdb)."
            )
    if media.exists() and any(media.iterdir()):
        raise SauvegardeImpossible(f"Le dossier des fichiers n'est pas vide : {media}")
    with tempfile.TemporaryDirectory() as temporaire, tarfile.open(source) as archive:
        _extraire(archive, temporaire)
        temporaire = Path(temporaire)
        inventaire = json.loads((temporaire / INVENTAIRE).read_text())
        resultat = subprocess.run(
            [
                outil_postgresql("pg_restore"),
                *arguments,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(temporaire / DUMP),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if resultat.returncode != 0:
            raise SauvegardeImpossible(f"pg_restore a échoué : {resultat.stderr.strip()}")
        media.mkdir(parents=True, exist_ok=True)
        copies = temporaire / FICHIERS
        if copies.is_dir():
            _copier_fichiers(copies, media)
    with connection.cursor() as curseur:
        tables = etat_des_tables(curseur)
    if tables != inventaire["tables"]:
        differentes = sorted(
            t
            for t in set(tables) | set(inventaire["tables"])
            if tables.get(t) != inventaire["tables"].get(t)
        )
        raise SauvegardeImpossible(
            f"Tables différentes après restauration : {', '.join(differentes)}"
        )
    fichiers = etat_des_fichiers(media)
    if fichiers != inventaire["fichiers"]:
        raise SauvegardeImpossible("Les fichiers restaurés ne correspondent pas à la sauvegarde.")
    return inventaire


def resume(inventaire):
    """The summary of an inventory for the commands: rows, tables, files."""
    lignes = sum(nombre for nombre, _ in inventaire["tables"].values())
    return (
        f"{lignes} lignes dans {len(inventaire['tables'])} tables, "
        f"{len(inventaire['fichiers'])} fichiers"
    )
