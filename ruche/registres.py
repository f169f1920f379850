"""What `ruche`, the ground floor, asks of the apps that stand on it, in one list.

`ruche` never imports `partenariats` or `permanences` (tests/partenariats/test_couches.py):
where a page of its own shows something they know (the partners of a place, the weekly
permanences, what a place offers the public), it asks a question here, and each app that
knows the answer registers a function from its `AppConfig.ready()`, in its `registres`
module. With no app to answer, the answer is empty: the ground floor still stands alone.

The other questions `ruche` asks the apps above it have registries of their own, older and
with more to them: the day board's alerts (`ruche.alertes.fournisseur`), the statistics'
sections and sources (`ruche.statistiques.sections`, `.sources`), the public offer in the
open data (`ruche.donnees_ouvertes.offre.offre_publique`), the other ways to log in
(`ruche.connexion`) and the models whose changes the caches follow (`ruche.versions.suivre`).
"""


class Registre:
    """A question ruche asks the apps above it. Asking calls every registered answer, in
    the order they were registered, and chains what each returns into one list."""

    def __init__(self, question):
        self.question = question
        self._reponses = []

    def __repr__(self):
        return f"<Registre {self.question}>"

    def enregistrer(self, reponse):
        """Registers `reponse` (usable as a decorator); registering it twice keeps one."""
        if reponse not in self._reponses:
            self._reponses.append(reponse)
        return reponse

    def __call__(self, *args, **kwargs):
        return [element for reponse in self._reponses for element in reponse(*args, **kwargs)]


# (organisation_id, *, en_vigueur) -> pks of the places where the organisation is a party to
# a convention: in force today when `en_vigueur`, else of any state (ruche.perimetre).
LIEUX_DE_L_ORGANISATION = Registre("lieux où l'organisation est partie à une convention")

# (lieu, jour) -> the organisations the place's conventions in force on the day bind it to,
# not its host: the home page's card of partners (ruche.views.accueil).
PARTENAIRES_DU_LIEU = Registre("partenaires du lieu")

# (lieu, jour) -> [(weekday 0-6, start, end)] of the weekly permanences held at the place in
# the semester of the day: the home page's hours (ruche.horaires).
PERMANENCES_DU_LIEU = Registre("permanences hebdomadaires du lieu")

# (maintenant) -> [(lieu_id, ruche.donnees_ouvertes.fiche.Offre)]: the démarche themes and
# workshop publics of each place, in a fixed number of queries; several answers for one
# place are put together (ruche.donnees_ouvertes.selecteurs).
OFFRE_DES_LIEUX = Registre("offre de chaque lieu dans sa fiche publique")
