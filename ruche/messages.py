"""Where a message shows.

A message tagged SUR_PLACE (`messages.success(request, texte, extra_tags=SUR_PLACE)`) shows
where the person acted (templates/_messages_sur_place.html), not at the top of the page:
after a one-tap button the redirect brings the page back at its buttons with a fragment,
and the message must be in sight there. base.html leaves these out.
"""

SUR_PLACE = "sur-place"
