// Runs the same reads with pgx (v4) or lib/pq and prints each result on one line. GoDriversIT runs
// it through Airlock and straight against production and compares the output.
//
// Usage: go_drivers pgx|pq URL [reads|write]
package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgconn"
	"github.com/jackc/pgx/v4"
	"github.com/lib/pq"
)

func main() {
	driver, url, mode := os.Args[1], os.Args[2], "reads"
	if len(os.Args) > 3 {
		mode = os.Args[3]
	}
	var err error
	switch {
	case mode == "write":
		err = write(driver, url)
	case driver == "pgx":
		err = pgxReads(url)
	default:
		err = pqReads(url)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// pgxReads: statements prepared by name and cached, binary results, a batch sent as one pipeline,
// the simple protocol on request, and COPY TO STDOUT.
func pgxReads(url string) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)

	var titles []string
	for id := 1; id <= 5; id++ {
		var title string
		if err := conn.QueryRow(ctx, "SELECT title FROM film WHERE film_id = $1", id).Scan(&title); err != nil {
			return err
		}
		titles = append(titles, title)
	}
	fmt.Println(titles)

	rows, err := conn.Query(ctx, "SELECT film_id, rating, special_features, rental_rate, last_update, $1::bytea, $2::jsonb"+
		" FROM film ORDER BY film_id LIMIT 3", []byte{0, 1, 255}, map[string]any{"a": []any{1, nil}})
	if err != nil {
		return err
	}
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return err
		}
		fmt.Printf("%v\n", values)
	}
	if rows.Err() != nil {
		return rows.Err()
	}

	batch := &pgx.Batch{}
	batch.Queue("SELECT count(*) FROM actor")
	batch.Queue("SELECT title FROM film WHERE film_id = $1", 7)
	batch.Queue("SELECT count(*) FROM rental WHERE customer_id = $1", 1)
	results := conn.SendBatch(ctx, batch)
	var actors, rentals int64
	var title string
	if err := results.QueryRow().Scan(&actors); err != nil {
		return err
	}
	if err := results.QueryRow().Scan(&title); err != nil {
		return err
	}
	if err := results.QueryRow().Scan(&rentals); err != nil {
		return err
	}
	if err := results.Close(); err != nil {
		return err
	}
	fmt.Println(actors, title, rentals)

	var count int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM film WHERE rating = $1", pgx.QuerySimpleProtocol(true), "PG").
		Scan(&count); err != nil {
		return err
	}
	fmt.Println(count)

	var copied bytes.Buffer
	if _, err := conn.PgConn().CopyTo(ctx, &copied, "COPY (SELECT film_id, title FROM film ORDER BY film_id LIMIT 3) TO STDOUT"); err != nil {
		return err
	}
	fmt.Printf("%q\n", copied.String())
	return nil
}

// pqReads: database/sql over lib/pq, which speaks the protocol itself: unnamed statements, text
// results, a transaction read only.
func pqReads(url string) error {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var title, rate, updated string
	if err := db.QueryRow("SELECT title, rental_rate, last_update FROM film WHERE film_id = $1", 7).
		Scan(&title, &rate, &updated); err != nil {
		return err
	}
	fmt.Println(title, rate, updated)

	var features pq.StringArray
	if err := db.QueryRow("SELECT special_features FROM film WHERE film_id = $1", 1).Scan(&features); err != nil {
		return err
	}
	fmt.Println(strings.Join(features, "|"))

	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	rows, err := tx.Query("SELECT actor_id, last_name FROM actor WHERE actor_id <= $1 ORDER BY actor_id", 3)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		fmt.Println(id, name)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", "public").
		Scan(&tables); err != nil {
		return err
	}
	fmt.Println(tables)
	return nil
}

// write tries a DELETE and prints the SQLSTATE and message it was refused with.
func write(driver, url string) error {
	var err error
	if driver == "pgx" {
		ctx := context.Background()
		conn, connectErr := pgx.Connect(ctx, url)
		if connectErr != nil {
			return connectErr
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, "DELETE FROM film_actor WHERE film_id = $1", 1)
	} else {
		db, openErr := sql.Open("postgres", url)
		if openErr != nil {
			return openErr
		}
		defer db.Close()
		_, err = db.Exec("DELETE FROM film_actor WHERE film_id = $1", 1)
	}
	var pgxError *pgconn.PgError
	var pqError *pq.Error
	switch {
	case err == nil:
		fmt.Println("not refused")
	case errors.As(err, &pgxError):
		fmt.Println("refused", pgxError.Code, pgxError.Message)
	case errors.As(err, &pqError):
		fmt.Println("refused", pqError.Code, pqError.Message)
	default:
		return err
	}
	return nil
}
