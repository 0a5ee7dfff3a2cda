<?php
// Runs reads with PHP's PDO (pdo_pgsql) and prints each result on one line; PerlAndPhpDriversIT runs
// it through Airlock and straight against production and compares the output. PDO prepares each
// statement on the server as pdo_stmt_NNNNNNNN and drops it with an SQL DEALLOCATE when the
// statement object goes; with emulated prepares it interpolates the values itself.
//
// Usage: pdo_pgsql.php postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE [reads|write]
$url = parse_url($argv[1]);
parse_str($url['query'], $query);
$mode = $argv[2] ?? 'reads';
$db = new PDO(sprintf('pgsql:host=%s;port=%d;dbname=%s;sslmode=%s', $url['host'], $url['port'],
    substr($url['path'], 1), $query['sslmode']), $url['user'], $url['pass'],
    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);

if ($mode === 'write') {
    try {
        $db->prepare('DELETE FROM film_actor WHERE film_id = ?')->execute([1]);
        echo "not refused\n";
    } catch (PDOException $refusal) {
        preg_match('/^ERROR:\s+(.*)$/m', $refusal->errorInfo[2], $message);
        echo "refused {$refusal->getCode()} {$message[1]}\n";
    }
    exit;
}

$titles = [];
foreach ([7, 8, 9] as $id) {
    $statement = $db->prepare('SELECT title, rental_rate FROM film WHERE film_id = :id');
    $statement->execute([':id' => $id]);
    $titles[] = implode(' ', $statement->fetch(PDO::FETCH_NUM));
    $statement = null;
}
echo 'prepared and deallocated: ', implode('; ', $titles), "\n";
$statement = $db->prepare('SELECT count(*) FROM rental WHERE customer_id = ?');
$counts = [];
foreach ([1, 2, 3] as $customer) {
    $statement->execute([$customer]);
    $counts[] = $statement->fetchColumn();
}
$statement = null;
echo 'one statement, three runs: ', implode(' ', $counts), "\n";
$statement = $db->prepare('SELECT original_language_id IS NULL, rating, special_features FROM film WHERE film_id = ?');
$statement->bindValue(1, 7, PDO::PARAM_INT);
$statement->execute();
echo 'typed: ', json_encode($statement->fetch(PDO::FETCH_NUM)), "\n";
$statement = null;
$db->beginTransaction();
echo 'transaction: ', $db->query('SELECT max(payment_date)::text FROM payment')->fetchColumn(), "\n";
$db->commit();
$db->setAttribute(PDO::ATTR_EMULATE_PREPARES, true);
$statement = $db->prepare('SELECT title FROM film WHERE title LIKE ? ORDER BY title LIMIT 3');
$statement->execute(["AC%"]);
echo 'emulated: ', implode('; ', $statement->fetchAll(PDO::FETCH_COLUMN)), ', ',
    $db->query('SELECT count(*) FROM pg_prepared_statements')->fetchColumn(), " left\n";
