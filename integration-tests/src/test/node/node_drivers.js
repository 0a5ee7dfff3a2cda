'use strict';
/*
 * Runs the same reads with node-postgres (pg) or postgres.js (postgres) and prints each result as
 * one line of JSON. NodeDriversIT runs it through Airlock and straight against production and
 * compares the output.
 * Usage: node node_drivers.js pg|postgres URL [reads|write]
 */

// BigInt (count(*)) and Buffer (bytea) as JSON, so that every result prints the same way.
function line(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('hex');
    return v;
  });
}

/** node-postgres: unnamed statements for parameterised queries, named ones on request, the simple protocol without parameters. */
async function* pgReads(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // As the MCP reference server runs an agent's query: in a read-only transaction, then rolled back.
    await client.query('BEGIN TRANSACTION READ ONLY');
    yield (await client.query('SELECT film_id, title, rental_rate, last_update FROM film WHERE film_id = $1', [7])).rows;
    await client.query('ROLLBACK');
    const named = { name: 'film-title', text: 'SELECT title FROM film WHERE film_id = $1' };
    yield [(await client.query({ ...named, values: [3] })).rows, (await client.query({ ...named, values: [4] })).rows];
    yield (await client.query({
      text: 'SELECT film_id, rating, special_features, $1::bytea AS raw, $2::jsonb AS doc FROM film ORDER BY film_id LIMIT 2',
      values: [Buffer.from([0, 1, 255]), { a: [1, null] }], rowMode: 'array',
    })).rows;
    yield (await client.query('SELECT 1 AS one; SELECT count(*) AS actors FROM actor')).map(result => result.rows);
    // The MCP reference server's resources: the tables, then each one's columns.
    yield (await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
      + "AND table_type = 'BASE TABLE' ORDER BY 1")).rows.map(row => row.table_name);
    yield (await client.query('SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 '
      + 'ORDER BY ordinal_position', ['film'])).rows;
    await client.query('BEGIN');
    await client.query('SET TRANSACTION READ ONLY');
    yield (await client.query('SELECT count(*) FROM rental WHERE rental_date > $1', [new Date(Date.UTC(2005, 6, 1))])).rows;
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** postgres.js: every query prepared by name, pipelined; cursors read a portal in batches. */
async function* postgresReads(url) {
  const postgres = require('postgres');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    yield await sql`SELECT film_id, title, rental_rate, last_update FROM film WHERE film_id = ${7}`;
    yield await Promise.all([1, 2, 3].map(id => sql`SELECT title FROM film WHERE film_id = ${id}`));
    yield await sql`SELECT film_id, rating, special_features, ${Buffer.from([0, 255])}::bytea AS raw
                    FROM film ORDER BY film_id LIMIT 2`.values();
    const batches = [];
    for await (const rows of sql`SELECT actor_id, last_name FROM actor ORDER BY actor_id`.cursor(60)) {
      batches.push(rows.length);
    }
    yield batches;
    yield await sql.begin('read only', async tx => [await tx`SELECT count(*) FROM rental`, await tx`SHOW transaction_read_only`]);
    yield await sql.unsafe('SELECT 1 AS one; SELECT 2 AS two');
    yield await sql.unsafe('SELECT title FROM film WHERE film_id = $1', [5], { prepare: false });
    const copied = [];
    for await (const chunk of await sql`COPY (SELECT film_id, title FROM film ORDER BY film_id LIMIT 3) TO STDOUT`.readable()) {
      copied.push(chunk.toString());
    }
    yield copied.join('');
  } finally {
    await sql.end();
  }
}

/**
 * Tries a DELETE and prints the SQLSTATE and message it was refused with. node-postgres tries it as
 * the MCP reference server runs an agent's statement, in a read-only transaction rolled back after,
 * and then prints what the session answers next.
 */
async function write(driver, url) {
  const refusal = error => (error ? `refused ${error.code} ${error.message}` : 'not refused');
  if (driver === 'pg') {
    const { Client } = require('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    console.log(refusal(await client.query('DELETE FROM film_actor WHERE film_id = $1', [1]).then(() => null, e => e)));
    await client.query('ROLLBACK');
    console.log('then', (await client.query('SELECT count(*) AS n FROM film WHERE film_id < 4')).rows[0].n);
    await client.end();
    return;
  }
  const sql = require('postgres')(url, { max: 1 });
  console.log(refusal(await sql`DELETE FROM film_actor WHERE film_id = ${1}`.then(() => null, e => e)));
  await sql.end();
}

async function main() {
  const [driver, url, mode = 'reads'] = process.argv.slice(2);
  if (mode === 'write') {
    await write(driver, url);
    return;
  }
  for await (const result of { pg: pgReads, postgres: postgresReads }[driver](url)) {
    console.log(line(result));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
