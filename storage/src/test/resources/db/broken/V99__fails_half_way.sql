-- A migration that fails after its first statement: the test checks nothing of it remains.
CREATE TABLE half_made (id integer);
INSERT INTO no_such_table VALUES (1);
