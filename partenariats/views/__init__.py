"""The conventions' pages, one module per topic: conventions (list, page, PDFs), formulaires
(the staff's forms), manquements, fin, comite, rencontres, communication, fichiers,
organisations and logos."""
