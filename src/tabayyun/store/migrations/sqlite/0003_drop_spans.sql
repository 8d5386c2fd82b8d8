-- the 0001 generic spans table, emptied into the 0002 tables by the Python step of 0002
DROP TABLE spans;
