"""What the API answers, field by field: the OpenAPI document is generated from these."""

from datetime import date, datetime, time, timedelta

from ninja import Field, Schema


class Periode(Schema):
    """`du` … `au`, both days included (query parameters)."""

    du: date | None = None
    au: date | None = None

    def jours(self, *, par_defaut, maximum):
        """(first day, last day): from today for `par_defaut` days when not given; raises a
        422 (French) when `au` precedes `du` or the period is longer than `maximum` days."""
        from django.utils import timezone
        from ninja.errors import HttpError

        du = self.du or timezone.localdate()
        au = self.au or du + timedelta(days=par_defaut - 1)
        if au < du:
            raise HttpError(422, "La date « au » précède la date « du ».")
        if (au - du).days >= maximum:
            raise HttpError(422, f"{maximum} jours au plus par requête.")
        return du, au


class Erreur(Schema):
    detail: str = Field(description="Ce qui ne va pas, en français.")


class Horaire(Schema):
    jour: int = Field(description="0 = lundi … 6 = dimanche.")
    debut: time
    fin: time


class Lieu(Schema):
    slug: str = Field(description="Identifiant court du lieu, dans ses adresses.")
    nom: str
    adresse: str
    code_postal: str
    commune: str
    telephone: str
    courriel: str
    site_web: str
    latitude: float | None
    longitude: float | None
    presentation: str
    horaires: list[Horaire]
    ferme_aujourdhui: bool
    url: str = Field(description="La page publique du lieu.")


class Demarche(Schema):
    lieu: str = Field(description="Slug du lieu qui la propose.")
    slug: str
    nom: str
    theme: str
    description: str
    duree_minutes: int
    pieces_a_apporter: list[str] = Field(description="Les papiers à apporter, un par élément.")
    reservable_heures_avant: int = Field(description="Réservable au plus tard tant d'heures avant.")
    reservable_jours_avant: int = Field(description="Réservable au plus tôt tant de jours avant.")
    url: str = Field(description="La page où un habitant réserve.")


class Creneau(Schema):
    occurrence: int = Field(description="La séance de permanence où il se trouve.")
    debut: datetime
    fin: datetime


class Creneaux(Schema):
    lieu: str
    demarche: str
    du: date
    au: date
    creneaux: list[Creneau]


class Atelier(Schema):
    id: int
    lieu: str
    titre: str
    description: str
    public: str
    debut: datetime
    fin: datetime
    capacite: int
    places_libres: int
    en_attente: int = Field(description="Personnes sur la liste d'attente.")
    url: str


class Titulaire(Schema):
    cle: str = Field(description="Le début de la clé, qui la reconnaît sans la dévoiler.")
    nom: str
    organisation: str | None
    lieu: str | None


class RendezVous(Schema):
    id: int
    statut: str = Field(description="reserve, annule_habitant, annule_association, venu ou absent.")
    canal: str
    demarche: str
    lieu: str
    salle: str
    occurrence: int = Field(alias="occurrence_id")
    organisation: int
    debut: datetime
    fin: datetime
    cree_le: datetime
    nom: str = Field(description="Vide une fois les données anonymisées.")
    telephone: str
    email: str

    @staticmethod
    def resolve_demarche(rdv):
        return rdv.demarche.slug

    @staticmethod
    def resolve_lieu(rdv):
        return rdv.occurrence.permanence.calendrier.lieu.slug

    @staticmethod
    def resolve_salle(rdv):
        return rdv.occurrence.reservation.salle.nom

    @staticmethod
    def resolve_organisation(rdv):
        return rdv.occurrence.permanence.organisation_id


class Inscription(Schema):
    id: int
    statut: str = Field(description="inscrit, en_attente, annule, present ou absent.")
    rang: int | None = Field(description="Rang sur la liste d'attente, pour qui attend.")
    atelier: int = Field(alias="atelier_id")
    atelier_titre: str
    atelier_debut: datetime
    lieu: str
    organisation: int
    cree_le: datetime
    nom: str
    telephone: str
    email: str

    @staticmethod
    def resolve_atelier_titre(inscription):
        return inscription.atelier.titre

    @staticmethod
    def resolve_atelier_debut(inscription):
        return inscription.atelier.debut

    @staticmethod
    def resolve_lieu(inscription):
        return inscription.atelier.salle.lieu.slug

    @staticmethod
    def resolve_organisation(inscription):
        return inscription.atelier.organisation_id


class Occurrence(Schema):
    id: int
    statut: str = Field(description="prevue ou annulee.")
    date: date
    debut: datetime
    fin: datetime
    lieu: str
    salle: str
    organisation: int
    accueil: str
    demarches: list[str]
    rendez_vous: int = Field(
        alias="nb_rendez_vous", description="Rendez-vous qui tiennent leur place (pris ou tenus)."
    )

    @staticmethod
    def resolve_lieu(occurrence):
        return occurrence.permanence.calendrier.lieu.slug

    @staticmethod
    def resolve_salle(occurrence):
        return occurrence.reservation.salle.nom

    @staticmethod
    def resolve_organisation(occurrence):
        return occurrence.permanence.organisation_id

    @staticmethod
    def resolve_accueil(occurrence):
        return occurrence.permanence.accueil

    @staticmethod
    def resolve_demarches(occurrence):
        return sorted(d.slug for d in occurrence.permanence.demarches.all())


class PassagesMois(Schema):
    lieu: str
    mois: date = Field(description="Premier jour du mois.")
    passages: int
