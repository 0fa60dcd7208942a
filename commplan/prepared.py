"""Queries compiled to SQL once per process, then run with new values (issues 16 and 19 §4).

Building and compiling a queryset of grouped aggregates costs one to three milliseconds of CPU,
ten times what PostgreSQL's answer costs to read: the plan dashboard's twenty such queries were
most of its time on a plan of any size. A prepared query is built by a function whose changing
values are `Param`s; its first run compiles it, and every run after that only fills in the
values, executes the SQL and converts the results as the ORM does (`values()` dicts).

Only the SQL is kept, never a result: every run reads the database afresh. Like a compiled
template, the SQL is the same for every person and every plan; the key names everything that
changes it (for an IN list, its length). Tests that count queries see these like any other.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Expression, Func, IntegerField, Model, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable, ValuesIterable

# (key, database alias) -> _Compiled; a few dozen entries: one per query and list length.
_compiled: dict = {}


class Param(Expression):
    """A value given when the prepared query runs: one placeholder in its SQL."""

    def __init__(self, name, output_field=None):
        super().__init__(output_field=output_field or IntegerField())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def get_group_by_cols(self):
        return []  # a value, like Value: nothing to group by


class Params(Expression):
    """An IN list of `count` values given when the prepared query runs (see `spread`):
    `filter(plan_id__in=Params("plan", 2))`."""

    def __init__(self, name, count, output_field=None):
        super().__init__(output_field=output_field or IntegerField())
        self.name, self.count = name, count

    def as_sql(self, compiler, connection):
        names = [f"{self.name}.{index}" for index in range(self.count)]
        return f"({', '.join(['%s'] * self.count)})", [
            Param(name, self.output_field) for name in names
        ]

    def get_group_by_cols(self):
        return []


class NotByIndex(Func):
    """`+column`: the column's value, in a condition a database is not to read by an index
    (SQLite's documented way to steer its planner: sqlite.org/optoverview.html, "Disqualifying
    WHERE clause terms using unary-+"). Where another condition's index finds far fewer rows,
    this one is checked on those instead of choosing them. A no-op for PostgreSQL's planner,
    which weighs both."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def spread(name, values):
    """The values of the `Params(name, len(values))` of an IN list."""
    return {f"{name}.{index}": value for index, value in enumerate(values)}


def padded(values):
    """`values` sorted, the last one repeated up to the next power of two (at least one: 0, which
    no row's id is, for none): an IN list of one of a few lengths, so that a query prepared per
    length is compiled a few times in a process, not once for every length met."""
    values = sorted(values) or [0]
    return values + values[-1:] * ((1 << (len(values) - 1).bit_length()) - len(values))


class _Compiled:
    def __init__(self, queryset):
        if queryset._iterable_class not in (ModelIterable, ValuesIterable):
            raise TypeError("A prepared query gives model instances or values() dicts.")
        if queryset.query.select_related:
            raise TypeError("A prepared query reads one model: no select_related().")
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        self.sql, self.params = compiler.as_sql()
        select = compiler.select
        fields = [column[0] for column in select[: compiler.col_count]]
        # A count's converter makes an int of what every database driver gives as an int: left
        # out, as it would run for every count of every line.
        self.converters = [
            (position, (functions, expression))
            for position, (functions, expression) in compiler.get_converters(fields).items()
            if not (isinstance(expression, Count) and functions == [expression.convert_value])
        ]
        # As ValuesIterable names the columns.
        if query.selected:
            self.names = list(query.selected)
        else:
            self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        self.alias = queryset.db
        if queryset._iterable_class is ModelIterable:  # instances, as ModelIterable reads them
            self.model = compiler.klass_info["model"]
            positions = compiler.klass_info["select_fields"]
            self.model_columns = slice(positions[0], positions[-1] + 1)
            self.attnames = [column[0].target.attname for column in select[self.model_columns]]
            self.annotations = list(compiler.annotation_col_map.items())

    def instances(self, values):
        model, alias, columns = self.model, self.alias, self.model_columns
        attnames, annotations = self.attnames, self.annotations
        # As Model.from_db() makes them, without Model.__init__'s walk over every field: the
        # columns read go into the instance's __dict__ (the others stay deferred, as with
        # only()). Only for a model whose instances nothing else makes (no __init__() or
        # from_db() of its own, no init signals).
        plain = (
            model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__
        ) and not (signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))
        found = []
        for row in self._fetch(values):
            if plain:
                instance = model.__new__(model)
                state = instance._state = ModelState()
                state.adding, state.db = False, alias
                instance.__dict__.update(zip(attnames, row[columns], strict=True))
            else:
                instance = model.from_db(alias, attnames, row[columns])
            for name, position in annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def rows(self, values):
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self._fetch(values)]

    def _fetch(self, values):
        connection = connections[self.alias]
        params = [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Param)
            else param
            for param in self.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        converters = self.converters
        if not converters:
            return rows
        # Column by column: a converter's loop runs over the lines, not each line's loop over
        # the converters.
        if not rows:
            return rows
        columns = list(zip(*rows, strict=True))
        for position, (functions, expression) in converters:
            values = columns[position]
            for convert in functions:
                values = [convert(value, expression, connection) for value in values]
            columns[position] = values
        return list(zip(*columns, strict=True))


def _compile(key, build, using):
    compiled = _compiled.get((key, using))
    if compiled is None:
        compiled = _compiled[key, using] = _Compiled(build().using(using))
    return compiled


def prepared_values(key, build, values, using=DEFAULT_DB_ALIAS):
    """The rows of the `values()` queryset that `build()` returns, as dicts, each of its
    `Param(name)`s given `values[name]`. `build` is called only the first time `key` is run in
    this process (per database); `key` must name everything that changes the SQL."""
    return _compile(key, build, using).rows(values)


def prepared_rows(key, build, values, using=DEFAULT_DB_ALIAS):
    """Like `prepared_values`, as ({column name: position}, [rows as sequences]): a caller that
    reads hundreds of lines by position saves making a dict of each."""
    compiled = _compile(key, build, using)
    return {name: position for position, name in enumerate(compiled.names)}, compiled._fetch(values)


def prepared_instances(key, build, values, using=DEFAULT_DB_ALIAS):
    """Like `prepared_values` for a queryset of model instances (no select_related): the
    instances, with their annotations."""
    return _compile(key, build, using).instances(values)


def forget():
    """Forget every compiled query (a test that changes what the SQL would be)."""
    _compiled.clear()
