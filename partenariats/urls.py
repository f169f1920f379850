app_name = "partenariats"

urlpatterns = []
