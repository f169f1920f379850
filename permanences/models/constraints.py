"""A PostgreSQL exclusion constraint that the embedded SQLite default silently skips.

PostgreSQL is the production and CI database: there the database itself refuses two
overlapping bookings of a room, even when two requests race. SQLite (for trying the app out)
has no exclusion constraints; the same rule is then checked by `validate()` in Python, which
also runs on PostgreSQL so that people get a clear message instead of an IntegrityError.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.core.exceptions import ValidationError


class Chevauchement(ValidationError):
    """What ChevauchementInterdit raises: callers tell a lost race by this class."""


class ChevauchementInterdit(ExclusionConstraint):
    """EXCLUDE USING gist on PostgreSQL; on other databases, a check in validate() only.

    `overlap_lookup` maps the instance to the filter that finds overlapping rows.
    """

    def __init__(self, *args, overlap_filter=None, message=None, **kwargs):
        self.overlap_filter = overlap_filter
        self.message = message
        super().__init__(*args, violation_error_message=message, **kwargs)

    def _is_postgres(self, schema_editor):
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._is_postgres(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._is_postgres(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using="default"):
        if self.overlap_filter is None:
            return
        fields = self.overlap_filter(instance)
        if fields is None:
            return
        queryset = model._default_manager.using(using).filter(**fields)
        if self.condition is not None:
            queryset = queryset.filter(self.condition)
        if instance.pk is not None:
            queryset = queryset.exclude(pk=instance.pk)
        if queryset.exists():
            raise Chevauchement(self.get_violation_error_message(), code="chevauchement")

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        path = "permanences.models.constraints.ChevauchementInterdit"
        kwargs.pop("violation_error_message", None)
        kwargs["message"] = self.message
        kwargs["overlap_filter"] = self.overlap_filter
        return path, args, kwargs
