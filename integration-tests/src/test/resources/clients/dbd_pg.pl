#!/usr/bin/perl
# Runs reads with Perl's DBD::Pg and prints each result on one line; PerlAndPhpDriversIT runs it
# through Airlock and straight against production and compares the output. DBD::Pg runs a statement
# with placeholders unnamed at first, prepares it on the server under its own name from its second
# run, and drops it with an SQL DEALLOCATE when the handle goes; its catalog methods run large
# queries of their own.
#
# Usage: dbd_pg.pl postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE [reads|write]
use strict;
use warnings;
use DBI;

my ($url, $mode) = (@ARGV, 'reads');
my ($user, $password, $host, $port, $database, $sslmode) =
    $url =~ m{^postgresql://([^:]+):([^@]+)@([^:/]+):(\d+)/([^?]+)\?sslmode=(\w+)$} or die "not a URL: $url\n";
my $dbh = DBI->connect("dbi:Pg:host=$host;port=$port;dbname=$database;sslmode=$sslmode", $user, $password,
    {RaiseError => 1, PrintError => 0, AutoCommit => 1});

if ($mode eq 'write') {
    if (eval { $dbh->do('DELETE FROM film_actor WHERE film_id = ?', undef, 1); 1 }) {
        print "not refused\n";
    } else {
        my ($message) = $dbh->errstr =~ /^ERROR:\s+(.*)$/m;
        print 'refused ', $dbh->state, " $message\n";
    }
    exit;
}

my $statement = $dbh->prepare('SELECT title FROM film WHERE film_id = ?');
my @titles = map { $statement->execute($_); $statement->fetchrow_array } 7 .. 9;
undef $statement;
my $left = $dbh->selectrow_array('SELECT count(*) FROM pg_prepared_statements');
print "prepared and deallocated: @titles, $left left\n";
my $rentals = $dbh->selectall_arrayref(
    'SELECT customer_id, count(*), max(rental_date)::text FROM rental GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3');
print 'grouped: ', join('; ', map { "@$_" } @$rentals), "\n";
my $columns = $dbh->column_info(undef, 'public', 'film', '%')->fetchall_arrayref({});
print 'catalog: ', join(' ', $dbh->tables(undef, 'public', 'film%', 'TABLE')), ' | ',
    join(' ', map { "$_->{COLUMN_NAME}:$_->{TYPE_NAME}" } @$columns), ' | ',
    join(' ', $dbh->primary_key(undef, 'public', 'film_actor')), "\n";
$dbh->{AutoCommit} = 0;
print 'transaction: ', $dbh->selectrow_array('SELECT count(*) FROM payment WHERE amount > ?', undef, 5), "\n";
$dbh->commit;
$dbh->{AutoCommit} = 1;
$dbh->do('DECLARE films CURSOR WITH HOLD FOR SELECT film_id, title FROM film ORDER BY film_id DESC');
print 'cursor: ', join('; ', map { "@$_" } @{$dbh->selectall_arrayref('FETCH 3 FROM films')}), "\n";
$dbh->do('CLOSE films');
$dbh->disconnect;
