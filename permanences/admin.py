from permanences import admin_rendezvous  # noqa: F401 - registers appointments and workshops
