from django import template

from ruche import logos

register = template.Library()


@register.simple_tag
def logos_partenaires(convention=None, jour=None):
    """The partners' logos: of the convention's parties when one is given (its pk), else of
    the Ruche and the partners in force on the document's day `jour` (today by default):
    a document dated after a partner's end no longer carries its logo."""
    return logos.logos(convention, jour)
