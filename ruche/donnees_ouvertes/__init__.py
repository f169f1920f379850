"""The places of the install published in the national open-data standard "Lieux de
médiation numérique": the record (fiche.py, pure), the reads (selecteurs.py) and the CSV and
JSON pages (views.py)."""
