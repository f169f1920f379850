"""What every benchmark script needs before it imports the project's modules: the settings
of a measure (no mail sent, no lockout, tasks run at once, the test client's host), then
Django started. A script puts the project on the path, then imports this module first:

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import bench.demarrer  # noqa: E402, F401  (before the project's imports)
"""

import os
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("AXES_ENABLED", "false")

# WhiteNoise warns that collectstatic was not run: irrelevant to these measures.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()
