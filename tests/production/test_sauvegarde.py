"""`manage.py sauvegarder` / `manage.py restaurer`: the database and the uploaded files
together; a restore into an empty database and an empty folder finds every row and file."""

import grp
import hashlib
import io
import os
import stat
import tarfile
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from partenariats.models import Convention
from ruche.models import Organisation
from tests.demo import charger_demo
from tests.production.outils import environnement, manage, url_base


def _groupe_du_serveur_web():
    """www-data's group id when the test may give it (root), else None (mode only)."""
    if os.geteuid() != 0:
        return None
    try:
        return grp.getgrnam("www-data").gr_gid
    except KeyError:
        return grp.getgrnam("nogroup").gr_gid


def tables_et_contenus(database_url):
    """{table: (rows, md5 of every row in order)} read directly, without the app's code."""
    with psycopg.connect(database_url) as cnx:
        tables = [
            ligne[0]
            for ligne in cnx.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: cnx.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" AS t'
            ).fetchone()
            for table in tables
        }


def empreintes(dossier):
    dossier = Path(dossier)
    return {
        p.relative_to(dossier).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in dossier.rglob("*")
        if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file_into_an_empty_install(
    settings, tmp_path, base_vide, record_property
):
    charger_demo()
    convention = Convention.objects.get()
    scan = b"%PDF-1.4\n% original signe\n" + bytes(range(256)) * 64
    convention.scan_signe.save("original.pdf", ContentFile(scan), save=False)
    convention.scan_sha256 = hashlib.sha256(scan).hexdigest()
    convention.save()
    for organisation in Organisation.objects.all():
        organisation.logo.save(f"logo-{organisation.pk}.png", ContentFile(b"\x89PNG logo"))

    archive = tmp_path / "ruche.tar"
    call_command("sauvegarder", str(archive), stdout=StringIO())
    attendu = tables_et_contenus(url_base(connection))
    fichiers = empreintes(settings.MEDIA_ROOT)

    # As the guide makes it: install -d -o ruche -g www-data -m 2750 /var/lib/ruche/media
    media_restauree = tmp_path / "media-restauree"
    media_restauree.mkdir()
    groupe = _groupe_du_serveur_web()
    if groupe is not None:
        os.chown(media_restauree, -1, groupe)
    os.chmod(media_restauree, 0o2750)
    env = environnement(database_url=base_vide, MEDIA_ROOT=media_restauree)
    sortie = manage("restaurer", str(archive), env=env)
    assert "Restauration vérifiée" in sortie
    # The folder keeps the guide's mode and group; what is inside takes the group and is
    # closed to other accounts, as an upload would be.
    assert stat.S_IMODE(media_restauree.stat().st_mode) == 0o2750
    for chemin in media_restauree.rglob("*"):
        mode = stat.S_IMODE(chemin.stat().st_mode)
        if groupe is not None:
            assert chemin.stat().st_gid == groupe, chemin
        if chemin.is_dir():
            assert mode == 0o2750, (chemin, oct(mode))
        else:
            assert mode == 0o640, (chemin, oct(mode))

    assert tables_et_contenus(base_vide) == attendu
    assert empreintes(media_restauree) == fichiers
    scan_restaure = media_restauree / convention.scan_signe.name
    assert hashlib.sha256(scan_restaure.read_bytes()).hexdigest() == convention.scan_sha256

    lignes = sum(nombre for nombre, _ in attendu.values())
    assert lignes > 100 and len(fichiers) >= 3
    record_property("mesure:tables", len(attendu))
    record_property("mesure:lignes", lignes)
    record_property("mesure:fichiers", len(fichiers))


@pytest.mark.django_db
def test_the_restore_refuses_a_database_that_is_not_empty(tmp_path):
    archive = tmp_path / "ruche.tar"
    with tarfile.open(archive, "w"):
        pass
    with pytest.raises(CommandError, match="pas vide"):
        call_command("restaurer", str(archive), stdout=StringIO())


def test_the_restore_refuses_an_archive_that_writes_outside_its_folder(tmp_path):
    from ruche.services.sauvegarde import SauvegardeImpossible, _extraire

    archive = tmp_path / "piege.tar"
    with tarfile.open(archive, "w") as tar:
        entree = tarfile.TarInfo("fichiers/../../evasion.txt")
        entree.size = 3
        tar.addfile(entree, io.BytesIO(b"non"))
    with tarfile.open(archive) as tar, pytest.raises(SauvegardeImpossible, match="suspecte"):
        _extraire(tar, tmp_path / "dehors")
    assert not (tmp_path / "evasion.txt").exists()
