"""The live server of the browser tests serves static files as production does: WhiteNoise,
hashed names from the collected STATIC_ROOT, cached for good."""

from urllib.request import urlopen

import pytest
from django.templatetags.static import static


@pytest.mark.django_db
def test_the_live_server_serves_the_hashed_static_files(live_server):
    with urlopen(live_server.url + static("css/pdf.css")) as reponse:
        assert reponse.status == 200
        assert "immutable" in reponse.headers["Cache-Control"]
