from django import template

from ruche import logos

register = template.Library()


@register.simple_tag
def logos_partenaires(convention=None):
    """The partners' logos: of the convention's parties when one is given (its pk), else of
    the Ruche and the partners in force."""
    return logos.logos(convention)
