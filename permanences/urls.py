from permanences.urls_rendezvous import urlpatterns as rendez_vous_urls

app_name = "permanences"

urlpatterns = [*rendez_vous_urls]
