"""The exact text of the 2024 convention between A.V.A.Q.B-C and the Ville (La Ruche numérique).

Copied from the signed document; only the superscripts (1er, 2ème) are written inline.
"""

TITRE = "CONVENTION DE PARTENARIAT - La Ruche Numérique"

COMPARUTION_ASSOCIATION = (
    "L'association « Aide à la Valorisation et l'Amélioration des Quartiers de Bagnols-sur-Cèze » "
    "- A.V.A.Q.B-C dont le siège social est situé 95, route de Lyon à Bagnols-sur-Cèze, "
    "représentée par Madame Maryse NORDEZ-RYEZ, agissant en qualité de Présidente"
)
COMPARUTION_VILLE = (
    "La Mairie de la ville de Bagnols-sur-Cèze, représentée par Jean-Yves CHAPELET, agissant en "
    "qualité de Maire."
)

CONSIDERANTS = [
    "Ouvert en 2020, La Ruche numérique est un tiers-lieu porté par la Ville de Bagnols-sur-Cèze "
    "et labellisé par l'Agence Nationale de Cohésion des Territoires dans le cadre du Programme "
    "Nouveaux Lieux Nouveaux Liens sur la période 2020-2021-2022.",
    "Répondant à un véritable besoin du territoire, la Ville de Bagnols-sur-Cèze a choisi de "
    "pérenniser l'existence de ce service. Institué désormais comme un service municipal, la "
    "Ruche numérique conserve néanmoins son rôle de tiers-lieu en accueillant l'ensemble des "
    "habitants et acteurs du territoire dans une logique d'accompagnement des personnes vers la "
    "dématérialisation des démarches liées au service public.",
    "En ce sens, la Ruche numérique est également un lieu de promotion de la Culture Numérique "
    "avec l'hébergement d'ateliers portés par les partenaires associatifs ou institutionnels. À "
    "ce titre, les locaux et moyens de la Ruche peuvent être mobilisés et mis à disposition à "
    "titre gracieux afin d'y développer des actions en lien avec l'objet du tiers-lieu.",
    "En janvier 2023, sous la coordination de la Communauté d'agglomération du Gard rhodanien, la "
    "Ruche numérique a obtenu le label Maison France Services (MFS) permettant de reconnaître "
    "officiellement et d'encadrer certaines missions d'accès au droit selon un cahier des charges "
    "sans pour autant limiter les actions conduites par la Ruche numérique en tant que tiers-lieu "
    "au-delà du label MFS. Les actions du label Maison France Services sont conduites "
    "exclusivement par des agents de la Ruche numérique sous le couvert du cahier des charges MFS.",
    "En 2023, la Ruche numérique a accueilli 8 123 visiteurs : 3 855 pour un accompagnement "
    "individuel sans rendez-vous, 565 pour un accompagnement individuel avec rendez-vous, 1 394 "
    "personnes pour un accès en autonomie à l'ordinateur, 619 pris en charge par un partenaire "
    "(sur rendez-vous ou lors de permanences) et 742 pris en charge par la CNFS (Conseillère "
    "numérique France Services).",
    "Sur 33 structures labellisées France Services dans le département, la Ruche numérique se "
    "place en 2ème position de la fréquentation, après la Maison France Services de Nîmes portée "
    "par une association.",
    "Parmi les partenaires locaux à Bagnols-sur-Cèze, l'Association A.V.A.Q. B-C est une "
    "association dont le but est d'accompagner les habitants dans leurs démarches personnelles "
    "mais aussi dans leurs projets collectifs pour promouvoir l'amélioration des conditions de vie "
    "des quartiers prioritaires de la Ville. Cette association a été créée par certains membres du "
    "conseil citoyen de Bagnols-sur-Cèze qui demeure une instance indépendante et liée aux "
    "circulaires gouvernementales relatives au Contrat de Ville.",
    "Depuis quelques années, des bénévoles de l'association A.V.A.Q. B-C interviennent au sein de "
    "la Ruche numérique pour des missions d'accompagnement sur certaines démarches spécifiques.",
    "La conduite de ces démarches se fait de manière complémentaire avec les missions affectées "
    "par le label Mission France Services. Les actions de l'association A.V.A.Q. B-C sont "
    "conduites exclusivement par des agents et bénévoles de l'association, sous la responsabilité "
    "de l'association.",
    "La responsable de la Ruche numérique est quant à elle garante de cette complémentarité et du "
    "respect mutuel des cadres d'interventions respectifs de chacun.",
]

CHAPEAU_OBJECTIFS = (
    "Dans ce contexte, un partenariat entre L'association A.V.A.Q.B-C et la Ruche Numérique "
    "semble opportun pour :"
)
OBJECTIFS = [
    "accompagner les personnes des quartiers en âge proche de la retraite dans leurs démarches "
    "d'ouverture de droit à la retraite : analyse des revenus, vérification de la carrière et "
    "recherche de solutions complémentaires de revenus,",
    "accompagner les familles dans leurs démarches de demande ou renouvellement de titre de "
    "séjour,",
    "proposer des ateliers collectifs permettant de développer l'autonomie grâce au numérique. "
    "Cette activité concourt également à la lutte contre l'isolement et la création de lien "
    "social, avec la prise en main du numérique comme support, auprès de publics variés : "
    "seniors, en recherche d'emploi...",
]

CHAPEAU_MOYENS = (
    "Ce partenariat, dont les conditions sont scellées dans la présente convention, consiste en :"
)
MOYENS = [  # (level, text)
    (
        1,
        "un usage des locaux de la Ruche Numérique sur les jours et créneaux définis par les "
        "Parties, suivant un calendrier défini par semestre et au gré des besoins sur "
        "rendez-vous,",
    ),
    (1, "par les intervenants de l'association :"),
    (2, "la Présidente de l'Association, ou personne compétente désignée,"),
    (2, "l'intervenant, conseiller numérique de l'Association."),
]

ARTICLES = [  # (number, title, text); Article 2 is made of each party's commitments
    (
        1,
        "Durée de la convention",
        "La présente convention s'applique à compter du 1er janvier 2024 jusqu'au 31 décembre "
        "2024 et sera renouvelée chaque année pour une durée d'un an par tacite reconduction, "
        "après accord respectif des deux parties dans le cadre de la tenue d'un comité de suivi "
        "organisé par la Ruche Numérique au cours du dernier trimestre de l'année.",
    ),
    (2, "Engagements - moyens dédiés", ""),
    (
        3,
        "Respect du règlement intérieur de la Ruche Numérique",
        "L'association A.V.A.Q.B-C s'engage à contribuer par ce partenariat à la promotion de la "
        "Ruche Numérique, service dédié à l'inclusion numérique.\n\n"
        "L'association A.V.A.Q.B-C veillera à respecter le règlement intérieur du service.\n\n"
        "Tout manquement à ces principes conduirait à la dénonciation de la convention et à la "
        "rupture immédiate de ce partenariat.",
    ),
    (
        4,
        "Suivi - bilans",
        "Régulièrement, les deux parties se rencontreront pour évaluer ensemble le travail "
        "réalisé.\n\n"
        "Un comité de suivi annuel se réunira au cours du dernier trimestre de l'année pour faire "
        "un bilan et évoquer la reconduction de l'activité de l'association au sein des locaux de "
        "la Ruche Numérique pour une nouvelle période d'un an.",
    ),
    (
        5,
        "Communication",
        "Tous les documents de promotion et de communication autour de cette action doivent "
        "porter mention de la participation de A.V.A.Q.B-C et de la Ruche Numérique par "
        "apposition des deux logos suivants :\n\n"
        "[[logos]]\n\n"
        "Les diverses publications, dossiers de presse, communiqués de presse, documents "
        "audiovisuels devront être visés par les deux partenaires.",
    ),
    (
        6,
        "Révision - résiliation - règlement des conflits",
        "Toute proposition de modification des dispositions de la présente convention doit faire "
        "l'objet d'une concertation des deux Parties. Seul un avenant pourra en modifier les "
        "termes.\n\n"
        "En cas de non-respect des engagements réciproques inscrits dans la présente convention, "
        "celle-ci devient caduque dans un délai d'un mois à partir de la notification du "
        "dysfonctionnement.",
    ),
]

ENGAGEMENTS_ASSOCIATION = [
    "participer à l'activité de la Ruche Numérique,",
    "communiquer sur ses activités et son partenariat avec la Ruche Numérique,",
    "informer des permanences qui ne seront pas maintenues,",
    "accueillir des personnes identifiées par la Ruche Numérique et pouvant trouver bénéfice dans "
    "l'accompagnement et les ateliers proposés, dans la limite de la capacité d'accueil,",
    "respecter le cadre d'action de la Ruche Numérique et notamment de la complémentarité avec le "
    "label Maison France Services détenu par la Ruche Numérique.",
]
ENGAGEMENTS_RUCHE = [
    "mettre à disposition à titre gracieux une salle et/ou un bureau lors de leurs interventions "
    "au sein du tiers-lieu,",
    "permettre un accès internet aux professionnels et/ou aux publics si besoin pour "
    "l'intervention,",
    "inviter l'Association A.V.A.Q.B-C, à participer à des temps de mise en commun, de bilan.",
]
