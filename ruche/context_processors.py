from ruche.roles import is_benevole, is_comite, is_personnel


def menu(request):
    """Lets templates show each person the menu entries of their role."""
    user = request.user
    return {
        "est_personnel": is_personnel(user),
        "est_benevole": is_benevole(user),
        "est_comite": is_comite(user),
    }
