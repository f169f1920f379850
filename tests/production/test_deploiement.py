"""The files of deploiement/ stay in step with the code: every command a unit runs exists,
every timer starts a service shipped beside it, uploads have no public location."""

import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.core.management import get_commands

from ruche.fichiers import CSP_FICHIERS
from tests.production.outils import RACINE

DEPLOIEMENT = RACINE / "deploiement"


def lire_unite(chemin):
    unite = ConfigParser(strict=False, interpolation=None)
    unite.optionxform = str
    unite.read_string(chemin.read_text().replace("\\\n", " "))
    return unite


def test_every_command_the_units_run_exists():
    commandes = set()
    for chemin in DEPLOIEMENT.glob("*.service"):
        exec_start = lire_unite(chemin)["Service"]["ExecStart"]
        commandes |= set(re.findall(r"manage\.py (\w+)", exec_start))
    attendues = {"db_worker", "envoyer_rappels", "anonymiser_donnees", "purger_taches"}
    assert attendues | {"sauvegarder"} <= commandes
    assert commandes <= set(get_commands()), commandes - set(get_commands())


def test_every_timer_starts_a_shipped_service():
    for chemin in DEPLOIEMENT.glob("*.timer"):
        assert chemin.with_suffix(".service").is_file(), chemin.name
        assert lire_unite(chemin)["Timer"]["OnCalendar"]


def test_uploads_are_only_behind_an_internal_location():
    conf = (DEPLOIEMENT / "nginx-ruche.conf").read_text()
    assert re.search(
        r"location /fichiers-internes/ \{\s*internal;\s*alias /var/lib/ruche/media/;", conf
    )
    assert "location /media" not in conf
    assert conf.count("/var/lib/ruche/media") == 1


def test_files_sent_by_nginx_keep_the_headers_that_stop_them_running_code():
    """With X-Accel-Redirect nginx passes on the app's Content-Type, not its
    Content-Security-Policy: an SVG logo would be opened in the site's origin."""
    conf = (DEPLOIEMENT / "nginx-ruche.conf").read_text()
    bloc = re.search(r"location /fichiers-internes/ \{(.*?)\}", conf, re.DOTALL).group(1)
    assert f'add_header Content-Security-Policy "{CSP_FICHIERS}" always;' in bloc
    assert 'add_header X-Content-Type-Options "nosniff" always;' in bloc


def test_gunicorn_listens_where_only_nginx_reaches_it():
    """No TCP port: the socket systemd holds for gunicorn is nginx's (www-data) alone, and
    the nginx example speaks to that very socket."""
    service = lire_unite(DEPLOIEMENT / "ruche-web.service")
    assert "--bind" not in service["Service"]["ExecStart"]
    assert service["Unit"]["Requires"] == "ruche-web.socket"
    socket_unit = lire_unite(DEPLOIEMENT / "ruche-web.socket")["Socket"]
    assert socket_unit["SocketUser"] == "www-data"
    assert socket_unit["SocketMode"] == "0600"
    chemin = socket_unit["ListenStream"]
    assert chemin.startswith("/run/")
    conf = (DEPLOIEMENT / "nginx-ruche.conf").read_text()
    amont = re.search(r"upstream ruche_gunicorn \{(.*?)\}", conf, re.DOTALL).group(1)
    assert amont.split() == ["server", f"unix:{chemin};"]


def nginx():
    return shutil.which("nginx") or next(
        (chemin for chemin in ("/usr/sbin/nginx",) if Path(chemin).is_file()), None
    )


@pytest.mark.skipif(nginx() is None, reason="nginx is not installed (scripts/test.sh installs it)")
def test_the_nginx_example_passes_nginx_t(tmp_path):
    """As the guide installs it, with a throwaway self-signed certificate in place of
    certbot's: Debian 12's nginx (1.22) knows no `http2 on;`, and refused the example."""
    cle, certificat = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=ruche.example.fr", "-keyout", cle, "-out", certificat],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOIEMENT / "nginx-ruche.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/ruche.example.fr/", f"{tmp_path}/")
    (tmp_path / "ruche.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/ruche.conf;\n}}\n"
    )
    resultat = subprocess.run(
        [nginx(), "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert resultat.returncode == 0, resultat.stderr
    assert "syntax is ok" in resultat.stderr


def test_nginx_hides_its_version():
    """In each server block: at the top of the file it would clash with Debian's own line in
    nginx.conf once uncommented."""
    conf = (DEPLOIEMENT / "nginx-ruche.conf").read_text()
    assert conf.count("server {") == len(re.findall(r"^    server_tokens off;$", conf, re.M)) == 2


README = RACINE / "README.md"


def etape_4():
    texte = README.read_text()
    return texte[texte.index("**4. Services and timers.**") : texte.index("**5. ")]


def test_the_readme_stays_short_and_runs_on_debian():
    """What a newcomer and a town's IT need: details live in docs/. Debian has no `python`."""
    lignes = README.read_text().splitlines()
    assert len(lignes) < 250
    assert not [ligne for ligne in lignes if re.search(r"(?<!/bin/)\bpython manage\.py", ligne)]


def test_step_4_enables_every_unit_shipped_and_the_table_lists_each_timer():
    activees = set(re.findall(r"ruche-[\w-]+\.(?:timer|socket)", etape_4()))
    livrees = {chemin.name for chemin in DEPLOIEMENT.glob("*.timer")}
    livrees |= {chemin.name for chemin in DEPLOIEMENT.glob("*.socket")}
    assert activees == livrees
    texte = README.read_text()
    tableau = texte[texte.index("| piece | what it does |") : texte.index("Settings are in")]
    for minuteur in sorted(DEPLOIEMENT.glob("*.timer")):
        assert f"`{minuteur.name}`" in tableau, minuteur.name
        commande = re.search(r"manage\.py (\w+)", (minuteur.with_suffix(".service")).read_text())
        assert f"`{commande.group(1)}`" in tableau, commande.group(1)


def test_the_guide_installs_the_certbot_plugin_it_uses():
    texte = README.read_text()
    assert "certbot certonly --nginx" in texte
    paquets = texte[texte.index("apt install git") : texte.index("adduser --system")]
    assert "python3-certbot-nginx" in paquets
