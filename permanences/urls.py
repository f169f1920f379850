app_name = "permanences"

urlpatterns = []
