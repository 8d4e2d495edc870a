-- tthc-bot schema 5: ids are handed out in blocks of 1000 (each process takes a block
-- with one nextval and numbers from it), so numbering a question event or a delivery
-- costs no round trip most of the time. Ids stay unique across replicas.

ALTER SEQUENCE tthc_ids INCREMENT BY 1000;
