"""ruche.registres: the questions the ground floor asks the apps above it, which answer from
their AppConfig.ready() (ruche imports neither: tests/partenariats/test_couches.py)."""

from ruche import registres
from ruche.registres import Registre


def test_with_no_answer_registered_the_answer_is_empty():
    assert Registre("rien")(1, jour=None) == []


def test_answers_are_chained_in_the_order_registered_and_kept_once():
    question = Registre("essai")

    @question.enregistrer
    def premiere(lieu):
        return [f"{lieu}-a", f"{lieu}-b"]

    question.enregistrer(lambda lieu: (f"{lieu}-c",))
    question.enregistrer(premiere)
    assert question("ruche") == ["ruche-a", "ruche-b", "ruche-c"]


def test_every_question_of_the_ground_floor_is_answered_by_the_installed_apps():
    questions = [v for v in vars(registres).values() if isinstance(v, Registre)]
    assert len(questions) == 4
    assert [q.question for q in questions if not q._reponses] == []


def test_the_apps_above_say_themselves_that_the_staff_manage_their_models():
    from pathlib import Path

    import ruche.apps

    assert sorted(ruche.apps.STAFF_APPS) == ["partenariats", "permanences", "ruche"]
    source = Path(ruche.apps.__file__).read_text()
    assert "partenariats" not in source and "permanences" not in source
