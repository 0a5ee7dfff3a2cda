"""Runs the same reads with psycopg2, psycopg (3), asyncpg or pyodbc (psqlODBC) and prints each
result on one line.

PythonDriversIT runs it through Airlock and straight against production and compares the output.
Usage: python_drivers.py psycopg2|psycopg|asyncpg|pyodbc DSN   (or: python_drivers.py DRIVER DSN write,
       python_drivers.py DRIVER DSN timezone ZONE)
"""
import asyncio
import datetime
import decimal
import importlib
import io
import os
import sys


def psycopg2_reads(dsn):
    import psycopg2
    import psycopg2.extras
    connection = psycopg2.connect(dsn)
    cursor = connection.cursor()
    # Client-side interpolation: literals inline, in an implicit transaction (BEGIN first).
    cursor.execute("SELECT film_id, title, rental_rate, last_update FROM film WHERE film_id = %s AND title <> %s",
                   (7, "it's \\ \"quoted\""))
    yield cursor.fetchall()
    cursor.execute("SELECT count(*) FROM rental WHERE rental_date > %s", (datetime.datetime(2005, 7, 1),))
    yield cursor.fetchone()
    cursor.execute("SELECT %s::numeric, %s::text[], %s::bytea, %s::date",
                   (decimal.Decimal("1.50"), ["a", "b'c", None], b"\x00\x01\xff", datetime.date(2006, 2, 15)))
    number, texts, raw, day = cursor.fetchone()
    yield number, texts, bytes(raw), day
    # A named (server-side) cursor: DECLARE ... CURSOR, then FETCH in batches, as Django's iterator() does.
    named = connection.cursor(name="films", cursor_factory=psycopg2.extras.DictCursor)
    named.itersize = 7
    named.execute("SELECT film_id, title FROM film WHERE rating = %s ORDER BY film_id", ("PG",))
    yield [tuple(row) for row in named][:20]
    named.close()
    connection.commit()
    connection.autocommit = True
    cursor.execute("SHOW search_path")
    yield cursor.fetchone()
    connection.close()


def psycopg3_reads(dsn):
    import psycopg
    from psycopg.types.json import Jsonb
    with psycopg.connect(dsn, prepare_threshold=2, autocommit=True) as connection:
        # Server-side binding (Parse/Bind/Execute), prepared by name after two runs.
        yield [connection.execute("SELECT title FROM film WHERE film_id = %s", (i,)).fetchone() for i in range(1, 6)]
        yield connection.execute("SELECT %b::bytea, %s::jsonb, %s::int[]", (b"\x00\xff", Jsonb({"a": [1, None]}),
                                                                             [1, 2, None])).fetchone()
        with connection.cursor(binary=True) as cursor:
            cursor.execute("SELECT film_id, last_update, rental_rate, special_features FROM film ORDER BY film_id LIMIT 3")
            yield cursor.fetchall()
        with connection.cursor() as cursor:
            with cursor.copy("COPY (SELECT film_id, title FROM film ORDER BY film_id LIMIT 5) TO STDOUT") as copy:
                yield list(copy.rows())
        with connection.pipeline():
            first = connection.execute("SELECT 1")
            second = connection.execute("SELECT title FROM film WHERE film_id = %s", (2,))
            third = connection.execute("SELECT count(*) FROM actor")
        yield first.fetchone(), second.fetchone(), third.fetchone()
        with connection.transaction():
            with connection.cursor(name="actors") as cursor:
                cursor.itersize = 50
                cursor.execute("SELECT actor_id, last_name FROM actor ORDER BY actor_id")
                yield sum(1 for _ in cursor)


def dsn_keys(dsn):
    """The keys of a libpq key=value DSN, for drivers that take them another way."""
    return dict(pair.split("=", 1) for pair in dsn.split())


def odbc_connect(dsn, odbc_options="", **options):
    """psqlODBC takes an ODBC connection string, so the DSN's keys are spelled its way."""
    import pyodbc
    keys = dsn_keys(dsn)
    return pyodbc.connect("DRIVER={PostgreSQL Unicode};SERVER=%s;PORT=%s;DATABASE=%s;UID=%s;PWD=%s;SSLmode=%s;%s" % (
        keys["host"], keys["port"], keys["dbname"], keys["user"], keys["password"], keys.get("sslmode", "prefer"),
        odbc_options), **options)


def pyodbc_reads(dsn):
    """psqlODBC, as BI tools use it: server-side prepared statements, statement-level rollback
    (each statement in a transaction wrapped in a SAVEPOINT) and the ODBC catalog functions."""
    import pyodbc
    connection = odbc_connect(dsn, "Protocol=7.4-2", autocommit=False)
    cursor = connection.cursor()
    cursor.execute("SELECT film_id, title, rental_rate, last_update FROM film WHERE film_id = ? AND title <> ?",
                   7, "it's \\ \"quoted\"")
    yield [tuple(row) for row in cursor.fetchall()]
    try:
        cursor.execute("SELECT 1 / (film_id - 1) FROM film WHERE film_id = 1")
        yield "not failed"
    except pyodbc.Error as error:
        yield error.args[0]
    # Statement-level rollback: the transaction goes on after the failed statement.
    cursor.execute("SELECT count(*) FROM rental WHERE rental_date > ?", datetime.datetime(2005, 7, 1))
    yield tuple(cursor.fetchone())
    connection.commit()
    yield [row.table_name for row in cursor.tables(schema="public", tableType="TABLE")]
    yield [(row.column_name, row.type_name, row.nullable) for row in cursor.columns(table="film", schema="public")]
    yield [row.column_name for row in cursor.primaryKeys("film_actor", schema="public")]
    cursor.execute("SELECT rental_id, rental_date, inventory_id FROM rental ORDER BY rental_id")
    yield len(cursor.fetchall())
    connection.close()


def asyncpg_connect(dsn, **options):
    """asyncpg takes no libpq key=value string, so the DSN's keys become its arguments."""
    import asyncpg
    keys = dsn_keys(dsn)
    return asyncpg.connect(host=keys["host"], port=int(keys["port"]), database=keys["dbname"], user=keys["user"],
                           password=keys["password"], ssl=keys.get("sslmode", "prefer"), **options)


def asyncpg_reads(dsn):
    """asyncpg speaks the protocol itself: every statement prepared by name, binary results, and the
    types of a result looked up in the catalog first when they are not built in."""
    async def reads():
        connection = await asyncpg_connect(dsn)
        results = []
        # An enum (mpaa_rating), a domain (year) and an array: asyncpg introspects the first two.
        rows = await connection.fetch("SELECT film_id, rating, release_year, special_features, rental_rate, "
                                      "last_update FROM film ORDER BY film_id LIMIT 3")
        results.append([tuple(row) for row in rows])
        statement = await connection.prepare("SELECT title FROM film WHERE film_id = $1")
        results.append([await statement.fetchval(film_id) for film_id in range(1, 4)])
        results.append(await connection.fetchval("SELECT jsonb_build_object('a', $1::int, 'b', $2::text[])",
                                                 1, ["x", None]))
        async with connection.transaction():
            cursor = connection.cursor("SELECT actor_id, last_name FROM actor ORDER BY actor_id", prefetch=50)
            results.append([tuple(row) async for row in cursor][-3:])
        output = io.BytesIO()
        await connection.copy_from_query("SELECT film_id, title FROM film ORDER BY film_id LIMIT 3", output=output)
        results.append(output.getvalue())
        await connection.close()
        return results
    yield from asyncio.run(reads())


async def asyncpg_write(dsn):
    import asyncpg
    connection = await asyncpg_connect(dsn)
    try:
        await connection.execute("DELETE FROM film_actor WHERE film_id = $1", 1)
        print("not refused")
    except asyncpg.PostgresError as error:
        print("refused", error.sqlstate, str(error).splitlines()[0])
    await connection.close()


def write(driver, dsn):
    """Tries a DELETE and prints the SQLSTATE and message it was refused with."""
    if driver == "asyncpg":
        asyncio.run(asyncpg_write(dsn))
        return
    module = importlib.import_module(driver)
    if driver == "pyodbc":
        connection = odbc_connect(dsn)
        delete = ("DELETE FROM film_actor WHERE film_id = ?", 1)
    else:
        connection = module.connect(dsn)
        delete = ("DELETE FROM film_actor WHERE film_id = %s", (1,))
    try:
        connection.cursor().execute(*delete)
        connection.commit()
        print("not refused")
    except module.Error as error:
        if driver == "pyodbc":
            # ODBC's error is [SQLSTATE, "[SQLSTATE] ERROR: message\n..."].
            print("refused", error.args[0], error.args[1].split("ERROR: ", 1)[-1].splitlines()[0])
        else:
            print("refused", getattr(error, "pgcode", None) or getattr(error, "sqlstate", None),
                  str(error).splitlines()[0])
    connection.close()


async def asyncpg_time_zone(dsn, zone):
    import asyncpg
    try:
        connection = await asyncpg_connect(dsn, server_settings={"TimeZone": zone})
    except asyncpg.PostgresError as error:
        print("refused at connect:", error.sqlstate, str(error).splitlines()[0])
        return
    print("connected", await connection.fetchval("SHOW TimeZone"))
    await connection.close()


def time_zone(driver, dsn, zone):
    """Connects with time zone ZONE in the startup packet (libpq sends PGTZ there) and prints the
    session's time zone, or why the connection was refused."""
    if driver == "asyncpg":
        asyncio.run(asyncpg_time_zone(dsn, zone))
        return
    os.environ["PGTZ"] = zone
    module = importlib.import_module(driver)
    try:
        connection = odbc_connect(dsn) if driver == "pyodbc" else module.connect(dsn)
    except module.Error as error:
        # libpq reports a refused connection as text ("... failed: FATAL:  message"), without a SQLSTATE.
        message = error.args[1] if driver == "pyodbc" else str(error)
        print("refused at connect:", message.split("FATAL:", 1)[-1].strip().splitlines()[0])
        return
    cursor = connection.cursor()
    cursor.execute("SHOW TimeZone")
    print("connected", cursor.fetchone()[0])
    connection.close()


def main():
    driver, dsn = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "write":
        write(driver, dsn)
        return
    if len(sys.argv) > 4 and sys.argv[3] == "timezone":
        time_zone(driver, dsn, sys.argv[4])
        return
    reads = {"psycopg2": psycopg2_reads, "psycopg": psycopg3_reads, "asyncpg": asyncpg_reads,
             "pyodbc": pyodbc_reads}[driver]
    for result in reads(dsn):
        print(repr(result))


if __name__ == "__main__":
    main()
