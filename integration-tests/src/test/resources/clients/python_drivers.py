"""Runs the same reads with psycopg2 or psycopg (3) and prints each result on one line.

PythonDriversIT runs it through Airlock and straight against production and compares the output.
Usage: python_drivers.py psycopg2|psycopg DSN   (or: python_drivers.py DRIVER DSN write)
"""
import datetime
import decimal
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


def write(driver, dsn):
    """Tries a DELETE and prints the SQLSTATE and message it was refused with."""
    if driver == "psycopg2":
        import psycopg2 as module
        connection = module.connect(dsn)
    else:
        import psycopg as module
        connection = module.connect(dsn)
    try:
        connection.cursor().execute("DELETE FROM film_actor WHERE film_id = %s", (1,))
        connection.commit()
        print("not refused")
    except module.Error as error:
        print("refused", getattr(error, "pgcode", None) or getattr(error, "sqlstate", None), str(error).splitlines()[0])
    connection.close()


def main():
    driver, dsn = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "write":
        write(driver, dsn)
        return
    reads = psycopg2_reads if driver == "psycopg2" else psycopg3_reads
    for result in reads(dsn):
        print(repr(result))


if __name__ == "__main__":
    main()
